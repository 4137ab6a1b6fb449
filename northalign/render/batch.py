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
from northalign.corpus.store import SCHEMA_VERSION, model_dict
from northalign.model import ModelStamp, Profile, Rubric
from northalign.render.common import model_of, plural, stamp_line
from northalign.render.json import alignment_dict, frictions_dict, rubric_stamp, sides
from northalign.render.report import quotes_text, strength_text, vector_rows
from northalign.render.table import plain_console, to_text
from northalign.score import AlignmentNumbers, is_thin, pair_frictions

#: The heatmap is drawn for at most this many documents: a wider matrix helps nobody.
HEATMAP_LIMIT = 30


def pair_dict(result: PairResult) -> dict[str, Any]:
    """One pair as JSON: left, right, overall, vectors, indicators and error."""
    row: dict[str, Any] = {"left": result.left, "right": result.right}
    numbers = result.numbers
    if numbers is not None and result.rubric is not None and result.profiles is not None:
        row.update(numbers_dict(numbers, *result.profiles, result.rubric))
    elif result.comparison is not None:
        row.update(alignment_dict(result.comparison))
    else:
        row.update(
            {
                "overall": None,
                "unadjusted": None,
                "quotes": None,
                "thin_evidence": None,
                "vectors": None,
                "vector_quotes": None,
                "indicators": None,
                "frictions": None,
            }
        )
    row["error"] = result.error
    return row


