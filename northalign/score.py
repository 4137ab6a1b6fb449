"""Pure scoring: evidence → :class:`Profile`, two profiles → :class:`Comparison`.

No I/O, no terminal: every function here is a plain computation over
dataclasses, so the same numbers come out of the CLI, the library and tests.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from northalign.errors import NorthalignError
from northalign.models import (
    Comparison,
    Complement,
    DocumentInfo,
    Evidence,
    Friction,
    FrictionScore,
    Gap,
    IndicatorAlignment,
    IndicatorScore,
    Profile,
    Shared,
    VectorAlignment,
    VectorScore,
)
from northalign.rubric import Rubric


def evidence_units(evidence: Iterable[Evidence]) -> float:
    """Sum the evidence for one indicator with diminishing returns per term.

    Each hit is worth its similarity (1.0 for an exact match); the k-th
    occurrence of the same term is worth 1/k of that, so ten repetitions of
    one phrase weigh less than five different phrases.
    """
    seen: dict[str, int] = defaultdict(int)
    total = 0.0
    for item in evidence:
        seen[item.term] += 1
        total += (item.similarity / 100.0) / seen[item.term]
    return total


def saturate(units: float, words: int, rubric: Rubric) -> float:
    """Map evidence units to [0, 1]: 1 - exp(-units / scale), scale growing with sqrt(length)."""
    params = rubric.scoring
    scale = params.saturation * math.sqrt(max(1.0, words / params.reference_words))
    return 1.0 - math.exp(-units / scale)


def profile_from_evidence(
    document: DocumentInfo, rubric: Rubric, evidence: Sequence[Evidence]
) -> Profile:
    """Score one document on every indicator, vector and friction of ``rubric``."""
    by_owner: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_owner[item.indicator].append(item)

    indicators: dict[str, IndicatorScore] = {}
    vectors: dict[str, VectorScore] = {}
    for vector in rubric.vectors:
        weighted = 0.0
        for indicator in vector.indicators:
            hits = by_owner.get(indicator.id, [])
            score = saturate(evidence_units(hits), document.words, rubric)
            indicators[indicator.id] = IndicatorScore(
                id=indicator.id,
                vector=vector.id,
                score=score,
                hits=len(hits),
                terms=len({item.term for item in hits}),
                weight=indicator.weight,
            )
            weighted += indicator.weight * score
        total_weight = sum(indicator.weight for indicator in vector.indicators)
        vectors[vector.id] = VectorScore(vector.id, weighted / total_weight, vector.weight)

    frictions = {
        friction.id: FrictionScore(
            friction.id,
            saturate(evidence_units(by_owner.get(friction.id, [])), document.words, rubric),
            len(by_owner.get(friction.id, [])),
        )
        for friction in rubric.frictions
    }
    return Profile(
        document=document,
        rubric=rubric.stamp,
        vectors=vectors,
        indicators=indicators,
        frictions=frictions,
        evidence=tuple(evidence),
    )


def _ruzicka(pairs: Iterable[tuple[float, float, float]]) -> float | None:
    """Weighted Ruzicka similarity Σw·min / Σw·max of (weight, left, right), in 0–100."""
    low = high = 0.0
    for weight, left, right in pairs:
        low += weight * min(left, right)
        high += weight * max(left, right)
    return None if high == 0 else 100.0 * low / high


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

    def addressed(indicator_id: str) -> bool:
        return (
            max(left.indicators[indicator_id].score, right.indicators[indicator_id].score) >= silent
        )

    indicators: dict[str, IndicatorAlignment] = {}
    for indicator_id, indicator in rubric.indicators.items():
        a = left.indicators[indicator_id].score
        b = right.indicators[indicator_id].score
        low, high = min(a, b), max(a, b)
        if high < silent:
            status, score = "silent", 0.0
        else:
            score = 100.0 * low / high
            if low >= strong:
                status = "shared"
            elif high >= strong and low < silent:
                status = "gap"
            else:
                status = "partial"
        indicators[indicator_id] = IndicatorAlignment(
            indicator_id, indicator.vector, score, a, b, status
        )

    vectors: dict[str, VectorAlignment] = {}
    overall_terms: list[tuple[float, float, float]] = []
    for vector in rubric.vectors:
        total_weight = sum(ind.weight for ind in vector.indicators)
        terms = [
            (ind.weight, left.indicators[ind.id].score, right.indicators[ind.id].score)
            for ind in vector.indicators
            if addressed(ind.id)
        ]
        overall_terms.extend((vector.weight * w / total_weight, a, b) for w, a, b in terms)
        score = _ruzicka(terms)
        vectors[vector.id] = VectorAlignment(
            vector.id,
            0.0 if score is None else score,
            left.vectors[vector.id].score,
            right.vectors[vector.id].score,
            "silent" if score is None else "addressed",
        )
    overall = _ruzicka(overall_terms) or 0.0

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
        Friction(friction.id, left.frictions[friction.id].score, right.frictions[friction.id].score)
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
    )
