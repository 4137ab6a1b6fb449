"""Markdown: headings, GitHub-flavoured tables with the same figures, evidence as block quotes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from northalign.model import Comparison, Evidence, FrictionScore, IndicatorScore, Profile, Rubric
from northalign.render.common import (
    describe,
    gap_summary,
    location,
    pick_quotes,
    quote_pieces,
    stamp_line,
    titles,
    top_terms,
)

_ESCAPE = str.maketrans({"|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Text that Markdown shows as written (no stray emphasis, no broken tables)."""
    return text.translate(_ESCAPE)


def quote(path: str, items: Sequence[Evidence]) -> str:
    """One evidence quote: a block quote with the matched words in bold, then file:line."""
    cut_start, pieces, cut_end = quote_pieces(items)
    body = "".join(f"**{escape(p)}**" if matched else escape(p) for p, matched in pieces)
    body = ("…" if cut_start else "") + body + ("…" if cut_end else "")
    return f"> {body}\n>\n> — `{location(path, items[0])}`\n"


def quotes(path: str, evidence: Iterable[Evidence], limit: int) -> list[str]:
    return [quote(path, items) for items in pick_quotes(evidence, limit)]


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _document_lines(label: str, profile: Profile) -> list[str]:
    return [
        f"- **{label}** — {escape(profile.document.title)}  ",
        f"  {escape(describe(profile.document))}",
    ]


def comparison_text(
    comparison: Comparison, rubric: Rubric, *, evidence: int = 3, **_options: object
) -> str:
    names = titles(rubric)
    left, right = comparison.left, comparison.right
    lines = [
        f"# {escape(rubric.title)}: alignment report",
        "",
        *_document_lines("A", left),
        *_document_lines("B", right),
        "",
        f"**Overall alignment: {comparison.overall:.1f} / 100**",
        "",
        "## Vectors",
        "",
    ]
    rows = []
    for vector in rubric.vectors:
        aligned = comparison.vectors[vector.id]
        shown = "—" if aligned.status == "silent" else f"{aligned.score:.1f}"
        rows.append([escape(vector.title), f"{aligned.left:.2f}", f"{aligned.right:.2f}", shown])
    lines += _table(["Vector", "A", "B", "Alignment"], rows, "lrrr")
    lines += ["## Indicators", ""]
    rows = []
    for vector in rubric.vectors:
        for indicator in vector.indicators:
            aligned = comparison.indicators[indicator.id]
            shown = "—" if aligned.status == "silent" else f"{aligned.score:.0f}"
            rows.append(
                [
                    f"`{indicator.id}`",
                    vector.id,
                    f"{aligned.left:.2f}",
                    f"{aligned.right:.2f}",
                    shown,
                    aligned.status,
                ]
            )
    lines += _table(["Indicator", "Vector", "A", "B", "Alignment", "Status"], rows, "llrrrl")

    def section(title: str, entries: list[tuple[str, list[str]]], empty: str) -> None:
        lines.extend([f"## {title} ({len(entries)})", ""])
        if not entries:
            lines.extend([f"_{empty}_", ""])
        for heading, body in entries:
            lines.extend([f"### {heading}", ""])
            for block in body:
                lines.extend([block.rstrip("\n"), ""])

    def pair(a: float, b: float) -> str:
        return f"A {a:.2f} · B {b:.2f}"

    def both(indicator: str) -> list[str]:
        return quotes(left.document.path, left.evidence_for(indicator), evidence) + quotes(
            right.document.path, right.evidence_for(indicator), evidence
        )

    section(
        "Shared priorities",
        [
            (
                f"`{s.indicator}` — {escape(names[s.indicator])} ({pair(s.left, s.right)})",
                both(s.indicator),
            )
            for s in comparison.shared
        ],
        "No indicator is a priority of both documents.",
    )
    section(
        "Complements",
        [
            (
                f"A `{c.left_indicator}` ({c.left:.2f}) ↔ B `{c.right_indicator}` ({c.right:.2f})",
                quotes(left.document.path, left.evidence_for(c.left_indicator), evidence)
                + quotes(right.document.path, right.evidence_for(c.right_indicator), evidence),
            )
            for c in comparison.complements
        ],
        "None of the rubric's complementary pairs.",
    )
    gaps = []
    for gap in comparison.gaps:
        _strong, _silent, summary = gap_summary(gap)
        profile = left if gap.strong_side == "left" else right
        heading = f"`{gap.indicator}` — {summary}"
        gaps.append(
            (heading, quotes(profile.document.path, profile.evidence_for(gap.indicator), evidence))
        )
    section("Gaps", gaps, "Neither side is silent where the other is strong.")
    section(
        "Frictions",
        [
            (
                f"`{f.friction}` — {escape(names[f.friction])} (A {f.left:.2f} · B {f.right:.2f})",
                both(f.friction),
            )
            for f in comparison.frictions
        ],
        "None raised by both documents.",
    )
    lines += ["---", "", f"_northalign · {stamp_line(rubric)}_", ""]
    return "\n".join(lines)


def _scored_row(label: str, profile: Profile, scored: IndicatorScore | FrictionScore) -> list[str]:
    """One table row for an indicator or a friction: score, hits and its top terms."""
    return [
        label,
        f"{scored.score:.2f}",
        str(scored.hits),
        escape(top_terms(profile.evidence_for(scored.id))),
    ]


def profiles_text(
    profiles: list[Profile], rubric: Rubric, *, evidence: int = 0, **_options: object
) -> str:
    lines = [f"# {escape(rubric.title)}: profiles", ""]
    for profile in profiles:
        lines += [
            f"## {escape(profile.document.title)}",
            "",
            escape(describe(profile.document)),
            "",
        ]
        rows = []
        for vector in rubric.vectors:
            rows.append(
                [
                    f"**{escape(vector.title)}**",
                    f"**{profile.vectors[vector.id].score:.2f}**",
                    "",
                    "",
                ]
            )
            rows += [
                _scored_row(f"`{i.id}`", profile, profile.indicators[i.id])
                for i in vector.indicators
            ]
        rows += [
            _scored_row(f"friction `{f.id}`", profile, profile.frictions[f.id])
            for f in rubric.frictions
        ]
        lines += _table(["Vector / indicator", "Score", "Hits", "Top terms"], rows, "lrrl")
        if evidence:
            for indicator in [*rubric.indicators, *(f.id for f in rubric.frictions)]:
                found = profile.evidence_for(indicator)
                if found:
                    lines += [f"### `{indicator}`", ""]
                    for block in quotes(profile.document.path, found, evidence):
                        lines += [block.rstrip("\n"), ""]
    lines += ["---", "", f"_northalign · {stamp_line(rubric)}_", ""]
    return "\n".join(lines)
