"""Measure a rubric against a gold set: precision, recall and F1, and the errors behind them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from northalign.evaluation.gold import GoldItem, read_gold, read_ratings, read_split
from northalign.ingest.load import parse_lines
from northalign.learning.classifier import Classifier
from northalign.match import Matcher
from northalign.model import Document, Evidence, ModelStamp, Profile, Rubric
from northalign.pipeline import document_info
from northalign.rubric.compiled import matcher_for
from northalign.score import profile_from_evidence
from northalign.text.language import detect_language


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True)
class Scores:
    """Per-label counts plus their micro and macro summaries."""

    labels: dict[str, Counts]

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.labels.values():
            total = total + counts
        return total

    @property
    def macro_f1(self) -> float:
        used = [c for c in self.labels.values() if c.tp + c.fp + c.fn]
        return sum(c.f1 for c in used) / len(used) if used else 0.0

    @property
    def macro_precision(self) -> float:
        used = [c for c in self.labels.values() if c.tp + c.fp + c.fn]
        return sum(c.precision for c in used) / len(used) if used else 0.0

    @property
    def macro_recall(self) -> float:
        used = [c for c in self.labels.values() if c.tp + c.fp + c.fn]
        return sum(c.recall for c in used) / len(used) if used else 0.0


@dataclass(frozen=True)
class Judged:
    """One gold sentence with what the rubric found in it."""

    item: GoldItem
    language: str
    gold: frozenset[str]  # indicator and friction ids
    found: frozenset[str]
    gold_vectors: frozenset[str]
    found_vectors: frozenset[str]
    evidence: tuple[Evidence, ...]

    @property
    def false_positives(self) -> frozenset[str]:
        return self.found - self.gold

    @property
    def false_negatives(self) -> frozenset[str]:
        return self.gold - self.found


@dataclass(frozen=True)
class Evaluation:
    rubric: Rubric
    judged: tuple[Judged, ...]
    indicators: Scores  # indicators and frictions
    vectors: Scores
    by_language: dict[str, tuple[Scores, Scores]] = field(
        default_factory=dict
    )  # (vectors, indicators)
    documents: tuple[Profile, ...] = ()  # one per named document, scored as a whole
    model: ModelStamp | None = None  # the learned model whose evidence counted beside the rubric

    def micro(self, *, frictions: bool) -> Counts:
        """Micro counts over the indicators only, or over the frictions only."""
        ids = {f.id for f in self.rubric.frictions}
        total = Counts()
        for label, counts in self.indicators.labels.items():
            if (label in ids) == frictions:
                total = total + counts
        return total

    def unrelated_false_alarm_rate(self) -> tuple[float, int]:
        """Share of the sentences of unrelated documents (named documents none of whose
        sentences carry a label) that still got evidence, and how many such sentences."""
        labelled = {j.item.document for j in self.judged if j.item.labels}
        unrelated = [j for j in self.judged if j.item.document and j.item.document not in labelled]
        hit = sum(bool(j.evidence) for j in unrelated)
        return (hit / len(unrelated) if unrelated else 0.0), len(unrelated)

    def false_alarm_rate(self, language: str | None = None) -> float:
        """Share of sentences labelled with nothing that still got evidence."""
        empty = [
            j
            for j in self.judged
            if not j.item.labels and (language is None or j.language == language)
        ]
        return sum(bool(j.evidence) for j in empty) / len(empty) if empty else 0.0


def _score(judged: Iterable[Judged], ids: Sequence[str], *, vectors: bool) -> Scores:
    counts: dict[str, Counts] = {label: Counts() for label in ids}
    for item in judged:
        gold = item.gold_vectors if vectors else item.gold
        found = item.found_vectors if vectors else item.found
        for label in ids:
            hit = Counts(
                tp=int(label in gold and label in found),
                fp=int(label in found and label not in gold),
                fn=int(label in gold and label not in found),
            )
            counts[label] = counts[label] + hit
    return Scores(counts)


def _runs(items: Sequence[GoldItem]) -> Iterator[list[GoldItem]]:
    """Consecutive items of one named document together; every other item alone."""
    run: list[GoldItem] = []
    for item in items:
        if run and (not item.document or item.document != run[-1].document):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _match_run(
    run: list[GoldItem], matcher: Matcher, model: Classifier | None = None
) -> tuple[Document, list[Evidence]]:
    """Match a run of sentences as one document, a line each (and apply ``model``)."""
    document = parse_lines([item.text for item in run], run[0].document or run[0].id)
    evidence = matcher.find(document)
    return document, evidence if model is None else model.find(document, evidence)


def matched_runs(
    items: Sequence[GoldItem], matcher: Matcher, model: Classifier | None = None
) -> Iterator[tuple[list[GoldItem], Document, list[list[Evidence]]]]:
    """Each run of gold sentences (see :func:`evaluate`) as a document, with its evidence
    per sentence: what evaluation scores and what ``northalign learn`` trains on."""
    for run in _runs(items):
        document, evidence = _match_run(run, matcher, model)
        yield run, document, _by_line(run, evidence)


def _by_line(run: list[GoldItem], evidence: list[Evidence]) -> list[list[Evidence]]:
    found: list[list[Evidence]] = [[] for _ in run]
    for item in evidence:
        found[item.line - 1].append(item)
    return found


def evaluate(
    items: Sequence[GoldItem],
    rubric: Rubric,
    matcher: Matcher | None = None,
    model: Classifier | None = None,
) -> Evaluation:
    """Run the rubric over every gold sentence and score it at indicator and vector level.

    Consecutive sentences that name the same document are matched as one
    document, a line each, so rules that read the previous sentence are
    measured as they work on real documents; other sentences stand alone.
    With ``model``, its evidence counts beside the rubric's.
    """
    matcher = matcher or matcher_for(rubric)
    vector_of = {ind.id: ind.vector for ind in rubric.indicators.values()}
    vector_ids = [v.id for v in rubric.vectors]
    judged: list[Judged] = []
    documents: list[Profile] = []
    stamp = None if model is None else model.stamp
    for run, document, by_line in matched_runs(items, matcher, model):
        if run[0].document:
            evidence_of_run = [item for line in by_line for item in line]
            documents.append(
                profile_from_evidence(document_info(document), rubric, evidence_of_run, stamp)
            )
        for item, found_evidence in zip(run, by_line, strict=True):
            evidence = tuple(found_evidence)
            found = frozenset(e.indicator for e in evidence)
            gold = frozenset(label for label in item.labels if label not in vector_ids)
            gold_vectors = frozenset(
                {vector_of[label] for label in gold if label in vector_of}
                | {label for label in item.labels if label in vector_ids}
            )
            judged.append(
                Judged(
                    item=item,
                    language=item.language or detect_language(item.text),
                    gold=gold,
                    found=found,
                    gold_vectors=gold_vectors,
                    found_vectors=frozenset(vector_of[f] for f in found if f in vector_of),
                    evidence=evidence,
                )
            )
    return evaluation_of(judged, rubric, documents=documents, model=stamp)


def evaluation_of(
    judged: Sequence[Judged],
    rubric: Rubric,
    *,
    documents: Sequence[Profile] = (),
    model: ModelStamp | None = None,
) -> Evaluation:
    """The scores of sentences already judged: per label, per vector, per language."""
    vector_ids = [v.id for v in rubric.vectors]
    label_ids = [*rubric.indicators, *(f.id for f in rubric.frictions)]
    languages: dict[str, list[Judged]] = defaultdict(list)
    for sentence in judged:
        languages[sentence.language].append(sentence)
    return Evaluation(
        rubric=rubric,
        judged=tuple(judged),
        indicators=_score(judged, label_ids, vectors=False),
        vectors=_score(judged, vector_ids, vectors=True),
        by_language={
            language: (
                _score(group, vector_ids, vectors=True),
                _score(group, label_ids, vectors=False),
            )
            for language, group in sorted(languages.items())
        },
        documents=tuple(documents),
        model=model,
    )


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (ties get their average rank); 0.0 when undefined."""

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=values.__getitem__)
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return result

    rx, ry = ranks(xs), ranks(ys)
    n = len(rx)
    if n < 2:
        return 0.0
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else 0.0