def pair_line(result: PairResult) -> str:
    """One JSONL line (with its newline): compact, UTF-8, keys in a fixed order."""
    return json.dumps(pair_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_header(rubric: Rubric, *, indicators: bool) -> list[str]:
    """Columns of a pair row: each figure, then the distinct quotes behind it on each side.

    A friction's own column is the pair's potential conflict (the smaller side's score).
    """
    columns = ["left", "right", "overall", "unadjusted", "left.quotes", "right.quotes", "thin"]
    columns += [v.id for v in rubric.vectors]
    columns += [f"{v.id}.{side}.quotes" for v in rubric.vectors for side in ("left", "right")]
    for friction in rubric.frictions:
        columns += [
            friction.id,
            *(f"{friction.id}.{side}" for side in ("left", "right")),
            *(f"{friction.id}.{side}.quotes" for side in ("left", "right")),
        ]
    if indicators:
        columns += list(rubric.indicators)
        columns += [f"{i}.{side}.quotes" for i in rubric.indicators for side in ("left", "right")]
    return [*columns, "error"]


def numbers_dict(
    numbers: AlignmentNumbers, left: Profile, right: Profile, rubric: Rubric
) -> dict[str, Any]:
    """The ``alignment`` object of ``compare``'s JSON, from a batch pair's figures."""
    quotes = (left.quotes, right.quotes)
    return {
        "overall": round(numbers.overall, 1),
        "unadjusted": round(numbers.unadjusted, 1),
        "quotes": sides(quotes),
        "thin_evidence": is_thin(quotes, rubric),
        "vectors": {v: round(score or 0.0, 1) for v, score in numbers.vectors.items()},
        "vector_quotes": {
            v: sides((left.vectors[v].quotes, right.vectors[v].quotes)) for v in numbers.vectors
        },
        "indicators": {
            i: {
                "score": round(score, 1),
                "vector": rubric.indicators[i].vector,
                "left": round(a, 4),
                "right": round(b, 4),
                "status": status,
                "quotes": sides((left.indicators[i].quotes, right.indicators[i].quotes)),
            }
            for i, (score, status, a, b) in numbers.indicators.items()
        },
        "frictions": frictions_dict(left, right),
    }


def csv_row(result: PairResult, rubric: Rubric, *, indicators: bool) -> list[str]:
    numbers = result.numbers if indicators else result.headline
    profiles = result.profiles
    if profiles is None and result.comparison is not None:
        profiles = (result.comparison.left, result.comparison.right)
    if numbers is None or profiles is None:
        blank = len(csv_header(rubric, indicators=indicators)) - 3
        return [result.left, result.right, *[""] * blank, result.error or ""]
    left, right = profiles
    quotes = (left.quotes, right.quotes)
    scores = [
        f"{numbers.overall:.1f}",
        f"{numbers.unadjusted:.1f}",
        str(left.quotes),
        str(right.quotes),
        "true" if is_thin(quotes, rubric) else "false",
    ]
    scores += [f"{numbers.vectors[v.id] or 0.0:.1f}" for v in rubric.vectors]
    for v in rubric.vectors:
        scores += [str(left.vectors[v.id].quotes), str(right.vectors[v.id].quotes)]
    for friction in pair_frictions(left, right).values():
        scores += [f"{value:.4f}" for value in (friction.conflict, friction.left, friction.right)]
        scores += [str(count) for count in friction.quotes]
    if indicators:
        scores += [f"{numbers.indicators[i][0]:.1f}" for i in rubric.indicators]
        for i in rubric.indicators:
            scores += [str(left.indicators[i].quotes), str(right.indicators[i].quotes)]
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


def results_model(results: Sequence[PairResult]) -> ModelStamp | None:
    """The learned model the pairs' profiles were scored with, or None: the rubric alone."""
    for result in results:
        profiles = result.profiles
        if profiles is None and result.given is not None:
            profiles = (result.given.left, result.given.right)
        found = model_of(profiles or ())
        if found is not None:
            return found
    return None


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
        "model": model_dict(model_of(item.profile for item in scored) or results_model(results)),
        "documents": documents,
        "pairs": [pair_dict(result) for result in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _conflicts(result: PairResult) -> list[str]:
    """Each friction's potential conflict in a pair (the smaller side's score), as shown."""
    comparison = result.comparison
    if comparison is None:
        return []
    return [f"{f.conflict:.2f}" for f in pair_frictions(comparison.left, comparison.right).values()]


def _frictions_line(result: PairResult) -> str:
    """Every friction of a pair: conflict, both scores, the quotes behind each side."""
    comparison = result.comparison
    if comparison is None:
        return ""
    return "; ".join(
        f"{fid} {f.conflict:.2f} (A {f.left:.2f} · B {f.right:.2f}; quotes {quotes_text(f.quotes)})"
        for fid, f in pair_frictions(comparison.left, comparison.right).items()
    )


def _footnote(results: Sequence[PairResult], rubric: Rubric) -> str:
    """What the ranked table's marks and friction columns mean."""
    notes = []
    if rubric.frictions:
        notes.append("friction columns: potential conflict, the smaller side's score (0–1)")
    if any(r.comparison is not None and r.comparison.thin for r in results):
        notes.append(f"* thin evidence: fewer than {rubric.scoring.thin_quotes} quotes on a side")
    return " · ".join(notes)


def _ranked_by(field: str | None) -> str:
    return "overall alignment" if field in (None, "overall") else str(field)


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
    ranked_by: str | None = None,
) -> str:
    """A ranked table of pairs, and a heatmap of overall alignment for all-pairs or cross input.

    Each friction's column is the pair's potential conflict (the smaller side's score).
    """
    console = console or plain_console()
    plain = console.color_system is None
    parts: list[RenderableType] = [
        Text(f"northalign batch · {stamp_line(rubric, results_model(results))}", style="bold"),
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
    for friction in rubric.frictions:
        table.add_column(friction.id, justify="right")
    for rank, result in enumerate(results, 1):
        if result.comparison is None:
            table.add_row(
                str(rank),
                _short(result.left),
                _short(result.right),
                Text("error", style="red"),
                *[""] * (len(rubric.vectors) + len(rubric.frictions)),
            )
            continue
        vectors = result.comparison.vectors
        overall = f"{result.comparison.overall:.1f}" + ("*" if result.comparison.thin else "")
        table.add_row(
            str(rank),
            _short(result.left),
            _short(result.right),
            Text(overall, style="bold"),
            *(
                "—" if vectors[v.id].status == "silent" else f"{vectors[v.id].score:.0f}"
                for v in rubric.vectors
            ),
            *_conflicts(result),
        )
    parts.append(table)
    footnote = _footnote(results, rubric)
    parts.append(
        Text(
            f"ranked by {_ranked_by(ranked_by)}" + (f" · {footnote}" if footnote else ""),
            style="dim",
        )
    )
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
    ranked_by: str | None = None,
) -> str:
    """Markdown: the ranked pairs, a matrix of overall alignment, and each pair's figures."""
    from northalign.render.markdown import escape

    lines = [
        f"# {escape(rubric.title)}: {plural(len(documents), 'document')}, "
        f"{plural(len(results), 'pair')}",
        "",
        f"_northalign · {stamp_line(rubric, results_model(results))}_",
        "",
        f"## Pairs by {_ranked_by(ranked_by)}",
        "",
        "| # | Left | Right | Overall | "
        + " | ".join([*(v.id for v in rubric.vectors), *(f.id for f in rubric.frictions)])
        + " |",
        "|---:|:---|:---|---:|" + "---:|" * (len(rubric.vectors) + len(rubric.frictions)),
    ]
    for rank, result in enumerate(results, 1):
        link = f"[{rank}](#pair-{rank})"
        if result.comparison is None:
            cells = ["error", *[""] * (len(rubric.vectors) + len(rubric.frictions))]
        else:
            vectors = result.comparison.vectors
            thin = "\\*" if result.comparison.thin else ""
            cells = [f"{result.comparison.overall:.1f}{thin}"] + [
                "—" if vectors[v.id].status == "silent" else f"{vectors[v.id].score:.0f}"
                for v in rubric.vectors
            ]
            cells += _conflicts(result)
        lines.append(
            f"| {link} | {escape(result.left)} | {escape(result.right)} | "
            + " | ".join(cells)
            + " |"
        )
    lines += ["", f"_{_footnote(results, rubric)}_", ""]
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
        lines += ["| Vector | A | B | Alignment | Quotes |", "|:---|---:|---:|---:|---:|"]
        lines += [
            f"| {escape(v.title)} | {v.left:.2f} | {v.right:.2f} | {v.alignment} | {v.quotes} |"
            for v in vector_rows(comparison, rubric)
        ]
        lines += [
            "",
            f"Overall {comparison.overall:.1f} ({strength_text(comparison.quotes, comparison.thin)})"
            + (f"; frictions: {escape(_frictions_line(result))}" if rubric.frictions else "")
            + "; shared: "
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
    ranked_by: str | None = None,
) -> str:
    """A self-contained HTML page: heatmap, ranked table linking to each pair's figures."""
    from html import escape

    from northalign.render import svg
    from northalign.render.html import page

    body = [
        f"<header><h1>{escape(rubric.title)}: {plural(len(documents), 'document')}, "
        f"{plural(len(results), 'pair')}</h1>",
        f'<p class="muted">{escape(stamp_line(rubric, results_model(results)))}</p></header>',
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
    header = "".join(
        f'<th scope="col" class="num">{escape(column)}</th>'
        for column in [*(v.id for v in rubric.vectors), *(f.id for f in rubric.frictions)]
    )
    ranked = []
    for rank, result in enumerate(results, 1):
        if result.comparison is None:
            cells_html = '<td class="num">error</td>' + '<td class="num"></td>' * (
                len(rubric.vectors) + len(rubric.frictions)
            )
        else:
            vectors = result.comparison.vectors
            thin = "*" if result.comparison.thin else ""
            cells_html = (
                f'<td class="num"><strong>{result.comparison.overall:.1f}{thin}</strong></td>'
                + "".join(
                    f'<td class="num">{"—" if vectors[v.id].status == "silent" else f"{vectors[v.id].score:.0f}"}</td>'
                    for v in rubric.vectors
                )
                + "".join(f'<td class="num">{value}</td>' for value in _conflicts(result))
            )
        ranked.append(
            f'<tr><td class="num"><a href="#pair-{rank}">{rank}</a></td>'
            f"<td>{escape(result.left)}</td><td>{escape(result.right)}</td>{cells_html}</tr>"
        )
    body += [
        f"<h2>Pairs by {escape(_ranked_by(ranked_by))}</h2>",
        f'<table><thead><tr><th scope="col" class="num">#</th><th scope="col">Left</th><th scope="col">Right</th>'
        f'<th scope="col" class="num">overall</th>{header}</tr></thead><tbody>{"".join(ranked)}</tbody></table>',
        f'<p class="muted">{escape(_footnote(results, rubric))}</p>',
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
            f"<td class=num>{v.right:.2f}</td><td class=num>{v.alignment}</td>"
            f"<td class=num>{v.quotes}</td></tr>"
            for v in vector_rows(comparison, rubric)
        )
        strength = strength_text(comparison.quotes, comparison.thin)
        frictions = f" · frictions: {escape(_frictions_line(result))}" if rubric.frictions else ""
        shared = ", ".join(s.indicator for s in comparison.shared) or "none"
        gaps = ", ".join(g.indicator for g in comparison.gaps) or "none"
        body.append(
            f"<p><strong>Overall {comparison.overall:.1f}</strong> ({escape(strength)}){frictions}"
            f" · shared: {escape(shared)} · gaps: {escape(gaps)}</p>"
            '<table><thead><tr><th scope="col">Vector</th><th scope="col" class="num">A</th>'
            '<th scope="col" class="num">B</th><th scope="col" class="num">Alignment</th>'
            '<th scope="col" class="num">Quotes</th></tr></thead>'
            f"<tbody>{rows_html}</tbody></table></section>"
        )
    return page(f"{rubric.title}: batch", body, rubric, command, results_model(results))
