"""One report model: table, Markdown and HTML list the same findings with the same quotes.

Each rendering is reduced to plain text (panel borders, Markdown and HTML
markup removed) and cut into its sections; every finding's heading and every
quote the model chose must stand in its section, in the model's order, and no
other quote may.
"""

from __future__ import annotations

import html
import re

import pytest

from northalign.pipeline import compare_paths
from northalign.render import Format, render_comparison, render_profiles
from northalign.render.report import ComparisonReport, Quote, comparison_report, profile_report
from northalign.render.table import plain_console

from conftest import POLICIES

EVIDENCE = 2
PAIRS = [
    ("inner-mongolia.md", "kemerovo.md"),
    ("inner-mongolia.zh.md", "kemerovo.ru.md"),  # Chinese against Russian
    ("novosibirsk.ru.md", "heilongjiang.zh.md"),
    ("omsk.md", "amur.md"),  # an empty section
]
FORMATS = [Format.table, Format.markdown, Format.html]
LOCATION = re.compile(r"policies/[\w.\-]+:\d+")


def plain(text: str, format: Format) -> str:
    """The words a reader sees, markup and layout removed, white space folded."""
    if format is Format.table:
        text = re.sub(r"[│╭╮╰╯─]", " ", text).replace("**", "")
    elif format is Format.markdown:
        text = re.sub(r"(?<!\\)(\*\*|`|_)", "", text)
        text = re.sub(r"\\(.)", r"\1", text).replace("&lt;", "<").replace("&gt;", ">")
    else:
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text)


def in_order(text: str, expected: list[str]) -> None:
    cursor = 0
    for piece in expected:
        found = text.find(" ".join(piece.split()), cursor)
        assert found != -1, f"{piece!r} missing or out of order after {text[cursor:][:200]!r}"
        cursor = found + len(piece)


def quote_texts(quotes: tuple[Quote, ...], format: Format) -> list[str]:
    """What each quote shows, in the order the format shows it (the table puts text last)."""
    order = ("location", "note", "text") if format is Format.table else ("text", "location", "note")
    return [getattr(q, part) for q in quotes for part in order if getattr(q, part)]


def sections(text: str, report: ComparisonReport, end: str) -> list[str]:
    """The text of each compare section, from its heading to the next (or ``end``)."""
    starts = []
    cursor = 0
    for section in report.sections:
        cursor = text.index(section.heading, cursor)
        starts.append(cursor)
    stop = text.find(end, cursor)
    bounds = [*starts[1:], stop if stop != -1 else len(text)]
    return [text[a:b] for a, b in zip(starts, bounds, strict=True)]


@pytest.fixture(scope="module")
def comparisons(rubric):
    return {pair: compare_paths(POLICIES / pair[0], POLICIES / pair[1], rubric) for pair in PAIRS}


@pytest.fixture(scope="module", params=PAIRS, ids=["-".join(p) for p in PAIRS])
def pair(request, rubric, comparisons):
    comparison = comparisons[request.param]
    return comparison, comparison_report(comparison, rubric, evidence=EVIDENCE)


@pytest.mark.parametrize("format", FORMATS)
def test_compare_formats_show_the_models_findings_and_quotes(pair, rubric, format):
    comparison, report = pair
    # The model lists what the comparison found, with at most EVIDENCE quotes a side.
    assert [len(s.findings) for s in report.sections] == [
        len(comparison.shared),
        len(comparison.complements),
        len(comparison.gaps),
        len(comparison.frictions),
    ]
    for section in report.sections:
        for finding in section.findings:
            assert 0 < len(finding.quotes) <= EVIDENCE * (2 if finding.two_sided else 1)
    text = render_comparison(
        comparison, rubric, format=format, evidence=EVIDENCE, console=plain_console(2000)
    )
    shown = sections(plain(text, format), report, end="All evidence")
    for section, body in zip(report.sections, shown, strict=True):
        if not section.findings:
            assert section.empty in body
        expected = []
        for finding in section.findings:
            expected += [finding.heading_text, *quote_texts(finding.quotes, format)]
        in_order(body, expected)
        assert len(LOCATION.findall(body)) == sum(len(f.quotes) for f in section.findings)


def test_the_pairs_cover_every_kind_of_finding_and_an_empty_section(rubric, comparisons):
    seen = [0, 0, 0, 0]
    empty = False
    for comparison in comparisons.values():
        report = comparison_report(comparison, rubric, evidence=0)
        counts = [len(s.findings) for s in report.sections]
        seen = [a + b for a, b in zip(seen, counts, strict=True)]
        empty = empty or 0 in counts
    assert all(seen) and empty


@pytest.mark.parametrize("format", FORMATS)
def test_score_formats_show_the_models_quotes(rubric, comparisons, format):
    # A Chinese and an English profile, already read for the comparisons.
    profiles = [comparisons[PAIRS[2]].right, comparisons[PAIRS[3]].left]
    report = profile_report(profiles, rubric, evidence=EVIDENCE)
    text = plain(
        render_profiles(
            profiles, rubric, format=format, evidence=EVIDENCE, console=plain_console(2000)
        ),
        format,
    )
    expected = []
    for profile in report.profiles:
        expected.append(profile.document.description)
        rows = [
            *(row for vector in profile.vectors for row in vector.indicators),
            *profile.frictions,
        ]
        expected += [row.top_terms for row in rows if row.top_terms]
        for group in profile.evidence:
            assert 0 < len(group.quotes) <= EVIDENCE
            expected += [f"{group.id} — {group.title}", *quote_texts(group.quotes, format)]
    in_order(text, expected)
    quotes = sum(len(g.quotes) for p in report.profiles for g in p.evidence)
    assert len(LOCATION.findall(text)) == quotes
