"""Renderers: one module per output format, each with the same two functions.

Every format module provides ``comparison_text(comparison, rubric, *,
evidence, console)`` and ``profiles_text(profiles, rubric, *, evidence,
console)``; modules are imported only when their format is asked for.
"""

from __future__ import annotations

import importlib
from enum import Enum
from types import ModuleType
from typing import TYPE_CHECKING

from northalign.model import Comparison, Profile, Rubric

if TYPE_CHECKING:
    from rich.console import Console


class Format(str, Enum):
    """Output formats of ``compare`` and ``score``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"


def _module(format: Format) -> ModuleType:
    return importlib.import_module(f"northalign.render.{format.value}")


def render_comparison(
    comparison: Comparison,
    rubric: Rubric,
    *,
    format: Format,
    evidence: int = 3,
    console: Console | None = None,
    command: str | None = None,
) -> str:
    """The compare report as text; ``console`` sets width and colour of the table format.

    ``command`` is the command line, recorded by the HTML report to make it reproducible.
    """
    text: str = _module(format).comparison_text(
        comparison, rubric, evidence=evidence, console=console, command=command
    )
    return text


def render_profiles(
    profiles: list[Profile],
    rubric: Rubric,
    *,
    format: Format,
    evidence: int = 0,
    console: Console | None = None,
    command: str | None = None,
) -> str:
    """The score report as text; ``console`` sets width and colour of the table format."""
    text: str = _module(format).profiles_text(
        profiles, rubric, evidence=evidence, console=console, command=command
    )
    return text
