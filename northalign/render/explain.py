"""``explain``: every piece of evidence for some indicators, and what did not count and why."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.corpus.store import evidence_dict
from northalign.model import Evidence, Rejection, Rubric
from northalign.render.common import location, stamp_line
from northalign.render.json import SCHEMA_VERSION, rubric_stamp
from northalign.render.table import plain_console, snippet, to_text


@dataclass(frozen=True)
class Explained:
    """One document's side of an explanation."""

    label: str  # "A", "B"
    path: str
    title: str
    evidence: list[Evidence]
    rejected: list[Rejection]


def matched_parts(item: Evidence) -> str:
    """The matched text, or for a rule or a context term every part, the one before marked."""
    if not item.parts:
        return item.text
    shown = [item.text] + [
        f"{part.text} (line {part.line}, the sentence before)" if part.previous else part.text
        for part in item.parts
    ]
    return " + ".join(dict.fromkeys(shown))


def _quoted(item: Evidence) -> dict[str, Any]:
    """An evidence item with its sentence, page and language: explain quotes each one whole."""
    return {
        **evidence_dict(item),
        "page": item.page,
        "language": item.language,
        "sentence": item.segment,
    }


def explain_json(sides: Sequence[Explained], owners: Sequence[str], rubric: Rubric) -> str:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "indicators": list(owners),
        "documents": [
            {
                "label": side.label,
                "path": side.path,
                "title": side.title,
                "evidence": [_quoted(item) for item in side.evidence],
                "rejected": [
                    {
                        "indicator": r.indicator,
                        "term": r.term,
                        "text": r.text,
                        "line": r.line,
                        "page": r.page,
                        "similarity": r.similarity,
                        "reason": r.reason,
                        "sentence": r.segment,
                    }
                    for r in side.rejected
                ],
            }
            for side in sides
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def explain_text(
    sides: Sequence[Explained], owners: Sequence[str], rubric: Rubric, console: Console | None
) -> str:
    console = console or plain_console()
    plain = console.color_system is None
    parts: list[RenderableType] = [
        Text(f"northalign explain · {stamp_line(rubric)}", style="bold"),
        Text("indicators: " + ", ".join(owners), style="dim"),
        Text(""),
    ]
    for side in sides:
        parts.append(Text(f"{side.label}  {side.title}", style="bold underline"))
        summary = f"{len(side.evidence)} counted, {len(side.rejected)} did not count"
        parts.append(
            Text(
                f"   {side.path} · {summary}",
                style="dim",
            )
        )
        counted = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Counted", title_justify="left")
        for name, justify in (
            ("where", "left"),
            ("indicator", "left"),
            ("term", "left"),
            ("matched", "left"),
            ("sim", "right"),
        ):
            counted.add_column(name, justify=justify)  # type: ignore[arg-type]
        for item in side.evidence:
            counted.add_row(
                location(side.path, item),
                item.indicator,
                item.term,
                matched_parts(item),
                f"{item.similarity:g}",
            )
        parts.append(counted if side.evidence else Text("   nothing counted", style="dim"))
        for item in side.evidence:
            quote = Text(f"   {location(side.path, item)} ")
            quote.append_text(snippet([item], plain=plain))
            parts.append(quote)
        if side.rejected:
            missed = Table(
                box=box.SIMPLE_HEAD, pad_edge=False, title="Did not count", title_justify="left"
            )
            for name in ("where", "indicator", "term", "text", "sim", "why"):
                missed.add_column(name, justify="right" if name == "sim" else "left")
            for item in side.rejected:
                where = f"{side.path}:{item.line}" + (f":p{item.page}" if item.page else "")
                missed.add_row(
                    where, item.indicator, item.term, item.text, f"{item.similarity:g}", item.reason
                )
            parts.append(missed)
        parts.append(Text(""))
    return to_text(parts, console)
