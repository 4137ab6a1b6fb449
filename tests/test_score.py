import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from northalign.ingest.load import parse_text
from northalign.model import DocumentInfo, Evidence
from northalign.pipeline import profile_document
from northalign.score import compare_profiles, profile_from_evidence, saturate

UNRELATED = """
    hospital nurses vaccination weather music garden library school lunch football
    theatre painting poetry kindergarten pharmacy dentist bakery orchestra
""".split()


def info(words: int = 1000) -> DocumentInfo:
    return DocumentInfo(path="doc.md", title="Doc", language="en", segments=10, words=words)


def evidence(indicator: str, term: str, similarity: float = 100.0) -> Evidence:
    return Evidence(indicator, term, term, 1, None, similarity, term, (0, len(term)), 0)


indicator_ids = st.sampled_from(
    ["resource-industries", "agro-food", "transport-corridors", "logistics-hubs", "water-use"]
)
evidence_lists = st.lists(
    st.builds(
        evidence,
        indicator_ids,
        st.sampled_from(["term one", "term two", "term three"]),
        st.floats(88, 100),
    ),
    max_size=40,
)


def test_saturation_grows_with_evidence_and_shrinks_with_length(mini):
    assert saturate(0, 1000, mini) == 0
    assert saturate(1, 1000, mini) < saturate(3, 1000, mini) < 1
    assert saturate(3, 16000, mini) < saturate(3, 1000, mini)
    # Below the reference length, shortness does not inflate scores.
    assert saturate(3, 200, mini) == saturate(3, 1000, mini)
    # Kept to SCORE_DIGITS decimals: the numbers a profile stores are the numbers it holds.
    assert saturate(mini.scoring.saturation, 1000, mini) == round(1 - math.exp(-1), 4)


def test_repeating_one_term_weighs_less_than_different_terms(mini):
    same = profile_from_evidence(info(), mini, [evidence("agro-food", "dairy industry")] * 4)
    varied = profile_from_evidence(
        info(),
        mini,
        [evidence("agro-food", t) for t in ("dairy industry", "milk processing", "a", "b")],
    )
    assert same.indicators["agro-food"].score < varied.indicators["agro-food"].score
    assert same.indicators["agro-food"].hits == 4 and same.indicators["agro-food"].terms == 1


@settings(max_examples=200, deadline=None)
@given(evidence_lists, st.integers(1, 100_000))
def test_scores_stay_in_range(mini, items, words):
    profile = profile_from_evidence(info(words), mini, items)
    for score in [
        *profile.vectors.values(),
        *profile.indicators.values(),
        *profile.frictions.values(),
    ]:
        assert 0.0 <= score.score <= 1.0


@settings(max_examples=200, deadline=None)
@given(evidence_lists, evidence_lists)
def test_alignment_is_symmetric_and_in_range(mini, left_items, right_items):
    left = profile_from_evidence(info(), mini, left_items)
    right = profile_from_evidence(info(2000), mini, right_items)
    ab = compare_profiles(left, right, mini)
    ba = compare_profiles(right, left, mini)
    assert 0 <= ab.overall <= 100
    assert ab.overall == pytest.approx(ba.overall)
    for vector_id, aligned in ab.vectors.items():
        assert 0 <= aligned.score <= 100
        assert aligned.score == pytest.approx(ba.vectors[vector_id].score)
    for indicator_id, aligned in ab.indicators.items():
        assert aligned.score == pytest.approx(ba.indicators[indicator_id].score)
        assert aligned.status == ba.indicators[indicator_id].status
    assert [s.indicator for s in ab.shared] == [s.indicator for s in ba.shared]
    assert [(g.indicator, g.strong_side) for g in ab.gaps] == [
        (g.indicator, "left" if g.strong_side == "right" else "right") for g in ba.gaps
    ]
    assert {(c.left_indicator, c.right_indicator) for c in ab.complements} == {
        (c.right_indicator, c.left_indicator) for c in ba.complements
    }


@settings(max_examples=200, deadline=None)
@given(evidence_lists)
def test_self_comparison_scores_100(mini, items):
    profile = profile_from_evidence(info(), mini, items)
    comparison = compare_profiles(profile, profile, mini)
    addressed = any(s.score >= mini.scoring.silent for s in profile.indicators.values())
    assert comparison.unadjusted == (pytest.approx(100.0) if addressed else 0.0)
    # The figure shown is shrunk by the evidence it rests on: n / (n + k) of it.
    n, k = profile.quotes, mini.scoring.evidence_prior
    assert comparison.overall == pytest.approx(comparison.unadjusted * n / (n + k))
    assert comparison.gaps == () and comparison.complements == ()


def test_alignment_is_high_only_when_both_address_a_theme(mini):
    strong = [evidence("agro-food", t) for t in ("x", "y", "z")]
    left = profile_from_evidence(info(), mini, strong)
    right = profile_from_evidence(info(), mini, [])
    comparison = compare_profiles(left, right, mini)
    assert comparison.overall == 0
    assert comparison.indicators["agro-food"].status == "gap"
    assert [g.indicator for g in comparison.gaps] == ["agro-food"]


def test_complements_and_frictions(mini):
    left = profile_from_evidence(
        info(),
        mini,
        [evidence("resource-industries", t) for t in "abc"] + [evidence("water-use", "w")],
    )
    right = profile_from_evidence(
        info(),
        mini,
        [evidence("transport-corridors", t) for t in "abc"] + [evidence("water-use", "w")],
    )
    comparison = compare_profiles(left, right, mini)
    assert [(c.left_indicator, c.right_indicator) for c in comparison.complements] == [
        ("resource-industries", "transport-corridors")
    ]
    assert [f.friction for f in comparison.frictions] == ["water-use"]


def test_profiles_of_different_rubrics_cannot_be_compared(mini, rubric):
    profile = profile_from_evidence(info(), mini, [])
    with pytest.raises(Exception, match="different rubric"):
        compare_profiles(profile, profile, rubric)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(UNRELATED), min_size=1, max_size=60), st.integers(0, 5))
def test_padding_with_unrelated_text_adds_no_evidence(default_matcher, words, where):
    base = (
        "The region develops coal chemistry and deep processing of coal.\n\n"
        "A new railway bridge links it with the dry port.\n\n"
        "The Siberian Branch of the Russian Academy of Sciences hosts joint laboratories."
    )
    paragraphs = base.split("\n\n")
    padding = " ".join(words).capitalize() + "."
    padded = "\n\n".join([*paragraphs[: where % 4], padding, *paragraphs[where % 4 :]])
    matcher = default_matcher

    def found(text):
        return sorted((e.indicator, e.term, e.text) for e in matcher.find(parse_text(text)))

    assert found(padded) == found(base)


def test_profile_document_end_to_end(mini):
    document = parse_text("We build a railway and a dry port. Coal chemistry grows.", "x.md")
    profile = profile_document(document, mini)
    assert profile.indicators["transport-corridors"].hits == 1
    assert profile.vectors["connectivity"].score > 0
    assert profile.rubric == mini.stamp
