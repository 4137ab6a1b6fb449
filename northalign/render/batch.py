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
from northalign.corpus.parallel import PairResult, Scored
from northalign.corpus.store import SCHEMA_VERSION
from northalign.model import Rubric
from northalign.render.common import plural, stamp_line
from northalign.render.json import alignment_dict, rubric_stamp
from northalign.render.report import vector_rows
from northalign.render.table import plain_console, to_text
from northalign.score import AlignmentNumbers

#: The heatmap is drawn for at most this many documents: a wider matrix helps nobody.
HEATMAP_LIMIT = 30


def pair_dict(result: PairResult) -> dict[str, Any]:
    """One pair as JSON: left, right, overall, vectors, indicators and error."""
    row: dict[str, Any] = {"left": result.left, "right": result.right}
    numbers = result.numbers
    if numbers is not None and result.rubric is not None:
        row.update(numbers_dict(numbers, result.rubric))
    elif result.comparison is not None:
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


def numbers_dict(numbers: AlignmentNumbers, rubric: Rubric) -> dict[str, Any]:
    """The ``alignment`` object of ``compare``'s JSON, from a batch pair's figures."""
    return {
        "overall": round(numbers.overall, 1),
        "vectors": {v: round(score or 0.0, 1) for v, score in numbers.vectors.items()},
        "indicators": {
            i: {
                "score": round(score, 1),
                "vector": rubric.indicators[i].vector,
                "left": round(a, 4),
                "right": round(b, 4),
                "status": status,
            }
            for i, (score, status, a, b) in numbers.indicators.items()
        },
    }


def csv_row(result: PairResult, rubric: Rubric, *, indicators: bool) -> list[str]:
    numbers = result.numbers if indicators else result.headline
    if numbers is None:
        scores = [""] * (1 + len(rubric.vectors) + (len(rubric.indicators) if indicators else 0))
    else:
        scores = [f"{numbers.overall:.1f}"]
        scores += [f"{numbers.vectors[v.id] or 0.0:.1f}" for v in rubric.vectors]
        if indicators:
            scores += [f"{numbers.indicators[i][0]:.1f}" for i in rubric.indicators]
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
        Text(f"{plural(len(documents), 'document')} · {plural(len(results), 'pair')}", style="dim"),
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


def _matrix_cells(results: Sequence[PairResult]) -> dict[tuple[str, str], float]:
    cells: dict[tuple[str, str], float] = {}
    for result in results:
        if result.overall is not None:
            cells[(result.left, result.right)] = cells[(result.right, result.left)] = result.overall
    return cells


def batch_markdown(
    results: Sequence[PairResult],
    rubric: Rubric,
    *,
    documents: Sequence[str],
    matrix: tuple[Sequence[str], Sequence[str]] | None,
) -> str:
    """Markdown: the ranked pairs, a matrix of overall alignment, and each pair's figures."""
    from northalign.render.markdown import escape

    lines = [
        f"# {escape(rubric.title)}: {plural(len(documents), 'document')}, "
        f"{plural(len(results), 'pair')}",
        "",
        f"_northalign · {stamp_line(rubric)}_",
        "",
        "## Pairs by overall alignment",
        "",
        "| # | Left | Right | Overall | " + " | ".join(v.id for v in rubric.vectors) + " |",
        "|---:|:---|:---|---:|" + "---:|" * len(rubric.vectors),
    ]
    for rank, result in enumerate(results, 1):
        link = f"[{rank}](#pair-{rank})"
        if result.comparison is None:
            cells = ["error", *[""] * len(rubric.vectors)]
        else:
            vectors = result.comparison.vectors
            cells = [f"{result.comparison.overall:.1f}"] + [
                "—" if vectors[v.id].status == "silent" else f"{vectors[v.id].score:.0f}"
                for v in rubric.vectors
            ]
        lines.append(
            f"| {link} | {escape(result.left)} | {escape(result.right)} | "
            + " | ".join(cells)
            + " |"
        )
    lines.append("")
    if matrix is not None and len(set(matrix[0]) | set(matrix[1])) <= HEATMAP_LIMIT:
        rows, columns = matrix
        cells_by_pair = _matrix_cells(results)
        lines += ["## Overall alignment matrix", ""]
        lines.append("| | " + " | ".join(str(i) for i in range(1, len(columns) + 1)) + " |")
        lines.append("|:---|" + "---:|" * len(columns))
        for row in rows:
            values = [
                "·"
                if row == column
                else (
                    f"{cells_by_pair[(row, column)]:.0f}" if (row, column) in cells_by_pair else ""
                )
                for column in columns
            ]
            lines.append(f"| {escape(row)} | " + " | ".join(values) + " |")
        lines += [
            "",
            "Columns: " + "; ".join(f"{i} = {escape(c)}" for i, c in enumerate(columns, 1)),
            "",
        ]
    lines += ["## Each pair", ""]
    for rank, result in enumerate(results, 1):
        lines += [
            f'<a id="pair-{rank}"></a>',
            "",
            f"### {rank}. {escape(result.left)} ↔ {escape(result.right)}",
            "",
        ]
        if result.comparison is None:
            lines += [f"Error: {escape(result.error or '')}", ""]
            continue
        comparison = result.comparison
        lines += ["| Vector | A | B | Alignment |", "|:---|---:|---:|---:|"]
        lines += [
            f"| {escape(v.title)} | {v.left:.2f} | {v.right:.2f} | {v.alignment} |"
            for v in vector_rows(comparison, rubric)
        ]
        lines += [
            "",
            f"Overall {comparison.overall:.1f}; shared: "
            + (", ".join(f"`{s.indicator}`" for s in comparison.shared) or "none")
            + "; gaps: "
            + (", ".join(f"`{g.indicator}`" for g in comparison.gaps) or "none")
            + ".",
            "",
        ]
    return "\n".join(lines)


