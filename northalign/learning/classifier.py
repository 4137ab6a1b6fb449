"""Apply a learned model: sentences the rubric left unmarked that the model marks.

Pure Python over the tokens of the one normalizer: a model is a weight per
feature (see :mod:`northalign.learning.features`) for each indicator and
friction, an intercept and a decision threshold. A sentence's probability for
an owner is the logistic function of the intercept plus the weights of its
features (each counted once). Where it reaches the owner's threshold and the
rubric found nothing for that owner in the sentence, the sentence becomes
evidence with ``source="model"``: its probability, and the words that pushed
it highlighted like matched terms.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from northalign.learning.features import PAIR, WORD, describe, rubric_features
from northalign.model import (
    Document,
    Evidence,
    EvidencePart,
    ModelStamp,
    Rejection,
    Segment,
)
from northalign.text.normalize import DisplayMap, tokenize

#: How many features a piece of model evidence names: the strongest for, then against.
REASONS_FOR = 3
REASONS_AGAINST = 2
#: ``explain`` lists a sentence the model held back when its probability reached
#: this share of the owner's threshold: near misses, not every sentence.
NEAR_MISS_SHARE = 0.5


class _Index(NamedTuple):
    words: dict[str, tuple[tuple[int, float], ...]]
    pairs: dict[str, dict[str, tuple[tuple[int, float], ...]]]
    others: dict[str, tuple[tuple[int, float], ...]]  # the rubric's features


@dataclass(frozen=True, slots=True)
class OwnerModel:
    """The learned weights for one indicator or friction."""

    id: str
    intercept: float
    #: The probability from which the model marks a sentence; None when no threshold
    #: reached the training precision on held-out folds: the model never marks this owner.
    threshold: float | None
    weights: Mapping[str, float]
    #: Cross-validated by document on the training data: precision, recall, f1, support...
    metrics: Mapping[str, float]


@dataclass(frozen=True)
class Classifier:
    """A learned model for one rubric: an :class:`OwnerModel` per indicator and friction."""

    stamp: ModelStamp
    owners: tuple[OwnerModel, ...]
    #: What the file says of its training data (hash, size, files); shown, never computed on.
    training: Mapping[str, object]

    @cached_property
    def _index(self) -> _Index:
        """Every weighed feature → (owner position, weight) for each owner that weighs it,
        split by kind so a sentence's words are looked up without building feature names:
        words by key, pairs by first key then second, the rubric's features by name."""
        words: dict[str, list[tuple[int, float]]] = defaultdict(list)
        pairs: dict[str, dict[str, list[tuple[int, float]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        others: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, owner in enumerate(self.owners):
            for feature, weight in owner.weights.items():
                if feature.startswith(WORD):
                    words[feature[len(WORD) :]].append((position, weight))
                elif feature.startswith(PAIR) and " " in feature:
                    first, second = feature[len(PAIR) :].split(" ", 1)
                    pairs[first][second].append((position, weight))
                else:
                    others[feature].append((position, weight))
        return _Index(
            {key: tuple(entries) for key, entries in words.items()},
            {
                first: {second: tuple(entries) for second, entries in seconds.items()}
                for first, seconds in pairs.items()
            },
            {feature: tuple(entries) for feature, entries in others.items()},
        )

    @cached_property
    def _cutoffs(self) -> tuple[float, ...]:
        """Each owner's threshold as a logit (+inf when it never marks): no exp per sentence."""
        return tuple(
            math.inf if owner.threshold is None else _logit(owner.threshold)
            for owner in self.owners
        )

    def find(self, document: Document, evidence: Sequence[Evidence]) -> list[Evidence]:
        """``evidence`` (the rubric's, in document order) with the model's added after
        each sentence's own, for the owners the rubric did not find in it."""
        return self._read(document, evidence, owners=None, near_misses=None)

    def explain(
        self, document: Document, evidence: Sequence[Evidence], owners: set[str]
    ) -> tuple[list[Evidence], list[Rejection]]:
        """Model evidence for ``owners``, and the sentences it held back near its threshold."""
        held_back: list[Rejection] = []
        found = self._read(document, evidence, owners=owners, near_misses=held_back)
        return [item for item in found if item.source == "model"], held_back

    def _read(
        self,
        document: Document,
        evidence: Sequence[Evidence],
        *,
        owners: set[str] | None,
        near_misses: list[Rejection] | None,
    ) -> list[Evidence]:
        by_segment: dict[int, list[Evidence]] = defaultdict(list)
        for item in evidence:
            by_segment[item.segment_index].append(item)
        index, cutoffs = self._index, self._cutoffs
        intercepts = [owner.intercept for owner in self.owners]
        floors = [
            math.inf if owner.threshold is None else _logit(owner.threshold * NEAR_MISS_SHARE)
            for owner in self.owners
        ]
        asked = [owners is None or owner.id in owners for owner in self.owners]
        text = document.text
        words, pairs, others = index.words, index.pairs, index.others
        combined: list[Evidence] = []
        for segment in document.segments:
            own = by_segment.get(segment.index, [])
            combined += own
            tokens = tokenize(text, segment.start, segment.end)
            if not tokens:
                continue
            # The features the model weighs, each once, with the words they cover.
            spans: dict[str, tuple[int, int]] = {}
            previous = None
            for token in tokens:
                key = token.key
                if key in words and WORD + key not in spans:
                    spans[WORD + key] = (token.start, token.end)
                if previous is not None:
                    seconds = pairs.get(previous.key)
                    if seconds is not None and key in seconds:
                        spans.setdefault(f"{PAIR}{previous.key} {key}", (previous.start, token.end))
                previous = token
            features = [*spans, *sorted(f for f in rubric_features(own) if f in others)]
            logits = intercepts.copy()
            for feature in features:
                if feature.startswith(WORD):
                    entries = words[feature[len(WORD) :]]
                elif feature.startswith(PAIR):
                    first, second = feature[len(PAIR) :].split(" ", 1)
                    entries = pairs[first][second]
                else:
                    entries = others[feature]
                for position, weight in entries:
                    logits[position] += weight
            fired = {item.indicator for item in own}
            for position, logit in enumerate(logits):
                owner = self.owners[position]
                if not asked[position] or owner.id in fired:
                    continue
                if logit >= cutoffs[position]:
                    combined.append(
                        self._evidence(document, segment, owner, logit, features, spans)
                    )
                elif near_misses is not None and logit >= floors[position]:
                    shown = self._evidence(document, segment, owner, logit, features, spans)
                    near_misses.append(_held_back(shown, owner))
        return combined

    def _evidence(
        self,
        document: Document,
        segment: Segment,
        owner: OwnerModel,
        logit: float,
        features: Iterable[str],
        spans: Mapping[str, tuple[int, int]],
    ) -> Evidence:
        weighed = sorted(
            ((owner.weights[f], f) for f in features if f in owner.weights),
            key=lambda pair: (-pair[0], pair[1]),
        )
        pushing = [f for weight, f in weighed if weight > 0]
        against = [(describe(f), weight) for weight, f in reversed(weighed) if weight < 0]
        display = DisplayMap(
            document.text[segment.start : segment.end], markdown=document.format == "markdown"
        )
        shown = display.text
        parts = []
        for feature in [f for f in pushing if f in spans][:REASONS_FOR]:
            start, end = spans[feature]
            span = display.span(start - segment.start, end - segment.start)
            parts.append(
                EvidencePart(
                    list="model",
                    term=describe(feature),
                    text=shown[span[0] : span[1]],
                    line=document.line_of(start),
                    span=span,
                )
            )
        lead = parts[0] if parts else None
        probability = round(_sigmoid(logit), 4)
        return Evidence(
            indicator=owner.id,
            term=lead.term if lead else describe(pushing[0]) if pushing else "model",
            text=lead.text if lead else "",
            line=lead.line if lead else document.line_of(segment.start),
            page=segment.page,
            similarity=round(100 * probability, 1),
            segment=shown,
            span=lead.span if lead else (0, 0),
            segment_index=segment.index,
            end_line=document.line_of(max(segment.start, segment.end - 1)),
            language=segment.language,
            parts=tuple(parts[1:]),
            source="model",
            probability=probability,
            reasons=(
                *((describe(f), round(owner.weights[f], 4)) for f in pushing[:REASONS_FOR]),
                *((name, round(weight, 4)) for name, weight in against[:REASONS_AGAINST]),
            ),
        )


def _held_back(shown: Evidence, owner: OwnerModel) -> Rejection:
    assert owner.threshold is not None  # near misses are only sought below a threshold
    why = "; ".join(
        f"{'for' if weight > 0 else 'against'} {name} ({weight:+.2f})"
        for name, weight in shown.reasons
    )
    return Rejection(
        indicator=shown.indicator,
        term=shown.term,
        text=shown.text,
        line=shown.line,
        page=shown.page,
        similarity=shown.similarity,
        reason=(
            f"the model held back: probability {shown.probability:.2f} is below its "
            f"threshold {owner.threshold:.2f}" + (f" ({why})" if why else "")
        ),
        segment=shown.segment,
        span=shown.span,
    )


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