@dataclass(frozen=True)
class RatingAgreement:
    """How far the documents' vector scores follow an analyst's 0–3 ratings."""

    rho: float  # Spearman, over every (document, vector) pair
    pairs: int
    documents: int
    by_vector: dict[str, float]


def rating_agreement(
    profiles: Sequence[Profile], ratings: Mapping[str, Mapping[str, float]]
) -> RatingAgreement:
    """Spearman's rho between ``ratings`` (document → vector → rating) and vector scores."""
    rated = [p for p in profiles if p.document.path in ratings]
    pairs = [
        (ratings[p.document.path][vector], p.vectors[vector].score, vector)
        for p in rated
        for vector in p.vectors
        if vector in ratings[p.document.path]
    ]
    by_vector = {
        vector: spearman(
            [r for r, _, v in pairs if v == vector], [s for _, s, v in pairs if v == vector]
        )
        for vector in dict.fromkeys(v for _, _, v in pairs)
    }
    return RatingAgreement(
        rho=spearman([r for r, _, _ in pairs], [s for _, s, _ in pairs]),
        pairs=len(pairs),
        documents=len(rated),
        by_vector=by_vector,
    )


def evaluate_files(
    gold: Iterable[str | Path],
    rubric: Rubric,
    *,
    split: str | Path | None = None,
    part: str = "dev",
    ratings: str | Path | None = None,
    model: Classifier | None = None,
) -> tuple[Evaluation, RatingAgreement | None]:
    """Read gold files and measure ``rubric`` on them: what ``northalign evaluate`` reports.

    With ``split`` (a TSV of document, language, part), only the sentences of the
    documents in ``part`` count. With ``ratings`` (a TSV of holistic ratings per
    document and vector), the agreement of the vector scores with them comes too.
    With ``model``, the learned model's evidence counts beside the rubric's.
    Raises :class:`~northalign.evaluation.gold.GoldError` naming the file that is wrong.
    """
    items = [item for path in gold for item in read_gold(path, rubric)]
    if split is not None:
        documents = read_split(split, part)
        items = [item for item in items if item.document in documents]
    evaluation = evaluate(items, rubric, model=model)
    agreement = (
        None
        if ratings is None
        else rating_agreement(evaluation.documents, read_ratings(ratings, rubric))
    )
    return evaluation, agreement
