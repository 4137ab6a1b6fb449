"""Batch outputs: a row per pair (CSV, JSONL), one JSON object, or a ranked table and heatmap."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.color import Color
from rich.console import Console, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.batch import PairResult, Scored
from northalign.render.common import stamp_line
from northalign.render.json import SCHEMA_VERSION, alignment_dict, rubric_stamp
from northalign.render.table import plain_console, to_text
from northalign.rubric import Rubric

#: The heatmap is drawn for at most this many documents: a wider matrix helps nobody.
HEATMAP_LIMIT = 30


def pair_dict(result: PairResult) -> dict[str, Any]:
    """One pair as JSON: left, right, overall, vectors, indicators and error."""
    row: dict[str, Any] = {"left": result.left, "right": result.right}
    if result.comparison is not None:
        row.update(alignment_dict(result.comparison))
    else:
        row.update({"overall": None, "vectors": None, "indicators": None})
    row["error"] = result.error
    return row


def pair_line(result: PairResult) -> str:
    """One JSONL line (with its newline): compact, UTF-8, keys in a fixed order."""
    return json.dumps(pair_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_header(rubric: Rubric, *, indicators: bool) -> list[str]:
    columns = ["left", "right", "overall", *(v.id for v in rubric.vectors)]
    if indicators:
        columns += list(rubric.indicators)
    return [*columns, "error"]


def csv_row(result: PairResult, rubric: Rubric, *, indicators: bool) -> list[str]:
    comparison = result.comparison
    if comparison is None:
        scores = [""] * (1 + len(rubric.vectors) + (len(rubric.indicators) if indicators else 0))
    else:
        scores = [f"{comparison.overall:.1f}"]
        scores += [f"{comparison.vectors[v.id].score:.1f}" for v in rubric.vectors]
        if indicators:
            scores += [f"{comparison.indicators[i].score:.1f}" for i in rubric.indicators]
    return [result.left, result.right, *scores, result.error or ""]


def csv_text(
    rows: Sequence[list[str]], rubric: Rubric, *, indicators: bool, excel: bool = False
) -> str:
    """The whole CSV; ``excel`` adds a byte-order mark so Excel reads Cyrillic and Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_header(rubric, indicators=indicators))
    writer.writerows(rows)
    return ("\ufeff" if excel else "") + buffer.getvalue()


def batch_json(scored: Sequence[Scored], results: Sequence[PairResult], rubric: Rubric) -> str:
    documents = []
    for item in scored:
        entry: dict[str, Any] = {"path": item.path}
        if item.profile is not None:
            doc = item.profile.document
            entry.update(
                {
                    "title": doc.title,
                    "language": doc.language,
                    "words": doc.words,
                    "vectors": {k: round(v.score, 4) for k, v in item.profile.vectors.items()},
                }
            )
        entry["error"] = item.error
        documents.append(entry)
    data = {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "documents": documents,
        "pairs": [pair_dict(result) for result in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _short(path: str, width: int = 32) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def _heat(value: float, plain: bool) -> Text:
    text = Text(f"{value:3.0f}", justify="right")
    if not plain:
        # From a pale background at 0 to a deep green at 100.
        shade = max(0.0, min(1.0, value / 100))
        red, green, blue = (int(235 - 190 * shade), int(240 - 90 * shade), int(235 - 170 * shade))
        text.stylize(Style(bgcolor=Color.from_rgb(red, green, blue), color="black"))
    return text


def batch_table(
    results: Sequence[PairResult],
    rubric: Rubric,
    *,
    documents: Sequence[str],
    matrix: tuple[Sequence[str], Sequence[str]] | None,
    console: Console | None,
) -> str:
    """A ranked table of pairs, and a heatmap of overall alignment for all-pairs or cross input."""
    console = console or plain_console()
    plain = console.color_system is None
    parts: list[RenderableType] = [
        Text(f"northalign batch · {stamp_line(rubric)}", style="bold"),
        Text(f"{len(documents)} documents · {len(results)} pairs", style="dim"),
        Text(""),
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("left")
    table.add_column("right")
    table.add_column("overall", justify="right")
    for vector in rubric.vectors:
        table.add_column(vector.id, justify="right")
    for rank, result in enumerate(results, 1):
        if result.comparison is None:
            table.add_row(
                str(rank),
                _short(result.left),
                _short(result.right),
                Text("error", style="red"),
                *[""] * len(rubric.vectors),
            )
            continue
        vectors = result.comparison.vectors
        table.add_row(
            str(rank),
            _short(result.left),
            _short(result.right),
            Text(f"{result.comparison.overall:.1f}", style="bold"),
            *(
                "—" if vectors[v.id].status == "silent" else f"{vectors[v.id].score:.0f}"
                for v in rubric.vectors
            ),
        )
    parts.append(table)
    if matrix is not None:
        rows, columns = matrix
        if len(set(rows) | set(columns)) <= HEATMAP_LIMIT:
            parts += _heatmap(results, rows, columns, plain=plain)
        else:
            parts.append(
                Text(f"(heatmap omitted: more than {HEATMAP_LIMIT} documents)", style="dim")
            )
    return to_text(parts, console)


def _heatmap(
    results: Sequence[PairResult], rows: Sequence[str], columns: Sequence[str], *, plain: bool
) -> list[RenderableType]:
    overall = {}
    for result in results:
        if result.overall is not None:
            overall[(result.left, result.right)] = overall[(result.right, result.left)] = (
                result.overall
            )
    labels = {path: str(index) for index, path in enumerate(dict.fromkeys([*rows, *columns]), 1)}
    heatmap = Table(box=box.SIMPLE, pad_edge=False, title="Overall alignment", title_justify="left")
    heatmap.add_column("")
    for column in columns:
        heatmap.add_column(labels[column], justify="right")
    for row in rows:
        cells: list[Text | str] = []
        for column in columns:
            if row == column:
                cells.append("·")
            elif (row, column) in overall:
                cells.append(_heat(overall[(row, column)], plain))
            else:
                cells.append("")
        heatmap.add_row(f"{labels[row]} {_short(row, 28)}", *cells)
    legend = Text(
        "columns: " + "  ".join(f"{labels[c]} {_short(c, 28)}" for c in columns), style="dim"
    )
    return [heatmap, legend]
