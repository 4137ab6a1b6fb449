"""The ``northalign`` command: one module per command, shared options, the Typer app.

Commands parse options, call one library function, render and map errors to
exit codes; nothing here is needed to use northalign from Python.
"""

from northalign.cli.app import app, main

__all__ = ["app", "main"]
