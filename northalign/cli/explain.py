"""``northalign explain A [B]``: every piece of evidence for some indicators, and what did not
count and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from northalign.cli.common import console, emit, handled
from northalign.cli.options import (
    MaxBytesOption,
    ModelOption,
    OutputOption,
    RubricOption,
    model_option,
)
from northalign.render import Format


def explain(
    files: Annotated[
        list[Path],
        typer.Argument(help="One or two documents (A, B).", metavar="A [B]", show_default=False),
    ],
    indicator: Annotated[
        Optional[list[str]],  # noqa: UP045 - see OutputOption
        typer.Option("--indicator", "-i", metavar="ID", help="Indicator or friction id (repeat)."),
    ] = None,
    vector: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--vector", "-v", metavar="ID", help="Every indicator of a vector (repeat)."),
    ] = None,
    rubric: RubricOption = "northern-cooperation",
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table or json.", metavar="table|json")
    ] = Format.table,
    output: OutputOption = None,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
    model: ModelOption = None,
) -> None:
    """Show every piece of evidence for an indicator on both sides, and what did not count.

    For each document: the term, the matched text, its similarity and file:line;
    then the near-matches that did not count and why (below a threshold,
    excluded, missing context, overlapped by a longer match).

    Example: northalign explain policies/omsk.md policies/kemerovo.md -i resource-industries
    """
    with handled():
        from northalign.errors import NorthalignError
        from northalign.output import check_writable
        from northalign.pipeline import explain_paths
        from northalign.render.explain import explain_json, explain_text
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        if not 1 <= len(files) <= 2:
            raise NorthalignError("explain takes one or two documents")
        if format not in (Format.table, Format.json):
            raise NorthalignError(f"explain writes table or json, not {format.value}")
        loaded = load_rubric(rubric)
        learned = model_option(model, loaded)
        explanation = explain_paths(
            files,
            loaded,
            indicators=indicator or (),
            vectors=vector or (),
            max_bytes=max_bytes,
            model=learned,
        )
        stamp = None if learned is None else learned.stamp
        if format is Format.json:
            text = explain_json(explanation, loaded, stamp)
        else:
            text = explain_text(explanation, loaded, console(output, Format.table), stamp)
        emit(text, output)
