"""What a learned model marks on its own, whether or not the rubric fired: for the benchmarks.

``Classifier.find`` adds evidence only for the indicators and frictions the
rubric did not find in a sentence (that is the combination ``--model`` uses),
so it cannot say what the model would mark alone. This reads the same features
in the same order, so the sums, and the marks where the rubric found nothing,
are the classifier's to the bit (``gold_real.py --model`` checks that rubric ∪
model alone is rubric + model on every sentence and says so if not).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from northalign.learning.classifier import Classifier
from northalign.learning.features import rubric_features, token_features
from northalign.model import Document, Evidence
from northalign.text.normalize import tokenize


def model_marks(
    model: Classifier, document: Document, evidence: Sequence[Evidence]
) -> dict[int, set[str]]:
    """The model alone: line → the indicators and frictions whose probability reaches the
    owner's threshold in a sentence of that line, whether or not the rubric found them.

    ``Classifier.find`` adds evidence only for owners the rubric did not find, so it
    cannot say what the model would mark on its own. The features and their order are
    the classifier's (each word and pair once in text order, then the rubric's sorted),
    so the sums, and the marks where the rubric found nothing, are the same to the bit.
    """
    own: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        own[item.segment_index].append(item)
    cutoffs = [
        math.inf if owner.threshold is None else _logit(owner.threshold) for owner in model.owners
    ]
    marks: dict[int, set[str]] = defaultdict(set)
    for segment in document.segments:
        tokens = tokenize(document.text, segment.start, segment.end)
        if not tokens:
            continue
        found = own.get(segment.index, [])
        features = [
            *dict.fromkeys(feature for feature, _start, _end in token_features(tokens)),
            *sorted(rubric_features(found)),
        ]
        line = document.line_of(segment.start)
        for owner, cutoff in zip(model.owners, cutoffs, strict=True):
            logit = owner.intercept
            for feature in features:
                logit += owner.weights.get(feature, 0.0)
            if logit >= cutoff:
                marks[line].add(owner.id)
    return marks


def _logit(p: float) -> float:
    """As the classifier turns a threshold into a logit (clamped the same way)."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
