"""Plain text and Markdown, in whatever encoding they were saved."""

from __future__ import annotations

from northalign.ingest.formats import Extracted

_FORM_FEED = "\f"


def read_text(text: str, *, encoding: str, markdown: bool) -> Extracted:
    """Text as it stands; form feeds, as left by pdftotext and old printers, separate pages."""
    pages: tuple[int, ...] = ()
    if _FORM_FEED in text.strip(_FORM_FEED + "\n"):
        starts = [0]
        for index, char in enumerate(text):
            if char == _FORM_FEED:
                starts.append(index + 1)
        pages = tuple(starts)
    return Extracted(
        text=text, format="markdown" if markdown else "text", encoding=encoding, pages=pages
    )
