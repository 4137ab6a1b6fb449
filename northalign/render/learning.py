"""What ``northalign learn`` prints: the held-out figures of each indicator's model."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from northalign.evaluation.evaluate import Counts
from northalign.learning.features import describe
from northalign.learning.train import Trained
from northalign.model import Rubric
from northalign.render.table import to_text


def _figures(counts: Counts) -> tuple[str, str, str]:
    return f"{counts.precision:.2f}", f"{counts.recall:.2f}", f"{counts.f1:.2f}"


def training_text(trained: Trained, rubric: Rubric, output: Path, console: Console) -> str:
    """The training report: vector figures, then one row per indicator and friction."""
    heading = Text.assemble(
        ("Model ", "bold"),
        (str(output), "bold cyan"),
        f" for rubric {rubric.name} {rubric.version}: {trained.sentences} sentences from "
        f"{trained.documents} documents, cross-validated by document "
        f"(every figure is on held-out folds).",
    )
    vectors = Table(box=box.SIMPLE_HEAD, title="Vectors (sentence level)", title_justify="left")
    for column in ("", "P", "R", "F1"):
        vectors.add_column(column, justify="left" if not column else "right")
    names = {"rubric": "rubric alone", "model": "model alone", "combined": "rubric + model"}
    for name, counts in trained.vectors.items():
        vectors.add_row(names[name], *_figures(counts))
    owners = Table(
        box=box.SIMPLE_HEAD,
        title="Indicators and frictions (from: the probability from which the model marks; "
        "P, R, F1: the model alone; rubric, +model: F1)",
        title_justify="left",
        padding=(0, 1),
    )
    owners.add_column("", no_wrap=True)
    for column in ("from", "P", "R", "F1", "rubric", "+model", "gold"):
        owners.add_column(column, justify="right", min_width=len(column), no_wrap=True)
    for owner in trained.owners:
        owners.add_row(
            owner.id,
            "never" if owner.threshold is None else f"{owner.threshold:.2f}",
            *_figures(owner.model),
            f"{owner.rubric.f1:.2f}",
            f"{owner.combined.f1:.2f}",
            str(owner.positives),
        )
    strongest = Table(box=box.SIMPLE_HEAD, title="Strongest features", title_justify="left")
    strongest.add_column("")
    strongest.add_column("features (weight)")
    for owner in trained.owners:
        strongest.add_row(
            owner.id,
            ", ".join(f"{describe(name)} ({weight:+.2f})" for name, weight in owner.strongest)
            or "none",
        )
    return to_text([heading, vectors, owners, strongest], console)