def batch_html(
    results: Sequence[PairResult],
    rubric: Rubric,
    *,
    documents: Sequence[str],
    matrix: tuple[Sequence[str], Sequence[str]] | None,
    command: str | None = None,
) -> str:
    """A self-contained HTML page: heatmap, ranked table linking to each pair's figures."""
    from html import escape

    from northalign.render import svg
    from northalign.render.html import page

    body = [
        f"<header><h1>{escape(rubric.title)}: {plural(len(documents), 'document')}, "
        f"{plural(len(results), 'pair')}</h1>",
        f'<p class="muted">{escape(stamp_line(rubric))}</p></header>',
    ]
    if matrix is not None and len(set(matrix[0]) | set(matrix[1])) <= HEATMAP_LIMIT:
        rows, columns = matrix
        cells = _matrix_cells(results)
        body += [
            "<h2>Overall alignment</h2>",
            "<figure><figcaption>Overall alignment of every pair (0–100); columns are numbered as in the table below</figcaption>",
            svg.heatmap(list(rows), list(columns), cells, "Overall alignment of every pair"),
            "</figure>",
        ]
        head = "".join(
            f'<th scope="col" class="num" title="{escape(c)}">{i}</th>'
            for i, c in enumerate(columns, 1)
        )
        table_rows = []
        for row in rows:
            values = "".join(
                f'<td class="num">{"·" if row == c else (f"{cells[(row, c)]:.0f}" if (row, c) in cells else "")}</td>'
                for c in columns
            )
            table_rows.append(f'<tr><th scope="row">{escape(row)}</th>{values}</tr>')
        legend = "".join(f"<li>{i}: {escape(c)}</li>" for i, c in enumerate(columns, 1))
        body += [
            f"<table><caption>The same matrix as a table</caption><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(table_rows)}</tbody></table>",
            f'<details><summary>Column numbers</summary><ol class="muted">{legend}</ol></details>',
        ]
    header = "".join(f'<th scope="col" class="num">{escape(v.id)}</th>' for v in rubric.vectors)
    ranked = []
    for rank, result in enumerate(results, 1):
        if result.comparison is None:
            cells_html = '<td class="num">error</td>' + '<td class="num"></td>' * len(
                rubric.vectors
            )
        else:
            vectors = result.comparison.vectors
            cells_html = (
                f'<td class="num"><strong>{result.comparison.overall:.1f}</strong></td>'
                + "".join(
                    f'<td class="num">{"—" if vectors[v.id].status == "silent" else f"{vectors[v.id].score:.0f}"}</td>'
                    for v in rubric.vectors
                )
            )
        ranked.append(
            f'<tr><td class="num"><a href="#pair-{rank}">{rank}</a></td>'
            f"<td>{escape(result.left)}</td><td>{escape(result.right)}</td>{cells_html}</tr>"
        )
    body += [
        "<h2>Pairs by overall alignment</h2>",
        f'<table><thead><tr><th scope="col" class="num">#</th><th scope="col">Left</th><th scope="col">Right</th>'
        f'<th scope="col" class="num">overall</th>{header}</tr></thead><tbody>{"".join(ranked)}</tbody></table>',
        "<h2>Each pair</h2>",
    ]
    for rank, result in enumerate(results, 1):
        body.append(
            f'<section id="pair-{rank}"><h3>{rank}. {escape(result.left)} ↔ {escape(result.right)}</h3>'
        )
        if result.comparison is None:
            body.append(f'<p class="muted">Error: {escape(result.error or "")}</p></section>')
            continue
        comparison = result.comparison
        rows_html = "".join(
            f"<tr><td>{escape(v.title)}</td><td class=num>{v.left:.2f}</td>"
            f"<td class=num>{v.right:.2f}</td><td class=num>{v.alignment}</td></tr>"
            for v in vector_rows(comparison, rubric)
        )
        shared = ", ".join(s.indicator for s in comparison.shared) or "none"
        gaps = ", ".join(g.indicator for g in comparison.gaps) or "none"
        body.append(
            f"<p><strong>Overall {comparison.overall:.1f}</strong> · shared: {escape(shared)} · gaps: {escape(gaps)}</p>"
            '<table><thead><tr><th scope="col">Vector</th><th scope="col" class="num">A</th>'
            '<th scope="col" class="num">B</th><th scope="col" class="num">Alignment</th></tr></thead>'
            f"<tbody>{rows_html}</tbody></table></section>"
        )
    return page(f"{rubric.title}: batch", body, rubric, command)
