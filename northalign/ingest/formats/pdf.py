"""PDF: the text layer, page by page, with repeated headers and footers blanked out.

The title comes from the document's metadata (``/Title``), else from the
largest type at the top of the first page, else from a short first line: a
PDF's text has no blank line between a title and the first sentence, so the
first segment would run them together.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from northalign.errors import DocumentError
from northalign.ingest.formats import Extracted
from northalign.text.scripts import CJK_RANGES

#: Pages with fewer letters than this are treated as having no text layer.
MIN_LETTERS_PER_PAGE = 20
_HAN_GAP_RE = re.compile(f"(?<=[{CJK_RANGES}])[ \u3000]+(?=[{CJK_RANGES}])")
_DIGITS_RE = re.compile(r"\d+")
#: Titles longer than this are cut (with "…"), as for other formats.
MAX_TITLE = 120
#: A first line up to this long, without a sentence's final punctuation, is a heading.
MAX_HEADING_LINE = 100
#: Type this much larger than the body text's is a title.
TITLE_SIZE_RATIO = 1.15
_SENTENCE_END = (".", ",", ";", ":", "!", "?", "。", "，", "；", "：", "！", "？", "…")
# What office suites put in /Title when the author gave none.
_WRITER_PREFIX_RE = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)
_FILE_SUFFIX_RE = re.compile(r"\.(?:docx?|odt|rtf|pdf|pptx?|xlsx?|indd|txt)$", re.IGNORECASE)
_PLACEHOLDER_RE = re.compile(r"^(?:untitled|document|presentation|title)[\s_-]*\d*$", re.I)
_OCR_HINT = "it looks scanned: run OCR first (e.g. ocrmypdf in.pdf out.pdf) and give the result"


class _Collect(logging.Handler):
    """Keeps pypdf's complaints about a damaged file as warnings instead of log noise."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages and len(self.messages) < 5:
            self.messages.append(message)


@contextmanager
def _pypdf_warnings() -> Iterator[_Collect]:
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


class _Run(NamedTuple):
    """A piece of the first page's text, the size it is printed at, and its baseline."""

    text: str
    size: float
    y: float


class _Pages(NamedTuple):
    texts: list[str]
    warnings: list[str]
    title: str | None  # the metadata's /Title, cleaned of placeholders
    runs: list[_Run]  # the first page's text pieces, for its largest type


def _page_texts(data: bytes, path: str) -> _Pages:
    with _pypdf_warnings() as collected:
        pages = _read_pages(data, path)
    return pages._replace(
        warnings=[f"PDF: {message}" for message in collected.messages] + pages.warnings
    )


def _metadata_title(reader: Any) -> str | None:
    """The document's /Title, unless it is empty, a placeholder or a file name (what an
    office suite writes when the author gave no title)."""
    try:
        raw = reader.metadata.title if reader.metadata is not None else None
    except Exception:  # a damaged information dictionary: no title, not a failure
        return None
    if not isinstance(raw, str):
        return None
    title = _WRITER_PREFIX_RE.sub("", " ".join(raw.split()))
    if not title or _PLACEHOLDER_RE.match(title) or _FILE_SUFFIX_RE.search(title):
        return None
    return _clean_title(title)


