"""``explain``: every piece of evidence for some indicators, and what did not count and why."""

from __future__ import annotations

import json
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION, evidence_dict
from northalign.model import Evidence, Explanation, Rubric
from northalign.render.common import location, stamp_line
from northalign.render.json import rubric_stamp
from northalign.render.report import quote
from northalign.render.table import plain_console, snippet, to_text


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


def explain_json(explanation: Explanation, rubric: Rubric) -> str:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "indicators": list(explanation.owners),
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
            for side in explanation.sides
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def explain_text(explanation: Explanation, rubric: Rubric, console: Console | None) -> str:
    console = console or plain_console()
    plain = console.color_system is None
    parts: list[RenderableType] = [
        Text(f"northalign explain · {stamp_line(rubric)}", style="bold"),
        Text("indicators: " + ", ".join(explanation.owners), style="dim"),
        Text(""),
    ]
    for side in explanation.sides:
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
                location(side.path, item.line, item.page),
                item.indicator,
                item.term,
                matched_parts(item),
                f"{item.similarity:g}",
            )
        parts.append(counted if side.evidence else Text("   nothing counted", style="dim"))
        for item in side.evidence:
            line = Text(f"   {location(side.path, item.line, item.page)} ")
            line.append_text(snippet(quote([item], side.path), plain=plain))
            parts.append(line)
        if side.rejected:
            missed = Table(
                box=box.SIMPLE_HEAD, pad_edge=False, title="Did not count", title_justify="left"
            )
            for name in ("where", "indicator", "term", "text", "sim", "why"):
                missed.add_column(name, justify="right" if name == "sim" else "left")
            for rejected in side.rejected:
                missed.add_row(
                    location(side.path, rejected.line, rejected.page),
                    rejected.indicator,
                    rejected.term,
                    rejected.text,
                    f"{rejected.similarity:g}",
                    rejected.reason,
                )
            parts.append(missed)
        parts.append(Text(""))
    return to_text(parts, console)
