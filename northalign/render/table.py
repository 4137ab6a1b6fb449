"""The terminal report, drawn with rich; also used, uncoloured, for ``--output`` files."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from northalign.model import Comparison, Profile, Rubric
from northalign.render.report import (
    ComparisonReport,
    DocumentHeader,
    ProfileSection,
    Quote,
    Section,
    comparison_report,
    profile_report,
)

_BLOCKS = " ▏▎▍▌▋▊▉█"
_SIDE_STYLE = {"A": "bold cyan", "B": "bold magenta"}
_SECTION_COLOUR = {
    "Shared priorities": "green",
    "Complements": "cyan",
    "Gaps": "yellow",
    "Frictions": "red",
}


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


def snippet(quote: Quote, *, plain: bool) -> Text:
    """The quoted sentence, the matched words highlighted.

    Without colour (a pipe, a file) the matched words are marked **like this**.
    """
    text = Text("“")
    for piece, matched in quote.pieces():
        if matched:
            text.append(f"**{piece}**" if plain else piece, style="bold yellow")
        else:
            text.append(piece)
    text.append("”")
    return text


def _quote_lines(quotes: Sequence[Quote], *, plain: bool) -> list[RenderableType]:
    """Each quote as ``A file:line`` followed by the sentence, indented under it."""
    lines: list[RenderableType] = []
    for quote in quotes:
        head = Text("    ")
        if quote.side:
            head.append(f"{quote.side} ", style=_SIDE_STYLE[quote.side])
        head.append(quote.location, style="blue")
        if quote.note:
            # The learned model's marker stands out from the rubric's near-match notes.
            head.append(f"  {quote.note}", style="italic magenta" if quote.model else "dim")
        lines.append(head)
        lines.append(Padding(snippet(quote, plain=plain), (0, 0, 0, 6), expand=False))
    return lines


def _warning_lines(doc: DocumentHeader) -> list[Text]:
    return [Text(f"warning: {warning}", style="yellow") for warning in doc.warnings]


def _document_header(doc: DocumentHeader) -> RenderableType:
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    details = Text(doc.description, style="dim")
    grid.add_row(
        Text(doc.side, style=_SIDE_STYLE[doc.side]),
        Group(Text(doc.title, style="bold"), details, *_warning_lines(doc)),
    )
    return Padding(grid, (0, 0, 0, 2), expand=False)


def _section(section: Section, *, plain: bool) -> RenderableType:
    inside: list[RenderableType] = []
    if not section.findings:
        inside.append(Text(section.empty, style="dim"))
    for finding in section.findings:
        heading = Text("• ", style="bold")
        for piece, kind in finding.heading:
            heading.append(piece, style=_SIDE_STYLE[piece] if kind == "side" else "bold")
        inside.append(heading)
        inside.extend(
            Padding(item, (0, 0, 0, -2), expand=False)
            for item in _quote_lines(finding.quotes, plain=plain)
        )
    return Panel(
        Group(*inside),
        title=section.heading,
        title_align="left",
        border_style=_SECTION_COLOUR.get(section.title, "white"),
        box=box.ROUNDED,
        padding=(0, 1),
    )


def comparison_renderables(
    report: ComparisonReport, rubric: Rubric, *, plain: bool = False
) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(f"northalign compare · {report.stamp}", style="bold"),
        Text(""),
        *(_document_header(doc) for doc in report.documents),
        Text(""),
    ]
    headline = Text("  Overall alignment  ", style="bold")
    headline.append(f"{report.overall:5.1f} / 100  ", style="bold")
    headline.append(bar(report.overall / 100, 30), style=_score_style(report.overall / 100, rubric))
    parts += [headline, Text(f"  {report.strength}", style="bold red" if report.thin else "dim")]
    parts.append(Text(""))

    vectors = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    vectors.add_column("Vector")
    vectors.add_column("A", justify="right", style=_SIDE_STYLE["A"])
    vectors.add_column("", no_wrap=True)
    vectors.add_column("B", justify="right", style=_SIDE_STYLE["B"])
    vectors.add_column("", no_wrap=True)
    vectors.add_column("Align", justify="right")
    vectors.add_column("Quotes", justify="right")
    # Short bars leave the titles room on an 80-column terminal.
    for vector in report.vectors:
        vectors.add_row(
            vector.title,
            f"{vector.left:.2f}",
            Text(bar(vector.left, 8), style="cyan"),
            f"{vector.right:.2f}",
            Text(bar(vector.right, 8), style="magenta"),
            vector.alignment,
            vector.quotes,
        )
    parts.append(Padding(vectors, (0, 0, 0, 2), expand=False))

    indicators = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    indicators.add_column("Indicator")
    indicators.add_column("A", justify="right")
    indicators.add_column("B", justify="right")
    indicators.add_column("Align", justify="right")
    indicators.add_column("Status")
    indicators.add_column("Quotes", justify="right")
    for vector in report.vectors:
        indicators.add_row(Text(vector.title, style="bold"), "", "", "", "", "")
        for row in vector.indicators:
            indicators.add_row(
                f"  {row.id}",
                Text(f"{row.left:.2f}", style=_score_style(row.left, rubric)),
                Text(f"{row.right:.2f}", style=_score_style(row.right, rubric)),
                row.alignment,
                row.status,
                row.quotes,
            )
    parts.append(Padding(indicators, (0, 0, 0, 2), expand=False))
    parts += [_section(section, plain=plain) for section in report.sections]
    if report.legend:
        parts.append(Padding(Text(report.legend, style="dim"), (0, 0, 0, 2)))
    return parts


def profile_renderables(
    section: ProfileSection, rubric: Rubric, *, plain: bool = False
) -> list[RenderableType]:
    doc = section.document
    header = Text(doc.title, style="bold")
    header.append("\n" + doc.description, style="dim")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column("Vector / indicator")
    table.add_column("Score", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Hits", justify="right")
    table.add_column("Quotes", justify="right")
    table.add_column("Top terms")
    for vector in section.vectors:
        table.add_row(
            Text(vector.title, style="bold"),
            Text(f"{vector.score:.2f}", style="bold"),
            Text(bar(vector.score, 12), style=_score_style(vector.score, rubric)),
            "",
            str(vector.quotes),
            "",
        )
        for row in vector.indicators:
            style = _score_style(row.score, rubric)
            table.add_row(
                f"  {row.id}",
                Text(f"{row.score:.2f}", style=style),
                Text(bar(row.score, 12), style=style),
                str(row.hits),
                str(row.quotes),
                row.top_terms,
            )
    for row in section.frictions:
        table.add_row(
            Text(f"friction: {row.id}", style="red" if row.hits else "dim"),
            f"{row.score:.2f}",
            Text(bar(row.score, 12), style="red"),
            str(row.hits),
            str(row.quotes),
            row.top_terms,
        )
    parts: list[RenderableType] = [header, *_warning_lines(doc), table]
    for group in section.evidence:
        parts.append(Text(f"  {group.id} — {group.title}", style="bold"))
        parts += _quote_lines(group.quotes, plain=plain)
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
    report = comparison_report(comparison, rubric, evidence=evidence)
    return to_text(comparison_renderables(report, rubric, plain=plain), console)


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
    report = profile_report(profiles, rubric, evidence=evidence)
    parts: list[RenderableType] = [
        Text(f"northalign score · {report.stamp}", style="bold"),
        Text(""),
    ]
    for index, section in enumerate(report.profiles):
        if index:
            parts.append(Text(""))
        parts += profile_renderables(section, rubric, plain=plain)
    if report.legend:
        parts += [Text(""), Text(report.legend, style="dim")]
    return to_text(parts, console)
