"""Decode the bytes of a text file whose encoding nobody wrote down.

Byte-order marks and strict UTF-8 settle most files; the rest go to
charset-normalizer, whose guess is then checked against plausibility scores
for the two families where detectors most often confuse siblings: Cyrillic
single-byte code pages (Windows-1251, KOI8-R, CP866, Mac) and Chinese
double-byte encodings (GB18030/GBK and Big5, which Japanese and Korean code
pages can also decode without error).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from northalign.text.scripts import BASIC_CYRILLIC, BASIC_HAN, is_frequent_han

# Names reported in the document JSON: WHATWG/IANA labels.
_LABELS = {
    "utf_8": "utf-8",
    "utf_8_sig": "utf-8",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16le",
    "utf_16_be": "utf-16be",
    "utf_32": "utf-32",
    "cp1251": "windows-1251",
    "koi8_r": "koi8-r",
    "koi8_u": "koi8-u",
    "cp866": "ibm866",
    "mac_cyrillic": "x-mac-cyrillic",
    "iso8859_5": "iso-8859-5",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "cp1252": "windows-1252",
    "latin_1": "iso-8859-1",
    "ascii": "utf-8",
}
_CYRILLIC_FAMILY = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
_CHINESE_FAMILY = ("gb18030", "big5")

# Russian letters by frequency in running text; a wrong code page turns them
# into capitals and rare letters, which score nothing.
_RUSSIAN_FREQUENT = "оеаинтсрвлкмдпуяызьбгчйхжшюцщэфъ"
_CYRILLIC_RE = re.compile(f"[{BASIC_CYRILLIC}]")
_HAN_RE = re.compile(f"[{BASIC_HAN}]")


def label(codec: str) -> str:
    """The standard name of a Python codec, as reported in JSON."""
    name = codecs.lookup(codec).name.replace("-", "_")
    return _LABELS.get(name, name.replace("_", "-"))


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


_COMMON_PUNCTUATION = frozenset("，。、；：？！“”‘’《》（）«»…·№°")
_WORDISH_RE = re.compile(r"\w+|\W")
_LATIN_LETTER_RE = re.compile("[A-Za-z\u00c0-\u024f]")
#: Plausibility is judged on a sample: enough to tell code pages apart.
SAMPLE_CHARS = 20_000


@lru_cache(maxsize=1)
def _russian_weights() -> dict[str, float]:
    count = len(_RUSSIAN_FREQUENT)
    weights = {ch: 1.0 - index / (2 * count) for index, ch in enumerate(_RUSSIAN_FREQUENT)}
    # Capitals are normal at the start of words, but rarer than lowercase letters.
    weights.update({ch.upper(): 0.6 for ch in _RUSSIAN_FREQUENT})
    return weights


def plausibility(text: str) -> float:
    """How much ``text`` reads like prose in our languages, in [0, 1].

    ASCII, Latin letters and common punctuation count fully, Russian letters by
    frequency, Han characters when they are among the most frequent ones.
    Mojibake scores low: words that mix Latin and Cyrillic letters ("Cafй"),
    stray symbols, box drawing and kana count nothing.
    """
    from northalign.text.normalize import simplified

    text = text[:SAMPLE_CHARS]
    if not text:
        return 0.0
    weights = _russian_weights()
    total = 0.0
    for word in _WORDISH_RE.findall(text):
        if _CYRILLIC_RE.search(word) and _LATIN_LETTER_RE.search(word):
            continue  # mixed scripts inside one word: a wrong code page
        for ch in word:
            if ch.isascii() or ch in _COMMON_PUNCTUATION or _LATIN_LETTER_RE.match(ch):
                total += 1.0
            elif ch in weights:
                total += weights[ch]
            elif _HAN_RE.match(ch) and is_frequent_han(simplified(ch)):
                total += 1.0
    return total / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: every other byte of ASCII-range text is NUL."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    return _strict(data, codec)


@lru_cache(maxsize=1)
def _boms() -> tuple[tuple[bytes, str], ...]:
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    return (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )


_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def looks_binary(text: str) -> bool:
    """Control characters other than tabs, line and page breaks mean this is not prose."""
    sample = text[:SAMPLE_CHARS]
    return bool(sample) and len(_CONTROL_RE.findall(sample)) * 100 > len(sample)


def decode(data: bytes) -> tuple[str, str] | None:
    """Return ``(text, encoding label)``, or None when the bytes are not text."""
    decoded = _decode(data)
    if decoded is None or looks_binary(decoded[0]):
        return None
    return decoded


def _decode(data: bytes) -> tuple[str, str] | None:
    for bom, codec in _boms():
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return text, label(codec)
    # Before UTF-8: NUL bytes are valid UTF-8, and BOM-less UTF-16 is full of them.
    text = _utf16_without_bom(data)
    if text is not None:
        return text, label("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if b"\x00" in data:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    guess = codecs.lookup(best.encoding).name.replace("-", "_")
    # The detector's guess, checked against the siblings it most often confuses.
    options = [(plausibility(str(best)), 1, guess, str(best))]
    for codec in (*_CYRILLIC_FAMILY, *_CHINESE_FAMILY):
        decoded = _strict(data, codec) if codec != guess else None
        if decoded is not None:
            options.append((plausibility(decoded), 0, codec, decoded))
    _, _, codec, text = max(options, key=lambda option: (option[0], option[1]))
    return text, label(codec)
