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
from itertools import chain, pairwise
from operator import add
from typing import NamedTuple

from northalign.learning.features import PAIR, WORD, describe, rubric_features, token_features
from northalign.learning.lanes import NEVER, Lanes
from northalign.model import (
    Document,
    Evidence,
    EvidencePart,
    ModelStamp,
    Rejection,
    Segment,
)
from northalign.text.normalize import DisplayMap, analyse, only_han, raw_tokens, tokenize
from northalign.text.scripts import has_script

#: How many features a piece of model evidence names: the strongest for, then against.
REASONS_FOR = 3
REASONS_AGAINST = 2
#: ``explain`` lists a sentence the model held back when its probability reached
#: this share of the owner's threshold: near misses, not every sentence.
NEAR_MISS_SHARE = 0.5


#: Weights and intercepts are summed as integers of 1/SCALE (see ``Classifier._index``).
SCALE = 10_000


def _scaled(weight: float) -> int:
    return round(weight * SCALE)


class _Index(NamedTuple):
    #: word key, (key, key) pair, or a rubric feature's name → its packed weights
    entries: dict[str | tuple[str, str], int]
    #: the word keys and key pairs among them: what a sentence's tokens are looked up in
    lookup: frozenset[str | tuple[str, str]]
    lanes: Lanes
    intercepts: list[int]  # scaled


#: What a spelling stands for when it is not one key (a compound of several words), or a
#: character in a Chinese sentence when it is not one single-character key.
UNSURE = "\x00"


class _Keys(dict[str, str | None]):
    """A raw spelling → the key of its word (None: a stopword), each analysed once per
    document; :data:`UNSURE` for a spelling of several words, read with :class:`_AllKeys`."""

    def __missing__(self, raw: str) -> str | None:
        keys = [key for _form, key in analyse(raw)]
        found = keys[0] if len(keys) == 1 else None if not keys else UNSURE
        self[raw] = found
        return found


class _AllKeys(dict[str, tuple[str, ...]]):
    """A raw spelling → the keys of all its words, for the sentences :class:`_Keys` cannot read."""

    def __missing__(self, raw: str) -> tuple[str, ...]:
        keys = tuple(key for _form, key in analyse(raw))
        self[raw] = keys
        return keys


class _HanKeys(dict[int, str | None]):
    """A ``str.translate`` table: a character → its key (None: no key, as for punctuation,
    spaces and 的), :data:`UNSURE` when its analysis is not one single-character key (the
    sentence is then read token by token)."""

    def __missing__(self, code: int) -> str | None:
        keys = [key for _form, key in analyse(chr(code))]
        found = None if not keys else keys[0] if len(keys) == 1 and len(keys[0]) == 1 else UNSURE
        self[code] = found
        return found


