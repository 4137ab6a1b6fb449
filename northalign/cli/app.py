"""The Typer application: global options, the commands registered, the entry point."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from northalign import __version__
from northalign.cli import batch, compare, evaluate, explain, learn, rubric, schema, score
from northalign.cli.common import state
from northalign.errors import ExitStatus

app = typer.Typer(
    name="northalign",
    help=(
        "Check how well regional strategy documents line up for Russia–China–Mongolia "
        "Northern cooperation, with quoted evidence for every score."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# In the order `northalign --help` lists them.
app.command("compare")(compare.compare)
app.command("score")(score.score)
app.command("explain")(explain.explain)
app.command("batch")(batch.batch)
app.add_typer(rubric.app, name="rubric")
app.command("evaluate")(evaluate.evaluate)
app.command("learn")(learn.learn)
app.command("schema")(schema.schema)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"northalign {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when northalign itself fails.")
    ] = False,
) -> None:
    state["debug"] = debug


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM (a scheduler stopping the job) is handled exactly like Ctrl-C.
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt:  # outside any command (while parsing, say)
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(ExitStatus.INTERRUPTED) from None
