import pytest
from hypothesis import given
from hypothesis import strategies as st

from northalign.ingest.load import parse_text
from northalign.match import Matcher


@pytest.fixture(scope="module")
def matcher(mini):
    return Matcher(mini)


def find(matcher, text):
    return matcher.find(parse_text(text, "t.md"))


def hits(matcher, text):
    return [(e.indicator, e.term, e.text) for e in find(matcher, text)]


def test_exact_match_with_line_and_segment(matcher):
    text = "# Plan\n\nThe region builds a dry port.\nIt also expands coal chemistry plants."
    found = find(matcher, text)
    assert [(e.indicator, e.text, e.line) for e in found] == [
        ("logistics-hubs", "dry port", 3),
        ("resource-industries", "coal chemistry", 4),
    ]
    assert found[0].segment == "The region builds a dry port."
    assert found[0].segment[slice(*found[0].span)] == "dry port"
    assert found[0].similarity == 100.0


def test_inflected_english_and_russian(matcher):
    assert hits(matcher, "New railways were built.") == [
        ("transport-corridors", "railway", "railways")
    ]
    assert hits(matcher, "Развитие Северного морского пути и железных дорог.") == [
        ("transport-corridors", "Северный морской путь", "Северного морского пути"),
        ("transport-corridors", "железная дорога", "железных дорог"),
    ]


def test_typo_is_matched_with_similarity_below_100(matcher):
    [hit] = find(matcher, "Upgrade the infrastucture of the border.")
    assert hit.term == "infrastructure"
    assert hit.text == "infrastucture"
    assert 88 <= hit.similarity < 100


def test_short_words_are_never_fuzzy(matcher):
    assert hits(matcher, "Our goal is clear.") == []


def test_word_hyphenated_across_lines(matcher):
    found = find(matcher, "They will build a new rail-\nway to the border.")
    assert [(e.term, e.text, e.line) for e in found] == [("railway", "railway", 1)]


def test_longest_match_wins_and_nothing_counts_twice(matcher):
    found = find(matcher, "A railway bridge and deep processing of coal.")
    assert [e.term for e in found] == ["railway bridge", "deep processing of coal"]


def test_hyphenated_term_matches_spaced_text(matcher):
    assert [e.term for e in find(matcher, "Coal chemical plants expand.")] == ["coal-chemical"]


def test_exclusion_vetoes_an_overlapping_hit(matcher):
    assert hits(matcher, "Visit the railway museum.") == []
    assert len(hits(matcher, "The railway museum is near the railway.")) == 1


def test_case_sensitive_acronym(matcher):
    assert [e.term for e in find(matcher, "Shipping on the NSR grows.")] == ["NSR"]
    assert find(matcher, "The nsr value.") == []


def test_exact_term_does_not_stem(matcher):
    assert [e.term for e in find(matcher, "A logistics hub.")] == ["hub"]
    assert find(matcher, "Logistics hubs.") == []


def test_chinese_terms_match_inside_unspaced_text(matcher):
    found = find(matcher, "推进中蒙俄经济走廊建设，发展现代煤化工。")
    assert [(e.term, e.text) for e in found] == [
        ("中蒙俄经济走廊", "中蒙俄经济走廊"),
        ("煤化工", "煤化工"),
    ]


def test_terms_do_not_span_sentences(matcher):
    assert [e.term for e in find(matcher, "We build a railway. Bridge repairs follow.")] == [
        "railway"
    ]


def test_friction_terms_become_evidence(matcher):
    [hit] = find(matcher, "Water scarcity limits new plants.")
    assert hit.indicator == "water-use"


def test_evidence_line_is_where_the_match_starts(matcher):
    text = "Intro line.\n\nThe plan will\nexpand the dairy\nindustry quickly."
    [hit] = find(matcher, text)
    assert hit.line == 4
    assert hit.text == "dairy industry"


