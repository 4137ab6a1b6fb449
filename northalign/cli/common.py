"""What every command shares: errors to one line and an exit code, writing the report."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from northalign import __version__
from northalign.errors import ExitStatus, NorthalignError
from northalign.render import Format

if TYPE_CHECKING:
    from rich.console import Console  # imported lazily at run time: --help stays fast

    from northalign.model import Profile

ISSUES_URL = "the project's issue tracker"

state = {"debug": False}


def report_error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")


@contextmanager
def handled() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and the right exit code."""
    try:
        yield
    except NorthalignError as error:
        report_error(error.one_line())
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        raise typer.Exit(ExitStatus.INTERRUPTED) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # a bug: apologise, never dump a traceback on the user
        if state["debug"]:
            traceback.print_exc()
        report_error(
            f"northalign {__version__} failed unexpectedly ({type(error).__name__}: {error}). "
            f"This is a bug — please report it to {ISSUES_URL} with the command you ran "
            "(add --debug for the traceback)."
        )
        raise typer.Exit(ExitStatus.INTERNAL_ERROR) from None


def warn(profiles: list[Profile]) -> None:
    """Things the reader should know about a document: on stderr, before the report."""
    for profile in profiles:
        for warning in profile.document.warnings:
            sys.stderr.write(f"warning: {profile.document.path}: {warning}\n")


def command_line() -> str:
    """The command as typed, for reports that record how to reproduce them."""
    import shlex

    return " ".join(["northalign", *(shlex.quote(arg) for arg in sys.argv[1:])])


def emit(text: str, output: Path | None) -> None:
    from northalign.cli.output import write_atomic

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        sys.stderr.write(f"Wrote {output}\n")


def console(output: Path | None, format: Format) -> Console | None:
    if format is not Format.table:
        return None
    from rich.console import Console

    from northalign.render.table import plain_console

    return plain_console() if output is not None else Console(highlight=False)