def _printed_size(font_size: float, cm: Sequence[float], tm: Sequence[float]) -> float:
    """The size text is printed at: its font size scaled by the text and page matrices."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    return abs(font_size) * math.sqrt(abs(a * d - b * c))


def _read_pages(data: bytes, path: str) -> _Pages:
    # pypdf is imported here: only PDF input pays for it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            opened: int
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise DocumentError(
                    "is an encrypted PDF",
                    path=path,
                    hint="save an unprotected copy (qpdf --decrypt --password=... in.pdf out.pdf)",
                )
        pages = list(reader.pages)
    except DocumentError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        AssertionError,
        RecursionError,
    ) as error:
        raise DocumentError(
            f"is not a readable PDF ({error})", path=path, hint="check that the file is complete"
        ) from None
    texts: list[str] = []
    runs: list[_Run] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: Any) -> None:
        if text.strip() and isinstance(size, (int, float)):
            runs.append(_Run(text, _printed_size(float(size), cm, tm), tm[5] * cm[3] + cm[5]))

    for number, page in enumerate(pages, 1):
        try:
            # The first page is read with a visitor: the size of its type tells its title.
            texts.append(page.extract_text(visitor_text=visit if number == 1 else None) or "")
        except Exception as error:
            warnings.append(f"page {number}: no text could be extracted ({type(error).__name__})")
            texts.append("")
    return _Pages(texts, warnings, _metadata_title(reader), runs)


def _largest_type(runs: list[_Run]) -> str | None:
    """The first page's text in its largest type, when that is clearly larger than the
    body text (the type most characters are printed in): the title as typeset."""
    by_size: Counter[float] = Counter()
    for run in runs:
        by_size[round(run.size, 1)] += len(run.text.strip())
    if not by_size:
        return None
    body = by_size.most_common(1)[0][0]
    largest = max(by_size)
    if largest < body * TITLE_SIZE_RATIO:
        return None
    pieces: list[str] = []
    last_y: float | None = None
    for run in runs:
        if round(run.size, 1) != largest:
            if pieces:
                break  # the title's lines are the first run of its size
            continue
        if last_y is not None and abs(run.y - last_y) > 0.5:
            pieces.append(" ")  # a new line of the title
        pieces.append(run.text)
        last_y = run.y
    return _clean_title("".join(pieces))


def _first_line_heading(lines: list[str]) -> str | None:
    """The first line of the first page when it reads as a heading: short, without a
    sentence's final punctuation, and followed by more text."""
    filled = [line.strip() for line in lines if line.strip()]
    if len(filled) < 2:
        return None
    first = filled[0]
    if len(first) > MAX_HEADING_LINE or first.endswith(_SENTENCE_END):
        return None
    return _clean_title(first)


def _clean_title(raw: str) -> str | None:
    title = _HAN_GAP_RE.sub("", " ".join(raw.split()))
    if not title:
        return None
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def _edge_lines(lines: list[str], count: int = 2) -> list[int]:
    """Indices of the first and last ``count`` non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:count] + filled[-count:]))


def _blank_running_heads(pages: list[list[str]]) -> int:
    """Blank header/footer lines that repeat (numbers aside) on most pages; returns how many."""
    if len(pages) < 3:
        return 0

    def key(line: str) -> str:
        return _DIGITS_RE.sub("#", " ".join(line.split())).casefold()

    counts = Counter(key(page[i]) for page in pages for i in set(_edge_lines(page)))
    threshold = max(3, (len(pages) + 1) // 2)
    repeated = {text for text, seen in counts.items() if seen >= threshold and text}
    blanked = 0
    for page in pages:
        for i in _edge_lines(page):
            if key(page[i]) in repeated:
                page[i] = ""  # blank, not removed: line numbers stay those of the page
                blanked += 1
    return blanked


def read_pdf(data: bytes, path: str) -> Extracted:
    texts, warnings, title, runs = _page_texts(data, path)
    if not texts:
        raise DocumentError(
            "is a PDF without pages", path=path, hint="check that the file is complete"
        )
    letters = [sum(ch.isalpha() for ch in text) for text in texts]
    if sum(letters) < MIN_LETTERS_PER_PAGE:
        raise DocumentError("is a PDF without a text layer", path=path, hint=_OCR_HINT)
    empty = sum(count < MIN_LETTERS_PER_PAGE for count in letters)
    if empty:
        verb = "has" if empty == 1 else "have"  # "1 of 4 pages has", "2 of 4 pages have"
        warnings.append(f"{empty} of {len(texts)} pages {verb} no text layer; {_OCR_HINT}")
    # PDF extraction often puts spaces between Chinese characters; they are not words.
    pages = [
        _HAN_GAP_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
        for text in texts
    ]
    _blank_running_heads(pages)
    title = title or _largest_type(runs) or _first_line_heading(pages[0])
    text_parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for lines in pages:
        starts.append(offset)
        page_text = "\n".join(lines)
        text_parts.append(page_text)
        offset += len(page_text) + 2  # pages are joined by a blank line
    return Extracted(
        text="\n\n".join(text_parts),
        format="pdf",
        pages=tuple(starts),
        title=title,
        warnings=tuple(warnings),
    )
