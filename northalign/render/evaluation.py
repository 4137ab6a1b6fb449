"""An :class:`~northalign.evaluation.evaluate.Evaluation` as a terminal table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION, model_dict
from northalign.evaluation.evaluate import Counts, Evaluation, Judged, RatingAgreement, Scores
from northalign.render.common import model_marker, plural, stamp_line
from northalign.render.json import rubric_stamp
from northalign.render.table import plain_console, to_text


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "precision": round(counts.precision, 4),
        "recall": round(counts.recall, 4),
        "f1": round(counts.f1, 4),
        "tp": counts.tp,
        "fp": counts.fp,
        "fn": counts.fn,
        "support": counts.support,
    }


def _summary(scores: Scores) -> dict[str, Any]:
    return {
        "micro": _counts(scores.micro),
        "macro": {
            "precision": round(scores.macro_precision, 4),
            "recall": round(scores.macro_recall, 4),
            "f1": round(scores.macro_f1, 4),
        },
        "labels": {label: _counts(counts) for label, counts in scores.labels.items()},
    }


def _error(judged: Judged) -> dict[str, Any]:
    return {
        "id": judged.item.id,
        "language": judged.language,
        "text": judged.item.text,
        "gold": sorted(judged.gold),
        "found": sorted(judged.found),
        "false_positives": sorted(judged.false_positives),
        "false_negatives": sorted(judged.false_negatives),
        "evidence": [
            {
                "indicator": e.indicator,
                "term": e.term,
                "text": e.text,
                "similarity": e.similarity,
                "source": e.source,
                **({"probability": e.probability} if e.probability is not None else {}),
            }
            for e in judged.evidence
        ],
    }


def _agreement(agreement: RatingAgreement) -> dict[str, Any]:
    return {
        "spearman": round(agreement.rho, 4),
        "pairs": agreement.pairs,
        "documents": agreement.documents,
        "by_vector": {vector: round(rho, 4) for vector, rho in agreement.by_vector.items()},
    }


def evaluation_dict(
    evaluation: Evaluation, agreement: RatingAgreement | None = None
) -> dict[str, Any]:
    unrelated_rate, unrelated_count = evaluation.unrelated_false_alarm_rate()
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(evaluation.rubric),
        "model": model_dict(evaluation.model),
        "sentences": len(evaluation.judged),
        "vectors": _summary(evaluation.vectors),
        "indicators": _summary(evaluation.indicators),
        "languages": {
            language: {
                "sentences": sum(j.language == language for j in evaluation.judged),
                "vectors": _summary(vectors),
                "indicators": _summary(indicators),
                "false_alarm_rate": round(evaluation.false_alarm_rate(language), 4),
            }
            for language, (vectors, indicators) in evaluation.by_language.items()
        },
        "false_alarm_rate": round(evaluation.false_alarm_rate(), 4),
        "indicators_only": _counts(evaluation.micro(frictions=False)),
        "frictions_only": _counts(evaluation.micro(frictions=True)),
        "unrelated_documents": {
            "false_alarm_rate": round(unrelated_rate, 4),
            "sentences": unrelated_count,
        },
        **({"ratings": _agreement(agreement)} if agreement is not None else {}),
        "errors": [_error(j) for j in evaluation.judged if j.false_positives or j.false_negatives],
    }


def evaluation_json(evaluation: Evaluation, agreement: RatingAgreement | None = None) -> str:
    return json.dumps(evaluation_dict(evaluation, agreement), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "level",
    "language",
    "label",
    "precision",
    "recall",
    "f1",
    "support",
    "tp",
    "fp",
    "fn",
)


def evaluation_csv(evaluation: Evaluation) -> str:
    """Precision, recall and F1 a row each: per vector, indicator and friction, then micro
    and macro, over all sentences and per language. Figures are rounded as in the JSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def rows(level: str, language: str, scores: Scores) -> None:
        for label, counts in [*scores.labels.items(), ("micro", scores.micro)]:
            figures = _counts(counts)
            writer.writerow([level, language, label, *(figures[c] for c in CSV_COLUMNS[3:])])
        macro = (scores.macro_precision, scores.macro_recall, scores.macro_f1)
        # Macro figures average the labels' own: they have no counts of their own.
        writer.writerow([level, language, "macro", *(round(x, 4) for x in macro), "", "", "", ""])

    for language, vectors, indicators in [
        ("all", evaluation.vectors, evaluation.indicators),
        *((language, *scores) for language, scores in evaluation.by_language.items()),
    ]:
        rows("vector", language, vectors)
        rows("indicator", language, indicators)
    return buffer.getvalue()


