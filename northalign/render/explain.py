"""``explain``: every piece of evidence for some indicators, and what did not count and why."""

from __future__ import annotations

import json
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION, evidence_dict, model_dict
from northalign.model import Evidence, Explanation, ModelStamp, Rejection, Rubric
from northalign.render.common import location, model_marker, stamp_line
from northalign.render.json import rubric_stamp
from northalign.render.report import Quote, quote
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


#: How the learned model's near misses begin their reason (northalign.learning.classifier);
#: they read best apart from the rubric's, under their own heading, without it.
HELD_BACK = "the model held back"


def held_back(rejection: Rejection) -> bool:
    """A sentence the learned model held back below its threshold (not a rubric near-match)."""
    return rejection.source == "model"


def similarity_text(item: Evidence) -> str:
    """A match's similarity, or for the learned model's evidence its marker and probability."""
    if item.source == "model" and item.probability is not None:
        return model_marker(item.probability)
    return f"{item.similarity:g}"


def reasons_text(item: Evidence) -> str:
    """Why the model marked a sentence: the features that weighed most, for and against."""
    pushing = [f"{name} {weight:+.2f}" for name, weight in item.reasons if weight > 0]
    holding = [f"{name} {weight:+.2f}" for name, weight in item.reasons if weight < 0]
    shown = []
    if pushing:
        shown.append("for: " + ", ".join(pushing))
    if holding:
        shown.append("against: " + ", ".join(holding))
    return "; ".join(shown)


def _held_back_quote(rejection: Rejection, path: str) -> Quote:
    """The sentence the model held back, cut like a quote, its strongest word marked."""
    shown = Evidence(
        indicator=rejection.indicator,
        term=rejection.term,
        text=rejection.text,
        line=rejection.line,
        page=rejection.page,
        similarity=rejection.similarity,
        segment=rejection.segment,
        span=rejection.span,
        segment_index=0,
        source="model",
    )
    return quote([shown], path)


def _quoted(item: Evidence) -> dict[str, Any]:
    """An evidence item with its sentence, page and language: explain quotes each one whole."""
    return {
        **evidence_dict(item),
        "page": item.page,
        "language": item.language,
        "sentence": item.segment,
    }


def explain_json(explanation: Explanation, rubric: Rubric, model: ModelStamp | None = None) -> str:
    """``model``: the learned model that was applied, named in the output when given."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        **({"model": model_dict(model)} if model is not None else {}),
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
                        "source": r.source,
                    }
                    for r in side.rejected
                ],
            }
            for side in explanation.sides
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def explain_text(
    explanation: Explanation,
    rubric: Rubric,
    console: Console | None,
    model: ModelStamp | None = None,
) -> str:
    """``model``: the learned model that was applied, named in the heading when given."""
    console = console or plain_console()
    plain = console.color_system is None
    parts: list[RenderableType] = [
        Text(f"northalign explain · {stamp_line(rubric, model)}", style="bold"),
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
                similarity_text(item),
            )
        parts.append(counted if side.evidence else Text("   nothing counted", style="dim"))
        for item in side.evidence:
            line = Text(f"   {location(side.path, item.line, item.page)} ")
            line.append_text(snippet(quote([item], side.path), plain=plain))
            parts.append(line)
            if item.source == "model":
                why = reasons_text(item)
                marker = f"{item.indicator}: {similarity_text(item)}" + (f" — {why}" if why else "")
                parts.append(Padding(Text(marker, style="italic magenta"), (0, 0, 0, 6)))
        rubric_missed = [r for r in side.rejected if not held_back(r)]
        model_missed = [r for r in side.rejected if held_back(r)]
        if rubric_missed:
            missed = Table(
                box=box.SIMPLE_HEAD, pad_edge=False, title="Did not count", title_justify="left"
            )
            for name in ("where", "indicator", "term", "text", "sim", "why"):
                missed.add_column(name, justify="right" if name == "sim" else "left")
            for rejected in rubric_missed:
                missed.add_row(
                    location(side.path, rejected.line, rejected.page),
                    rejected.indicator,
                    rejected.term,
                    rejected.text,
                    f"{rejected.similarity:g}",
                    rejected.reason,
                )
            parts.append(missed)
        if model_missed:
            # Whole lines, not table cells: the reasons (probability, threshold, the
            # features for and against) are too long for a column.
            parts.append(Text("The model held back", style="italic"))
            for rejected in model_missed:
                head = Text(f"{location(side.path, rejected.line, rejected.page)} ")
                head.append(rejected.indicator, style="bold")
                why = rejected.reason.removeprefix(HELD_BACK).lstrip(": ")
                head.append(f": {why}", style="italic magenta")
                parts.append(Padding(head, (0, 0, 0, 3)))
                shown = _held_back_quote(rejected, side.path)
                parts.append(Padding(snippet(shown, plain=plain), (0, 0, 0, 6)))
        parts.append(Text(""))
    return to_text(parts, console)
