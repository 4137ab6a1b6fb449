"""Guess a text's language from its script, and count its words."""

from __future__ import annotations

import re

from northalign.normalize import CJK_RANGES, iter_raw_tokens

_CJK_RE = re.compile(f"[{CJK_RANGES}]")
_CYRILLIC_RE = re.compile("[\u0400-\u052f]")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")


def detect_language(text: str) -> str:
    """Return ``en``, ``ru`` or ``zh`` by the dominant script, or ``und`` without letters.

    Script is a reliable signal for the three languages of the default rubric;
    Latin script is reported as English.
    """
    counts = {
        "zh": len(_CJK_RE.findall(text)) * 2,  # a Han character carries about two letters' worth
        "ru": len(_CYRILLIC_RE.findall(text)),
        "en": len(_LATIN_RE.findall(text)),
    }
    language, count = max(counts.items(), key=lambda item: item[1])
    return language if count else "und"


def count_words(text: str) -> int:
    """Words of alphabetic text, plus one word per two Han characters.

    Chinese words average under two characters, so halving the character
    count keeps documents of similar content at similar lengths across languages.
    """
    words = 0
    han = 0
    for _start, _end, raw in iter_raw_tokens(text):
        if _CJK_RE.match(raw):
            han += 1
        else:
            words += 1
    return words + (han + 1) // 2
