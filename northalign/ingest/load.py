"""The one way in: a path (or ``-`` for standard input) becomes a :class:`Document`.

Bytes are read once; the format is chosen by content, then extension; text
formats are decoded by :mod:`northalign.ingest.encoding`; the format's reader
returns plain text that is segmented the same way for every format.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from northalign.errors import DocumentError
from northalign.ingest.encoding import decode
from northalign.ingest.formats import (
    DOCX_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    PDF_SUFFIXES,
    Extracted,
    binary_kind,
    looks_like_html,
    looks_like_pdf,
    looks_like_zip,
)
from northalign.model import Document, Segment
from northalign.text.language import (
    count_words,
    detect_language,
    language_and_words,
    language_shares,
)
from northalign.text.normalize import display
from northalign.text.segment import LINE_BREAK_RE, segment_spans

STDIN = "-"
#: Refuse inputs larger than this unless told otherwise (a strategy is a few MB).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


def _line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start; only \\n, \\r\\n and \\r end a line, as in editors."""
    return (0, *(match.end() for match in LINE_BREAK_RE.finditer(text)))


def build_document(
    extracted: Extracted,
    path: str,
    *,
    lines: list[tuple[int, int, int | None]] | None = None,
) -> Document:
    """Segment extracted text into a :class:`Document` (no I/O).

    ``lines``, when given, are the regions to segment one by one (start, end,
    page) instead of the pages: no segment then crosses a region's end.
    """
    text = extracted.text
    line_starts = _line_starts(text)
    base = Document(
        path=path,
        title="",
        text=text,
        segments=(),
        language="und",
        words=0,
        encoding=extracted.encoding,
        format=extracted.format,
        line_starts=line_starts,
        pages=extracted.pages,
        page_lines=extracted.format == "pdf",
        line_map=extracted.line_map,
        warnings=extracted.warnings,
    )
    regions = _regions(text, extracted.pages) if lines is None else lines
    segments: list[Segment] = []
    counts: list[tuple[str, int]] = []
    for start, end, page in regions:
        for first, last, kind in segment_spans(text, start, end):
            language, words = language_and_words(text[first:last])
            counts.append((language, words))
            segments.append(
                Segment(len(segments), first, last, base.line_of(first), kind, page, language)
            )
    shares = language_shares(counts)
    return replace(
        base,
        title=extracted.title or _title(text, segments, path),
        segments=tuple(segments),
        language=shares[0][0] if shares else detect_language(text),
        languages=shares,
        words=count_words(text),
    )


def parse_text(text: str, path: str = "<text>", *, markdown: bool = True) -> Document:
    """Build a :class:`Document` from text already in memory."""
    return build_document(
        Extracted(text=text, format="markdown" if markdown else "text", encoding=None), path
    )


def parse_lines(lines: list[str], path: str = "<lines>") -> Document:
    """A :class:`Document` of one sentence (or more) per line, no segment crossing a line.

    For gold sets that list a document's sentences line by line: every line is
    its own unit, yet the lines still form one paragraph, so a rule that reaches
    the previous sentence sees the line before.
    """
    text = "\n".join(line.replace("\r", " ").replace("\n", " ") for line in lines)
    starts = _line_starts(text)
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    regions: list[tuple[int, int, int | None]] = [
        (start, end, None) for start, end in zip(starts, ends, strict=True)
    ]
    return build_document(Extracted(text=text, format="text", encoding=None), path, lines=regions)


def _regions(text: str, pages: tuple[int, ...]) -> list[tuple[int, int, int | None]]:
    """Spans to segment separately: one per page, so no sentence straddles two pages."""
    if not pages:
        return [(0, len(text), None)]
    ends = [*pages[1:], len(text)]
    return [
        (start, end, number) for number, (start, end) in enumerate(zip(pages, ends, strict=True), 1)
    ]


def _title(text: str, segments: list[Segment], path: str) -> str:
    """The first heading, else the first segment, else the file name."""
    chosen = next((s for s in segments if s.kind == "heading"), None)
    if chosen is None and segments:
        chosen = segments[0]
    if chosen is None:
        return Path(path).stem or path
    title = display(text[chosen.start : chosen.end], markdown=True)
    return title if len(title) <= 120 else title[:119].rstrip() + "…"


