"""What every report format shares: which quotes to show, how to cut them, how to name things.

No rich here: the terminal, Markdown and HTML renderers all build on these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from northalign.model import DocumentInfo, Evidence, Gap, Rubric

QUOTE_RADIUS = 80


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


def titles(rubric: Rubric) -> dict[str, str]:
    """Titles of every indicator and friction, by id."""
    return {i.id: i.title for i in rubric.indicators.values()} | {
        f.id: f.title for f in rubric.frictions
    }


def location(path: str, item: Evidence) -> str:
    """``file:line``, and ``:pN`` for a document with pages."""
    return f"{path}:{item.line}" + (f":p{item.page}" if item.page is not None else "")


def pick_quotes(evidence: Iterable[Evidence], limit: int) -> list[list[Evidence]]:
    """Up to ``limit`` sentences to quote, each with its matches.

    Sentences with more different terms and closer matches come first; the
    chosen ones are shown in document order.
    """
    by_segment: dict[tuple[int, int, str], list[Evidence]] = {}
    for item in evidence:
        by_segment.setdefault((item.segment_index, item.line, item.segment), []).append(item)
    ranked = sorted(
        by_segment.values(),
        key=lambda items: (
            -len({i.term for i in items}),
            -max(i.similarity for i in items),
            items[0].segment_index,
            items[0].line,
        ),
    )
    return sorted(
        ranked[: max(0, limit)], key=lambda items: (items[0].segment_index, items[0].line)
    )


def quote_pieces(
    items: Sequence[Evidence], radius: int = QUOTE_RADIUS
) -> tuple[bool, list[tuple[str, bool]], bool]:
    """The sentence of ``items`` cut around the matches.

    Returns (cut at the start?, [(text, is a match)], cut at the end?), cut at
    word boundaries so a quote never starts or ends inside a word.
    """
    segment = items[0].segment
    # The matches, and the parts of a rule or context that stand in the same sentence.
    spans = _merged(
        [item.span for item in items]
        + [part.span for item in items for part in item.parts if not part.previous]
    )
    first, last = spans[0][0], max(end for _, end in spans)
    left = max(0, first - radius)
    right = min(len(segment), last + radius)
    if left > 0:
        space = segment.find(" ", left, first)
        left = space + 1 if space != -1 else left
    if right < len(segment):
        space = segment.rfind(" ", last, right)
        right = space if space != -1 else right
    pieces: list[tuple[str, bool]] = []
    cursor = left
    for start, end in spans:
        if start > cursor:
            pieces.append((segment[cursor:start], False))
        pieces.append((segment[start:end], True))
        cursor = end
    if right > cursor:
        pieces.append((segment[cursor:right], False))
    return left > 0, pieces, right < len(segment)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones joined (a friction and an indicator may share words)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def gap_summary(gap: Gap) -> tuple[str, str, str]:
    """(strong side, silent side, "A strong (0.91), B silent (0.00)") for a gap."""
    strong, silent = ("A", "B") if gap.strong_side == "left" else ("B", "A")
    high, low = max(gap.left, gap.right), min(gap.left, gap.right)
    return strong, silent, f"{strong} strong ({high:.2f}), {silent} silent ({low:.2f})"


def top_terms(evidence: Iterable[Evidence], limit: int = 3) -> str:
    counts: dict[str, int] = {}
    for item in evidence:
        counts[item.term] = counts.get(item.term, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return ", ".join(f"{term} ×{count}" if count > 1 else term for term, count in ranked)
