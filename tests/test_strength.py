"""Evidence strength: every figure carries the distinct quotes behind it, and thin evidence
cannot make a perfect score (docs/scoring.md, "Evidence strength")."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest
from typer.testing import CliRunner

from northalign.cli.app import app
from northalign.pipeline import compare_paths
from northalign.rubric.parse import load_rubric

# One phrase each (our own words): the same single "wind farm" theme in English and Russian.
ENGLISH = "The region will build a wind farm near the river.\n"
RUSSIAN = "В области построят ветровую электростанцию у реки.\n"


@pytest.fixture()
def pair(tmp_path):
    left, right = tmp_path / "dam.en.txt", tmp_path / "dam.ru.txt"
    left.write_text(ENGLISH, encoding="utf-8")
    right.write_text(RUSSIAN, encoding="utf-8")
    return str(left), str(right)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_one_phrase_each_is_not_a_perfect_match(pair):
    comparison = compare_paths(*pair, load_rubric())
    assert comparison.quotes == (1, 1)
    assert comparison.unadjusted == pytest.approx(100.0)  # the ratio alone says "identical"
    assert comparison.overall == pytest.approx(50.0)  # 100 × 1 / (1 + 1)
    assert comparison.thin


def test_thin_evidence_is_said_plainly_in_every_report(pair):
    for fmt in ("table", "markdown", "html"):
        out = run("compare", *pair, "--format", fmt)
        assert "thin evidence: 1 quote on each side" in out, fmt
        assert "Overall alignment: 100" not in out and "Overall alignment  100" not in out, fmt
        assert "50.0 / 100" in out, fmt
    data = json.loads(run("compare", *pair, "--format", "json"))
    alignment = data["alignment"]
    assert alignment["overall"] == 50.0 and alignment["unadjusted"] == 100.0
    assert alignment["quotes"] == {"left": 1, "right": 1} and alignment["thin_evidence"]


def test_no_overall_above_90_without_three_quotes_a_side():
    rubric = load_rubric()
    from northalign.score import evidence_factor, is_thin

    for left in range(12):
        for right in range(12):
            top = 100.0 * evidence_factor((left, right), rubric)
            if min(left, right) < 3:
                assert top <= 90 and is_thin((left, right), rubric)
            assert top <= 90 or min(left, right) >= 3


def test_the_prior_is_configurable(tmp_path, pair):
    from northalign.rubric.parse import parse_rubric

    text = (
        resources.files("northalign.rubric")
        .joinpath("bundled/northern-cooperation.yaml")
        .read_text(encoding="utf-8")
    )
    assert "\nscoring:" in text
    edited = text.replace("\nscoring:", "\nscoring:\n  evidence_prior: 3\n  thin_quotes: 1", 1)
    rubric = parse_rubric(edited, "edited.yaml")
    assert rubric.scoring.evidence_prior == 3 and rubric.scoring.thin_quotes == 1
    comparison = compare_paths(*pair, rubric)
    assert comparison.overall == pytest.approx(25.0) and not comparison.thin
    off = parse_rubric(text.replace("\nscoring:", "\nscoring:\n  evidence_prior: 0", 1), "x.yaml")
    assert compare_paths(*pair, off).overall == pytest.approx(100.0)


def test_counts_are_distinct_sentences_not_hits(tmp_path):
    doc = tmp_path / "a.txt"
    # Two sentences, the first naming wind farms twice: two quotes, three hits.
    doc.write_text(
        "A wind farm and a second wind farm will rise. Another wind farm follows.\n",
        encoding="utf-8",
    )
    profile = json.loads(run("score", str(doc), "--format", "json"))["profiles"][0]
    energy = [i for i in profile["indicators"].values() if i["hits"]]
    assert energy and all(i["quotes"] == 2 and i["hits"] == 3 for i in energy)
    assert profile["quotes"] == 2
    row = next(csv.DictReader(io.StringIO(run("score", str(doc), "--format", "csv"))))
    assert row["quotes"] == "2"
    indicator = next(k for k, v in profile["indicators"].items() if v["hits"])
    assert row[f"{indicator}.quotes"] == "2"


# -- frictions in batch ------------------------------------------------------------------

POLICIES = ["policies/inner-mongolia.md", "policies/kemerovo.md", "policies/omsk.md"]


def test_batch_sorts_by_a_friction_as_potential_conflict():
    out = run("batch", *POLICIES, "--sort", "water-use", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    conflicts = [row["frictions"]["water-use"]["score"] for row in rows]
    assert conflicts == sorted(conflicts, reverse=True) and len(rows) == 3
    for row in rows:
        water = row["frictions"]["water-use"]
        assert water["score"] == min(water["left"], water["right"])
        assert set(water["quotes"]) == {"left", "right"}


def test_batch_csv_has_friction_and_quote_columns():
    plain = list(csv.DictReader(io.StringIO(run("batch", *POLICIES, "--format", "csv"))))
    wide = list(
        csv.DictReader(io.StringIO(run("batch", *POLICIES, "--format", "csv", "--indicators")))
    )
    for rows in (plain, wide):
        row = rows[0]
        for column in ("water-use", "water-use.left", "water-use.right", "water-use.left.quotes"):
            assert row[column] != "", column
        assert float(row["water-use"]) == min(
            float(row["water-use.left"]), float(row["water-use.right"])
        )
        assert int(row["left.quotes"]) > 3 and row["thin"] == "false"
    assert "border-policy.left.quotes" in wide[0] and "border-policy.left.quotes" not in plain[0]


def test_batch_reports_rank_by_a_friction():
    for fmt, heading in (
        ("html", "<h2>Pairs by water-use</h2>"),
        ("markdown", "## Pairs by water-use"),
    ):
        out = run("batch", *POLICIES, "--sort", "water-use", "--format", fmt)
        assert heading in out and "environmental-impact" in out, fmt
    table = run("batch", *POLICIES, "--sort", "water-use")
    assert "ranked by water-use" in table and "water-use" in table.splitlines()[4]


def test_an_unknown_sort_field_lists_the_frictions():
    result = CliRunner().invoke(app, ["batch", *POLICIES, "--sort", "nonsense"])
    assert result.exit_code == 2 and "water-use" in result.stderr
