"""Measure a rubric against a gold set: precision, recall and F1, and the errors behind them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from northalign.gold import GoldItem
from northalign.language import detect_language
from northalign.load import parse_lines
from northalign.match import Matcher
from northalign.models import Evidence
from northalign.rubric import Rubric


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


def _found_per_item(run: list[GoldItem], matcher: Matcher) -> list[list[Evidence]]:
    """Match a run of sentences as one document (a line each); evidence by sentence."""
    if len(run) == 1:
        return [matcher.find(parse_lines([run[0].text], run[0].id))]
    found: list[list[Evidence]] = [[] for _ in run]
    for evidence in matcher.find(parse_lines([item.text for item in run], run[0].document)):
        found[evidence.line - 1].append(evidence)
    return found


def evaluate(
    items: Sequence[GoldItem], rubric: Rubric, matcher: Matcher | None = None
) -> Evaluation:
    """Run the rubric over every gold sentence and score it at indicator and vector level.

    Consecutive sentences that name the same document are matched as one
    document, a line each, so rules that read the previous sentence are
    measured as they work on real documents; other sentences stand alone.
    """
    matcher = matcher or Matcher(rubric)
    vector_of = {ind.id: ind.vector for ind in rubric.indicators.values()}
    vector_ids = [v.id for v in rubric.vectors]
    label_ids = [*rubric.indicators, *(f.id for f in rubric.frictions)]
    judged: list[Judged] = []
    for run in _runs(items):
        for item, found_evidence in zip(run, _found_per_item(run, matcher), strict=True):
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
    languages: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        languages[item.language].append(item)
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
    )
