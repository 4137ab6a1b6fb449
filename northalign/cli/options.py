"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from northalign.render import Format

if TYPE_CHECKING:
    from northalign.learning.classifier import Classifier
    from northalign.model import Rubric

RubricOption = Annotated[
    str,
    typer.Option(
        "--rubric",
        "-r",
        help="A bundled rubric's name or a path to a rubric YAML file.",
        metavar="NAME|PATH",
        show_default=True,
    ),
]
ModelOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10
    typer.Option(
        "--model",
        "-m",
        help="A learned model (from northalign learn) whose evidence counts beside the "
        "rubric's; 'bundled': the one shipped for the rubric.",
        metavar="MODEL.json|bundled",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="Report format.", case_sensitive=False, metavar="|".join(Format)
    ),
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file (atomically) instead of standard output.",
        metavar="FILE",
        dir_okay=False,
    ),
]
# The help states each command's default: batch uses every CPU, score one process (most
# runs score a document or two, for which starting a pool costs more than it saves).
JobsOption = Annotated[
    Optional[int],  # noqa: UP045 - see OutputOption
    typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="Worker processes (default: one per CPU)."
    ),
]
ScoreJobsOption = Annotated[
    int,
    typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes."),
]
DaskOption = Annotated[
    Optional[str],  # noqa: UP045 - see OutputOption
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        # Typer reads help as Rich markup: the brackets of the extra must be escaped.
        help="Profile on a Dask cluster (tcp://host:8786, or 'local'); needs northalign\\[dask].",
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="N",
        help="Refuse a document larger than N bytes (default 256 MB).",
    ),
]
CacheOption = Annotated[
    Optional[str],  # noqa: UP045 - see OutputOption
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Reuse profiles from this on-disk cache ('auto': the user cache folder).",
    ),
]


def cache_dir_option(value: str | None) -> str | None:
    """The folder ``--cache-dir`` names, 'auto' being the user cache folder."""
    if value == "auto":
        from northalign.corpus.cache import default_cache_dir

        return str(default_cache_dir())
    return value


def model_option(value: str | None, rubric: Rubric) -> Classifier | None:
    """The learned model ``--model`` names for ``rubric`` (None: the rubric alone)."""
    if value is None:
        return None
    from northalign.learning.modelfile import load_model

    return load_model(value, rubric)


EvidenceOption = Annotated[
    int,
    typer.Option(
        "--evidence", "-e", min=0, metavar="N", help="Evidence quotes per item in the table report."
    ),
]
