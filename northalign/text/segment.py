"""Split text into segments (headings, list items, table rows, sentences) with line numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Line breaks as editors count them (not form feeds or Unicode separators,
#: which str.splitlines would also split on).
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_HEADING_RE = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(?=\S)")
_ITEM_RE = re.compile(r"[ \t]*(?:[-*+•▪‣◦–]|\(?\d{1,3}[.)]|\(?[a-zа-я][.)])[ \t]+(?=\S)")
_ROW_RE = re.compile(r"[ \t]*\|")
_TABLE_RULE_RE = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_SETEXT_RULE_RE = re.compile(r"[ \t]*(=+|-{3,}|\*{3,}|_{3,})[ \t]*$")

# Where a sentence may end: ., !, ? or … then space and a plausible sentence start;
# Chinese full stops end a sentence with or without a space after them.  Each
# match starts with its punctuation mark (one character, part of the sentence),
# so the regex engine skips ahead to the next mark instead of testing a
# look-behind at every position.
_SENTENCE_END_RE = re.compile(
    r"[.!?…][\"'”»)\]]*\s+(?=[\"'“«(\[]?[A-ZА-ЯЁ0-9\u4e00-\u9fff])"
    r"|[。！？；][\"'”»」』)]*\s*(?=\S)"
)
# Words after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    """
    e.g i.e etc al cf vs no nos vol pp approx incl est fig mr mrs ms dr prof st jan feb mar apr
    jun jul aug sep sept oct nov dec corp inc ltd co dept govt univ
    г гг т.е т.к т.д т.п им ул д др пр рис табл стр млн млрд трлн тыс руб ст см напр проф акад
    """.split()
)
_ALNUM_RE = re.compile(r"[^\W_]")
_LAST_WORD_RE = re.compile(r"(\w+(?:\.\w+)*)\.[\"'”»)\]]*$")


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    kind: str


def _lines(text: str, first: int, last: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each line of ``text[first:last]``, without its line break."""
    pos = first
    for match in LINE_BREAK_RE.finditer(text, first, last):
        yield pos, match.start()
        pos = match.end()
    if pos < last:
        yield pos, last


def _blocks(text: str, first: int, last: int) -> Iterator[_Block]:
    """Group the lines of ``text[first:last]`` into headings, items, table rows and paragraphs."""
    current: list[int] | None = None  # [start, end] of the open block
    kind = "sentence"
    for start, end in _lines(text, first, last):
        line = text[start:end]
        if line[:1].isalpha() and line[1:2] not in (".", ")"):
            # Most lines open with a letter: not blank, a rule, a heading, a
            # table row or a list item ("a) …"), so no pattern need be tried.
            if current:
                current[1] = end
            else:
                current, kind = [start, end], "sentence"
            continue
        if not line.strip() or _SETEXT_RULE_RE.match(line) or _TABLE_RULE_RE.match(line):
            if current:
                yield _Block(current[0], current[1], kind)
            current = None
            continue
        heading = _HEADING_RE.match(line)
        item = _ITEM_RE.match(line)
        if heading or _ROW_RE.match(line):
            if current:
                yield _Block(current[0], current[1], kind)
            current = None
            offset = heading.end() if heading else 0
            yield _Block(start + offset, end, "heading" if heading else "row")
            continue
        if item:
            if current:
                yield _Block(current[0], current[1], kind)
            current, kind = [start + item.end(), end], "item"
        elif current:
            current[1] = end  # a continuation line of the open paragraph or item
        else:
            current, kind = [start, end], "sentence"
    if current:
        yield _Block(current[0], current[1], kind)


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for boundary in _SENTENCE_END_RE.finditer(text, start, end):
        stop = boundary.start() + 1  # after the punctuation mark
        if text[boundary.start()] == ".":  # only a full stop can follow an abbreviation
            # Only the last word matters: search the text after the last space, so
            # the regex never backtracks through a long run of word characters.
            before = text[max(pos, stop - 40) : stop]
            last = _LAST_WORD_RE.search(before.rsplit(None, 1)[-1])
            if last and (last.group(1).casefold() in _ABBREVIATIONS or len(last.group(1)) == 1):
                continue  # "e.g.", "St.", an initial such as "V."
        yield pos, stop
        pos = boundary.end()
    yield pos, end


#: The longest segment, in characters. A "sentence" longer than this (a table
#: flattened into one line, a 30 MB text without punctuation) is cut into pieces
#: of at most this size, so a quote stays readable and the work and memory spent
#: on one segment stay bounded. A term that straddles a cut is not found: rare,
#: as cuts fall between lines or words wherever the text has them.
MAX_SEGMENT = 2000
# The last whitespace, or the last comma-like mark, of a window: ``.*`` runs to
# the window's end and backtracks in C, so finding it costs no Python loop.
_LAST_SPACE_RE = re.compile(r".*\s", re.DOTALL)
_LAST_CLAUSE_MARK_RE = re.compile(r".*[,;:，、；：]", re.DOTALL)


def _cut(text: str, start: int) -> int:
    """Where the piece of an over-long segment starting at ``start`` ends.

    In the second half of the longest piece: after its last line break (the
    piece keeps whole lines, so a quote stays on the lines it cites), else
    after its last whitespace, else after a comma or a Chinese 、 or ；, else
    (text without spaces, such as Chinese) at :data:`MAX_SEGMENT` characters.
    """
    low, high = start + MAX_SEGMENT // 2, start + MAX_SEGMENT
    line_break = max(text.rfind("\n", low, high), text.rfind("\r", low, high))
    if line_break != -1:
        return line_break + 1
    for pattern in (_LAST_SPACE_RE, _LAST_CLAUSE_MARK_RE):
        found = pattern.match(text, low, high)
        if found:
            return found.end()
    return high


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SEGMENT:
        cut = _cut(text, start)
        yield start, cut
        start = cut
    yield start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # Table cells and Markdown emphasis leave pipes and stars at the edges.
    while end > start and text[end - 1] in "|":
        end -= 1
    while start < end and text[start] in "|":
        start += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment_spans(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of each segment of ``text[start:end]``, in order."""
    for block in _blocks(text, start, len(text) if end is None else end):
        spans = (
            [(block.start, block.end)]
            if block.kind in ("heading", "row")
            else _sentence_spans(text, block.start, block.end)
        )
        for raw_start, raw_end in (piece for span in spans for piece in _bounded(text, *span)):
            first, last = _trim(text, raw_start, raw_end)
            if first < last and _ALNUM_RE.search(text, first, last):
                yield first, last, block.kind
