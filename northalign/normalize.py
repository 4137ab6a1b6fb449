"""The one normalizer: rubric terms and document text go through exactly this code.

Two levels share the same rules:

* :func:`normalize` turns any string into its canonical form (Unicode NFKC,
  case folding, ``ё``→``е``, soft hyphens and zero-width characters removed,
  words hyphenated across a line break rejoined, whitespace collapsed).
* :func:`tokenize` splits a string into word tokens with their character
  offsets, each carrying its normalized ``form`` and its matching ``key``
  (the form reduced by the Snowball stemmer for English and Russian). Every
  Chinese (Han) character is a token of its own, so Chinese terms match as
  character sequences without word segmentation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

# Han ideographs (CJK Unified, Extension A, compatibility, supplementary planes).
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
# A word character that is not a Han ideograph and not an underscore.
_WORD = rf"[^\W_{CJK_RANGES}]"
# Invisible characters that may sit inside a word: soft hyphen, zero-width
# space/joiners, word joiner, BOM.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# A hyphen at the end of a line followed by the rest of the word ("rail-\nway").
_LINE_BREAK_HYPHEN = r"-[ \t]*\r?\n[ \t]*"
# Combining marks (decomposed й, é) belong to the letter before them.
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN_RE = re.compile(
    rf"{_WORD}(?:{_WORD}|[{_INVISIBLE}{_MARKS}]|['’]{_WORD}|{_LINE_BREAK_HYPHEN}(?={_WORD}))*"
    rf"|[{CJK_RANGES}]"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_HYPHEN_BREAK_RE = re.compile(rf"(?<={_WORD}){_LINE_BREAK_HYPHEN}(?={_WORD})")
_SPACE_RE = re.compile(r"\s+")
_CYRILLIC_RE = re.compile("[\u0400-\u052f]")
_LATIN_RE = re.compile("[a-z\u00e0-\u024f]")

#: English articles carry no meaning for matching; they are dropped from both
#: terms and text so "the Northern Sea Route" and "Northern Sea Route" agree.
STOPWORDS = frozenset({"a", "an", "the"})


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@lru_cache(maxsize=4)
def _stemmer(language: str) -> _Stemmer:
    # Imported lazily: only matching needs it, not `northalign --help`.
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def _repair(text: str) -> str:
    """Undo typesetting artefacts that split or disguise words."""
    text = _INVISIBLE_RE.sub("", text)
    return _HYPHEN_BREAK_RE.sub("", text)


def normalize(text: str) -> str:
    """Return the canonical form of ``text``; ``normalize(normalize(s)) == normalize(s)``."""
    text = unicodedata.normalize("NFKC", _repair(text))
    # NFKC can itself produce invisible characters or line-break hyphens
    # (from compatibility forms), so repair once more before folding.
    text = _repair(text).casefold().replace("ё", "е").replace("’", "'")
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=262_144)
def token_forms(raw: str) -> tuple[str, ...]:
    """The normalized form(s) of one raw token.

    Usually one; compatibility characters can normalize into several words
    (``¼`` → ``1⁄4``), and each form is itself a whole token, so forms always
    re-tokenize to themselves.
    """
    form = normalize(raw)
    if _TOKEN_RE.fullmatch(form):
        return (form,)
    return tuple(_TOKEN_RE.findall(form))


def token_surface(raw: str) -> str:
    """A raw token as written (case kept), for case-sensitive terms such as ``NSR``."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", _repair(raw)))


@lru_cache(maxsize=262_144)
def token_key(form: str) -> str:
    """The matching key of a normalized token: its Snowball stem, by script."""
    if _CYRILLIC_RE.search(form):
        return _stemmer("russian").stemWord(form)
    if _LATIN_RE.match(form):
        # British -isation and American -ization stem differently; unify first.
        if form.endswith(("isation", "isations")):
            form = form.replace("isation", "ization")
        return _stemmer("english").stemWord(form)
    return form


@dataclass(frozen=True, slots=True)
class Token:
    """A word (or Han character) with its offsets in the source string."""

    start: int
    end: int
    form: str
    key: str

    @property
    def is_cjk(self) -> bool:
        return bool(_CJK_CHAR.match(self.form))


def iter_raw_tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, raw)`` for every token of ``text``."""
    for match in _TOKEN_RE.finditer(text):
        yield match.start(), match.end(), match.group()


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[Token]:
    """Split ``text`` into normalized tokens, keeping character offsets."""
    tokens: list[Token] = []
    for start, end, raw in iter_raw_tokens(text):
        for form in token_forms(raw):
            if keep_stopwords or form not in STOPWORDS:
                tokens.append(Token(start, end, form, token_key(form)))
    return tokens


def is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


_DISPLAY_RE = re.compile(
    rf"(?P<gone>[{_INVISIBLE}]|(?<={_WORD}){_LINE_BREAK_HYPHEN}(?={_WORD}))|(?P<space>\s+)"
)


# Markdown emphasis and code markers at word edges: **bold**, _italic_, `code`.
_MARKDOWN_RE = re.compile(
    rf"(?P<gone>[{_INVISIBLE}]|(?<={_WORD}){_LINE_BREAK_HYPHEN}(?={_WORD})"
    r"|(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)|`+)|(?P<space>\s+)"
)


def display(raw: str, *, markdown: bool = False) -> str:
    """Text as a reader should see it quoted: one line, words rejoined."""
    return display_with_span(raw, 0, 0, markdown=markdown)[0]


def display_with_span(
    raw: str, start: int, end: int, *, markdown: bool = False
) -> tuple[str, tuple[int, int]]:
    """Like :func:`display`, also mapping the span ``raw[start:end]`` into the result.

    With ``markdown``, emphasis and code markers are dropped too.
    """
    pieces: list[str] = []
    marks: list[tuple[int, int]] = [(0, 0)]  # (raw offset, display offset) breakpoints
    out = pos = 0
    pattern = _MARKDOWN_RE if markdown else _DISPLAY_RE
    for match in pattern.finditer(raw):
        pieces.append(raw[pos : match.start()])
        out += match.start() - pos
        marks.append((match.start(), out))
        replacement = " " if match.group("space") else ""
        pieces.append(replacement)
        out += len(replacement)
        pos = match.end()
        marks.append((pos, out))
    pieces.append(raw[pos:])
    joined = "".join(pieces)
    lead = len(joined) - len(joined.lstrip())
    text = joined.strip()

    def to_display(offset: int) -> int:
        raw_at, out_at = max(mark for mark in marks if mark[0] <= offset)
        return min(max(out_at + (offset - raw_at) - lead, 0), len(text))

    return text, (to_display(start), to_display(end))
