"""HTML: one self-contained file — inline CSS and SVG, no external requests, prints cleanly."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from importlib import resources

from northalign import __version__
from northalign.model import Comparison, ModelStamp, Profile, Rubric
from northalign.render import svg
from northalign.render.common import model_label, model_of, plural, rubric_label
from northalign.render.report import (
    DocumentHeader,
    Finding,
    Quote,
    ScoreRow,
    Section,
    comparison_report,
    profile_report,
)


@lru_cache(maxsize=1)
def _css() -> str:
    # Kept in its own file for readability; inlined into every report.
    return resources.files("northalign.render").joinpath("report.css").read_text(encoding="utf-8")


# Opening every <details> before printing, for browsers that cannot do it in CSS.
_SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
)


def report_date() -> str:
    """Today, or the date of SOURCE_DATE_EPOCH when set: reports can be rebuilt byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


def page(
    title: str,
    body: list[str],
    rubric: Rubric,
    command: str | None,
    model: ModelStamp | None = None,
) -> str:
    footer = [
        f"northalign {escape(__version__)}",
        escape(f"rubric {rubric_label(rubric)}, sha256 {rubric.sha256}")
        + (escape(f" {model_label(model)}") if model is not None else ""),
        f"generated {report_date()}",
    ]
    if command:
        footer.insert(0, f"<code>{escape(command)}</code>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="northalign {escape(__version__)}">'
        f"<title>{escape(title)}</title><style>{_css()}</style></head>\n<body>\n"
        + "\n".join(body)
        + f"\n<footer>{' · '.join(footer)}</footer>\n<script>{_SCRIPT}</script>\n</body></html>\n"
    )


def blockquote(quote: Quote) -> str:
    body = "".join(
        f"<mark>{escape(p)}</mark>" if matched else escape(p) for p, matched in quote.pieces()
    )
    note = f" · {escape(quote.note)}" if quote.note else ""
    if quote.model:
        note = f' · <span class="model-marker">{escape(quote.note)}</span>'
    side = (quote.side or "A").lower()
    model = " model" if quote.model else ""
    return (
        f'<blockquote class="{side}-side{model}">{body}'
        f"<cite>{escape(quote.location)}{note}</cite></blockquote>"
    )


def _quotes(quotes: Sequence[Quote]) -> str:
    if not quotes:
        return '<p class="muted">no evidence</p>'
    return "".join(blockquote(quote) for quote in quotes)


