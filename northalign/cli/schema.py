"""``northalign schema NAME``: print a shipped JSON Schema."""

from __future__ import annotations

from typing import Annotated

import typer

from northalign.cli.common import emit, handled


def schema(
    name: Annotated[
        str,
        typer.Argument(
            help="score, compare, batch, rubric, rubric-show, rubric-terms, explain or evaluate.",
            metavar="NAME",
            show_default=False,
        ),
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's JSON output, or of a rubric file.

    score, compare, batch, explain, evaluate, rubric-show and rubric-terms
    (rubric show --terms) describe the commands' --format json; rubric
    describes a rubric YAML file.

    Example: northalign schema score > score.schema.json
    """
    with handled():
        from northalign.schemas import schema_text

        emit(schema_text(name), None)
