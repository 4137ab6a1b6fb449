"""Pure scoring: evidence → :class:`Profile`, two profiles → :class:`Comparison`.

No I/O, no terminal: every function here is a plain computation over
dataclasses, so the same numbers come out of the CLI, the library and tests.
"""

from __future__ import annotations

import math
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import NamedTuple

from northalign.errors import NorthalignError
from northalign.model import (
    LANGUAGES,
    Comparison,
    Complement,
    DocumentInfo,
    Evidence,
    Friction,
    FrictionScore,
    Gap,
    IndicatorAlignment,
    IndicatorScore,
    ModelStamp,
    Profile,
    Rubric,
    Shared,
    VectorAlignment,
    VectorScore,
)


def evidence_units(evidence: Iterable[Evidence]) -> float:
    """Sum the evidence for one indicator with diminishing returns per term.

    Each hit is worth its similarity (1.0 for an exact match; a learned model's
    evidence, its probability); the k-th
    occurrence of the same term is worth 1/k of that, so ten repetitions of
    one phrase weigh less than five different phrases. A rule's hits (and a
    context term's) are the same "term" only when the same phrases filled
    every part.
    """
    seen: dict[tuple[str, ...], int] = defaultdict(int)
    total = 0.0
    for item in evidence:
        key = (item.term, *(part.term for part in item.parts))
        seen[key] += 1
        worth = item.probability if item.probability is not None else item.similarity / 100.0
        total += worth / seen[key]
    return total


#: A profile lists at most this many occurrences of one term of an indicator or
#: friction: the first ones, in document order. Hits and scores count them all;
#: the list is for quoting, and the k-th occurrence of a term weighs 1/k of the
#: first. Unbounded, a text that repeats a phrase listed it millions of times
#: (30 MB without punctuation: 2 million evidence items, 4.7 GB of JSON).
LISTED_PER_TERM = 100


def listed_evidence(
    evidence: Iterable[Evidence], per_term: int = LISTED_PER_TERM
) -> tuple[Evidence, ...]:
    """The evidence a profile keeps: each term's first ``per_term`` occurrences (a rule's or
    a context term's are the same term when the same phrases filled every part)."""
    seen: dict[tuple[str, ...], int] = defaultdict(int)
    kept: list[Evidence] = []
    for item in evidence:
        key = (item.indicator, item.term, *(part.term for part in item.parts))
        seen[key] += 1
        if seen[key] <= per_term:
            kept.append(item)
    return tuple(kept)


def distinct_quotes(evidence: Iterable[Evidence]) -> set[int]:
    """The sentences (segment indexes) evidence stands in: a figure's evidence strength.

    Sentences, not hits: three terms of one sentence are one quote a reader can
    check, and a phrase repeated in ten sentences is ten.
    """
    return {item.segment_index for item in evidence}


def evidence_factor(quotes: tuple[int, int], rubric: Rubric) -> float:
    """How far the overall alignment is trusted: n / (n + k), n the smaller side's quotes.

    k (``scoring.evidence_prior``) counts as k imagined quotes that agree on
    nothing, so the figure shrinks toward 0, the value of no shared evidence:
    with k = 1, one quote on each side keeps half the figure, three keep 75 %,
    nine 90 %, and forty 98 %. See docs/scoring.md.
    """
    n = min(quotes)
    prior = rubric.scoring.evidence_prior
    return 1.0 if prior == 0 else n / (n + prior)


def is_thin(quotes: tuple[int, int], rubric: Rubric) -> bool:
    """Fewer than ``scoring.thin_quotes`` distinct quotes on a side (reports say so)."""
    return min(quotes) < rubric.scoring.thin_quotes


#: Decimals a profile's scores keep. A profile holds the very numbers JSON and CSV store,
#: so a comparison from stored or cached profiles is the same to the last bit as one
#: from the documents: otherwise a figure near a rounding boundary (65.05) printed
#: 65.1 from a fresh run and 65.0 from ``batch --profiles``.
SCORE_DIGITS = 4