def test_terms_do_not_match_across_commas(matcher):
    assert [e.term for e in find(matcher, "Milk, processing and packaging.")] == []
    assert [e.term for e in find(matcher, "Dairy industry, milk processing.")] == [
        "dairy industry",
        "milk processing",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Развитие углехимии и глубокой переработки угля. Ледоколы для Северного морского пути.",
            {"resource-industries", "northern-sea-route"},
        ),
        (
            "Создание технопарков и трансфер технологий в новосибирском Академгородке.",
            {"commercialization", "research-base"},
        ),
        (
            "推进中蒙俄经济走廊建设。加快满洲里、二连浩特口岸建设，发展现代煤化工和乳业。",
            {"economic-corridors", "border-policy", "resource-industries", "agro-food"},
        ),
        ("建设国家重点实验室，促进科技成果转化。", {"research-base", "commercialization"}),
    ],
)
def test_default_rubric_in_russian_and_chinese(default_matcher, text, expected):
    document = parse_text(text)
    assert {e.indicator for e in default_matcher.find(document)} == expected
    assert document.language in ("ru", "zh")


def test_a_match_that_wraps_records_both_lines(matcher):
    [hit] = find(matcher, "They build a dry\nport near the border.")
    assert (hit.text, hit.line, hit.end_line) == ("dry port", 1, 2)


def test_russian_derivations_match_the_dictionary_form(matcher):
    found = find(matcher, "Развитие углехимической промышленности региона.")
    assert [(e.term, e.text, e.similarity) for e in found] == [
        ("углехимия", "углехимической", 95.0)
    ]


def test_traditional_chinese_matches_simplified_terms(matcher):
    found = find(matcher, "推進中蒙俄經濟走廊建設。")
    assert [(e.term, e.text) for e in found] == [("中蒙俄经济走廊", "中蒙俄經濟走廊")]


def test_an_inserted_de_is_tolerated(matcher):
    assert [e.text for e in find(matcher, "发展现代煤的化工。")] == ["煤的化工"]


def test_chinese_split_by_stray_spaces_still_matches(matcher):
    assert [e.term for e in find(matcher, "中 蒙 俄 经 济 走 廊")] == ["中蒙俄经济走廊"]


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("Грузы идут вдоль Транссибирской магистрали.", "transport-corridors"),
        ("В условиях дефицита водных ресурсов.", "water-use"),
        ("Строительство контейнерных терминалов.", "logistics-hubs"),
        ("Развитие газохимического комплекса.", "resource-industries"),
        ("Источник синхротронного излучения.", "research-base"),
    ],
)
def test_russian_forms_the_stemmer_cuts_unevenly(default_matcher, text, indicator):
    assert {e.indicator for e in default_matcher.find(parse_text(text))} == {indicator}


def test_russian_acronyms_are_case_sensitive(rubric):
    matcher = Matcher(rubric)
    assert matcher.find(parse_text("Скифские курганы Алтая.")) == []
    assert [e.term for e in matcher.find(parse_text("ЦКП «СКИФ» в Кольцово."))] == [
        "ЦКП",  # a shared-use research centre
        "СКИФ",
        "Кольцово",
    ]


def test_a_compound_broken_at_its_hyphen_is_split_when_only_its_parts_match(matcher):
    found = find(matcher, "Plants for coal-\nchemical output and a new rail-\nway.")
    assert [(e.term, e.text) for e in found] == [
        ("coal-chemical", "coalchemical"),
        ("railway", "railway"),
    ]


def test_context_terms_count_only_with_their_context(matcher):
    assert find(matcher, "The airport terminal was repainted.") == []
    assert [e.term for e in find(matcher, "A new freight terminal opens.")] == ["terminal"]
    assert find(matcher, "They served port wine at dinner.") == []
    assert [e.term for e in find(matcher, "The port handles border trade.")] == ["port"]


def test_context_phrases_are_never_evidence_themselves(matcher):
    assert [e.term for e in find(matcher, "Road and rail freight grew.")] == []


# Sentences built from the mini rubric's words, fillers, stopwords and the
# punctuation and line breaks that split or join phrases.
_PIECES = [
    "coal chemistry",
    "coal, chemistry",
    "coal-\nchemical",
    "deep processing of coal",
    "deep processing",
    "dairy industry",
    "dairy the industry",
    "milk processing",
    "railway bridge",
    "railway museum",
    "railways",
    "dry port",
    "dry",
    "port",
    "hub",
    "hubs",
    "terminal",
    "freight",
    "trade",
    "NSR",
    "nsr",
    "water withdrawal",
    "Северного морского пути",
    "морского пути",
    "углехимической",
    "煤化工",
    "煤的化工",
    "煤化",
    "中蒙俄经济走廊",
    "中蒙俄經濟走廊",
    "经济走廊",
    "的",
    ",",
    ".",
    "\n",
    "rail-\nway",
    "plain",
    "words",
    "the",
    "煤ⓑ化工",
    "㊀",
    "ⓑ",
]


