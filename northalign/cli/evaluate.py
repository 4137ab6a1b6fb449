"""``northalign evaluate GOLD...``: a rubric against labelled sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from northalign.cli.common import console, emit, handled
from northalign.cli.options import (
    FormatOption,
    OutputOption,
    RubricOption,
)
from northalign.render import Format


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
    format: FormatOption = Format.table,
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
) -> None:
    """Measure a rubric against labelled sentences: precision, recall and F1.

    Per vector, indicator and language (micro and macro), with the false
    positives (and the term that fired) and false negatives to fix.

    Example: northalign evaluate tests/data/gold/en.jsonl tests/data/gold/ru.jsonl
    """
    with handled():
        from northalign.cli.output import check_writable
        from northalign.evaluation.evaluate import evaluate as run_evaluation
        from northalign.evaluation.evaluate import rating_agreement
        from northalign.evaluation.gold import read_gold, read_ratings, read_split
        from northalign.render.evaluation import evaluation_json, evaluation_text
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        items = [item for path in gold for item in read_gold(path, loaded)]
        if split is not None:
            documents = read_split(split, part)
            items = [item for item in items if item.document in documents]
        result = run_evaluation(items, loaded)
        agreement = (
            None
            if ratings is None
            else rating_agreement(result.documents, read_ratings(ratings, loaded))
        )
        if format is Format.json:
            text = evaluation_json(result, agreement)
        else:
            text = evaluation_text(
                result, errors=errors, console=console(output, format), agreement=agreement
            )
        emit(text, output)
