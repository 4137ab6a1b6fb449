"""DOCX: paragraphs, headings, list items and table rows, in document order."""

from __future__ import annotations

import io
import re

from northalign.errors import DocumentError
from northalign.ingest.formats import Extracted

_HEADING_LEVEL_RE = re.compile(r"(\d+)")


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    if style.startswith("Heading"):
        found = _HEADING_LEVEL_RE.search(style)
        return min(int(found.group(1)), 6) if found else 1
    return 0


#: A real document expands to a few MB of XML; a zip bomb to gigabytes.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000


def _check_archive(data: bytes, path: str) -> None:
    """Refuse archives that would unpack to far more than any document (zip bombs)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise DocumentError(
            f"is not a readable DOCX file ({error})",
            path=path,
            hint="open it in a word processor and save it again as .docx",
        ) from None
    unpacked = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ENTRIES
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked > MAX_RATIO * max(len(data), 1) + 10_000_000
    ):
        raise DocumentError(
            f"would unpack to {unpacked:,} bytes in {len(entries):,} parts (a zip bomb?)",
            path=path,
            hint="a real .docx unpacks to a few MB; check where the file came from",
        )


def read_docx(data: bytes, path: str) -> Extracted:
    """Write the document out as light Markdown so headings, items and rows segment properly."""
    # python-docx is imported here: only DOCX input pays for it.
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise DocumentError(
            f"is not a readable DOCX file ({type(error).__name__}: {error})",
            path=path,
            hint="open it in a word processor and save it again as .docx",
        ) from None
    lines: list[str] = []
    title: str | None = (document.core_properties.title or "").strip() or None
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = " ".join(paragraph.text.split())
            if not text:
                continue
            style = paragraph.style.name if paragraph.style is not None else ""
            level = _heading_level(style)
            numbered = child.pPr is not None and child.pPr.numPr is not None
            if level:
                lines += [f"{'#' * level} {text}", ""]
                title = title or text
            elif numbered or "List" in style:
                lines.append(f"- {text}")
            else:
                lines += [text, ""]
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat; keep each once
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                if cells:
                    lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return Extracted(text="\n".join(lines), format="docx", title=title)
