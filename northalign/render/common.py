"""Small things every report shares: the rubric stamp and where a quote stands.

No rich here. What a compare or score report shows is decided in report.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from northalign.model import ModelStamp, Profile, Rubric


def plural(count: int, noun: str, many: str | None = None) -> str:
    """A count with its noun agreeing: ``1 segment``, ``2 segments``, ``1,388 words``.

    ``many`` is the plural where adding "s" would be wrong ("1 match", "2 matches").
    """
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def rubric_label(rubric: Rubric) -> str:
    """Name and version, and "(modified)" for an edited copy of a bundled rubric."""
    return f"{rubric.name} {rubric.version}" + (" (modified)" if rubric.modified else "")


def stamp_line(rubric: Rubric, model: ModelStamp | None = None) -> str:
    """The rubric that produced a report: name, version and the start of its content hash;
    and the learned model whose evidence counted beside it, when there was one."""
    line = f"rubric {rubric_label(rubric)} · sha256 {rubric.sha256[:12]}"
    return line + (f" · {model_label(model)}" if model is not None else "")


def model_label(model: ModelStamp) -> str:
    """``with model NAME (sha256 …)``: said wherever the rubric is named."""
    return f"with model {model.name} (sha256 {model.sha256[:12]})"


def model_of(profiles: Iterable[Profile | None]) -> ModelStamp | None:
    """The learned model the profiles were scored with (one per run), or None: the rubric alone."""
    return next((p.model for p in profiles if p is not None and p.model is not None), None)


def model_marker(probability: float) -> str:
    """How a report marks the learned model's evidence, in place of a match's similarity."""
    return f"model {probability:.2f}"


def location(path: str, line: int, page: int | None) -> str:
    """``file:line``, and ``:pN`` for a document with pages."""
    return f"{path}:{line}" + (f":p{page}" if page is not None else "")
