"""``northalign learn GOLD... -o MODEL.json``: train the learned second opinion."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from northalign.cli.common import console, emit, handled
from northalign.cli.options import RubricOption
from northalign.render import Format


def learn(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold sentences to learn from: CSV, TSV or JSONL files, as evaluate reads them.",
            metavar="GOLD...",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Write the model file here (JSON, atomically).",
            metavar="MODEL.json",
            dir_okay=False,
            show_default=False,
        ),
    ],
    rubric: RubricOption = "northern-cooperation",
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
            metavar="FILE",
            help="A split file (TSV: document, language, part): leave out the documents it "
            "assigns to another part than --part.",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str, typer.Option("--part", metavar="NAME", help="The part of --split to learn from.")
    ] = "dev",
    precision: Annotated[
        float,
        typer.Option(
            "--precision",
            min=0.5,
            max=1.0,
            metavar="P",
            help="The precision each indicator's threshold must reach on held-out folds.",
        ),
    ] = 0.85,
) -> None:
    """Train a model for the rubric on labelled sentences: a second opinion beside it.

    One logistic regression per indicator and friction, over the words, word
    pairs (characters and character pairs in Chinese) and rubric matches of
    each sentence; cross-validated by document, each threshold chosen on the
    held-out folds. Prints per-indicator precision, recall and F1 and the
    strongest features. Needs the learn extra: pip install 'northalign\\[learn]'.

    Example: northalign learn tests/data/gold/en.jsonl tests/data/gold/ru.jsonl -o model.json
    """
    with handled():
        from northalign.learning.train import learn as train
        from northalign.output import check_writable, write_atomic
        from northalign.render.learning import training_text
        from northalign.rubric import load_rubric

        check_writable(output)
        loaded = load_rubric(rubric)
        trained = train(gold, loaded, target_precision=precision, split=split, part=part)
        write_atomic(output, trained.text)
        shown = console(None, Format.table)
        assert shown is not None  # a table always has a console
        emit(training_text(trained, loaded, output, shown), None)
        sys.stderr.write(f"Wrote {output}\n")
