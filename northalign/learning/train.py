"""``northalign learn``: fit a linear model per indicator and friction on labelled sentences.

Needs scikit-learn (``pip install 'northalign[learn]'``); scoring with the
model it writes does not. Each gold sentence is read the way scoring reads a
document (the rubric's matcher first, then the one normalizer's tokens), so the
features of training and of inference are the same. For each indicator and
friction:

1. A logistic regression (L2, liblinear: deterministic) is cross-validated by
   document: every sentence's probability comes from a model that never saw
   its document.
2. The threshold is the lowest probability, from 0.5 up, at which the
   sentences the model marks reach the target precision on those held-out
   folds; when none does, the owner gets no threshold and the model never
   marks it. (Requiring that precision of only the sentences it would *add*,
   where the rubric found nothing, left no threshold at all on the shared
   corpus's dev part: see docs/learning.md.)
3. The model is refitted on every sentence; weights below :data:`MIN_WEIGHT`
   are pruned and the rest rounded, so the file is small and byte-identical
   for the same data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from northalign.errors import NorthalignError
from northalign.evaluation.evaluate import Counts, matched_runs
from northalign.evaluation.gold import GoldItem, read_gold, read_split, read_split_parts
from northalign.learning.features import SCHEME, SCHEME_VERSION, sentence_features
from northalign.learning.modelfile import FORMAT, FORMAT_VERSION, model_json
from northalign.model import Rubric
from northalign.rubric.compiled import matcher_for
from northalign.text.normalize import tokenize

FOLDS = 5
TARGET_PRECISION = 0.85
#: A threshold needs at least this many marked sentences on the held-out folds to be trusted.
MIN_MARKED = 5
#: Features seen in fewer training sentences than this are left out: they cannot generalize.
MIN_COUNT = 2
#: Inverse regularization strength (scikit-learn's C).
REGULARIZATION = 1.0
#: Weights smaller than this are pruned from the file (the held-out figures are the pruned
#: model's): on the shared corpus's dev part, 0.1 halves the file and costs no F1.
MIN_WEIGHT = 0.1
DIGITS = 4
THRESHOLDS = tuple(round(0.5 + step / 100, 2) for step in range(50))


class LearnError(NorthalignError):
    """Training cannot proceed: no scikit-learn, too little data, or a bad gold file."""


@dataclass(frozen=True)
class Sentence:
    """A gold sentence as training sees it."""

    item: GoldItem
    group: str  # its document, for cross-validation by document
    features: frozenset[str]
    rubric: frozenset[str]  # the indicators and frictions the rubric found in it


@dataclass(frozen=True)
class OwnerReport:
    id: str
    threshold: float | None
    positives: int
    weights: int  # after pruning
    model: Counts  # held-out folds, the model alone at its threshold
    rubric: Counts  # the rubric alone on the same sentences
    combined: Counts  # rubric or model
    strongest: tuple[tuple[str, float], ...]  # the heaviest features for the owner


@dataclass(frozen=True)
class Trained:
    """A trained model: the file's data and what the training report prints."""

    data: dict[str, Any]
    owners: tuple[OwnerReport, ...]
    vectors: dict[str, Counts]  # "rubric", "model", "combined" at vector level, held-out folds
    sentences: int
    documents: int

    @property
    def text(self) -> str:
        return model_json(self.data)


def read_sentences(
    paths: Sequence[str | Path],
    rubric: Rubric,
    *,
    split: str | Path | None = None,
    part: str = "dev",
) -> list[Sentence]:
    """Every sentence of the gold files, with its features and what the rubric found.

    With ``split``, the sentences of documents it assigns to another part than
    ``part`` are left out (held out); documents it does not list are all kept.
    """
    held_out: set[str] = set()
    if split is not None:
        read_split(split, part)  # the part must exist
        held_out = {doc for doc, name in read_split_parts(split).items() if name != part}
    items: list[tuple[str, GoldItem]] = []
    for path in paths:
        items += [
            (Path(path).name, item)
            for item in read_gold(path, rubric)
            if item.document not in held_out
        ]
    matcher = matcher_for(rubric)
    sentences: list[Sentence] = []
    position = 0
    for run, _document, by_line in matched_runs([item for _, item in items], matcher):
        for item, evidence in zip(run, by_line, strict=True):
            source = items[position][0]
            position += 1
            # A sentence without a document is its own group: it shares no document.
            group = f"{source}:{item.document or item.id or item.line}"
            sentences.append(
                Sentence(
                    item=item,
                    group=group,
                    features=frozenset(sentence_features(tokenize(item.text), evidence)),
                    rubric=frozenset(e.indicator for e in evidence),
                )
            )
    return sentences