def _side_by_side(quotes: Sequence[Quote]) -> str:
    """A's quotes beside B's."""
    columns = (_quotes([q for q in quotes if q.side == side]) for side in "AB")
    return '<div class="cols"><div>' + "</div><div>".join(columns) + "</div></div>"


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    caption: str | None = None,
) -> str:
    head = "".join(
        f'<th scope="col"{" class=num" if n else ""}>{h}</th>'
        for h, n in zip(header, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if n else ''}>{cell}</td>"
            for cell, n in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _warnings(doc: DocumentHeader, tag: str = "") -> str:
    """The document's warnings, each on a line of its own (in a paragraph when ``tag``)."""
    lines = [f'<strong class="warning">warning:</strong> {escape(w)}' for w in doc.warnings]
    if not lines:
        return ""
    return f"<{tag}>" + "<br>".join(lines) + f"</{tag}>" if tag else "<br>" + "<br>".join(lines)


def _header(report_title: str, stamp: str, legend: str = "") -> list[str]:
    shown = f'<br><span class="model-marker">{escape(legend)}</span>' if legend else ""
    return [
        f"<header><h1>{escape(report_title)}</h1>",
        f'<p class="muted">{escape(stamp)}{shown}</p></header>',
    ]


def _heading(finding: Finding) -> str:
    pieces = []
    for text, kind in finding.heading:
        if kind == "id":
            pieces.append(f"<code>{escape(text)}</code>")
        elif kind == "side":
            pieces.append(f'<span class="{text.lower()}">{escape(text)}</span>')
        else:
            pieces.append(escape(text))
    return "".join(pieces)


def _section(section: Section) -> list[str]:
    body = [f"<h2>{escape(section.heading)}</h2>"]
    if not section.findings:
        body.append(f'<p class="muted">{escape(section.empty)}</p>')
    for finding in section.findings:
        if not finding.quotes:
            quotes = ""
        elif finding.two_sided:
            quotes = _side_by_side(finding.quotes)
        else:
            quotes = _quotes(finding.quotes)
        body.append(f"<h3>{_heading(finding)}</h3>{quotes}")
    return body


def comparison_text(
    comparison: Comparison,
    rubric: Rubric,
    *,
    evidence: int = 3,
    command: str | None = None,
    **_options: object,
) -> str:
    report = comparison_report(comparison, rubric, evidence=evidence, all_evidence=True)
    body = _header(f"{report.rubric_title}: alignment report", report.stamp, report.legend)
    body.append('<section class="docs" aria-label="Documents">')
    for doc in report.documents:
        side = doc.side.lower()
        body.append(
            f'<div class="doc {side}-side"><span class="{side}">{doc.side}</span> '
            f"<strong>{escape(doc.title)}</strong><br>"
            f'<span class="muted">{escape(doc.description)}</span>{_warnings(doc)}</div>'
        )
    body.append("</section>")
    body += [
        '<section class="headline" aria-label="Overall alignment">',
        svg.gauge(report.overall, "Overall alignment"),
        f"<p><strong>Overall alignment: {report.overall:.1f} / 100</strong><br>"
        + (
            f'<strong class="warning">{escape(report.strength)}</strong><br>'
            if report.thin
            else f'<span class="muted">{escape(report.strength)}</span><br>'
        )
        + '<span class="muted">100 when both documents give the same weight to the same themes; '
        "low when themes one side stresses are missing on the other.</span></p>",
        "</section>",
    ]
    body += [
        "<h2>Vectors</h2>",
        "<figure>",
        "<figcaption>Vector scores of A and B (0–1)</figcaption>",
        svg.paired_bars(
            [(v.title, v.left, v.right) for v in report.vectors], "Vector scores of A and B"
        ),
        "</figure>",
        _table(
            ["Vector", "A", "B", "Alignment", "Quotes"],
            [
                [escape(v.title), f"{v.left:.2f}", f"{v.right:.2f}", v.alignment, v.quotes]
                for v in report.vectors
            ],
            [False, True, True, True, True],
        ),
    ]
    indicators = report.indicators
    body += [
        "<h2>Indicators</h2>",
        "<figure>",
        "<figcaption>A (left) and B (right) on every indicator, with their alignment</figcaption>",
        svg.butterfly(
            [(i.id, i.left, i.right, i.alignment) for i in indicators],
            "Indicator scores of A and B",
        ),
        "</figure>",
        _table(
            ["Indicator", "Vector", "A", "B", "Alignment", "Status", "Quotes"],
            [
                [
                    f"<code>{escape(i.id)}</code>",
                    escape(i.vector),
                    f"{i.left:.2f}",
                    f"{i.right:.2f}",
                    i.alignment,
                    f'<span class="status-{i.status}">{i.status}</span>',
                    i.quotes,
                ]
                for i in indicators
            ],
            [False, False, True, True, True, False, True],
        ),
    ]
    for section in report.sections:
        body += _section(section)

    body.append("<h2>All evidence, indicator by indicator</h2>")
    for group in report.evidence:
        a_hits, b_hits = group.hits
        body.append(
            f"<details><summary><code>{escape(group.id)}</code> — {escape(group.title)} "
            f'<span class="muted">(A {plural(a_hits, "hit")} · B {plural(b_hits, "hit")})</span>'
            "</summary>" + _side_by_side(group.quotes) + "</details>"
        )
    a, b = report.documents
    model = model_of([comparison.left, comparison.right])
    return page(f"{a.title} ↔ {b.title}", body, rubric, command, model)


def _scored_row(label: str, row: ScoreRow) -> list[str]:
    return [label, f"{row.score:.2f}", str(row.hits), str(row.quotes), escape(row.top_terms)]


def profiles_text(
    profiles: list[Profile],
    rubric: Rubric,
    *,
    evidence: int = 0,
    command: str | None = None,
    **_options: object,
) -> str:
    report = profile_report(profiles, rubric, evidence=evidence)
    body = _header(f"{report.rubric_title}: profiles", report.stamp, report.legend)
    for profile in report.profiles:
        doc = profile.document
        rows = []
        for vector in profile.vectors:
            rows.append(
                [
                    f"<strong>{escape(vector.title)}</strong>",
                    f"<strong>{vector.score:.2f}</strong>",
                    "",
                    str(vector.quotes),
                    "",
                ]
            )
            rows += [_scored_row(f"<code>{escape(i.id)}</code>", i) for i in vector.indicators]
        rows += [_scored_row(f"friction <code>{escape(f.id)}</code>", f) for f in profile.frictions]
        body += [
            f"<h2>{escape(doc.title)}</h2>",
            f'<p class="muted">{escape(doc.description)}</p>{_warnings(doc, "p")}',
            "<figure>",
            svg.bars([(v.title, v.score) for v in profile.vectors], f"Vector scores of {doc.path}"),
            "</figure>",
            _table(
                ["Vector / indicator", "Score", "Hits", "Quotes", "Top terms"],
                rows,
                [False, True, True, True, False],
            ),
        ]
        for group in profile.evidence:
            body.append(
                f"<details><summary><code>{escape(group.id)}</code> — "
                f"{escape(group.title)}</summary>" + _quotes(group.quotes) + "</details>"
            )
    return page(f"{report.rubric_title}: profiles", body, rubric, command, model_of(profiles))