def saturate(units: float, words: int, rubric: Rubric) -> float:
    """Map evidence units to [0, 1]: 1 - exp(-units / scale), scale growing with sqrt(length)."""
    params = rubric.scoring
    scale = params.saturation * math.sqrt(max(1.0, words / params.reference_words))
    return round(1.0 - math.exp(-units / scale), SCORE_DIGITS)


#: Above this share of a document's words in languages the rubric has no terms
#: for, its scores say more about its language than about its content.
UNREAD_SHARE = 0.5


def _language_names(codes: Iterable[str]) -> str:
    return " and ".join(LANGUAGES.get(code, code) for code in codes)


def language_warning(document: DocumentInfo, rubric: Rubric) -> str | None:
    """A warning when most of ``document`` is in languages ``rubric`` has no terms for.

    Such a document scores near zero whatever it says; a reader must not take
    that for silence on the themes. None when the rubric can read most of it.
    """
    shares = document.languages or (
        ((document.language, 1.0),) if document.language != "und" else ()
    )
    unread = [code for code, _share in shares if code not in rubric.languages]
    share = sum(part for code, part in shares if code in unread)
    if share <= UNREAD_SHARE:
        return None
    where = "the text is" if share >= 0.995 else f"{share:.0%} of the text is"
    known = ", ".join(LANGUAGES[code] for code in LANGUAGES if code in rubric.languages)
    return (
        f"{where} in {_language_names(unread)}, for which rubric {rubric.name} has no terms "
        f"(only {known or 'none'}): its scores reflect the language, not the content"
    )


def profile_from_evidence(
    document: DocumentInfo,
    rubric: Rubric,
    evidence: Sequence[Evidence],
    model: ModelStamp | None = None,
) -> Profile:
    """Score one document on every indicator, vector and friction of ``rubric``.

    A document mostly in languages the rubric has no terms for gets a warning
    saying so (see :func:`language_warning`). ``model`` names the learned model
    whose evidence (``source="model"``) is among ``evidence``.
    """
    warning = language_warning(document, rubric)
    if warning is not None and warning not in document.warnings:
        document = replace(document, warnings=(*document.warnings, warning))
    by_owner: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_owner[item.indicator].append(item)

    indicators: dict[str, IndicatorScore] = {}
    vectors: dict[str, VectorScore] = {}
    everywhere: set[int] = set()  # sentences behind any indicator
    for vector in rubric.vectors:
        weighted = 0.0
        in_vector: set[int] = set()
        for indicator in vector.indicators:
            hits = by_owner.get(indicator.id, [])
            sentences = distinct_quotes(hits)
            in_vector |= sentences
            score = saturate(evidence_units(hits), document.words, rubric)
            indicators[indicator.id] = IndicatorScore(
                id=indicator.id,
                vector=vector.id,
                score=score,
                hits=len(hits),
                terms=len({item.term for item in hits}),
                weight=indicator.weight,
                quotes=len(sentences),
            )
            weighted += indicator.weight * score
        total_weight = sum(indicator.weight for indicator in vector.indicators)
        vectors[vector.id] = VectorScore(
            vector.id, round(weighted / total_weight, SCORE_DIGITS), vector.weight, len(in_vector)
        )
        everywhere |= in_vector

    frictions = {
        friction.id: FrictionScore(
            friction.id,
            saturate(evidence_units(by_owner.get(friction.id, [])), document.words, rubric),
            len(by_owner.get(friction.id, [])),
            len(distinct_quotes(by_owner.get(friction.id, []))),
        )
        for friction in rubric.frictions
    }
    return Profile(
        document=document,
        rubric=rubric.stamp,
        vectors=vectors,
        indicators=indicators,
        frictions=frictions,
        evidence=listed_evidence(evidence),
        quotes=len(everywhere),
        model=model,
    )


class AlignmentNumbers(NamedTuple):
    """The figures of a comparison without the lists: what batch rows need, computed fast.

    A named tuple: batch makes one per pair, and tuples are the cheapest to make.
    """

    overall: float  # adjusted for the evidence behind it (see evidence_factor)
    vectors: dict[str, float | None]  # None: neither document addresses the vector
    indicators: dict[str, tuple[float, str, float, float]]  # score, status, left, right
    unadjusted: float  # the overall before the adjustment


