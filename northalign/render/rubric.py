"""Render rubrics: the bundled list, one rubric's structure, validation results."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION
from northalign.model import LANGUAGES, Problem, Rubric, Term
from northalign.render.common import stamp_line
from northalign.render.json import rubric_stamp
from northalign.render.table import plain_console, to_text


def _by_language(terms: tuple[Term, ...]) -> dict[str, int]:
    counts = Counter(term.language for term in terms)
    return {language: counts[language] for language in LANGUAGES if counts[language]}


def rubric_dict(rubric: Rubric) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "title": rubric.title,
        "source": rubric.source,
        "threshold": rubric.threshold,
        "scoring": {
            "saturation": rubric.scoring.saturation,
            "reference_words": rubric.scoring.reference_words,
            "strong": rubric.scoring.strong,
            "silent": rubric.scoring.silent,
        },
        "vectors": [
            {
                "id": vector.id,
                "title": vector.title,
                "weight": vector.weight,
                "indicators": [
                    {
                        "id": ind.id,
                        "title": ind.title,
                        "weight": ind.weight,
                        "terms": _by_language(ind.terms),
                        "exclude": len(ind.exclude),
                        "with_context": sum(t.context is not None for t in ind.terms),
                    }
                    for ind in vector.indicators
                ],
            }
            for vector in rubric.vectors
        ],
        "frictions": [
            {
                "id": f.id,
                "title": f.title,
                "terms": _by_language(f.terms),
                "exclude": len(f.exclude),
            }
            for f in rubric.frictions
        ],
        "complements": [list(pair) for pair in rubric.complements],
        "contexts": {
            name: len(terms) for name, terms in rubric.contexts.items() if "/" not in name
        },
        "exclude": len(rubric.exclude),
    }


def rubric_json(rubric: Rubric) -> str:
    return json.dumps(rubric_dict(rubric), ensure_ascii=False, indent=2) + "\n"


def rubric_text(rubric: Rubric, console: Console | None = None) -> str:
    languages = [
        code
        for code in LANGUAGES
        if any(t.language == code for i in rubric.indicators.values() for t in i.terms)
    ]
    parts: list[RenderableType] = [
        Text(f"{rubric.title}", style="bold"),
        Text(stamp_line(rubric), style="dim"),
        Text(f"source: {rubric.source}", style="dim"),
        Text(""),
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("vector / indicator")
    table.add_column("weight", justify="right")
    for code in languages:
        table.add_column(code, justify="right")
    table.add_column("exclude", justify="right")
    table.add_column("context", justify="right")
    for vector in rubric.vectors:
        table.add_row(
            Text(f"{vector.id} — {vector.title}", style="bold"),
            f"{vector.weight:g}",
            *[""] * (len(languages) + 2),
        )
        for ind in vector.indicators:
            counts = _by_language(ind.terms)
            table.add_row(
                f"  {ind.id}",
                f"{ind.weight:g}",
                *[str(counts.get(code, 0)) for code in languages],
                str(len(ind.exclude)),
                str(sum(t.context is not None for t in ind.terms)),
            )
    for friction in rubric.frictions:
        counts = _by_language(friction.terms)
        table.add_row(
            Text(f"friction: {friction.id}", style="red"),
            "",
            *[str(counts.get(code, 0)) for code in languages],
            str(len(friction.exclude)),
            "",
        )
    parts.append(table)
    if rubric.complements:
        parts.append(Text("complements: " + "; ".join(f"{a} ↔ {b}" for a, b in rubric.complements)))
    named = [name for name in rubric.contexts if "/" not in name]
    if named:
        parts.append(Text("contexts: " + ", ".join(named)))
    return to_text(parts, console or plain_console())


def rubric_list_text(rubrics: list[Rubric], console: Console | None = None) -> str:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("name", "version", "vectors", "indicators", "terms", "title"):
        table.add_column(
            name, justify="right" if name in ("vectors", "indicators", "terms") else "left"
        )
    for rubric in rubrics:
        terms = sum(len(i.terms) for i in rubric.indicators.values())
        table.add_row(
            rubric.name,
            rubric.version,
            str(len(rubric.vectors)),
            str(len(rubric.indicators)),
            str(terms),
            rubric.title,
        )
    return to_text([table], console or plain_console())


def validation_text(
    path: str, errors: list[str], problems: list[Problem], *, notes: bool = False
) -> str:
    """Errors and warnings; notes (by-design effects worth knowing) counted, listed on request."""
    warnings = [problem for problem in problems if not problem.note]
    noted = [problem for problem in problems if problem.note]
    lines = [f"error: {error}" for error in errors] + [
        f"warning: {warning}" for warning in warnings
    ]
    if notes:
        lines += [f"note: {note}" for note in noted]
    verdict = "invalid" if errors else "valid"
    summary = f"{path}: {verdict} — {len(errors)} error(s), {len(warnings)} warning(s)"
    if noted:
        summary += f", {len(noted)} note(s)" + ("" if notes else " (--notes lists them)")
    lines.append(summary)
    return "\n".join(lines) + "\n"