def read_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path`` (``-``: standard input); a clear error for each way it can fail."""
    shown = str(path)
    if shown == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        file = Path(path)
        if not file.exists():
            raise DocumentError("no such file", path=shown, hint="check the path and try again")
        if file.is_dir():
            raise DocumentError("is a directory", path=shown, hint="give a document file")
        try:
            size = file.stat().st_size
            if size > max_bytes:
                raise DocumentError(
                    f"is {size:,} bytes, over the limit of {max_bytes:,}",
                    path=shown,
                    hint="raise --max-bytes if it really is one document",
                )
            with file.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except OSError as error:
            raise DocumentError(
                f"cannot read: {error.strerror or error}", path=shown, hint="check permissions"
            ) from None
    if len(data) > max_bytes:
        raise DocumentError(
            f"is over the limit of {max_bytes:,} bytes",
            path=shown,
            hint="raise --max-bytes if it really is one document",
        )
    return data


def extract(data: bytes, path: str, suffix: str = "") -> Extracted:
    """Pick the reader by content, then by extension, and extract the text."""
    if looks_like_pdf(data):
        from northalign.ingest.formats.pdf import read_pdf

        return read_pdf(data, path)
    if looks_like_zip(data):
        from northalign.ingest.formats.docx import read_docx

        if suffix in DOCX_SUFFIXES or b"word/" in data[:65536]:
            return read_docx(data, path)
        raise DocumentError(
            "is a ZIP archive, not a document", path=path, hint="unpack it, or give a .docx file"
        )
    kind = binary_kind(data)
    if kind is not None:
        what, hint = kind
        lies = f" (despite its {suffix} name)" if suffix and suffix not in (".bin", "") else ""
        raise DocumentError(f"is {what}{lies}, not a text document", path=path, hint=hint)
    if suffix in PDF_SUFFIXES | DOCX_SUFFIXES:
        raise DocumentError(
            f"is not a {suffix[1:].upper()} file (its content does not match its name)",
            path=path,
            hint="check that the file is complete and really is what its name says",
        )
    warnings: list[str] = []
    nuls = data.count(0)
    if nuls and nuls * 100 <= len(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A few stray NUL bytes in otherwise readable text: drop them, say so.
        stripped = data.replace(b"\x00", b"")
        if decode(stripped) is not None:
            data = stripped
            warnings.append(f"{nuls} NUL byte(s) removed; the text may be damaged")
    decoded = decode(data)
    if decoded is None:
        raise DocumentError(
            "is not a text document (binary content)",
            path=path,
            hint="give a .txt, .md, .html, .pdf or .docx file",
        )
    text, encoding = decoded
    if suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and looks_like_html(text)):
        from northalign.ingest.formats.html import read_html

        extracted = read_html(text, path, encoding)
    else:
        from northalign.ingest.formats.text import read_text

        extracted = read_text(text, encoding=encoding, markdown=suffix in MARKDOWN_SUFFIXES)
    if warnings:
        extracted = replace(extracted, warnings=(*warnings, *extracted.warnings))
    return extracted


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read any supported document: .txt, .md, .html, .pdf, .docx, or ``-`` for standard input.

    Raises :class:`DocumentError` naming the file and the fix when it cannot.
    """
    return load_bytes(read_bytes(path, max_bytes=max_bytes), path)


def load_bytes(data: bytes, path: str | Path) -> Document:
    """A :class:`Document` from bytes already read from ``path`` (see :func:`load_document`)."""
    shown = "<stdin>" if str(path) == STDIN else str(path)
    if not data.strip():
        raise DocumentError("is empty", path=shown, hint="give a document that contains text")
    suffix = "" if str(path) == STDIN else Path(path).suffix.lower()
    extracted = extract(data, shown, suffix)
    del data  # the bytes are no longer needed: a large document should not be held twice
    document = build_document(extracted, shown)
    if not document.segments:
        raise DocumentError(
            "contains no words", path=shown, hint="give a document that contains text"
        )
    return document