def _row(table: Table, name: str, counts: Counts, *, style: str = "") -> None:
    table.add_row(
        Text(name, style=style),
        f"{counts.precision:.3f}",
        f"{counts.recall:.3f}",
        Text(f"{counts.f1:.3f}", style="bold" if style else ""),
        str(counts.support),
        str(counts.tp),
        str(counts.fp),
        str(counts.fn),
    )


def _table(title: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("")
    for name in ("P", "R", "F1", "gold", "TP", "FP", "FN"):
        table.add_column(name, justify="right")
    return table


def evaluation_text(
    evaluation: Evaluation,
    *,
    errors: int,
    console: Console | None,
    agreement: RatingAgreement | None = None,
) -> str:
    console = console or plain_console()
    rubric = evaluation.rubric
    parts: list[RenderableType] = [
        Text(f"northalign evaluate · {stamp_line(rubric, evaluation.model)}", style="bold"),
        Text(plural(len(evaluation.judged), "sentence"), style="dim"),
        Text(""),
    ]
    summary = _table("Vector level, by language (micro over vectors)")
    for language, (vectors, _indicators) in evaluation.by_language.items():
        _row(summary, language, vectors.micro)
    _row(summary, "all", evaluation.vectors.micro, style="bold")
    parts.append(summary)
    macro = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, title="Macro F1 and false alarms", title_justify="left"
    )
    for name in ("", "vectors", "indicators (micro)", "indicators (macro)", "false alarms"):
        macro.add_column(name, justify="left" if not name else "right")
    for language, (vectors, indicators) in evaluation.by_language.items():
        macro.add_row(
            language,
            f"{vectors.macro_f1:.3f}",
            f"{indicators.micro.f1:.3f}",
            f"{indicators.macro_f1:.3f}",
            f"{evaluation.false_alarm_rate(language):.1%}",
        )
    macro.add_row(
        "all",
        f"{evaluation.vectors.macro_f1:.3f}",
        f"{evaluation.indicators.micro.f1:.3f}",
        f"{evaluation.indicators.macro_f1:.3f}",
        f"{evaluation.false_alarm_rate():.1%}",
    )
    parts.append(macro)
    per_vector = _table("Per vector")
    for vector in rubric.vectors:
        _row(per_vector, vector.id, evaluation.vectors.labels[vector.id])
    parts.append(per_vector)
    per_indicator = _table("Per indicator and friction")
    for label, counts in evaluation.indicators.labels.items():
        _row(per_indicator, label, counts)
    _row(per_indicator, "indicators (micro)", evaluation.micro(frictions=False), style="bold")
    if rubric.frictions:
        _row(per_indicator, "frictions (micro)", evaluation.micro(frictions=True), style="bold")
    parts.append(per_indicator)
    unrelated_rate, unrelated_count = evaluation.unrelated_false_alarm_rate()
    if unrelated_count:
        parts.append(
            Text(
                f"Unrelated documents (no sentence labelled): evidence on {unrelated_rate:.1%} "
                f"of {plural(unrelated_count, 'sentence')}"
            )
        )
    if agreement is not None:
        by_vector = ", ".join(f"{v} {rho:.2f}" for v, rho in agreement.by_vector.items())
        parts.append(
            Text(
                f"Ratings: Spearman's rho {agreement.rho:.3f} between vector scores and ratings "
                f"({plural(agreement.documents, 'document')}, {plural(agreement.pairs, 'pair')}; "
                f"{by_vector})"
            )
        )
    parts.append(Text(""))
    wrong = [j for j in evaluation.judged if j.false_positives or j.false_negatives]
    if errors and wrong:
        parts.append(
            Text(f"Errors ({min(errors, len(wrong))} of {len(wrong)})", style="bold underline")
        )
        for judged in wrong[:errors]:
            line = Text(f"  {judged.item.id} [{judged.language}] ")
            line.append(judged.item.text)
            parts.append(line)
            for label in sorted(judged.false_positives):
                fired = ", ".join(
                    (
                        f"{model_marker(e.probability)} ← {e.text!r}"
                        if e.probability is not None
                        else f"{e.term!r} ← {e.text!r}"
                    )
                    for e in judged.evidence
                    if e.indicator == label
                )
                parts.append(Text(f"      FP {label}: {fired}", style="red"))
            for label in sorted(judged.false_negatives):
                parts.append(Text(f"      FN {label}: nothing fired", style="yellow"))
    return to_text([Group(*parts)], console)
