"""Readers for each document format; each turns bytes into :class:`Extracted` text.

Formats are chosen by content first (a PDF named ``.txt`` is still a PDF, a
PNG named ``.pdf`` is refused), by extension second.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Extracted:
    """The readable text of a document and what is known about where it came from.

    ``pages`` holds the offset in ``text`` where each page starts (empty for
    documents without pages). ``line_map`` maps each line of ``text``
    (0-based) to the 1-based line of the source file it came from, for
    formats whose text is not the file itself (HTML).
    """

    text: str
    format: str  # "text" | "markdown" | "html" | "pdf" | "docx"
    encoding: str | None = None
    pages: tuple[int, ...] = ()
    line_map: tuple[int, ...] | None = None
    title: str | None = None
    warnings: tuple[str, ...] = field(default=())


#: Signatures of binary formats people mistake for documents, and what to say.
BINARY_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "give the document's text, or run OCR on the image"),
    (b"\xff\xd8\xff", "a JPEG image", "give the document's text, or run OCR on the image"),
    (b"GIF87a", "a GIF image", "give the document's text"),
    (b"GIF89a", "a GIF image", "give the document's text"),
    (b"II*\x00", "a TIFF image", "run OCR on it first (e.g. ocrmypdf)"),
    (b"MM\x00*", "a TIFF image", "run OCR on it first (e.g. ocrmypdf)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls)", "save it as .docx"),
    (b"{\\rtf", "an RTF file", "save it as .docx or plain text"),
    (b"\x7fELF", "an executable", "give a document"),
    (b"MZ", "a Windows executable", "give a document"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"BZh", "a bzip2 archive", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it first"),
    (b"\x00\x00\x00\x18ftyp", "a video file", "give a document"),
    (b"\x00\x00\x00\x20ftyp", "a video file", "give a document"),
    (b"ID3", "an MP3 file", "give a document"),
    (b"OggS", "an Ogg media file", "give a document"),
    (b"SQLite format 3\x00", "an SQLite database", "give a document"),
)

PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})


def binary_kind(head: bytes) -> tuple[str, str] | None:
    """``(what it is, how to fix)`` for a known non-document signature."""
    for signature, what, hint in BINARY_SIGNATURES:
        if head.startswith(signature):
            return what, hint
    return None


def looks_like_pdf(head: bytes) -> bool:
    # The header may follow a few bytes of junk; readers accept it in the first KB.
    return b"%PDF-" in head[:1024]


def looks_like_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def looks_like_html(text: str) -> bool:
    start = text[:2048].lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        return True
    if start.startswith("<?xml"):
        return "<html" in text[:4096].lower()
    return start.startswith("<") and any(tag in start for tag in ("<body", "<head", "<p>", "<div"))