def training_hash(sentences: Iterable[Sentence]) -> str:
    """SHA-256 of the training data as read: text, language and labels of every sentence."""
    digest = hashlib.sha256()
    for sentence in sentences:
        item = sentence.item
        row = "\t".join([item.language, ",".join(sorted(item.labels)), item.text])
        digest.update(row.encode("utf-8") + b"\n")
    return digest.hexdigest()


def learn(
    paths: Sequence[str | Path],
    rubric: Rubric,
    *,
    target_precision: float = TARGET_PRECISION,
    folds: int = FOLDS,
    split: str | Path | None = None,
    part: str = "dev",
) -> Trained:
    """Train a model for ``rubric`` on the gold files at ``paths`` (see :func:`read_sentences`
    for ``split`` and ``part``)."""
    try:
        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GroupKFold
    except ImportError:
        raise LearnError(
            "training needs scikit-learn", hint="pip install 'northalign[learn]'"
        ) from None
    sentences = read_sentences(paths, rubric, split=split, part=part)
    if not sentences:
        raise LearnError("no gold sentences to learn from", hint="give gold files with sentences")
    groups = sorted({s.group for s in sentences})
    if len(groups) < folds:
        raise LearnError(
            f"{len(sentences)} sentences in {len(groups)} documents: cross-validation by "
            f"document needs at least {folds}",
            hint="give more gold files, or name each sentence's document in a 'doc' column",
        )
    counts: dict[str, int] = {}
    for sentence in sentences:
        for feature in sentence.features:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    column = {feature: number for number, feature in enumerate(vocabulary)}
    rows, cols = [], []
    for number, sentence in enumerate(sentences):
        for col in sorted(column[f] for f in sentence.features if f in column):
            rows.append(number)
            cols.append(col)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(vocabulary)))
    number_of = {group: number for number, group in enumerate(groups)}
    group_of = [number_of[s.group] for s in sentences]
    splits = list(GroupKFold(n_splits=folds).split(matrix, groups=group_of))
    owners = [*rubric.indicators, *(friction.id for friction in rubric.frictions)]
    entries: list[dict[str, Any]] = []
    reports: list[OwnerReport] = []
    # owner → whether the model marks each sentence on the held-out folds: at all, and
    # where the rubric found nothing for the owner (the evidence it adds).
    alone: dict[str, list[bool]] = {}
    added: dict[str, list[bool]] = {}
    for owner in owners:
        labels = np.array([owner in s.item.labels for s in sentences], dtype=int)
        fired = [owner in s.rubric for s in sentences]
        probabilities = np.zeros(len(sentences))
        for train, test in splits:
            if labels[train].min() == labels[train].max():
                continue  # nothing to learn from in this fold: probability 0
            fold_model = LogisticRegression(
                C=REGULARIZATION, solver="liblinear", random_state=0, max_iter=1000
            ).fit(matrix[train], labels[train])
            # Pruned and rounded as the file will be: the figures are the shipped model's.
            pruned = np.round(fold_model.coef_[0], DIGITS)
            pruned[np.abs(pruned) < MIN_WEIGHT] = 0.0
            logits = matrix[test] @ pruned + round(float(fold_model.intercept_[0]), DIGITS)
            probabilities[test] = 1.0 / (1.0 + np.exp(-logits))
        threshold = _threshold(probabilities, labels, target_precision)
        marks = [
            threshold is not None and bool(p >= threshold) and not f
            for p, f in zip(probabilities, fired, strict=True)
        ]
        added[owner] = marks
        alone[owner] = [threshold is not None and bool(p >= threshold) for p in probabilities]
        weights: dict[str, float] = {}
        intercept = -30.0  # no positive example at all: never more than a vanishing probability
        if labels.min() != labels.max():
            final = LogisticRegression(
                C=REGULARIZATION, solver="liblinear", random_state=0, max_iter=1000
            ).fit(matrix, labels)
            intercept = round(float(final.intercept_[0]), DIGITS)
            weights = {
                vocabulary[i]: round(float(w), DIGITS)
                for i, w in enumerate(final.coef_[0])
                if abs(w) >= MIN_WEIGHT
            }
        model_only = _counts(alone[owner], labels)
        rubric_only = _counts(fired, labels)
        combined = _counts([f or m for f, m in zip(fired, marks, strict=True)], labels)
        metrics = {
            "precision": round(model_only.precision, DIGITS),
            "recall": round(model_only.recall, DIGITS),
            "f1": round(model_only.f1, DIGITS),
            "combined_precision": round(combined.precision, DIGITS),
            "combined_recall": round(combined.recall, DIGITS),
            "combined_f1": round(combined.f1, DIGITS),
            "rubric_f1": round(rubric_only.f1, DIGITS),
            "support": int(labels.sum()),
        }
        entries.append(
            {
                "id": owner,
                "intercept": intercept,
                "threshold": threshold,
                "metrics": metrics,
                "weights": dict(sorted(weights.items())),
            }
        )
        strongest = sorted(weights.items(), key=lambda pair: (-pair[1], pair[0]))[:8]
        reports.append(
            OwnerReport(
                owner,
                threshold,
                int(labels.sum()),
                len(weights),
                model_only,
                rubric_only,
                combined,
                tuple(strongest),
            )
        )
    vectors = _vector_counts(sentences, rubric, alone, added)
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "rubric": {"name": rubric.name, "version": rubric.version, "sha256": rubric.sha256},
        "features": {"scheme": SCHEME, "version": SCHEME_VERSION},
        "training": {
            "sha256": training_hash(sentences),
            "sentences": len(sentences),
            "documents": len(groups),
            "files": [Path(path).name for path in paths],
            "split": None if split is None else {"file": Path(split).name, "part": part},
            "folds": folds,
            "target_precision": target_precision,
            "regularization": REGULARIZATION,
            "min_count": MIN_COUNT,
            "min_weight": MIN_WEIGHT,
        },
        "metrics": {
            name: {
                "precision": round(c.precision, DIGITS),
                "recall": round(c.recall, DIGITS),
                "f1": round(c.f1, DIGITS),
            }
            for name, c in vectors.items()
        },
        "owners": entries,
    }
    return Trained(data, tuple(reports), vectors, len(sentences), len(groups))


