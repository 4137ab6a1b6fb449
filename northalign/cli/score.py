"""``northalign score FILE...``: each document on every vector and indicator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from northalign.cli.common import command_line, console, emit, handled, report_error, warn
from northalign.cli.options import (
    CacheOption,
    DaskOption,
    EvidenceOption,
    FormatOption,
    MaxBytesOption,
    ModelOption,
    OutputOption,
    RubricOption,
    ScoreJobsOption,
    cache_dir_option,
    model_option,
)
from northalign.errors import ExitStatus
from northalign.render import Format


def score(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Strategy documents to score; a folder stands for the documents in it.",
            metavar="FILE...",
            show_default=False,
        ),
    ],
    rubric: RubricOption = "northern-cooperation",
    format: FormatOption = Format.table,
    output: OutputOption = None,
    evidence: EvidenceOption = 0,
    jobs: ScoreJobsOption = 1,
    dask: DaskOption = None,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
    cache_dir: CacheOption = None,
    model: ModelOption = None,
) -> None:
    """Score each document on every vector and indicator of the rubric.

    Shows each score with its number of hits and the terms that matched most.
    A folder is read as batch reads it: the documents in it and its subfolders,
    sorted. A document that cannot be read is reported on stderr; the others
    are still scored and written, and the exit status is 2.

    Example: northalign score policies/novosibirsk.md --format json
    """
    with handled():
        from northalign.corpus.pairs import documents_in
        from northalign.corpus.parallel import profile_many
        from northalign.output import check_writable
        from northalign.render import render_profiles
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        learned = model_option(model, loaded)
        scored = profile_many(
            documents_in(files),
            loaded,
            jobs=jobs,
            dask=dask,
            max_bytes=max_bytes,
            cache_dir=cache_dir_option(cache_dir),
            model=learned,
        )
        profiles = [item.profile for item in scored if item.profile is not None]
        for item in scored:
            if item.profile is None:
                shown = "<stdin>" if item.path == "-" else item.path
                report_error(f"{shown}: {item.error}")
        warn(profiles)
        if profiles:
            text = render_profiles(
                profiles,
                loaded,
                format=format,
                evidence=evidence,
                console=console(output, format),
                command=command_line(),
            )
            emit(text, output)
    if len(profiles) < len(scored):
        raise typer.Exit(ExitStatus.BAD_INPUT)