@dataclass(frozen=True)
class _Layout:
    ids: tuple[str, ...]
    # For each vector: its id and (position, weight, share of the overall) per indicator.
    vectors: tuple[tuple[str, tuple[tuple[int, float, float], ...]], ...]


# Layouts by id() of their rubric: a batch looks one up per pair, and a rubric cannot be a
# dictionary key itself (it is unhashable, and hashing its content would cost more than the
# layout saves). An id is reused once its object is gone, so each entry holds a weak
# reference that must still point at the very rubric asked about, and that removes the
# entry when the rubric goes: a rubric built in place of a dropped one never gets its layout.
_LAYOUTS: dict[int, tuple[weakref.ref[Rubric], _Layout]] = {}


def _forget(key: int, reference: weakref.ref[Rubric]) -> None:
    entry = _LAYOUTS.get(key)
    if entry is not None and entry[0] is reference:
        del _LAYOUTS[key]


def _layout(rubric: Rubric) -> _Layout:
    key = id(rubric)
    entry = _LAYOUTS.get(key)
    if entry is not None and entry[0]() is rubric:
        return entry[1]
    ids = tuple(rubric.indicators)
    position = {indicator_id: index for index, indicator_id in enumerate(ids)}
    found = _Layout(
        ids,
        tuple(
            (
                vector.id,
                tuple(
                    (
                        position[ind.id],
                        ind.weight,
                        vector.weight * ind.weight / sum(i.weight for i in vector.indicators),
                    )
                    for ind in vector.indicators
                ),
            )
            for vector in rubric.vectors
        ),
    )
    _LAYOUTS[key] = (weakref.ref(rubric, partial(_forget, key)), found)
    return found


def score_vector(profile: Profile, rubric: Rubric) -> tuple[float, ...]:
    """A profile's indicator scores in the rubric's order."""
    return tuple(profile.indicators[indicator_id].score for indicator_id in _layout(rubric).ids)


def alignment_numbers(
    left: Sequence[float],
    right: Sequence[float],
    rubric: Rubric,
    *,
    indicators: bool = True,
    quotes: tuple[int, int] | None = None,
) -> AlignmentNumbers:
    """Overall, vector and indicator alignment of two score vectors (see :func:`score_vector`).

    ``quotes``, the distinct sentences behind each side's indicators, adjusts the
    overall for how much evidence it rests on (:func:`evidence_factor`); None
    leaves it unadjusted.

    The one implementation of the alignment arithmetic: :func:`compare_profiles`
    uses it too, so batch rows and ``compare`` agree to the last bit.
    """
    layout = _layout(rubric)
    strong, silent = rubric.scoring.strong, rubric.scoring.silent
    per_indicator: dict[str, tuple[float, str, float, float]] = {}
    for indicator_id, a, b in zip(layout.ids, left, right, strict=True) if indicators else ():
        low, high = (a, b) if a <= b else (b, a)
        if high < silent:
            per_indicator[indicator_id] = (0.0, "silent", a, b)
            continue
        if low >= strong:
            status = "shared"
        elif high >= strong and low < silent:
            status = "gap"
        else:
            status = "partial"
        per_indicator[indicator_id] = (100.0 * low / high, status, a, b)
    vectors: dict[str, float | None] = {}
    overall_low = overall_high = 0.0
    for vector_id, items in layout.vectors:
        low_sum = high_sum = 0.0
        for position, weight, share in items:
            a = left[position]
            b = right[position]
            if a <= b:
                low, high = a, b
            else:
                low, high = b, a
            if high < silent:
                continue  # neither side addresses it: it does not count either way
            low_sum += weight * low
            high_sum += weight * high
            overall_low += share * low
            overall_high += share * high
        vectors[vector_id] = None if high_sum == 0 else 100.0 * low_sum / high_sum
    overall = 0.0 if overall_high == 0 else 100.0 * overall_low / overall_high
    factor = 1.0 if quotes is None else evidence_factor(quotes, rubric)
    return AlignmentNumbers(overall * factor, vectors, per_indicator, overall)


