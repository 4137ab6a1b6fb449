"""Markdown: headings, GitHub-flavoured tables with the same figures, evidence as block quotes."""

from __future__ import annotations

from collections.abc import Sequence

from northalign.model import Comparison, Profile, Rubric
from northalign.render.report import (
    DocumentHeader,
    Finding,
    Quote,
    ScoreRow,
    Section,
    comparison_report,
    profile_report,
)

_ESCAPE = str.maketrans({"|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Text that Markdown shows as written (no stray emphasis, no broken tables)."""
    return text.translate(_ESCAPE)


def quote(item: Quote) -> list[str]:
    """One evidence quote: a block quote with the matched words in bold, then file:line."""
    body = "".join(f"**{escape(p)}**" if matched else escape(p) for p, matched in item.pieces())
    note = f" · {escape(item.note)}" if item.note else ""
    if item.model:
        note = f" · _{escape(item.note)}_"  # the learned model's marker, apart from the rubric's
    return [f"> {body}", ">", f"> — `{item.location}`{note}", ""]


def _quotes(quotes: Sequence[Quote]) -> list[str]:
    return [line for item in quotes for line in quote(item)]


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _document_lines(doc: DocumentHeader) -> list[str]:
    return [
        f"- **{doc.side}** — {escape(doc.title)}  ",
        f"  {escape(doc.description)}" + ("  " if doc.warnings else ""),
        *_warning_lines(doc, indent="  "),
    ]


def _warning_lines(doc: DocumentHeader, indent: str = "") -> list[str]:
    """Each warning on a line of its own (a hard line break, two spaces, between them)."""
    lines = [f"{indent}**warning:** {escape(warning)}" for warning in doc.warnings]
    return [line + "  " for line in lines[:-1]] + lines[-1:]


def _heading(finding: Finding) -> str:
    return "".join(f"`{text}`" if kind == "id" else escape(text) for text, kind in finding.heading)


def _section(section: Section) -> list[str]:
    lines = [f"## {section.heading}", ""]
    if not section.findings:
        lines += [f"_{escape(section.empty)}_", ""]
    for finding in section.findings:
        lines += [f"### {_heading(finding)}", "", *_quotes(finding.quotes)]
    return lines


def _footer(stamp: str, legend: str = "") -> list[str]:
    return [
        *([f"_{escape(legend)}_", ""] if legend else []),
        "---",
        "",
        f"_northalign · {stamp}_",
        "",
    ]


def comparison_text(
    comparison: Comparison, rubric: Rubric, *, evidence: int = 3, **_options: object
) -> str:
    report = comparison_report(comparison, rubric, evidence=evidence)
    lines = [f"# {escape(report.rubric_title)}: alignment report", ""]
    for doc in report.documents:
        lines += _document_lines(doc)
    strength = f"**{report.strength}**" if report.thin else f"_{report.strength}_"
    lines += ["", f"**Overall alignment: {report.overall:.1f} / 100** — {strength}", ""]
    lines += ["## Vectors", ""]
    rows = [
        [escape(v.title), f"{v.left:.2f}", f"{v.right:.2f}", v.alignment, v.quotes]
        for v in report.vectors
    ]
    lines += _table(["Vector", "A", "B", "Alignment", "Quotes"], rows, "lrrrr")
    lines += ["## Indicators", ""]
    rows = [
        [f"`{i.id}`", i.vector, f"{i.left:.2f}", f"{i.right:.2f}", i.alignment, i.status, i.quotes]
        for i in report.indicators
    ]
    lines += _table(
        ["Indicator", "Vector", "A", "B", "Alignment", "Status", "Quotes"], rows, "llrrrlr"
    )
    for section in report.sections:
        lines += _section(section)
    return "\n".join([*lines, *_footer(report.stamp, report.legend)])


def _scored_row(label: str, row: ScoreRow) -> list[str]:
    """One table row for an indicator or a friction: score, hits and its top terms."""
    return [label, f"{row.score:.2f}", str(row.hits), str(row.quotes), escape(row.top_terms)]


def profiles_text(
    profiles: list[Profile], rubric: Rubric, *, evidence: int = 0, **_options: object
) -> str:
    report = profile_report(profiles, rubric, evidence=evidence)
    lines = [f"# {escape(report.rubric_title)}: profiles", ""]
    for profile in report.profiles:
        doc = profile.document
        lines += [f"## {escape(doc.title)}", "", escape(doc.description), ""]
        if doc.warnings:
            lines += [*_warning_lines(doc), ""]
        rows = []
        for vector in profile.vectors:
            rows.append(
                [
                    f"**{escape(vector.title)}**",
                    f"**{vector.score:.2f}**",
                    "",
                    str(vector.quotes),
                    "",
                ]
            )
            rows += [_scored_row(f"`{i.id}`", i) for i in vector.indicators]
        rows += [_scored_row(f"friction `{f.id}`", f) for f in profile.frictions]
        lines += _table(
            ["Vector / indicator", "Score", "Hits", "Quotes", "Top terms"], rows, "lrrrl"
        )
        for group in profile.evidence:
            lines += [f"### `{group.id}` — {escape(group.title)}", "", *_quotes(group.quotes)]
    return "\n".join([*lines, *_footer(report.stamp, report.legend)])
