"""Renderers: one module per output format, behind two functions and one enum."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from northalign.models import Comparison, Profile
from northalign.rubric import Rubric

if TYPE_CHECKING:
    from rich.console import Console


class Format(str, Enum):
    """Output formats of ``compare`` and ``score``."""

    table = "table"
    json = "json"


def render_comparison(
    comparison: Comparison,
    rubric: Rubric,
    *,
    format: Format,
    evidence: int = 3,
    console: Console | None = None,
) -> str:
    """The compare report as text; ``console`` sets width and colour of the table format."""
    if format is Format.json:
        from northalign.render import json as json_format

        return json_format.comparison_json(comparison, rubric)
    from northalign.render import table

    return table.comparison_text(comparison, rubric, evidence=evidence, console=console)


def render_profiles(
    profiles: list[Profile],
    rubric: Rubric,
    *,
    format: Format,
    evidence: int = 3,
    console: Console | None = None,
) -> str:
    """The score report as text; ``console`` sets width and colour of the table format."""
    if format is Format.json:
        from northalign.render import json as json_format

        return json_format.profiles_json(profiles, rubric)
    from northalign.render import table

    return table.profiles_text(profiles, rubric, evidence=evidence, console=console)
