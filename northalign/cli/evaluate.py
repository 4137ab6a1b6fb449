"""``northalign evaluate GOLD...``: a rubric against labelled sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from northalign.cli.common import console, emit, handled
from northalign.cli.options import (
    ModelOption,
    OutputOption,
    RubricOption,
    model_option,
)
from northalign.render import Format

#: What ``evaluate`` writes; any other --format is refused, never answered with a table.
FORMATS = (Format.table, Format.json, Format.csv)


def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold sentences: CSV, TSV or JSONL files with text, lang and labels.",
            metavar="GOLD...",
            show_default=False,
        ),
    ],
    rubric: RubricOption = "northern-cooperation",
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="Report format (csv: precision, recall and F1 a row each).",
            case_sensitive=False,
            metavar="|".join(FORMATS),
        ),
    ] = Format.table,
    output: OutputOption = None,
    errors: Annotated[
        int,
        typer.Option(
            "--errors", min=0, metavar="N", help="List up to N sentences the rubric got wrong."
        ),
    ] = 20,
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
            metavar="FILE",
            help="A split file (TSV: document, language, part): keep only the documents of --part.",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str, typer.Option("--part", metavar="NAME", help="The part of --split to evaluate.")
    ] = "dev",
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings",
            metavar="FILE",
            help="Ratings of whole documents per vector (TSV: document, then a column per "
            "vector): report Spearman's rho between them and the vector scores.",
            show_default=False,
        ),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Measure a rubric against labelled sentences: precision, recall and F1.

    Per vector, indicator and language (micro and macro), with the false
    positives (and the term that fired) and false negatives to fix.

    Example: northalign evaluate tests/data/gold/en.jsonl tests/data/gold/ru.jsonl
    """
    with handled():
        from northalign.errors import NorthalignError
        from northalign.evaluation.evaluate import evaluate_files
        from northalign.output import check_writable
        from northalign.render.evaluation import evaluation_csv, evaluation_json, evaluation_text
        from northalign.rubric import load_rubric

        if format not in FORMATS:
            raise NorthalignError(f"evaluate writes table, json or csv, not {format.value}")
        if format is Format.csv and ratings is not None:
            raise NorthalignError(
                "--ratings is reported in the table and json formats",
                hint="the csv holds precision, recall and F1 only",
            )
        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        result, agreement = evaluate_files(
            gold,
            loaded,
            split=split,
            part=part,
            ratings=ratings,
            model=model_option(model, loaded),
        )
        if format is Format.json:
            text = evaluation_json(result, agreement)
        elif format is Format.csv:
            text = evaluation_csv(result)
        else:
            text = evaluation_text(
                result, errors=errors, console=console(output, format), agreement=agreement
            )
        emit(text, output)
