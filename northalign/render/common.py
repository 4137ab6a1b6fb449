"""Small things every report shares: the rubric stamp and where a quote stands.

No rich here. What a compare or score report shows is decided in report.py.
"""

from __future__ import annotations

from northalign.model import Rubric


def stamp_line(rubric: Rubric) -> str:
    """The rubric that produced a report: name, version and the start of its content hash."""
    return f"rubric {rubric.name} {rubric.version} · sha256 {rubric.sha256[:12]}"


def location(path: str, line: int, page: int | None) -> str:
    """``file:line``, and ``:pN`` for a document with pages."""
    return f"{path}:{line}" + (f":p{page}" if page is not None else "")
