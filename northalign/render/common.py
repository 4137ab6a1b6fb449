"""Small things every report shares: the rubric stamp and where a quote stands.

No rich here. What a compare or score report shows is decided in report.py.
"""

from __future__ import annotations

from northalign.model import Rubric


def plural(count: int, noun: str, many: str | None = None) -> str:
    """A count with its noun agreeing: ``1 segment``, ``2 segments``, ``1,388 words``.

    ``many`` is the plural where adding "s" would be wrong ("1 match", "2 matches").
    """
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def rubric_label(rubric: Rubric) -> str:
    """Name and version, and "(modified)" for an edited copy of a bundled rubric."""
    return f"{rubric.name} {rubric.version}" + (" (modified)" if rubric.modified else "")


def stamp_line(rubric: Rubric) -> str:
    """The rubric that produced a report: name, version and the start of its content hash."""
    return f"rubric {rubric_label(rubric)} · sha256 {rubric.sha256[:12]}"


def location(path: str, line: int, page: int | None) -> str:
    """``file:line``, and ``:pN`` for a document with pages."""
    return f"{path}:{line}" + (f":p{page}" if page is not None else "")