def compare_profiles(left: Profile, right: Profile, rubric: Rubric) -> Comparison:
    """Set two profiles side by side: alignment, shared priorities, complements, gaps, frictions."""
    for profile in (left, right):
        if profile.rubric.sha256 != rubric.stamp.sha256:
            raise NorthalignError(
                "was scored with a different rubric",
                path=profile.document.path,
                hint="score both documents with the same rubric",
            )
    strong, silent = rubric.scoring.strong, rubric.scoring.silent
    quotes = (left.quotes, right.quotes)
    numbers = alignment_numbers(
        score_vector(left, rubric), score_vector(right, rubric), rubric, quotes=quotes
    )
    indicators = {
        indicator_id: IndicatorAlignment(
            indicator_id,
            rubric.indicators[indicator_id].vector,
            score,
            a,
            b,
            status,
            (left.indicators[indicator_id].quotes, right.indicators[indicator_id].quotes),
        )
        for indicator_id, (score, status, a, b) in numbers.indicators.items()
    }
    vectors = {
        vector.id: VectorAlignment(
            vector.id,
            0.0 if numbers.vectors[vector.id] is None else numbers.vectors[vector.id],  # type: ignore[arg-type]
            left.vectors[vector.id].score,
            right.vectors[vector.id].score,
            "silent" if numbers.vectors[vector.id] is None else "addressed",
            (left.vectors[vector.id].quotes, right.vectors[vector.id].quotes),
        )
        for vector in rubric.vectors
    }
    overall = numbers.overall

    shared = tuple(
        sorted(
            (Shared(i.id, i.left, i.right) for i in indicators.values() if i.status == "shared"),
            key=lambda s: -min(s.left, s.right),
        )
    )
    gaps = tuple(
        sorted(
            (
                Gap(i.id, "left" if i.left > i.right else "right", i.left, i.right)
                for i in indicators.values()
                if i.status == "gap"
            ),
            key=lambda g: -max(g.left, g.right),
        )
    )
    complements: list[Complement] = []
    for first, second in rubric.complements:
        for x, y in ((first, second), (second, first)):
            lx, ly = left.indicators[x].score, left.indicators[y].score
            rx, ry = right.indicators[x].score, right.indicators[y].score
            # Left offers x, right offers y, and at least one of them lacks what the other offers.
            if lx >= strong and ry >= strong and (ly < strong or rx < strong):
                complements.append(Complement(x, y, lx, ry))
    frictions = tuple(
        Friction(
            friction.id,
            left.frictions[friction.id].score,
            right.frictions[friction.id].score,
            (left.frictions[friction.id].quotes, right.frictions[friction.id].quotes),
        )
        for friction in rubric.frictions
        if left.frictions[friction.id].score >= silent
        and right.frictions[friction.id].score >= silent
    )
    return Comparison(
        left=left,
        right=right,
        overall=overall,
        vectors=vectors,
        indicators=indicators,
        shared=shared,
        complements=tuple(complements),
        gaps=gaps,
        frictions=frictions,
        unadjusted=numbers.unadjusted,
        quotes=quotes,
        thin=is_thin(quotes, rubric),
    )


def friction_conflict(left: float, right: float) -> float:
    """A pair's potential conflict on a friction: the smaller side's score.

    A conflict needs both sides engaged: a water-hungry plan next to one silent
    on water is no conflict, and the minimum (unlike the product) stays on the
    0–1 scale of the scores it compares.
    """
    return min(left, right)


class PairFriction(NamedTuple):
    """A friction of a pair of documents, raised by both or not."""

    conflict: float  # friction_conflict of the two scores
    left: float
    right: float
    quotes: tuple[int, int]  # distinct sentences behind it, left and right


def pair_frictions(left: Profile, right: Profile) -> dict[str, PairFriction]:
    """Every friction of a pair (of profiles scored with one rubric), in the rubric's order."""
    found: dict[str, PairFriction] = {}
    for friction_id, a in left.frictions.items():
        b = right.frictions[friction_id]
        found[friction_id] = PairFriction(
            friction_conflict(a.score, b.score), a.score, b.score, (a.quotes, b.quotes)
        )
    return found
