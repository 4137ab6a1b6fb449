import json

import pytest

from northalign.pipeline import compare_paths
from northalign.render import Format, render_comparison, render_profiles
from northalign.render.report import pick_quotes, quote
from northalign.render.table import bar, snippet

from conftest import POLICIES


@pytest.fixture(scope="module")
def comparison(rubric):
    return compare_paths(POLICIES / "novosibirsk.md", POLICIES / "inner-mongolia.md", rubric)


@pytest.mark.parametrize("format", list(Format))
def test_every_format_has_a_renderer(comparison, rubric, format):
    text = render_comparison(comparison, rubric, format=format)
    assert text.endswith("\n") and len(text) > 200
    profiles = render_profiles([comparison.left], rubric, format=format)
    assert comparison.left.document.path in profiles
    if format is Format.json:
        json.loads(text)


def test_bar_is_proportional():
    assert bar(0, 10) == "·" * 10
    assert bar(1, 10) == "█" * 10
    assert bar(0.5, 10) == "█" * 5 + "·" * 5
    assert len(bar(0.33, 20)) == 20


def test_quotes_highlight_every_match_in_a_sentence(comparison):
    evidence = comparison.left.evidence_for("research-base")
    quotes = pick_quotes(evidence, 2)
    assert len(quotes) == 2
    assert all(len({i.segment_index for i in items}) == 1 for items in quotes)
    text = snippet(quote(quotes[0], "x.md"), plain=True).plain
    for item in quotes[0]:
        assert f"**{item.text}**" in text


def test_plain_report_has_no_trailing_blanks_or_escape_codes(comparison, rubric):
    text = render_comparison(comparison, rubric, format=Format.table)
    assert "\x1b[" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
