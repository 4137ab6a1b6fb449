"""Accuracy on real public text: the rubric on ../shared/gold-real, beside a plain keyword matcher.

    python benchmarks/gold_real.py                 # the dev part (tune on it)
    python benchmarks/gold_real.py --part test     # the test part: once per rubric version
    python benchmarks/gold_real.py --model MODEL.json   # rubric, model and both side by side

The corpus is third-party text and is read from ``../shared/gold-real`` (or
``$NORTHALIGN_GOLD_REAL``) at run time, never copied into the repository; the
split by source document is ``benchmarks/gold-real/split.tsv``. For the chosen
part it prints, as Markdown: vector precision, recall and F1 per language and
per vector, indicator and friction F1 (micro and per label), false alarms on
the sentences of unrelated documents, Spearman's rho between whole-document
vector scores and the corpus's 0–3 ratings, and the same rubric's terms run
through flashtext (a standard keyword matcher: exact phrases, no stemming,
typos, contexts or rules) on the same sentences. A run on the test part is
appended to ``benchmarks/gold-real/test-runs.tsv``, so every look at the test
part is on record.

With ``--model MODEL.json`` (a model from ``northalign learn``) the report puts
three readings side by side: the rubric alone; the model alone (a sentence is
the model's for an indicator or friction when its probability reaches that
owner's threshold, whether or not the rubric found it; the rubric's evidence is
still among the model's features, as in training); and rubric + model, the
evaluation with ``model=`` (what ``--model`` does on every command). A
test-part run with a model is logged with the rubric + model figures and the
model file's SHA-256 (first 12 digits) in the ``model`` column.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from northalign.evaluation.evaluate import (
    Counts,
    Evaluation,
    Judged,
    evaluate,
    evaluation_of,
    matched_runs,
    rating_agreement,
)
from northalign.evaluation.gold import GoldItem, read_gold, read_ratings, read_split
from northalign.learning.classifier import Classifier
from northalign.learning.modelfile import ModelError, load_model
from northalign.rubric import Rubric, load_rubric
from northalign.rubric.compiled import matcher_for

HERE = Path(__file__).resolve().parent
SPLIT = HERE / "gold-real" / "split.tsv"
RUNS = HERE / "gold-real" / "test-runs.tsv"

CORPUS = Path(os.environ.get("NORTHALIGN_GOLD_REAL", HERE.parent.parent / "shared" / "gold-real"))


def flashtext_found(items: Sequence[GoldItem], rubric: Rubric) -> list[frozenset[str]]:
    """Labels a plain keyword matcher finds with the rubric's terms (one processor per script)."""
    from flashtext import KeywordProcessor

    latin = KeywordProcessor(case_sensitive=False)
    # Chinese has no spaces: every character may start or end a keyword.
    han = KeywordProcessor(case_sensitive=False)
    han.set_non_word_boundaries(set())
    owners = [*rubric.indicators.values(), *rubric.frictions]
    for owner in owners:
        for term in owner.terms:
            processor = han if term.language == "zh" else latin
            processor.add_keyword(term.text.casefold(), owner.id)
    found = []
    for item in items:
        processor = han if item.language == "zh" else latin
        labels = processor.extract_keywords(item.text.casefold())
        found.append(frozenset(str(label) for label in labels))
    return found


def keyword_counts(
    items: Sequence[GoldItem], found: Sequence[frozenset[str]], rubric: Rubric
) -> tuple[Counts, dict[str, Counts]]:
    """Vector counts (all languages) and per language, for the keyword baseline."""
    vector_of = {i.id: i.vector for i in rubric.indicators.values()}
    total = Counts()
    by_language: dict[str, Counts] = {}
    for item, labels in zip(items, found, strict=True):
        gold = {vector_of[label] for label in item.labels if label in vector_of}
        predicted = {vector_of[label] for label in labels if label in vector_of}
        counts = Counts(
            tp=len(gold & predicted), fp=len(predicted - gold), fn=len(gold - predicted)
        )
        total = total + counts
        by_language[item.language] = by_language.get(item.language, Counts()) + counts
    return total, by_language


