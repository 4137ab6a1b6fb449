"""The terminal report, drawn with rich; also used, uncoloured, for ``--output`` files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from northalign.models import Comparison, DocumentInfo, Evidence, Profile
from northalign.rubric import Rubric

_BLOCKS = " ▏▎▍▌▋▊▉█"
_QUOTE_RADIUS = 80
_SIDES = ("A", "B")
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


def snippet(items: Sequence[Evidence], *, plain: bool, radius: int = _QUOTE_RADIUS) -> Text:
    """The sentence of ``items`` (one segment), shortened around the matches, matches highlighted.

    Without colour (a pipe, a file) the matched words are marked **like this**.
    """
    segment = items[0].segment
    spans = sorted({item.span for item in items})
    first, last = spans[0][0], max(end for _, end in spans)
    left = max(0, first - radius)
    right = min(len(segment), last + radius)
    if left > 0:  # cut at a word boundary
        space = segment.find(" ", left, first)
        left = space + 1 if space != -1 else left
    if right < len(segment):
        space = segment.rfind(" ", last, right)
        right = space if space != -1 else right
    text = Text("“" + ("…" if left > 0 else ""))
    cursor = left
    for start, end in spans:
        if start < cursor:  # spans never overlap; guard anyway
            continue
        text.append(segment[cursor:start])
        matched = segment[start:end]
        text.append(f"**{matched}**" if plain else matched, style="bold yellow")
        cursor = end
    text.append(segment[cursor:right])
    text.append(("…" if right < len(segment) else "") + "”")
    return text


def pick_quotes(evidence: Iterable[Evidence], limit: int) -> list[list[Evidence]]:
    """Up to ``limit`` sentences to quote, each with its matches.

    Sentences with more different terms and closer matches come first; the
    chosen ones are shown in document order.
    """
    by_segment: dict[int, list[Evidence]] = {}
    for item in evidence:
        by_segment.setdefault(item.segment_index, []).append(item)
    ranked = sorted(
        by_segment.values(),
        key=lambda items: (
            -len({i.term for i in items}),
            -max(i.similarity for i in items),
            items[0].segment_index,
        ),
    )
    return sorted(ranked[: max(0, limit)], key=lambda items: items[0].segment_index)


def _quote_lines(
    path: str, side: str, evidence: Iterable[Evidence], limit: int, *, plain: bool
) -> list[RenderableType]:
    """Each quote as ``A file:line`` followed by the sentence, indented under it."""
    lines: list[RenderableType] = []
    for items in pick_quotes(evidence, limit):
        first = items[0]
        where = f"{path}:{first.line}" + (f":p{first.page}" if first.page is not None else "")
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


def stamp_line(rubric: Rubric) -> str:
    """The rubric that produced a report: name, version and the start of its content hash."""
    return f"rubric {rubric.name} {rubric.version} · sha256 {rubric.sha256[:12]}"


def describe(doc: DocumentInfo) -> str:
    """One line about a document: path, language(s), format, encoding, size."""
    languages = doc.language
    others = [f"{code} {share:.0%}" for code, share in doc.languages if code != doc.language]
    if others:
        languages += f" (+ {', '.join(others[:2])})"
    parts = [doc.path, languages]
    if doc.format not in ("text", "markdown"):
        parts.append(doc.format.upper() + (f", {doc.pages} pages" if doc.pages else ""))
    if doc.encoding and doc.encoding != "utf-8":
        parts.append(doc.encoding)
    parts += [f"{doc.words:,} words", f"{doc.segments:,} segments"]
    return " · ".join(parts)


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


def _title(rubric: Rubric) -> str:
    return {i.id: i.title for i in rubric.indicators.values()} | {
        f.id: f.title for f in rubric.frictions
    }


def comparison_renderables(
    comparison: Comparison, rubric: Rubric, *, evidence: int, plain: bool = False
) -> list[RenderableType]:
    titles = _title(rubric)
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

    def section(title: str, entries: list[tuple[str, list[RenderableType]]], empty: str) -> None:
        parts.append(Text(f"{title} ({len(entries)})", style="bold underline"))
        if not entries:
            parts.append(Text(f"  {empty}", style="dim"))
        for heading, body in entries:
            parts.append(Text(f"  • {heading}"))
            parts.extend(body)
        parts.append(Text(""))

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
    )
    gaps = []
    for gap in comparison.gaps:
        strong, silent = ("A", "B") if gap.strong_side == "left" else ("B", "A")
        high, low = max(gap.left, gap.right), min(gap.left, gap.right)
        heading = f"{gap.indicator} — {strong} strong ({high:.2f}), {silent} silent ({low:.2f})"
        gaps.append((heading, quotes(strong, gap.indicator)))
    section("Gaps", gaps, "none: neither side is silent where the other is strong")
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
    )
    return parts[:-1]


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
                _top_terms(profile.evidence_for(indicator.id)),
            )
    for friction in rubric.frictions:
        scored = profile.frictions[friction.id]
        table.add_row(
            Text(f"friction: {friction.id}", style="red" if scored.hits else "dim"),
            f"{scored.score:.2f}",
            Text(bar(scored.score, 12), style="red"),
            str(scored.hits),
            _top_terms(profile.evidence_for(friction.id)),
        )
    parts: list[RenderableType] = [header, table]
    if evidence > 0:
        for indicator in [*rubric.indicators, *(f.id for f in rubric.frictions)]:
            found = profile.evidence_for(indicator)
            if found:
                parts.append(Text(f"  {indicator}", style="bold"))
                parts += _quote_lines(doc.path, "", found, evidence, plain=plain)
    return parts


def _top_terms(evidence: Iterable[Evidence], limit: int = 3) -> str:
    counts: dict[str, int] = {}
    for item in evidence:
        counts[item.term] = counts.get(item.term, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return ", ".join(f"{term} ×{count}" if count > 1 else term for term, count in ranked)


def to_text(renderables: Sequence[RenderableType], console: Console) -> str:
    with console.capture() as capture:
        console.print(Group(*renderables))
    # rich pads wrapped lines to the full width; trailing blanks only get in the way.
    return "".join(line.rstrip() + "\n" for line in capture.get().splitlines())


def comparison_text(
    comparison: Comparison, rubric: Rubric, *, evidence: int, console: Console | None
) -> str:
    console = console or plain_console()
    plain = console.color_system is None
    return to_text(
        comparison_renderables(comparison, rubric, evidence=evidence, plain=plain), console
    )


def profiles_text(
    profiles: list[Profile], rubric: Rubric, *, evidence: int, console: Console | None
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
