"""The JSON contract (docs/json.md), and that evidence stands where it says."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.text.normalize import display

from conftest import HELDOUT, POLICIES

VECTORS = {"strategy", "connectivity", "science"}
INDICATORS = 16
DOCUMENTS = sorted(p for p in POLICIES.glob("*.md") if p.name != "README.md") + sorted(
    p for p in HELDOUT.glob("*.md") if p.name != "SOURCES.md"
)


def run_json(*args: str) -> dict:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def check_profile(profile: dict) -> None:
    assert set(profile) >= {"document", "vectors", "indicators", "frictions", "evidence"}
    assert set(profile["document"]) >= {"path", "title", "language", "segments", "words"}
    assert set(profile["vectors"]) == VECTORS
    for vector in profile["vectors"].values():
        assert 0 <= vector["score"] <= 1
    assert len(profile["indicators"]) == INDICATORS
    for indicator in profile["indicators"].values():
        assert indicator["vector"] in VECTORS
        assert 0 <= indicator["score"] <= 1
        assert isinstance(indicator["hits"], int)
    assert set(profile["frictions"]) == {"water-use", "environmental-impact"}
    for friction in profile["frictions"].values():
        assert 0 <= friction["score"] <= 1
    known = set(profile["indicators"]) | set(profile["frictions"])
    segments = {entry["index"]: entry for entry in profile["segments"]}
    assert [entry["index"] for entry in profile["segments"]] == sorted(segments)
    for entry in profile["segments"]:
        assert entry["page"] is None and entry["language"] in ("en", "ru", "zh", "mn", "und")
    for item in profile["evidence"]:
        assert set(item) >= {"indicator", "term", "text", "line", "similarity", "segment", "span"}
        assert item["indicator"] in known
        assert item["line"] >= 1
        assert item["end_line"] >= item["line"]
        assert 0 < item["similarity"] <= 100
        start, end = item["span"]
        assert segments[item["segment"]]["text"][start:end] == item["text"]
    # Each quoted sentence once, and only sentences some evidence quotes.
    assert set(segments) == {item["segment"] for item in profile["evidence"]}


def check_stamp(data: dict) -> None:
    assert data["schema_version"] == "2"
    assert data["rubric"]["name"] == "northern-cooperation"
    assert data["rubric"]["version"]
    assert len(data["rubric"]["sha256"]) == 64


def test_score_json_contract():
    data = run_json("score", *map(str, DOCUMENTS), "--format", "json")
    check_stamp(data)
    assert len(data["profiles"]) == len(DOCUMENTS)
    for profile in data["profiles"]:
        check_profile(profile)


def test_compare_json_contract():
    left, right = POLICIES / "inner-mongolia.md", POLICIES / "novosibirsk.md"
    data = run_json("compare", str(left), str(right), "--format", "json")
    check_stamp(data)
    check_profile(data["left"])
    check_profile(data["right"])
    alignment = data["alignment"]
    assert 0 <= alignment["overall"] <= 100
    assert set(alignment["vectors"]) == VECTORS
    assert all(0 <= v <= 100 for v in alignment["vectors"].values())
    assert len(alignment["indicators"]) == INDICATORS
    assert all(0 <= v["score"] <= 100 for v in alignment["indicators"].values())
    ids = set(alignment["indicators"])
    for key in ("shared", "gaps"):
        assert all(entry["indicator"] in ids for entry in data[key])
    for entry in data["complements"]:
        assert {entry["left_indicator"], entry["right_indicator"]} <= ids
    for entry in data["frictions"]:
        assert entry["friction"] in {"water-use", "environmental-impact"}


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_evidence_stands_on_the_cited_line(path: Path):
    lines = path.read_text(encoding="utf-8").split("\n")
    evidence = run_json("score", str(path), "--format", "json")["profiles"][0]["evidence"]
    if "health" in path.name:
        return  # the negative control is expected to have none
    assert evidence, "a strategy digest should produce evidence"
    on_line = 0
    for item in evidence:
        line = display(lines[item["line"] - 1], markdown=True)
        following = display(" ".join(lines[item["line"] - 1 : item["line"] + 2]), markdown=True)
        first_word = item["text"].split()[0]
        assert first_word in line, (item, line)
        assert item["text"] in following or item["text"].replace(" ", "") in following.replace(
            "- ", ""
        )
        on_line += item["text"] in line
    assert on_line / len(evidence) >= 0.95


def test_self_comparison_of_each_policy_is_at_least_99():
    for path in DOCUMENTS[:3]:
        data = run_json("compare", str(path), str(path), "--format", "json")
        assert data["alignment"]["unadjusted"] >= 99, path
        # Shown shrunk by n / (n + 1): a policy has dozens of quoted sentences.
        n = data["alignment"]["quotes"]["left"]
        assert n >= 20 and data["alignment"]["overall"] >= 99 * n / (n + 1), path
