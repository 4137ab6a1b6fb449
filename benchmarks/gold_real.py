"""Accuracy on real public text: the rubric on ../shared/gold-real, beside a plain keyword matcher.

    python benchmarks/gold_real.py                 # the dev part (tune on it)
    python benchmarks/gold_real.py --part test     # the test part: once per rubric version

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
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from northalign.evaluation.evaluate import Counts, Evaluation, evaluate, rating_agreement
from northalign.evaluation.gold import GoldItem, read_gold, read_ratings, read_split
from northalign.rubric import Rubric, load_rubric

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


def record(evaluation: Evaluation, rubric: Rubric) -> None:
    """Append a test-part run to the log: every look at the test part stays on record."""
    languages = {
        language: vectors.micro.f1 for language, (vectors, _) in evaluation.by_language.items()
    }
    unrelated, _count = evaluation.unrelated_false_alarm_rate()
    new = not RUNS.exists()
    with RUNS.open("a", encoding="utf-8") as log:
        if new:
            log.write(
                "date\trubric\tversion\tsha256\tvector_p\tvector_f1\ten\tru\tzh\t"
                "indicator_f1\tfriction_f1\tunrelated_false_alarms\n"
            )
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
                ]
            )
            + "\n"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", default="dev", help="dev (default) or test")
    parser.add_argument("--rubric", default=None, help="a rubric name or YAML path")
    parser.add_argument("--no-record", action="store_true", help="do not log a test-part run")
    args = parser.parse_args(argv)
    labels = CORPUS / "labels.jsonl"
    if not labels.is_file():
        print(f"gold-real corpus not found at {CORPUS}: nothing to measure (skipped).")
        return 0
    rubric = load_rubric(args.rubric)
    documents = read_split(SPLIT, args.part)
    items = [item for item in read_gold(labels, rubric) if item.document in documents]
    evaluation = evaluate(items, rubric)
    sys.stdout.write(report(evaluation, items, rubric, args.part))
    if args.part == "test" and not args.no_record:
        record(evaluation, rubric)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
