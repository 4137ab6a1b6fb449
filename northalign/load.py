"""Turn a path (or a string) into a :class:`~northalign.models.Document`."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from northalign.errors import DocumentError
from northalign.language import count_words, detect_language
from northalign.models import Document, Segment
from northalign.normalize import display
from northalign.segment import LINE_BREAK_RE, segment_text

#: Extensions read as plain text (Markdown is plain text with light markup).
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".mdown", ".rst", ""})


def _line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start; only \\n, \\r\\n and \\r end a line, as in editors."""
    return (0, *(match.end() for match in LINE_BREAK_RE.finditer(text)))


def parse_text(
    text: str, path: str = "<text>", *, encoding: str = "utf-8", format: str = "text"
) -> Document:
    """Build a :class:`Document` from text already in memory."""
    line_starts = _line_starts(text)

    def line_of(offset: int) -> int:
        return bisect_right(line_starts, offset)

    segments = tuple(segment_text(text, line_of))
    title = _title(text, segments, path)
    return Document(
        path=path,
        title=title,
        text=text,
        segments=segments,
        language=detect_language(text),
        words=count_words(text),
        encoding=encoding,
        format=format,
        line_starts=line_starts,
    )


def _title(text: str, segments: tuple[Segment, ...], path: str) -> str:
    """The first heading, else the first segment, else the file name."""
    chosen = next((s for s in segments if s.kind == "heading"), None)
    if chosen is None and segments:
        chosen = segments[0]
    if chosen is None:
        return Path(path).stem or path
    title = display(text[chosen.start : chosen.end], markdown=True)
    return title if len(title) <= 120 else title[:119].rstrip() + "…"


def load_document(path: str | Path) -> Document:
    """Read a UTF-8 text or Markdown file into a :class:`Document`.

    Raises :class:`DocumentError` naming the file and the fix when it cannot.
    """
    shown = str(path)
    file = Path(path)
    if not file.exists():
        raise DocumentError("no such file", path=shown, hint="check the path and try again")
    if file.is_dir():
        raise DocumentError("is a directory", path=shown, hint="give a document file")
    suffix = file.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise DocumentError(
            f"unsupported format '{suffix}'",
            path=shown,
            hint="northalign reads .txt and .md files; save the document as UTF-8 text",
        )
    try:
        data = file.read_bytes()
    except OSError as error:
        raise DocumentError(
            f"cannot read: {error.strerror or error}", path=shown, hint="check permissions"
        ) from None
    if b"\x00" in data:
        raise DocumentError(
            "is not a text file (it contains NUL bytes)",
            path=shown,
            hint="give a .txt or .md document",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"is not valid UTF-8 (byte {error.start})",
            path=shown,
            hint="convert it to UTF-8, e.g. iconv -f cp1251 -t utf-8",
        ) from None
    if not text.strip():
        raise DocumentError("is empty", path=shown, hint="give a document that contains text")
    document = parse_text(
        text, shown, format="markdown" if suffix in {".md", ".markdown"} else "text"
    )
    if not document.segments:
        raise DocumentError(
            "contains no words", path=shown, hint="give a document that contains text"
        )
    return document
