"""The one normalizer: rubric terms and document text go through exactly this code.

Two levels share the same rules:

* :func:`normalize` turns any string into its canonical form (Unicode NFKC,
  CJK radicals folded to the ideograph they stand for, case folding,
  ``ё``→``е``, soft hyphens and zero-width characters removed, words
  hyphenated across a line break rejoined, whitespace collapsed).
* :func:`tokenize` splits a string into word tokens with their character
  offsets, each carrying its normalized ``form`` and its matching ``key``
  (the form reduced by the Snowball stemmer for English and Russian). Every
  Chinese (Han) character is a token of its own, so Chinese terms match as
  character sequences without word segmentation; traditional characters are
  folded to simplified ones (OpenCC), so ``經濟`` and ``经济`` are the same.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache, partial
from typing import Any, NamedTuple, Protocol

from northalign.text.scripts import CJK_RANGES, CYRILLIC, RADICAL_SUPPLEMENT_FOLD

# A word character that is not a Han ideograph and not an underscore.
_WORD = rf"[^\W_{CJK_RANGES}]"
# Invisible characters that may sit inside a word: soft hyphen, zero-width
# space/joiners, word joiner, BOM.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# A hyphen at the end of a line followed by the rest of the word ("rail-\nway").
_LINE_BREAK_HYPHEN = r"-[ \t]*\r?\n[ \t]*"
# Combining marks (decomposed й, é) belong to the letter before them.
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_JOINER = rf"(?:[{_INVISIBLE}{_MARKS}]|['’]{_WORD})"
# A word is runs of letters joined by invisible characters, combining marks or
# apostrophes; written as runs (``W+``), not letter by letter, so the regex
# engine consumes each run in one fast loop.  A word that continues a
# hyphenated compound ("coal-to-\nliquids") keeps its line-end hyphen: only a
# word that starts fresh is rejoined ("rail-\nway").
_TOKEN_RE = re.compile(
    rf"(?<=-){_WORD}+(?:{_JOINER}{_WORD}*)*"
    rf"|{_WORD}+(?:(?:{_JOINER}|{_LINE_BREAK_HYPHEN}(?={_WORD})){_WORD}*)*"
    rf"|[{CJK_RANGES}]"
)
_HAN_CHAR_RE = re.compile(f"[{CJK_RANGES}]")
# The same tokens for ASCII text, where a letter class needs no Unicode tables:
# most sentences, even of documents with a few curly quotes, are plain ASCII.
_ASCII_TOKEN_RE = re.compile(
    r"(?<=-)[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*"
    rf"|[A-Za-z0-9]+(?:(?:'[A-Za-z0-9]|{_LINE_BREAK_HYPHEN}(?=[A-Za-z0-9]))[A-Za-z0-9]*)*"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_HYPHEN_BREAK_RE = re.compile(rf"(?<={_WORD}){_LINE_BREAK_HYPHEN}(?={_WORD})")
_CJK_RUN_RE = re.compile(f"[{CJK_RANGES}]+")
_SPACE_RE = re.compile(r"\s+")
_CYRILLIC_RE = re.compile(f"[{CYRILLIC}]")
_LATIN_RE = re.compile("[a-z\u00e0-\u024f]")


@lru_cache(maxsize=1)
def _han_free_word_char() -> re.Pattern[str]:
    """A word character that is not Han; compiled on first use, as only Chinese text needs it."""
    return re.compile(_WORD)


#: English articles carry no meaning for matching; they are dropped from both
#: terms and text so "the Northern Sea Route" and "Northern Sea Route" agree.
#: Chinese 的 (the possessive particle) is dropped the same way, so
#: "科技成果的转化" matches the term "科技成果转化".
STOPWORDS = frozenset({"a", "an", "the", "的"})


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@lru_cache(maxsize=4)
def _stemmer(language: str) -> _Stemmer:
    # Imported lazily: only matching needs it, not `northalign --help`.
    import snowballstemmer

    stemmer: _Stemmer = snowballstemmer.stemmer(language)
    return stemmer


def continues_compound(text: str, hyphen: int) -> bool:
    """Is the word ending at ``text[hyphen]`` (a line-end hyphen) part of a hyphenated compound?"""
    start = hyphen
    while start > 0 and re.match(_WORD, text[start - 1]):
        start -= 1
    return start > 0 and text[start - 1] == "-"


def _rejoin(match: re.Match[str]) -> str:
    return "-" if continues_compound(match.string, match.start()) else ""


def _repair(text: str) -> str:
    """Undo typesetting artefacts that split or disguise words."""
    text = _INVISIBLE_RE.sub("", text)
    return _HYPHEN_BREAK_RE.sub(_rejoin, text)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    # OpenCC's table-driven converter; imported lazily, only Chinese text needs it.
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65_536)
def simplified(char: str) -> str:
    """The simplified form of one Han character (itself if it has none).

    Converted character by character so offsets never move; a conversion that
    would change the length (none in OpenCC's t2s tables) is ignored.
    """
    converted = _t2s().convert(char)
    return converted if len(converted) == len(char) else char


def _fold_han(text: str) -> str:
    return _CJK_RUN_RE.sub(lambda run: "".join(map(simplified, run.group())), text)


def _compatible(text: str) -> str:
    """NFKC, with the CJK radicals NFKC leaves alone folded to their ideograph first."""
    return unicodedata.normalize("NFKC", text.translate(RADICAL_SUPPLEMENT_FOLD))


def normalize(text: str) -> str:
    """Return the canonical form of ``text``; ``normalize(normalize(s)) == normalize(s)``."""
    if text.isalnum() and max(text) < "\u2000" and unicodedata.is_normalized("NFKC", text):
        # A plain word in an alphabetic script (most of them): nothing to repair,
        # no Han to fold, no space to squeeze — the same result, several times faster.
        return text.casefold().replace("ё", "е")
    text = _compatible(_repair(text))
    # NFKC can itself produce invisible characters or line-break hyphens
    # (from compatibility forms), so repair once more before folding.
    text = _repair(text).casefold().replace("ё", "е").replace("’", "'")
    if _CJK_RUN_RE.search(text):
        text = unicodedata.normalize("NFKC", _fold_han(text))
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
    return _SPACE_RE.sub("", _compatible(_repair(raw)))


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


#: Russian suffixes that turn a noun into an adjective, as they stand after
#: stemming: углехимия → углехим, углехимический → углехим|ическ.
_RUSSIAN_DERIVATIONS = ("ическ", "ионн", "ион", "енн", "ск", "ов", "ев", "ен", "н", "ик")
_MIN_ROOT = 4


@lru_cache(maxsize=262_144)
def derivation_root(key: str) -> str | None:
    """The root a Russian stem shares with its derivations, or None when it has none.

    ``углехимическ`` and ``углехим`` share ``углехим``; ``логистическ`` and
    ``логистик`` share ``логист``. Used by the matcher only when a word has
    no exact match, so a term in its dictionary form also finds the adjective.
    """
    if not _CYRILLIC_RE.match(key):
        return None
    for suffix in _RUSSIAN_DERIVATIONS:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_ROOT:
            return key[: -len(suffix)]
    return key


class Token(NamedTuple):
    """A word (or Han character) with its offsets in the source string.

    A named tuple, not a dataclass: a document has hundreds of thousands of
    tokens, and a tuple is several times cheaper to create than a frozen
    dataclass (which sets each field through ``object.__setattr__``).
    """

    start: int
    end: int
    form: str
    key: str


_new_token = partial(tuple.__new__, Token)


_ANALYSES: dict[str, tuple[tuple[str, str], ...]] = {}


def _analyse(raw: str) -> tuple[tuple[str, str], ...]:
    """(form, key) of each word of one raw token, stopwords left out; cached per spelling."""
    found = _ANALYSES.get(raw)
    if found is None:
        found = tuple((form, token_key(form)) for form in token_forms(raw) if form not in STOPWORDS)
        if len(_ANALYSES) < 1_000_000:  # a natural language has far fewer spellings than this
            _ANALYSES[raw] = found
    return found


def raw_tokens(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The raw spellings of the tokens of ``text[start:end]``, without offsets (fast)."""
    end = len(text) if end is None else end
    plain = text.isascii() if (start, end) == (0, len(text)) else text[start:end].isascii()
    return (_ASCII_TOKEN_RE if plain else _TOKEN_RE).findall(text, start, end)


def han_characters(text: str, start: int, end: int) -> list[str]:
    """The Han characters of ``text[start:end]``: its raw tokens when :func:`only_han` holds."""
    return _HAN_CHAR_RE.findall(text, start, end)


def only_han(text: str, start: int, end: int) -> bool:
    """Are the tokens of ``text[start:end]`` all single Han characters (no other word)?"""
    return _han_free_word_char().search(text, start, end) is None


def analyse(raw: str) -> tuple[tuple[str, str], ...]:
    """(form, key) of each word of a raw token (stopwords left out)."""
    found = _ANALYSES.get(raw)
    return _analyse(raw) if found is None else found


def has_words(text: str) -> bool:
    """Does ``text`` hold any token once normalized (stopwords aside)?"""
    # Forms suffice (no stemming): a token counts unless it is a stopword.
    return any(
        form not in STOPWORDS for raw in _TOKEN_RE.findall(text) for form in token_forms(raw)
    )


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into normalized tokens (stopwords left out), offsets kept."""
    tokens: list[Token] = []
    append = tokens.append
    analyses = _ANALYSES
    for match in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        raw = match.group()
        analysis = analyses.get(raw)
        if analysis is None:
            analysis = _analyse(raw)
        if analysis:
            start, end = match.span()
            for form, key in analysis:
                append(_new_token((start, end, form, key)))
    return tokens


def is_token(raw: str) -> bool:
    """Is ``raw`` one whole token as :func:`raw_tokens` lists them?"""
    return _TOKEN_RE.fullmatch(raw) is not None


def tokens_from(text: str, start: int, pieces: Iterable[str]) -> list[Token]:
    """The tokens of ``text`` from ``start``, given its raw tokens in order.

    ``pieces`` is what :func:`raw_tokens` listed for that stretch: the offsets
    are found with ``str.find`` instead of a second pass of the regex. A raw
    token begins with a letter or a Han character and nothing between two
    tokens does, so the next occurrence is always the token itself.
    """
    tokens: list[Token] = []
    append = tokens.append
    find = text.find
    analyses = _ANALYSES
    position = start
    for raw in pieces:
        position = find(raw, position)
        end = position + len(raw)
        analysis = analyses.get(raw)
        if analysis is None:
            analysis = _analyse(raw)
        for form, key in analysis:
            append(_new_token((position, end, form, key)))
        position = end
    return tokens


# Whitespace a quote shows as one space; a lone space already is one, and is
# left alone, so a sentence broken across lines costs a match per line break,
# not one per word.
_SPACES = r"[^\S ]\s*|\s{2,}"
_DISPLAY_RE = re.compile(
    rf"(?P<gone>[{_INVISIBLE}])|(?P<brk>(?<={_WORD}){_LINE_BREAK_HYPHEN}(?={_WORD}))|(?P<space>{_SPACES})"
)


# Markdown emphasis and code markers at word edges: **bold**, _italic_, `code`.
_MARKDOWN_RE = re.compile(
    rf"(?P<gone>[{_INVISIBLE}]|(?<!\w)[*_]{{1,3}}(?=\S)|(?<=\S)[*_]{{1,3}}(?!\w)|`+)"
    rf"|(?P<brk>(?<={_WORD}){_LINE_BREAK_HYPHEN}(?={_WORD}))|(?P<space>{_SPACES})"
)


def display(raw: str, *, markdown: bool = False) -> str:
    """Text as a reader should see it quoted: one line, words rejoined."""
    return display_with_span(raw, 0, 0, markdown=markdown)[0]


# Anything DisplayMap would change: if none of it is present, the text stays as it is.
_DISPLAY_SPECIAL_RE = re.compile(
    rf"[{_INVISIBLE}\t\n\r\f\v\u00a0\u2000-\u200a\u2028\u2029\u3000]|\s\s"
)
_MARKDOWN_SPECIAL_RE = re.compile(
    rf"[{_INVISIBLE}\t\n\r\f\v\u00a0\u2000-\u200a\u2028\u2029\u3000*_`]|\s\s"
)


class DisplayMap:
    """A raw text as a reader should see it quoted, with a map from raw offsets into it.

    Built once per sentence; every match in the sentence is then placed with a
    binary search instead of another pass over the text.
    """

    __slots__ = ("_lead", "_out", "_raw", "text")
    _raw: list[int]  # breakpoints: raw offsets …
    _out: list[int]  # … and where they land in the displayed text
    _lead: int
    text: str

    def __init__(self, raw: str, *, markdown: bool = False) -> None:
        if not (_MARKDOWN_SPECIAL_RE if markdown else _DISPLAY_SPECIAL_RE).search(raw):
            # The common case: one line, single spaces, nothing to remove.
            self._raw, self._out = [0], [0]
            self.text = raw.strip()
            self._lead = len(raw) - len(raw.lstrip())
            return
        pieces: list[str] = []
        self._raw = [0]
        self._out = [0]
        out = pos = 0
        pattern = _MARKDOWN_RE if markdown else _DISPLAY_RE
        for match in pattern.finditer(raw):
            pieces.append(raw[pos : match.start()])
            out += match.start() - pos
            self._raw.append(match.start())
            self._out.append(out)
            if match.group("space"):
                replacement = " "
            elif match.group("brk"):
                replacement = _rejoin(match)
            else:
                replacement = ""
            pieces.append(replacement)
            out += len(replacement)
            pos = match.end()
            self._raw.append(pos)
            self._out.append(out)
        pieces.append(raw[pos:])
        joined = "".join(pieces)
        self._lead = len(joined) - len(joined.lstrip())
        self.text = joined.strip()

    def offset(self, raw_offset: int) -> int:
        """Where ``raw_offset`` lands in :attr:`text`."""
        index = bisect_right(self._raw, raw_offset) - 1
        shown = self._out[index] + (raw_offset - self._raw[index]) - self._lead
        return min(max(shown, 0), len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offset(start), self.offset(end)


def display_with_span(
    raw: str, start: int, end: int, *, markdown: bool = False
) -> tuple[str, tuple[int, int]]:
    """Like :func:`display`, also mapping the span ``raw[start:end]`` into the result.

    With ``markdown``, emphasis and code markers are dropped too.
    """
    shown = DisplayMap(raw, markdown=markdown)
    return shown.text, shown.span(start, end)