def _index_key(feature: str) -> str | tuple[str, str]:
    """How the index files a feature: a word by its key, a pair by its two keys."""
    if feature.startswith(WORD):
        return feature[len(WORD) :]
    if feature.startswith(PAIR) and " " in feature:
        first, second = feature[len(PAIR) :].split(" ", 1)
        return first, second
    return feature


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
        """Every weighed feature → its weights for all owners, packed in one integer (see
        :mod:`northalign.learning.lanes`), keyed so a sentence's features are found by set
        intersection without building a feature name per word: words by key, pairs by
        (key, key), the rubric's features by name.

        Weights are integers of 1/:data:`SCALE` (a file's weights have that many
        decimals): integer sums are exact in any order, so a probability does not depend
        on the order of a set, which changes with the hash seed.
        """
        rows: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for position, owner in enumerate(self.owners):
            for feature, weight in owner.weights.items():
                rows[feature].append((position, _scaled(weight)))
        lanes = Lanes(len(self.owners))
        # Most features are weighed by a few owners: only their lanes are packed.
        packed = {_index_key(feature): lanes.pack(row) for feature, row in rows.items()}
        # A pair of two single characters is also filed as one two-character string: how
        # a sentence of Chinese characters alone lists its pairs.
        packed.update(
            {
                key[0] + key[1]: value
                for key, value in list(packed.items())
                if isinstance(key, tuple) and len(key[0]) == len(key[1]) == 1
            }
        )
        return _Index(
            packed,
            frozenset(key for key in packed if isinstance(key, tuple) or ":" not in key),
            lanes,
            [_scaled(owner.intercept) for owner in self.owners],
        )

    def _cutoffs(self, share: float = 1.0) -> list[int]:
        """Each owner's threshold (times ``share``) as the smallest scaled logit that
        reaches it: no exponential per sentence. :data:`NEVER` for an owner that never
        marks."""
        return [
            NEVER if owner.threshold is None else math.ceil(_logit(owner.threshold * share) * SCALE)
            for owner in self.owners
        ]

    def find(self, document: Document, evidence: Sequence[Evidence]) -> list[Evidence]:
        """``evidence`` (the rubric's, in document order) with the model's added after
        each sentence's own, for the owners the rubric did not find in it."""
        return self._read(document, evidence, owners=None, near_misses=None)

    def marks(self, document: Document, evidence: Sequence[Evidence]) -> dict[int, set[str]]:
        """The model alone: segment index → the owners whose probability reaches their
        threshold in it, whether or not the rubric found them (for measuring the model)."""
        marked: dict[int, set[str]] = defaultdict(set)
        self._read(document, evidence, owners=None, near_misses=None, marks=marked)
        return marked

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
        marks: dict[int, set[str]] | None = None,
    ) -> list[Evidence]:
        by_segment: dict[int, list[Evidence]] = defaultdict(list)
        for item in evidence:
            by_segment[item.segment_index].append(item)
        index = self._index
        lanes, intercepts = index.lanes, index.intercepts
        cutoffs = self._cutoffs()
        # Explain also looks at near misses: the gate opens from the lower floor.
        opening = cutoffs if near_misses is None else self._cutoffs(NEAR_MISS_SHARE)
        gate = lanes.gate(intercepts, opening)
        asked = [owners is None or owner.id in owners for owner in self.owners]
        text = document.text
        entries, lookup = index.entries, index.lookup
        key_of, keys_of, han_keys = _Keys(), _AllKeys(), _HanKeys()
        han = has_script(text, "han")
        combined: list[Evidence] = []
        weighed = entries.__getitem__
        for segment in document.segments:
            own = by_segment.get(segment.index, ())
            start, end = segment.start, segment.end
            # A sentence of Chinese characters alone is read in C: each character becomes
            # its key (str.translate), and its pairs are two-character strings.
            chars = (
                text[start:end].translate(han_keys) if han and only_han(text, start, end) else ""
            )
            if chars and UNSURE not in chars:
                present = lookup.intersection(chain(chars, map(add, chars, chars[1:])))
            else:
                pieces = raw_tokens(text, start, end)
                keys = list(filter(None, map(key_of.__getitem__, pieces)))
                if UNSURE in keys:
                    keys = list(chain.from_iterable(map(keys_of.__getitem__, pieces)))
                # The features the model weighs, each once, found in C by set intersection,
                # and their packed weights added in C (see Lanes).
                present = lookup.intersection(chain(keys, pairwise(keys)))
            if own:
                combined += own
                present = present.union(f for f in rubric_features(own) if f in entries)
            gated = lanes.gated(sum(map(weighed, present)), len(present), gate)
            if not lanes.any_reached(gated):
                continue  # the common case: no owner near its threshold
            fired = {item.indicator for item in own}
            logits = lanes.values(gated, intercepts, opening)
            for position, logit in enumerate(logits):
                owner = self.owners[position]
                if marks is not None and logit >= cutoffs[position]:
                    marks[segment.index].add(owner.id)
                if not asked[position] or owner.id in fired:
                    continue
                if logit >= cutoffs[position]:
                    combined.append(self._evidence(document, segment, owner, logit / SCALE, own))
                elif near_misses is not None and logit >= opening[position]:
                    shown = self._evidence(document, segment, owner, logit / SCALE, own)
                    near_misses.append(_held_back(shown, owner))
        return combined

    def _evidence(
        self,
        document: Document,
        segment: Segment,
        owner: OwnerModel,
        logit: float,
        own: Iterable[Evidence],
    ) -> Evidence:
        """The evidence of a sentence the model marks (or held back), for a reader: only
        now is the sentence tokenized with offsets, to highlight the words that pushed it."""
        spans: dict[str, tuple[int, int]] = {}
        for feature, start, end in token_features(
            tokenize(document.text, segment.start, segment.end)
        ):
            spans.setdefault(feature, (start, end))
        features = [*spans, *sorted(rubric_features(own))]
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
        source="model",
    )


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