@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=12), max_size=6))
def test_the_sentence_filter_never_changes_what_is_found(matcher, sentences):
    # find() skips sentences that cannot hold a term; checking every sentence
    # in full must give exactly the same evidence.
    from northalign.match import _Lexicon
    from northalign.text.normalize import raw_tokens, tokenize

    text = "\n\n".join(" ".join(words) for words in sentences)
    document = parse_text(text, "t.md")
    matcher._prepare(text)  # as find() does: the scripts of the text compiled first
    lexicon = _Lexicon(matcher)
    for raw in raw_tokens(text):
        lexicon[raw]
    expected = []
    for segment in document.segments:
        tokens = matcher._unjoin_compounds(text, tokenize(text, segment.start, segment.end))
        expected += matcher._find_in_segment(document, segment, tokens, lexicon.mapping)
    assert matcher.find(document) == expected


def test_terms_compiled_on_demand_find_what_terms_compiled_at_once_find(mini):
    # Cyrillic and Han terms are compiled when a document first holds the
    # script; every index must come out as if all were compiled together.
    texts = [
        "The dry port and the railway bridge grow.",
        "Развитие Северного морского пути и углехимической отрасли.",
        "推进中蒙俄經濟走廊和煤化工。 Railway terminal freight.",
    ]
    documents = [parse_text(text, f"{i}.md") for i, text in enumerate(texts)]
    at_once = Matcher(mini)
    at_once._prepare("ж 中")
    assert not any(at_once._pending.values())
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        lazy = Matcher(mini)
        found = {i: lazy.find(documents[i]) for i in order}
        assert [found[i] for i in range(3)] == [at_once.find(d) for d in documents]
    english_only = Matcher(mini)
    english_only.find(documents[0])
    assert english_only._pending["cyrillic"] and english_only._pending["han"]


def test_indexes_do_not_depend_on_the_order_scripts_are_compiled_in():
    from northalign.rubric import load_rubric

    rubric = load_rubric()

    def indexes(first: str, second: str) -> tuple:
        matcher = Matcher(rubric)
        matcher._prepare(first)
        matcher._prepare(second)
        return (
            dict(matcher._by_first), dict(matcher._buckets), dict(matcher._form_buckets),
            matcher._form_key, matcher._roots, matcher._shortened, matcher._vocabulary,
            matcher._singles, matcher._pairs,
        )  # fmt: skip

    assert indexes("ж", "中") == indexes("中", "ж") == indexes("ж 中", "")


def test_characters_between_chinese_tokens_do_not_split_a_term(matcher):
    # ⓑ is no token (tokenization skips it), though it normalizes to "b": a
    # Chinese sentence read character by character must skip it the same way.
    for text in ("推进煤ⓑ化工。", "推进煤化ⓑ工。"):
        assert [e.term for e in find(matcher, text)] == ["煤化工"], text


def test_a_matcher_shared_by_threads_or_pickled_finds_the_same():
    # Dask may run partitions in threads of one process: terms compiled on
    # demand must not be compiled twice or read half-built.
    import pickle
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from northalign.rubric import load_rubric

    rubric = load_rubric()  # the default rubric: compiling a script takes long enough to race

    texts = [
        "The dry port and the railway bridge grow.",
        "Развитие Северного морского пути и углехимической отрасли.",
        "推进中蒙俄經濟走廊和煤化工。 Railway terminal freight.",
    ] * 8
    documents = [parse_text(text, f"{i}.md") for i, text in enumerate(texts)]
    # What a matcher of its own finds in each text (one per distinct text: building costs).
    fresh = {text: Matcher(rubric).find(parse_text(text, "fresh.md")) for text in set(texts)}
    expected = [fresh[text] for text in texts]  # evidence names no path
    shared = Matcher(rubric)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            found = list(pool.map(shared.find, documents))
    finally:
        sys.setswitchinterval(interval)
    assert found == expected
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(shared.find, documents)) == expected
    copy = pickle.loads(pickle.dumps(Matcher(rubric)))
    assert [copy.find(document) for document in documents] == expected
