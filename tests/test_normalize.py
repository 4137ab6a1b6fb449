import re

from hypothesis import example, given
from hypothesis import strategies as st

from northalign.text.normalize import (
    CJK_RANGES,
    display,
    display_with_span,
    han_characters,
    normalize,
    only_han,
    raw_tokens,
    tokenize,
    tokens_from,
)


def forms(text: str) -> list[str]:
    return [token.form for token in tokenize(text)]


def keys(text: str) -> list[str]:
    return [token.key for token in tokenize(text)]


def test_nfkc_casefold_yo_and_whitespace():
    assert normalize("  ＡＢＣ\t１２  Ёлка\n\nﬁnance ") == "abc 12 елка finance"


def test_soft_hyphens_and_line_break_hyphenation_are_repaired():
    assert normalize("rail-\n  way trans\u00adport") == "railway transport"
    assert forms("rail-\nway") == ["railway"]
    assert forms("trans\u00adport") == ["transport"]


def test_ordinary_hyphens_separate_words():
    assert forms("coal-to-liquids") == ["coal", "to", "liquids"]


def test_articles_are_dropped_but_offsets_kept():
    tokens = tokenize("The Northern Sea Route")
    assert [t.form for t in tokens] == ["northern", "sea", "route"]
    assert tokens[0].start == 4


def test_stemming_unifies_inflections():
    assert keys("Северного морского пути") == keys("Северный морской путь")
    assert keys("railways corridors") == keys("railway corridor")
    assert keys("commercialisation") == keys("commercialization")


def test_every_han_character_is_a_token():
    assert forms("中蒙俄经济走廊") == list("中蒙俄经济走廊")


def test_display_with_span_maps_offsets():
    raw = "Build the rail-\nway   corridor now."
    start = raw.index("rail")
    end = raw.index("corridor") + len("corridor")
    text, (a, b) = display_with_span(raw, start, end)
    assert text == "Build the railway corridor now."
    assert text[a:b] == "railway corridor"
    assert display(" a \n b ") == "a b"


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_token_forms_are_fixed_points(text):
    # A normalized token re-tokenizes to itself, so terms and text agree
    # whichever of them was normalized first.
    found = forms(text)
    assert forms(" ".join(found)) == found
    assert all(normalize(form) == form for form in found)


@given(st.text(), st.integers(0, 50), st.integers(0, 50))
def test_display_with_span_never_fails(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    shown, (x, y) = display_with_span(text, start, end)
    assert 0 <= x <= y <= len(shown)


def test_display_drops_markdown_emphasis_only_when_asked():
    raw = "**Dairy and agro-food.** The `plan` backs *dairy*; snake_case stays."
    text, (a, b) = display_with_span(raw, raw.index("agro"), raw.index("food") + 4, markdown=True)
    assert text == "Dairy and agro-food. The plan backs dairy; snake_case stays."
    assert text[a:b] == "agro-food"
    assert display(raw) == raw


def test_lines_are_counted_as_editors_count_them():
    from northalign.ingest.load import parse_text

    document = parse_text("one\x0ctwo\u2028three\r\nfour\rfive\nsix")
    assert [
        document.line_of(document.text.index(w)) for w in ("one", "three", "four", "five", "six")
    ] == [1, 1, 2, 3, 4]


def test_a_compound_broken_at_a_line_end_keeps_its_parts():
    assert forms("coal-to-\nliquids") == ["coal", "to", "liquids"]
    assert forms("a rail-\nway") == ["railway"]
    assert display("coal-to-\nliquids") == "coal-to-liquids"


# Text that exercises the tokenizer's edges: Han and Latin side by side,
# line-end hyphens, apostrophes, combining marks, soft hyphens, 的.
_EDGY = st.text(alphabet="ab中蒙俄的經 -'\n\t\u00ad\u0301.,1_Жⓑ㊀", max_size=40)


@given(st.one_of(st.text(), _EDGY))
def test_only_han_means_every_token_is_one_han_character(text):
    han = re.compile(f"[{CJK_RANGES}]")
    expected = all(han.fullmatch(raw) for raw in raw_tokens(text))
    assert only_han(text, 0, len(text)) == expected


def test_script_character_lists_hold_everything_that_normalizes_into_the_script():
    # The matcher compiles Cyrillic and Han terms only for documents holding
    # those scripts; that is exact only if these lists miss no character.
    import sys
    import unicodedata

    from northalign.text.scripts import (
        CJK_RANGES,
        CYRILLIC_CHARS,
        HAN_CHARS,
        RADICAL_SUPPLEMENT_FOLD,
    )

    script = {"cyrillic": re.compile("[\u0400-\u052f]"), "han": re.compile(f"[{CJK_RANGES}]")}
    listed = {"cyrillic": re.compile(f"[{CYRILLIC_CHARS}]"), "han": re.compile(f"[{HAN_CHARS}]")}
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char.translate(RADICAL_SUPPLEMENT_FOLD))
        for name, pattern in script.items():
            assert bool(pattern.search(folded)) <= bool(listed[name].match(char)), (name, hex(code))


@given(st.one_of(st.text(), _EDGY))
def test_tokens_from_raw_tokens_are_the_tokens(text):
    assert tokens_from(text, 0, raw_tokens(text)) == tokenize(text)
    if only_han(text, 0, len(text)):
        assert han_characters(text, 0, len(text)) == raw_tokens(text)


@given(
    st.one_of(st.text(alphabet="a1 -'’\n_.", max_size=30), _EDGY),
    st.integers(0, 40),
    st.integers(0, 40),
)
@example("-a'1", 0, 4)
@example("x-ab-\ncd y'z", 0, 13)
@example("a-b", 2, 3)
def test_raw_tokens_of_any_stretch_are_the_token_pattern_s(text, start, end):
    # Plain ASCII stretches are listed by a faster pattern; it must agree exactly.
    from northalign.text.normalize import _TOKEN_RE

    start, end = min(start, len(text)), min(max(start, end), len(text))
    assert raw_tokens(text, start, end) == _TOKEN_RE.findall(text, start, end)
