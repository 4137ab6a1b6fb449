"""PDF: the text layer, page by page, with repeated headers and footers blanked out."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from northalign.errors import DocumentError
from northalign.ingest.formats import Extracted
from northalign.text.scripts import CJK_RANGES

#: Pages with fewer letters than this are treated as having no text layer.
MIN_LETTERS_PER_PAGE = 20
_HAN_GAP_RE = re.compile(f"(?<=[{CJK_RANGES}])[ \u3000]+(?=[{CJK_RANGES}])")
_DIGITS_RE = re.compile(r"\d+")
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


def _page_texts(data: bytes, path: str) -> tuple[list[str], list[str]]:
    with _pypdf_warnings() as collected:
        texts, warnings = _read_pages(data, path)
    return texts, [f"PDF: {message}" for message in collected.messages] + warnings


def _read_pages(data: bytes, path: str) -> tuple[list[str], list[str]]:
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
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as error:
            warnings.append(f"page {number}: no text could be extracted ({type(error).__name__})")
            texts.append("")
    return texts, warnings


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
    texts, warnings = _page_texts(data, path)
    if not texts:
        raise DocumentError(
            "is a PDF without pages", path=path, hint="check that the file is complete"
        )
    letters = [sum(ch.isalpha() for ch in text) for text in texts]
    if sum(letters) < MIN_LETTERS_PER_PAGE:
        raise DocumentError("is a PDF without a text layer", path=path, hint=_OCR_HINT)
    empty = sum(count < MIN_LETTERS_PER_PAGE for count in letters)
    if empty:
        warnings.append(f"{empty} of {len(texts)} pages have no text layer; {_OCR_HINT}")
    # PDF extraction often puts spaces between Chinese characters; they are not words.
    pages = [
        _HAN_GAP_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
        for text in texts
    ]
    _blank_running_heads(pages)
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
        warnings=tuple(warnings),
    )
