"""HTML: the readable text only, with each line mapped back to its line in the source."""

from __future__ import annotations

import re

from northalign.errors import DocumentError
from northalign.ingest.formats import Extracted

#: Elements whose content is never reading matter.
_DROP = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "form", "button", "select", "input", "textarea", "nav", "aside", "menu", "head", "dialog",
)  # fmt: skip
_BOILERPLATE_RE = re.compile(
    r"(^|[-_\s])(nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|cookies?|share|social"
    r"|advert|ads|banner|skip|pagination|toolbar|popup|modal)([-_\s]|$)",
    re.IGNORECASE,
)
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "complementary"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "li", "dd", "dt", "blockquote", "pre", "figcaption",
    "caption", "address", "summary", "details", "header", "footer", "tr", "table", "ul", "ol",
    "dl", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html", "hr",
}  # fmt: skip
_CELLS = {"td", "th"}
_SPACES_RE = re.compile(r"[ \t\f\v\u00a0]+")


def _is_boilerplate(tag: object) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    if str(attrs.get("role", "")).lower() in _BOILERPLATE_ROLES:
        return True
    if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    names = " ".join([*attrs.get("class", []), str(attrs.get("id", ""))])
    return bool(names.strip()) and bool(_BOILERPLATE_RE.search(names))


class _Writer:
    """Accumulates extracted lines, remembering the source line each one starts on."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = []
        self.sources: list[int] = []

    def new_line(self, source: int) -> None:
        self.lines.append([])
        self.sources.append(source)

    def current_is_empty(self) -> bool:
        return not "".join(self.lines[-1]).strip() if self.lines else True

    def write(self, text: str, source: int) -> None:
        if not self.lines:
            self.new_line(source)
        elif self.current_is_empty() and text.strip():
            self.sources[-1] = source  # the line starts where its first words are
        self.lines[-1].append(text)

    def block_break(self, source: int) -> None:
        """End the current block with a blank line, so the segmenter sees a boundary."""
        if not self.current_is_empty():
            self.new_line(source)
            self.new_line(source)
        elif self.lines:
            self.lines[-1] = []

    def text(self) -> tuple[str, tuple[int, ...]]:
        lines = (_SPACES_RE.sub(" ", "".join(parts)).rstrip() for parts in self.lines)
        return "\n".join(lines), tuple(self.sources)


def read_html(text: str, path: str, encoding: str | None) -> Extracted:
    """The readable text of an HTML page (see the module docstring)."""
    try:
        return _read_html(text, path, encoding)
    except RecursionError:
        raise DocumentError(
            "is HTML nested too deeply to read",
            path=path,
            hint="save the page's text, or simplify its markup",
        ) from None


def _read_html(text: str, path: str, encoding: str | None) -> Extracted:
    # BeautifulSoup with Python's own parser: it tolerates broken markup and
    # records the source line of every tag.
    from bs4 import BeautifulSoup
    from bs4.element import (
        Comment,
        Declaration,
        Doctype,
        NavigableString,
        ProcessingInstruction,
        Tag,
    )

    try:
        soup = BeautifulSoup(text, "html.parser")
    except Exception as error:
        raise DocumentError(f"is not readable HTML ({error})", path=path) from None
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else None
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_is_boilerplate):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if not tag.find_parent(["article", "main"]):
            tag.decompose()  # site-wide banners and footers, not an article's own header
    articles = soup.find_all("article")
    # <main> holds the page's content; a single <article> too; several are a listing.
    root = soup.find("main") or (articles[0] if len(articles) == 1 else None) or soup.body or soup
    if title is None:
        heading = root.find(["h1", "h2"])
        title = " ".join(heading.get_text().split()) if heading else None

    writer = _Writer()
    line = getattr(root, "sourceline", None) or 1
    skip = (Comment, Declaration, Doctype, ProcessingInstruction)
    for node in root.descendants:
        if isinstance(node, Tag):
            line = node.sourceline or line
            name = node.name
            if name in _BLOCKS or name == "br":
                if name == "br":
                    writer.new_line(line)
                    continue
                writer.block_break(line)
                if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                    writer.write("#" * int(name[1]) + " ", line)
                elif name == "li":
                    writer.write("- ", line)
                elif name == "tr":
                    writer.write("| ", line)
            elif name in _CELLS and node.find_previous_sibling(_CELLS) is not None:
                writer.write(" | ", line)
        elif isinstance(node, NavigableString) and not isinstance(node, skip):
            parts = str(node).split("\n")
            in_pre = node.find_parent("pre") is not None
            for index, part in enumerate(parts):
                if index:
                    line += 1
                    if in_pre or not writer.current_is_empty():
                        writer.new_line(line)
                writer.write(part, line)
    extracted, sources = writer.text()
    return Extracted(
        text=extracted, format="html", encoding=encoding, line_map=sources, title=title
    )