def keyword_indicator_f1(
    items: Sequence[GoldItem], found: Sequence[frozenset[str]], rubric: Rubric
) -> tuple[float, float]:
    frictions = {f.id for f in rubric.frictions}
    indicators, friction = Counts(), Counts()
    for item, labels in zip(items, found, strict=True):
        for ids, name in ((set(rubric.indicators), "i"), (frictions, "f")):
            gold, predicted = item.labels & ids, labels & ids
            counts = Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))
            if name == "i":
                indicators = indicators + counts
            else:
                friction = friction + counts
    return indicators.f1, friction.f1


def row(name: str, counts: Counts) -> str:
    return (
        f"| {name} | {counts.precision:.2f} | {counts.recall:.2f} | {counts.f1:.2f} "
        f"| {counts.support} |"
    )


def report(evaluation: Evaluation, items: Sequence[GoldItem], rubric: Rubric, part: str) -> str:
    ratings = read_ratings(CORPUS / "ratings.tsv", rubric)
    agreement = rating_agreement(evaluation.documents, ratings)
    unrelated, unrelated_count = evaluation.unrelated_false_alarm_rate()
    lines = [
        f"Rubric {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]}) on the {part} part "
        f"of gold-real: {len(evaluation.documents)} documents, {len(items)} sentences.",
        "",
        "| vectors | P | R | F1 | gold |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for language, (vectors, _indicators) in evaluation.by_language.items():
        lines.append(row(language, vectors.micro))
    lines.append(row("**all**", evaluation.vectors.micro))
    for vector in rubric.vectors:
        lines.append(row(vector.id, evaluation.vectors.labels[vector.id]))
    lines += [
        "",
        "| indicators and frictions | P | R | F1 | gold |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines.append(row("**indicators (micro)**", evaluation.micro(frictions=False)))
    lines.append(row("**frictions (micro)**", evaluation.micro(frictions=True)))
    for language, (_vectors, indicators) in evaluation.by_language.items():
        frictions = {f.id for f in rubric.frictions}
        only = sum(
            (c for label, c in indicators.labels.items() if label not in frictions), Counts()
        )
        lines.append(row(f"indicators, {language}", only))
    for label, counts in evaluation.indicators.labels.items():
        lines.append(row(label, counts))
    lines += [
        "",
        f"False alarms: evidence on {unrelated:.1%} of the {unrelated_count} sentences of "
        f"unrelated documents; on {evaluation.false_alarm_rate():.1%} of all unlabelled sentences.",
        f"Ratings: Spearman's rho {agreement.rho:.2f} between vector scores and the 0–3 ratings "
        f"({agreement.documents} documents, {agreement.pairs} pairs; "
        + ", ".join(f"{v} {rho:.2f}" for v, rho in agreement.by_vector.items())
        + ").",
    ]
    try:
        found = flashtext_found(items, rubric)
    except ImportError:
        lines.append("flashtext is not installed (pip install flashtext): no keyword baseline.")
        return "\n".join(lines) + "\n"
    vectors, by_language = keyword_counts(items, found, rubric)
    indicator_f1, friction_f1 = keyword_indicator_f1(items, found, rubric)
    per_language = ", ".join(f"{lang} {c.f1:.2f}" for lang, c in sorted(by_language.items()))
    lines.append(
        f"flashtext with the same terms: vector P {vectors.precision:.2f} R {vectors.recall:.2f} "
        f"F1 {vectors.f1:.2f} ({per_language}); indicator F1 {indicator_f1:.2f}; "
        f"friction F1 {friction_f1:.2f}."
    )
    return "\n".join(lines) + "\n"


def model_alone(
    items: Sequence[GoldItem], rubric: Rubric, model: Classifier, rubric_only: Evaluation
) -> Evaluation:
    """``rubric_only``'s sentences judged by the model's own marks instead of the rubric's
    evidence (``evidence`` is left empty: count false alarms with :func:`alarm_rates`)."""
    vector_of = {i.id: i.vector for i in rubric.indicators.values()}
    marked: list[frozenset[str]] = []
    for run, document, by_line in matched_runs(items, matcher_for(rubric)):
        marks = model.marks(document, [e for line in by_line for e in line])
        by_line_marks: dict[int, set[str]] = defaultdict(set)
        for index, owners in marks.items():
            by_line_marks[document.segments[index].line] |= owners
        marked += [frozenset(by_line_marks.get(line, ())) for line in range(1, len(run) + 1)]
    judged = [
        replace(
            sentence,
            found=found,
            found_vectors=frozenset(vector_of[f] for f in found if f in vector_of),
            evidence=(),
        )
        for sentence, found in zip(rubric_only.judged, marked, strict=True)
    ]
    return evaluation_of(judged, rubric)


def alarm_rates(evaluation: Evaluation) -> tuple[float, int, float, int]:
    """Share of the sentences of unrelated documents found to hold any indicator or friction,
    and how many there are; the same over all unlabelled sentences. As
    ``Evaluation.unrelated_false_alarm_rate`` and ``false_alarm_rate``, but read from what
    was found, which the model alone has without evidence items."""
    labelled = {j.item.document for j in evaluation.judged if j.item.labels}
    unrelated = [
        j for j in evaluation.judged if j.item.document and j.item.document not in labelled
    ]
    empty = [j for j in evaluation.judged if not j.item.labels]

    def share(group: list[Judged]) -> float:
        return sum(bool(j.found) for j in group) / len(group) if group else 0.0

    return share(unrelated), len(unrelated), share(empty), len(empty)


def _prf(counts: Counts) -> str:
    return f"{counts.precision:.2f} | {counts.recall:.2f} | {counts.f1:.2f}"


def _pf(counts: Counts) -> str:
    return f"{counts.precision:.2f} | {counts.f1:.2f}"


def side_by_side(
    readings: Sequence[Evaluation],
    items: Sequence[GoldItem],
    rubric: Rubric,
    model: Classifier,
    part: str,
) -> str:
    """Rubric alone, model alone and rubric + model, one column group each."""
    rubric_only, alone, both = readings
    names = ("rubric", "model", "rubric + model")
    frictions = {f.id for f in rubric.frictions}
    lines = [
        f"Rubric {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]}) and model "
        f"{model.stamp.name} (sha256 {model.stamp.sha256[:12]}) on the {part} part of "
        f"gold-real: {len(both.documents)} documents, {len(items)} sentences. The model alone: "
        "a sentence is the model's when its probability reaches the owner's threshold, "
        "whether or not the rubric fired; rubric + model: the evaluation with the model.",
        "",
        "| vectors | " + " | ".join(f"{n} P | R | F1" for n in names) + " | gold |",
        "| --- | " + " | ".join("---: | ---: | ---:" for _ in names) + " | ---: |",
    ]

    def vector_row(name: str, counts: Sequence[Counts]) -> str:
        return f"| {name} | " + " | ".join(_prf(c) for c in counts) + f" | {counts[0].support} |"

    for language in both.by_language:
        lines.append(vector_row(language, [r.by_language[language][0].micro for r in readings]))
    lines.append(vector_row("**all**", [r.vectors.micro for r in readings]))
    for vector in rubric.vectors:
        lines.append(vector_row(vector.id, [r.vectors.labels[vector.id] for r in readings]))

    def label_row(name: str, counts: Sequence[Counts]) -> str:
        return f"| {name} | " + " | ".join(_pf(c) for c in counts) + f" | {counts[0].support} |"

    lines += [
        "",
        "| indicators and frictions | " + " | ".join(f"{n} P | F1" for n in names) + " | gold |",
        "| --- | " + " | ".join("---: | ---:" for _ in names) + " | ---: |",
        label_row("**indicators (micro)**", [r.micro(frictions=False) for r in readings]),
        label_row("**frictions (micro)**", [r.micro(frictions=True) for r in readings]),
    ]
    for language in both.by_language:
        lines.append(
            label_row(
                f"indicators, {language}",
                [
                    sum(
                        (
                            c
                            for label, c in r.by_language[language][1].labels.items()
                            if label not in frictions
                        ),
                        Counts(),
                    )
                    for r in readings
                ],
            )
        )
    for label in both.indicators.labels:
        lines.append(label_row(label, [r.indicators.labels[label] for r in readings]))
    rates = [alarm_rates(r) for r in readings]
    lines += [
        "",
        "| false alarms: sentences with any evidence | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---:" for _ in names) + " |",
        f"| of unrelated documents ({rates[0][1]}) | "
        + " | ".join(f"{r[0]:.1%}" for r in rates)
        + " |",
        f"| of all unlabelled sentences ({rates[0][3]}) | "
        + " | ".join(f"{r[2]:.1%}" for r in rates)
        + " |",
    ]
    ratings = read_ratings(CORPUS / "ratings.tsv", rubric)
    rho = [rating_agreement(r.documents, ratings).rho for r in (rubric_only, both)]
    lines += [
        "",
        f"Ratings: Spearman's rho between vector scores and the 0–3 ratings {rho[0]:.2f} "
        f"(rubric), {rho[1]:.2f} (rubric + model).",
    ]
    disagree = sum(
        r.found | a.found != b.found
        for r, a, b in zip(rubric_only.judged, alone.judged, both.judged, strict=True)
    )
    if disagree:  # the model alone is computed here, apart from the classifier: say if they part
        lines.append(
            f"Warning: on {disagree} sentences rubric ∪ model alone is not rubric + model."
        )
    return "\n".join(lines) + "\n"


RUNS_HEADER = (
    "date\trubric\tversion\tsha256\tvector_p\tvector_f1\ten\tru\tzh\t"
    "indicator_f1\tfriction_f1\tunrelated_false_alarms\tmodel\n"
)


def _add_model_column() -> None:
    """Give a log written before models existed its ``model`` column, empty on old rows."""
    lines = RUNS.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].split("\t")[-1] != "model":
        RUNS.write_text(
            RUNS_HEADER + "".join(f"{line}\t\n" for line in lines[1:]), encoding="utf-8"
        )


