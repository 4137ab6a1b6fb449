"""``northalign rubric list|show|validate``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from northalign.cli.common import console, emit, handled
from northalign.errors import ExitStatus
from northalign.render import Format

app = typer.Typer(
    name="rubric",
    help="List, inspect and validate rubrics.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("list")
def rubric_list() -> None:
    """List the rubrics bundled with northalign.

    Example: northalign rubric list
    """
    with handled():
        from northalign.render.rubric import rubric_list_text
        from northalign.rubric import bundled_rubrics, load_rubric

        rubrics = [load_rubric(name) for name in bundled_rubrics()]
        emit(rubric_list_text(rubrics, console(None, Format.table)), None)


@app.command("show")
def rubric_show(
    rubric: Annotated[
        str,
        typer.Argument(help="A bundled rubric's name or a path.", metavar="NAME|PATH"),
    ] = "northern-cooperation",
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="table or json.", case_sensitive=False, metavar="table|json"
        ),
    ] = Format.table,
    terms: Annotated[
        bool,
        typer.Option(
            "--terms",
            help="List the terms themselves (and each indicator's exclusions, rules and "
            "context lists) instead of counting them.",
        ),
    ] = False,
    indicator: Annotated[
        str | None,
        typer.Option(
            "--indicator",
            "-i",
            help="With --terms: only this indicator, friction or vector (implies --terms).",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="With --terms: only the terms in this language: en, ru, zh, mn (implies --terms).",
            metavar="xx",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show a rubric's vectors and indicators with their term counts per language.

    With --terms, list the terms themselves, indicator by indicator.

    Examples: northalign rubric show northern-cooperation --format json;
    northalign rubric show --terms --indicator border-policy --lang zh
    """
    with handled():
        from northalign.errors import NorthalignError
        from northalign.render.rubric import (
            rubric_json,
            rubric_terms_json,
            rubric_terms_text,
            rubric_text,
        )
        from northalign.rubric import load_rubric
        from northalign.rubric.listing import term_listing

        if format not in (Format.table, Format.json):
            raise NorthalignError(f"rubric show writes table or json, not {format.value}")
        loaded = load_rubric(rubric)
        if terms or indicator is not None or lang is not None:
            listings = term_listing(loaded, indicator, lang)
            if format is Format.json:
                emit(rubric_terms_json(loaded, listings, lang), None)
            else:
                emit(rubric_terms_text(loaded, listings, console(None, format)), None)
        elif format is Format.json:
            emit(rubric_json(loaded), None)
        else:
            emit(rubric_text(loaded, console(None, format)), None)


@app.command("validate")
def rubric_validate(
    path: Annotated[
        str, typer.Argument(help="A rubric YAML file (or a bundled name).", metavar="PATH")
    ],
    notes: Annotated[
        bool,
        typer.Option(
            "--notes",
            help="Also list the notes: shorter terms that a longer term of another indicator "
            "hides where both match (longest match wins, by design).",
        ),
    ] = False,
) -> None:
    """Check a rubric and report every error and warning at once, with file:line.

    Exits 2 when there are errors; warnings (duplicated or vetoed terms, terms
    without words, unused context lists, rules that cannot fire in a language)
    do not fail validation.

    Example: northalign rubric validate rubrics/northern-cooperation.yaml
    """
    from northalign.errors import RubricError
    from northalign.render.rubric import validation_text
    from northalign.rubric import lint, load_rubric

    try:
        loaded = load_rubric(path)
    except RubricError as error:
        problems = list(error.problems) or [error.one_line()]
        sys.stdout.write(validation_text(path, problems, []))
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    with handled():
        found = [*loaded.warnings, *lint(loaded)]
        sys.stdout.write(validation_text(path, [], found, notes=notes))
