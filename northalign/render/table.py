"""The terminal report, drawn with rich; also used, uncoloured, for ``--output`` files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from northalign.model import Comparison, Evidence, Profile, Rubric
from northalign.render.common import (
    QUOTE_RADIUS,
    describe,
    gap_summary,
    location,
    pick_quotes,
    quote_pieces,
    stamp_line,
    top_terms,
)
from northalign.render.common import titles as titles_of

_BLOCKS = " ▏▎▍▌▋▊▉█"
_SIDE_STYLE = {"A": "bold cyan", "B": "bold magenta"}


def plain_console(width: int = 100) -> Console:
    """A console for files and tests: fixed width, no colour, no terminal tricks."""
    return Console(width=width, color_system=None, force_terminal=False, highlight=False)


def bar(value: float, width: int = 20) -> str:
    """A horizontal bar for ``value`` in [0, 1], in eighths of a character."""
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (_BLOCKS[rest] if rest else "")).ljust(width, "·")


def _score_style(value: float, rubric: Rubric) -> str:
    if value >= rubric.scoring.strong:
        return "green"
    if value >= rubric.scoring.silent:
        return "yellow"
    return "dim"


def snippet(items: Sequence[Evidence], *, plain: bool, radius: int = QUOTE_RADIUS) -> Text:
    """The evidence sentence, shortened around the matches, the matched words highlighted.

    Without colour (a pipe, a file) the matched words are marked **like this**.
    """
    cut_start, pieces, cut_end = quote_pieces(items, radius)
    text = Text("“" + ("…" if cut_start else ""))
    for piece, matched in pieces:
        if matched:
            text.append(f"**{piece}**" if plain else piece, style="bold yellow")
        else:
            text.append(piece)
    text.append(("…" if cut_end else "") + "”")
    return text


def _quote_lines(
    path: str, side: str, evidence: Iterable[Evidence], limit: int, *, plain: bool
) -> list[RenderableType]:
    """Each quote as ``A file:line`` followed by the sentence, indented under it."""
    lines: list[RenderableType] = []
    for items in pick_quotes(evidence, limit):
        first = items[0]
        where = location(path, first)
        head = Text("    ")
        if side:
            head.append(f"{side} ", style=_SIDE_STYLE[side])
        head.append(where, style="blue")
        fuzzy = [i for i in items if i.similarity < 100]
        if fuzzy:
            head.append(
                "  " + ", ".join(f"{i.text} ≈ {i.term} ({i.similarity:.0f})" for i in fuzzy),
                style="dim",
            )
        lines.append(head)
        lines.append(Padding(snippet(items, plain=plain), (0, 0, 0, 6), expand=False))
    return lines


def _document_header(side: str, profile: Profile) -> RenderableType:
    doc = profile.document
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    details = Text(
        describe(doc),
        style="dim",
    )
    grid.add_row(Text(side, style=_SIDE_STYLE[side]), Group(Text(doc.title, style="bold"), details))
    return Padding(grid, (0, 0, 0, 2), expand=False)


def comparison_renderables(
    comparison: Comparison, rubric: Rubric, *, evidence: int, plain: bool = False
) -> list[RenderableType]:
    titles = titles_of(rubric)
    left, right = comparison.left, comparison.right
    parts: list[RenderableType] = [
        Text(f"northalign compare · {stamp_line(rubric)}", style="bold"),
        Text(""),
        _document_header("A", left),
        _document_header("B", right),
        Text(""),
    ]
    headline = Text("  Overall alignment  ", style="bold")
    headline.append(f"{comparison.overall:5.1f} / 100  ", style="bold")
    headline.append(
        bar(comparison.overall / 100, 30), style=_score_style(comparison.overall / 100, rubric)
    )
    parts += [headline, Text("")]

    vectors = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    vectors.add_column("Vector")
    vectors.add_column("A", justify="right", style=_SIDE_STYLE["A"])
    vectors.add_column("", no_wrap=True)
    vectors.add_column("B", justify="right", style=_SIDE_STYLE["B"])
    vectors.add_column("", no_wrap=True)
    vectors.add_column("Alignment", justify="right")
    for vector in rubric.vectors:
        aligned = comparison.vectors[vector.id]
        vectors.add_row(
            vector.title,
            f"{aligned.left:.2f}",
            Text(bar(aligned.left, 10), style="cyan"),
            f"{aligned.right:.2f}",
            Text(bar(aligned.right, 10), style="magenta"),
            "—" if aligned.status == "silent" else f"{aligned.score:.0f}",
        )
    parts.append(Padding(vectors, (0, 0, 0, 2), expand=False))

    indicators = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    indicators.add_column("Indicator")
    indicators.add_column("A", justify="right")
    indicators.add_column("B", justify="right")
    indicators.add_column("Align", justify="right")
    indicators.add_column("Status")
    for vector in rubric.vectors:
        indicators.add_row(Text(vector.title, style="bold"), "", "", "", "")
        for indicator in vector.indicators:
            aligned = comparison.indicators[indicator.id]
            indicators.add_row(
                f"  {indicator.id}",
                Text(f"{aligned.left:.2f}", style=_score_style(aligned.left, rubric)),
                Text(f"{aligned.right:.2f}", style=_score_style(aligned.right, rubric)),
                "—" if aligned.status == "silent" else f"{aligned.score:.0f}",
                aligned.status,
            )
    parts.append(Padding(indicators, (0, 0, 0, 2), expand=False))

    def quotes(side: str, indicator: str) -> list[RenderableType]:
        profile = left if side == "A" else right
        found = profile.evidence_for(indicator)
        return _quote_lines(profile.document.path, side, found, evidence, plain=plain)

    def section(
        title: str, entries: list[tuple[str, list[RenderableType]]], empty: str, colour: str
    ) -> None:
        inside: list[RenderableType] = []
        if not entries:
            inside.append(Text(empty, style="dim"))
        for heading, body in entries:
            inside.append(Text(f"• {heading}", style="bold"))
            inside.extend(Padding(item, (0, 0, 0, -2), expand=False) for item in body)
        parts.append(
            Panel(
                Group(*inside),
                title=f"{title} ({len(entries)})",
                title_align="left",
                border_style=colour,
                box=box.ROUNDED,
                padding=(0, 1),
            )
        )

    def both(a: float, b: float) -> str:
        return f"A {a:.2f} · B {b:.2f}"

    section(
        "Shared priorities",
        [
            (
                f"{s.indicator} — {titles[s.indicator]}  {both(s.left, s.right)}",
                quotes("A", s.indicator) + quotes("B", s.indicator),
            )
            for s in comparison.shared
        ],
        "none: no indicator is a priority of both documents",
        "green",
    )
    section(
        "Complements",
        [
            (
                f"A {c.left_indicator} ({c.left:.2f}) ↔ B {c.right_indicator} ({c.right:.2f})",
                quotes("A", c.left_indicator) + quotes("B", c.right_indicator),
            )
            for c in comparison.complements
        ],
        "none of the rubric's complementary pairs",
        "cyan",
    )
    gaps = []
    for gap in comparison.gaps:
        strong, _silent, summary = gap_summary(gap)
        gaps.append((f"{gap.indicator} — {summary}", quotes(strong, gap.indicator)))
    section("Gaps", gaps, "none: neither side is silent where the other is strong", "yellow")
    section(
        "Frictions",
        [
            (
                f"{f.friction} — {titles[f.friction]}  {both(f.left, f.right)}",
                quotes("A", f.friction) + quotes("B", f.friction),
            )
            for f in comparison.frictions
        ],
        "none raised by both documents",
        "red",
    )
    return parts


def profile_renderables(
    profile: Profile, rubric: Rubric, *, evidence: int, plain: bool = False
) -> list[RenderableType]:
    doc = profile.document
    header = Text(doc.title, style="bold")
    header.append(
        "\n" + describe(doc),
        style="dim",
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column("Vector / indicator")
    table.add_column("Score", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Hits", justify="right")
    table.add_column("Top terms")
    for vector in rubric.vectors:
        score = profile.vectors[vector.id].score
        table.add_row(
            Text(vector.title, style="bold"),
            Text(f"{score:.2f}", style="bold"),
            Text(bar(score, 12), style=_score_style(score, rubric)),
            "",
            "",
        )
        for indicator in vector.indicators:
            scored = profile.indicators[indicator.id]
            table.add_row(
                f"  {indicator.id}",
                Text(f"{scored.score:.2f}", style=_score_style(scored.score, rubric)),
                Text(bar(scored.score, 12), style=_score_style(scored.score, rubric)),
                str(scored.hits),
                top_terms(profile.evidence_for(indicator.id)),
            )
    for friction in rubric.frictions:
        scored = profile.frictions[friction.id]
        table.add_row(
            Text(f"friction: {friction.id}", style="red" if scored.hits else "dim"),
            f"{scored.score:.2f}",
            Text(bar(scored.score, 12), style="red"),
            str(scored.hits),
            top_terms(profile.evidence_for(friction.id)),
        )
    parts: list[RenderableType] = [header, table]
    if evidence > 0:
        for indicator in [*rubric.indicators, *(f.id for f in rubric.frictions)]:
            found = profile.evidence_for(indicator)
            if found:
                parts.append(Text(f"  {indicator}", style="bold"))
                parts += _quote_lines(doc.path, "", found, evidence, plain=plain)
    return parts


def to_text(renderables: Sequence[RenderableType], console: Console) -> str:
    with console.capture() as capture:
        console.print(Group(*renderables))
    # rich pads wrapped lines to the full width; trailing blanks only get in the way.
    return "".join(line.rstrip() + "\n" for line in capture.get().splitlines())


def comparison_text(
    comparison: Comparison,
    rubric: Rubric,
    *,
    evidence: int,
    console: Console | None,
    **_options: object,
) -> str:
    console = console or plain_console()
    plain = console.color_system is None
    return to_text(
        comparison_renderables(comparison, rubric, evidence=evidence, plain=plain), console
    )


def profiles_text(
    profiles: list[Profile],
    rubric: Rubric,
    *,
    evidence: int,
    console: Console | None,
    **_options: object,
) -> str:
    console = console or plain_console()
    plain = console.color_system is None
    parts: list[RenderableType] = [
        Text(f"northalign score · {stamp_line(rubric)}", style="bold"),
        Text(""),
    ]
    for index, profile in enumerate(profiles):
        if index:
            parts.append(Text(""))
        parts += profile_renderables(profile, rubric, evidence=evidence, plain=plain)
    return to_text(parts, console)
