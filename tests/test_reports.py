"""Reports people read: golden terminal and Markdown reports, HTML structure, explain, batch."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from northalign.cli import app

from conftest import MINI_RUBRIC

GOLDEN = Path(__file__).parent / "data" / "golden"
LEFT, RIGHT = GOLDEN / "left.md", GOLDEN / "right.txt"


@pytest.fixture(scope="module")
def rubric_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rubric") / "mini.yaml"
    path.write_text(MINI_RUBRIC, encoding="utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(
        app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100", "SOURCE_DATE_EPOCH": "1790000000"}
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("format", "golden"), [("table", "compare.txt"), ("markdown", "compare.md")]
)
def test_golden_reports(rubric_path, format, golden, monkeypatch):
    # Golden files must not depend on where the checkout lives: the report pads
    # its panels to the width of the longest path, so a placeholder substituted
    # afterwards would still carry the length of the real path.  Relative paths
    # from the golden folder make the bytes the same on every machine.
    monkeypatch.chdir(GOLDEN)
    output = run(
        "compare", LEFT.name, RIGHT.name, "--rubric", str(rubric_path), "--format", format
    ).replace(str(rubric_path), "<mini.yaml>")
    expected = GOLDEN / golden
    if os.environ.get("NORTHALIGN_REGENERATE"):
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text(encoding="utf-8"), (
        f"regenerate with NORTHALIGN_REGENERATE=1 pytest {__file__}"
    )


VOID = frozenset(
    {"meta", "br", "hr", "img", "input", "link", "rect", "path", "source", "col", "wbr"}
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and re.match(r"(https?:)?//", value):
                self.external.append(value)
        if tag == "link":
            self.external.append("<link>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.open[-3:]})")
            if tag in self.open:
                while self.open and self.open.pop() != tag:
                    pass
            return
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_html_report_is_self_contained_and_carries_the_evidence(rubric_path):
    html = run("compare", str(LEFT), str(RIGHT), "--rubric", str(rubric_path), "--format", "html")
    page = parse(html)
    assert page.errors == [] and page.open == []
    assert page.tags.count("svg") >= 2 and "table" in page.tags and "details" in page.tags
    assert page.external == []
    assert "url(" not in html and "@import" not in html
    text = " ".join(page.text)
    data = json.loads(
        run("compare", str(LEFT), str(RIGHT), "--rubric", str(rubric_path), "--format", "json")
    )
    overall = f"{data['alignment']['overall']:.1f}"
    assert f"Overall alignment: {overall} / 100" in text
    markdown = run(
        "compare", str(LEFT), str(RIGHT), "--rubric", str(rubric_path), "--format", "markdown"
    )
    assert f"**Overall alignment: {overall} / 100**" in markdown
    for item in data["left"]["evidence"] + data["right"]["evidence"]:
        assert item["text"] in text
    assert "rubric mini 0.1" in text and "generated 2026-09-21" in text  # the footer: reproducible


def test_html_is_deterministic_with_a_source_date(rubric_path):
    args = ("compare", str(LEFT), str(RIGHT), "--rubric", str(rubric_path), "--format", "html")
    assert run(*args) == run(*args)


def test_score_in_markdown_and_html(rubric_path):
    markdown = run(
        "score", str(LEFT), "--rubric", str(rubric_path), "--format", "markdown", "--evidence", "1"
    )
    assert "| `resource-industries` |" in markdown and "> " in markdown
    html = run(
        "score", str(LEFT), "--rubric", str(rubric_path), "--format", "html", "--evidence", "1"
    )
    assert parse(html).errors == [] and "<svg" in html


def test_explain_shows_what_counted_and_what_did_not(rubric_path, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "The airport terminal was repainted.\n\nA new freight terminal opens.\n\n"
        "Visit the railway museum.\n\nThe city withdrew water from the lake.\n",
        encoding="utf-8",
    )
    out = run(
        "explain",
        str(doc),
        "--indicator",
        "logistics-hubs",
        "--indicator",
        "transport-corridors",
        "--rubric",
        str(rubric_path),
    )
    assert "Counted" in out and f"{doc}:3" in out
    assert "Did not count" in out
    data = json.loads(
        run(
            "explain",
            str(doc),
            "-v",
            "connectivity",
            "--rubric",
            str(rubric_path),
            "--format",
            "json",
        )
    )
    reasons = [r["reason"] for r in data["documents"][0]["rejected"]]
    assert "no phrase of its context 'transport' in the sentence" in reasons
    assert "vetoed by the exclusion 'railway museum'" in reasons
    water = json.loads(
        run(
            "explain", str(doc), "-i", "water-use", "--rubric", str(rubric_path), "--format", "json"
        )
    )
    near = water["documents"][0]["rejected"]
    assert [(r["text"], r["line"]) for r in near] == [("withdrew", 7)]  # 88% is the typo threshold
    assert "below the typo threshold" in near[0]["reason"]
    assert [e["term"] for e in data["documents"][0]["evidence"]] == ["terminal"]


def test_explain_rejects_unknown_ids(rubric_path):
    result = CliRunner().invoke(
        app, ["explain", str(LEFT), "-i", "nope", "--rubric", str(rubric_path)]
    )
    assert result.exit_code == 2 and "nope" in result.stderr


def test_batch_html_and_markdown(rubric_path, tmp_path):
    third = tmp_path / "third.md"
    third.write_text("Dairy industry and a dry port.\n", encoding="utf-8")
    html = run(
        "batch",
        str(LEFT),
        str(RIGHT),
        str(third),
        "--rubric",
        str(rubric_path),
        "--format",
        "html",
        "-q",
    )
    page = parse(html)
    assert page.errors == [] and page.external == []
    assert "svg" in page.tags and 'href="#pair-1"' in html and 'id="pair-3"' in html
    markdown = run(
        "batch",
        str(LEFT),
        str(RIGHT),
        str(third),
        "--rubric",
        str(rubric_path),
        "--format",
        "markdown",
        "-q",
    )
    assert "## Overall alignment matrix" in markdown and "(#pair-1)" in markdown