def _threshold(probabilities: Any, labels: Any, target: float) -> float | None:
    """The lowest threshold whose marked sentences reach ``target`` precision (held-out)."""
    for threshold in THRESHOLDS:
        hits = [
            bool(label) for p, label in zip(probabilities, labels, strict=True) if p >= threshold
        ]
        if len(hits) >= MIN_MARKED and sum(hits) / len(hits) >= target:
            return threshold
    return None


def _counts(predicted: Sequence[bool], labels: Any) -> Counts:
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if y and not p)
    return Counts(tp, fp, fn)


def _vector_counts(
    sentences: Sequence[Sentence],
    rubric: Rubric,
    alone: dict[str, list[bool]],
    added: dict[str, list[bool]],
) -> dict[str, Counts]:
    """Vector-level counts on the held-out folds: rubric alone, model alone, either."""
    vector_of = {indicator.id: indicator.vector for indicator in rubric.indicators.values()}
    vector_ids = {vector.id for vector in rubric.vectors}
    totals = {"rubric": Counts(), "model": Counts(), "combined": Counts()}
    for number, sentence in enumerate(sentences):
        gold = {vector_of[label] for label in sentence.item.labels if label in vector_of}
        gold |= sentence.item.labels & vector_ids
        by_rubric = {vector_of[o] for o in sentence.rubric if o in vector_of}
        by_model = {vector_of[o] for o, marks in alone.items() if marks[number] and o in vector_of}
        adds = {vector_of[o] for o, marks in added.items() if marks[number] and o in vector_of}
        for name, found in (
            ("rubric", by_rubric),
            ("model", by_model),
            ("combined", by_rubric | adds),
        ):
            totals[name] = totals[name] + Counts(
                len(gold & found), len(found - gold), len(gold - found)
            )
    return totals