def record(evaluation: Evaluation, rubric: Rubric, model: Classifier | None = None) -> None:
    """Append a test-part run to the log: every look at the test part stays on record.
    With a model, the figures are rubric + model's and ``model`` names the model file."""
    languages = {
        language: vectors.micro.f1 for language, (vectors, _) in evaluation.by_language.items()
    }
    unrelated, _count = evaluation.unrelated_false_alarm_rate()
    new = not RUNS.exists()
    if not new:
        _add_model_column()
    with RUNS.open("a", encoding="utf-8") as log:
        if new:
            log.write(RUNS_HEADER)
        log.write(
            "\t".join(
                [
                    time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
                    rubric.name,
                    rubric.version,
                    rubric.sha256[:12],
                    f"{evaluation.vectors.micro.precision:.3f}",
                    f"{evaluation.vectors.micro.f1:.3f}",
                    *(f"{languages.get(lang, 0.0):.3f}" for lang in ("en", "ru", "zh")),
                    f"{evaluation.micro(frictions=False).f1:.3f}",
                    f"{evaluation.micro(frictions=True).f1:.3f}",
                    f"{unrelated:.4f}",
                    "" if model is None else model.stamp.sha256[:12],
                ]
            )
            + "\n"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", default="dev", help="dev (default) or test")
    parser.add_argument("--rubric", default=None, help="a rubric name or YAML path")
    parser.add_argument("--no-record", action="store_true", help="do not log a test-part run")
    parser.add_argument(
        "--model", default=None, help="a model file (northalign learn): rubric, model and both"
    )
    args = parser.parse_args(argv)
    labels = CORPUS / "labels.jsonl"
    if not labels.is_file():
        print(f"gold-real corpus not found at {CORPUS}: nothing to measure (skipped).")
        return 0
    rubric = load_rubric(args.rubric)
    documents = read_split(SPLIT, args.part)
    items = [item for item in read_gold(labels, rubric) if item.document in documents]
    evaluation = evaluate(items, rubric)
    if args.model is None:
        sys.stdout.write(report(evaluation, items, rubric, args.part))
        if args.part == "test" and not args.no_record:
            record(evaluation, rubric)
        return 0
    try:
        model = load_model(args.model, rubric)
    except ModelError as error:
        print(f"gold_real.py: {error}", file=sys.stderr)
        return 2
    both = evaluate(items, rubric, model=model)
    alone = model_alone(items, rubric, model, evaluation)
    sys.stdout.write(side_by_side((evaluation, alone, both), items, rubric, model, args.part))
    if args.part == "test" and not args.no_record:
        record(both, rubric, model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
