"""Tell a text's language from its script, and count its words.

Script settles the languages northalign works in: Han characters are
Chinese, Cyrillic is Russian unless it carries the Mongolian letters ө and ү,
Latin script is taken for English. Segments are judged one by one, so a
Russian strategy quoting a Chinese programme name reports both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from northalign.text.scripts import CJK_RANGES, CYRILLIC

_CJK_RE = re.compile(f"[{CJK_RANGES}]")
_CYRILLIC_RE = re.compile(f"[{CYRILLIC}]")
_MONGOLIAN_RE = re.compile("[өүӨҮ]")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
# A run of word characters that are not Han ideographs (hyphens and apostrophes
# split words here, a negligible difference from the tokenizer's count).
_WORD_RUN_RE = re.compile(f"[^\\W_{CJK_RANGES}]+")
_ASCII_WORD_RUN_RE = re.compile("[A-Za-z0-9]+")


def detect_language(text: str) -> str:
    """``en``, ``ru``, ``mn`` or ``zh`` by the dominant script; ``und`` without letters."""
    return language_and_words(text)[0]


def count_words(text: str) -> int:
    """Words of alphabetic text, plus one word per two Han characters.

    Chinese words average under two characters, so halving the character
    count keeps documents of similar content at similar lengths across languages.
    """
    # subn counts matches without building a list of them (a 16 MB text has millions).
    if text.isascii():  # the same runs, found faster with an ASCII-only class
        return _ASCII_WORD_RUN_RE.subn("", text)[1]
    return _words(text, _CJK_RE.subn("", text)[1])


def _words(text: str, han: int) -> int:
    """Word runs of non-ASCII ``text`` plus one word per two of its ``han`` characters."""
    return _WORD_RUN_RE.subn("", text)[1] + (han + 1) // 2


def language_and_words(text: str) -> tuple[str, int]:
    """:func:`detect_language` and an estimate of :func:`count_words`, in one pass per script.

    ASCII text is counted by its spaces, close enough for language shares.
    """
    if text.isascii():  # the common case, decided without counting
        return ("en" if any(ch.isalpha() for ch in text) else "und"), len(text.split())
    han = _CJK_RE.subn("", text)[1]
    cyrillic = _CYRILLIC_RE.subn("", text)[1]
    latin = _LATIN_RE.subn("", text)[1]
    words = _words(text, han)
    # A Han character carries about two letters' worth.
    language, count = max((("zh", han * 2), ("ru", cyrillic), ("en", latin)), key=lambda i: i[1])
    if not count:
        return "und", words
    if language == "ru" and _MONGOLIAN_RE.subn("", text)[1] * 100 >= cyrillic:
        return "mn", words
    return language, words


def language_shares(parts: Iterable[tuple[str, int]]) -> tuple[tuple[str, float], ...]:
    """Share of words per language from ``(language, words)`` pairs, largest first."""
    totals: Counter[str] = Counter()
    for language, words in parts:
        if language != "und":
            totals[language] += words
    whole = sum(totals.values())
    if not whole:
        return ()
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return tuple((language, round(words / whole, 3)) for language, words in ranked)
