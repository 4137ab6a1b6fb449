"""``northalign compare A B``: two documents side by side, with quoted evidence."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from northalign.cli.common import command_line, console, emit, handled, warn
from northalign.cli.options import (
    EvidenceOption,
    FormatOption,
    MaxBytesOption,
    ModelOption,
    OutputOption,
    RubricOption,
    model_option,
)
from northalign.errors import ExitStatus
from northalign.render import Format


def compare(
    left: Annotated[
        Path, typer.Argument(help="First strategy document (A).", metavar="A", show_default=False)
    ],
    right: Annotated[
        Path, typer.Argument(help="Second strategy document (B).", metavar="B", show_default=False)
    ],
    rubric: RubricOption = "northern-cooperation",
    format: FormatOption = Format.table,
    output: OutputOption = None,
    evidence: EvidenceOption = 3,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
    model: ModelOption = None,
    fail_under: Annotated[
        Optional[float],  # noqa: UP045 - see OutputOption
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="SCORE",
            help="Exit with status 1 if the overall alignment is below this score (0–100).",
        ),
    ] = None,
) -> None:
    """Compare two strategy documents, with quoted evidence for every figure.

    Reports the overall alignment, each vector and indicator for both sides,
    shared priorities, complements, gaps and frictions.

    Example: northalign compare policies/inner-mongolia.md policies/kemerovo.md
    """
    with handled():
        from northalign.output import check_writable
        from northalign.pipeline import compare_paths
        from northalign.render import render_comparison
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        learned = model_option(model, loaded)
        comparison = compare_paths(left, right, loaded, max_bytes=max_bytes, model=learned)
        warn([comparison.left, comparison.right])
        text = render_comparison(
            comparison,
            loaded,
            format=format,
            evidence=evidence,
            console=console(output, format),
            command=command_line(),
        )
        emit(text, output)
    if fail_under is not None and comparison.overall < fail_under:
        sys.stderr.write(
            f"Overall alignment {comparison.overall:.1f} is below --fail-under {fail_under:g}.\n"
        )
        raise typer.Exit(ExitStatus.BELOW_THRESHOLD)
