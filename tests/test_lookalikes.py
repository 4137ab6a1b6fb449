"""Han look-alikes from PDFs: radicals and compatibility ideographs read as the ideograph.

PDFs printed by browsers and office suites often map glyphs back to the
Kangxi radical, the CJK Radicals Supplement or a CJK compatibility ideograph
instead of the ordinary character (⼤⾖ for 大豆). Matching must see the
ordinary character, and evidence must still quote the text as written.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from northalign.ingest.load import parse_text
from northalign.match import Matcher
from northalign.text.normalize import normalize, only_han, tokenize
from northalign.text.scripts import IDEOGRAPHS

#: The blocks whose characters stand for an ordinary ideograph.
BLOCKS = {
    "CJK Radicals Supplement": range(0x2E80, 0x2EF4),
    "Kangxi Radicals": range(0x2F00, 0x2FD6),
    "CJK Compatibility Ideographs": range(0xF900, 0xFB00),
    "CJK Compatibility Ideographs Supplement": range(0x2F800, 0x2FA1E),
}
_IDEOGRAPH = f"[{IDEOGRAPHS}]"


def _assigned(block: range) -> list[str]:
    return [chr(code) for code in block if unicodedata.name(chr(code), None)]


def _lookalikes() -> dict[str, list[str]]:
    """Each ordinary character's key, and the block characters that fold to it."""
    found: dict[str, list[str]] = {}
    for block in BLOCKS.values():
        for char in _assigned(block):
            folded = normalize(char)
            if len(folded) == 1:
                found.setdefault(folded, []).append(char)
    return found


LOOKALIKES = _lookalikes()


@pytest.fixture(scope="module")
def matcher(rubric):
    return Matcher(rubric)


def test_the_issue_s_sentence_finds_the_same_evidence_in_look_alikes(matcher):
    ordinary = matcher.find(parse_text("加快大豆种植和口岸建设\n"))
    lookalike = matcher.find(parse_text("加快⼤⾖种植和⼝岸建设\n"))
    assert {e.indicator for e in ordinary} == {"agro-food", "border-policy"}
    assert [(e.indicator, e.term, e.span) for e in lookalike] == [
        (e.indicator, e.term, e.span) for e in ordinary
    ]
    assert [e.text for e in lookalike] == ["⼤⾖种植", "⼝岸建设"]


def test_radicals_supplement_look_alikes_fold_too(matcher):
    # ⻓ (C-SIMPLIFIED LONG) and ⻔ have no decomposition: NFKC leaves them alone.
    assert normalize("⻓⻔⺠") == "长门民"
    found = matcher.find(parse_text("推进中蒙俄经济⾛廊建设，⼆连浩特⼝岸扩能。"))
    assert {e.indicator for e in found} >= {"economic-corridors", "border-policy"}


@pytest.mark.parametrize("block", list(BLOCKS))
def test_every_folding_character_of_the_blocks_is_one_token_of_its_ideograph(block):
    folding = 0
    for char in _assigned(BLOCKS[block]):
        folded = normalize(char)
        if not (len(folded) == 1 and re.fullmatch(_IDEOGRAPH, folded)):
            continue  # U+2E80, a repetition mark, stands for no ideograph
        folding += 1
        text = f"x{char}y"
        [token] = [t for t in tokenize(text) if t.start == 1]
        assert (token.start, token.end) == (1, 2), hex(ord(char))
        assert token.key == tokenize(folded)[0].key, hex(ord(char))
        assert only_han(char, 0, 1)
    # Every radical and compatibility ideograph but U+2E80 stands for an ideograph.
    assert folding == len(_assigned(BLOCKS[block])) - (block == "CJK Radicals Supplement")


def _chinese_terms(rubric) -> list[str]:
    terms = [
        term.text
        for indicator in rubric.indicators.values()
        for term in indicator.terms
        if term.text
        and only_han(term.text, 0, len(term.text))
        and all(0x4E00 <= ord(ch) <= 0x9FFF for ch in term.text)
    ]
    return sorted(set(terms))[:400]


_FILLER = ["，", "。", "和", "的", "加快", "推进", "发展", "建设", "地区", " "]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_look_alikes_get_the_evidence_of_their_folded_form(matcher, rubric, data):
    pieces = data.draw(
        st.lists(st.sampled_from(_chinese_terms(rubric) + _FILLER), min_size=1, max_size=12)
    )
    ordinary = "".join(pieces)
    chars = list(ordinary)
    for i, char in enumerate(chars):
        options = LOOKALIKES.get(normalize(char))
        if options and data.draw(st.booleans()):
            chars[i] = data.draw(st.sampled_from(options))
    lookalike = "".join(chars)
    assert normalize(lookalike) == normalize(ordinary)
    assert [(t.start, t.end, t.key) for t in tokenize(lookalike)] == [
        (t.start, t.end, t.key) for t in tokenize(ordinary)
    ]
    plain = matcher.find(parse_text(ordinary))
    found = matcher.find(parse_text(lookalike))
    assert [(e.indicator, e.term, e.line, e.span, e.similarity) for e in found] == [
        (e.indicator, e.term, e.line, e.span, e.similarity) for e in plain
    ]
    for evidence, folded in zip(found, plain, strict=True):
        start, end = evidence.span
        assert 0 <= start < end <= len(evidence.segment)
        assert evidence.text == evidence.segment[start:end]
        assert evidence.text in lookalike  # the characters as written, not their folded form
        assert normalize(evidence.text) == normalize(folded.text)
