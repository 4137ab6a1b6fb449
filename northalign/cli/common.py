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
            f"This is a bug: please report it {where_to_report()}, with the command you ran "
            # --debug is a global option: it goes before the command.
            "and the traceback that `northalign --debug COMMAND ...` prints."
        )
        raise typer.Exit(ExitStatus.INTERNAL_ERROR) from None


# Labels of the package's Project-URL metadata, most useful first, for reporting a bug.
_REPORT_LABELS = ("issues", "bug tracker", "bugs", "tracker", "source", "repository", "homepage")


def project_urls() -> list[str]:
    """The installed package's ``Project-URL`` entries ("Label, https://..."), if any."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        return metadata("northalign").get_all("Project-URL") or []
    except PackageNotFoundError:  # run from a source tree that was never installed
        return []


def where_to_report() -> str:
    """Where a bug goes: the tracker the package declares, else its maintainers.

    Read from the metadata so the message never names an address the project
    does not publish.
    """
    urls: dict[str, str] = {}
    for entry in project_urls():
        label, _, url = entry.partition(",")
        urls.setdefault(label.strip().casefold(), url.strip())
    for label in _REPORT_LABELS:
        if urls.get(label):
            return f"at {urls[label]}"
    return "to northalign's maintainers"


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
    from northalign.output import write_atomic

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
