"""HTML: one self-contained file — inline CSS and SVG, no external requests, prints cleanly."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from importlib import resources

from northalign import __version__
from northalign.model import Comparison, Evidence, Profile, Rubric
from northalign.render import svg
from northalign.render.common import (
    describe,
    gap_summary,
    location,
    pick_quotes,
    quote_pieces,
    stamp_line,
    titles,
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


def page(title: str, body: list[str], rubric: Rubric, command: str | None) -> str:
    footer = [
        f"northalign {escape(__version__)}",
        escape(f"rubric {rubric.name} {rubric.version}, sha256 {rubric.sha256}"),
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


def blockquote(path: str, items: Sequence[Evidence], side: str) -> str:
    cut_start, pieces, cut_end = quote_pieces(items)
    body = "".join(f"<mark>{escape(p)}</mark>" if matched else escape(p) for p, matched in pieces)
    body = ("…" if cut_start else "") + body + ("…" if cut_end else "")
    fuzzy = [i for i in items if i.similarity < 100]
    note = "".join(f" · {escape(i.text)} ≈ {escape(i.term)} ({i.similarity:.0f})" for i in fuzzy)
    return (
        f'<blockquote class="{side}-side">{body}'
        f"<cite>{escape(location(path, items[0]))}{note}</cite></blockquote>"
    )


def quotes(path: str, evidence: Iterable[Evidence], limit: int, side: str) -> str:
    chosen = pick_quotes(evidence, limit)
    if not chosen:
        return '<p class="muted">no evidence</p>'
    return "".join(blockquote(path, items, side) for items in chosen)


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


def comparison_text(
    comparison: Comparison,
    rubric: Rubric,
    *,
    evidence: int = 3,
    command: str | None = None,
    **_options: object,
) -> str:
    left, right = comparison.left, comparison.right
    names = titles(rubric)
    body = [
        f"<header><h1>{escape(rubric.title)}: alignment report</h1>",
        f'<p class="muted">{escape(stamp_line(rubric))}</p></header>',
        '<section class="docs" aria-label="Documents">',
    ]
    for side, profile in (("a", left), ("b", right)):
        body.append(
            f'<div class="doc {side}-side"><span class="{side}">{side.upper()}</span> '
            f"<strong>{escape(profile.document.title)}</strong><br>"
            f'<span class="muted">{escape(describe(profile.document))}</span></div>'
        )
    body.append("</section>")
    body += [
        '<section class="headline" aria-label="Overall alignment">',
        svg.gauge(comparison.overall, "Overall alignment"),
        f"<p><strong>Overall alignment: {comparison.overall:.1f} / 100</strong><br>"
        '<span class="muted">100 when both documents give the same weight to the same themes; '
        "low when themes one side stresses are missing on the other.</span></p>",
        "</section>",
    ]

    vector_rows = [
        (v.title, comparison.vectors[v.id].left, comparison.vectors[v.id].right)
        for v in rubric.vectors
    ]
    body += [
        "<h2>Vectors</h2>",
        "<figure>",
        "<figcaption>Vector scores of A and B (0–1)</figcaption>",
        svg.paired_bars(vector_rows, "Vector scores of A and B"),
        "</figure>",
        _table(
            ["Vector", "A", "B", "Alignment"],
            [
                [
                    escape(v.title),
                    f"{comparison.vectors[v.id].left:.2f}",
                    f"{comparison.vectors[v.id].right:.2f}",
                    "—"
                    if comparison.vectors[v.id].status == "silent"
                    else f"{comparison.vectors[v.id].score:.1f}",
                ]
                for v in rubric.vectors
            ],
            [False, True, True, True],
        ),
    ]

    indicator_rows = []
    table_rows = []
    for vector in rubric.vectors:
        for indicator in vector.indicators:
            aligned = comparison.indicators[indicator.id]
            shown = "—" if aligned.status == "silent" else f"{aligned.score:.0f}"
            indicator_rows.append((indicator.id, aligned.left, aligned.right, shown))
            table_rows.append(
                [
                    f"<code>{escape(indicator.id)}</code>",
                    escape(vector.id),
                    f"{aligned.left:.2f}",
                    f"{aligned.right:.2f}",
                    shown,
                    f'<span class="status-{aligned.status}">{aligned.status}</span>',
                ]
            )
    body += [
        "<h2>Indicators</h2>",
        "<figure>",
        "<figcaption>A (left) and B (right) on every indicator, with their alignment</figcaption>",
        svg.butterfly(indicator_rows, "Indicator scores of A and B"),
        "</figure>",
        _table(
            ["Indicator", "Vector", "A", "B", "Alignment", "Status"],
            table_rows,
            [False, False, True, True, True, False],
        ),
    ]

    def section(title: str, items: list[tuple[str, str]], empty: str) -> None:
        body.append(f"<h2>{escape(title)} ({len(items)})</h2>")
        if not items:
            body.append(f'<p class="muted">{escape(empty)}</p>')
        for heading, content in items:
            body.append(f"<h3>{heading}</h3>{content}")

    def heading(owner: str) -> str:
        return f"<code>{escape(owner)}</code> — {escape(names[owner])}"

    def pair(a: float, b: float) -> str:
        return f"A {a:.2f} · B {b:.2f}"

    def side_by_side(left_indicator: str, right_indicator: str) -> str:
        return (
            '<div class="cols"><div>'
            + quotes(left.document.path, left.evidence_for(left_indicator), evidence, "a")
            + "</div><div>"
            + quotes(right.document.path, right.evidence_for(right_indicator), evidence, "b")
            + "</div></div>"
        )

    section(
        "Shared priorities",
        [
            (
                f"{heading(s.indicator)} ({pair(s.left, s.right)})",
                side_by_side(s.indicator, s.indicator),
            )
            for s in comparison.shared
        ],
        "No indicator is a priority of both documents.",
    )
    section(
        "Complements",
        [
            (
                f'<span class="a">A</span> <code>{c.left_indicator}</code> ({c.left:.2f}) ↔ '
                f'<span class="b">B</span> <code>{c.right_indicator}</code> ({c.right:.2f})',
                side_by_side(c.left_indicator, c.right_indicator),
            )
            for c in comparison.complements
        ],
        "None of the rubric's complementary pairs.",
    )
    gaps = []
    for gap in comparison.gaps:
        strong, _silent, summary = gap_summary(gap)
        profile = left if gap.strong_side == "left" else right
        gap_title = f"<code>{gap.indicator}</code> — {summary}"
        gaps.append(
            (
                gap_title,
                quotes(
                    profile.document.path,
                    profile.evidence_for(gap.indicator),
                    evidence,
                    strong.lower(),
                ),
            )
        )
    section("Gaps", gaps, "Neither side is silent where the other is strong.")
    section(
        "Frictions",
        [
            (
                f"{heading(f.friction)} ({pair(f.left, f.right)})",
                side_by_side(f.friction, f.friction),
            )
            for f in comparison.frictions
        ],
        "None raised by both documents.",
    )

    body.append("<h2>All evidence, indicator by indicator</h2>")
    for owner in [*rubric.indicators, *(f.id for f in rubric.frictions)]:
        a_items, b_items = left.evidence_for(owner), right.evidence_for(owner)
        if not (a_items or b_items):
            continue
        body.append(
            f"<details><summary><code>{escape(owner)}</code> — {escape(names[owner])} "
            f'<span class="muted">(A {len(a_items)} · B {len(b_items)} hits)</span></summary>'
            + '<div class="cols"><div>'
            + quotes(left.document.path, a_items, 10**6, "a")
            + "</div><div>"
            + quotes(right.document.path, b_items, 10**6, "b")
            + "</div></div></details>"
        )
    title = f"{left.document.title} ↔ {right.document.title}"
    return page(title, body, rubric, command)


def profiles_text(
    profiles: list[Profile],
    rubric: Rubric,
    *,
    evidence: int = 0,
    command: str | None = None,
    **_options: object,
) -> str:
    names = titles(rubric)
    body = [
        f"<header><h1>{escape(rubric.title)}: profiles</h1>",
        f'<p class="muted">{escape(stamp_line(rubric))}</p></header>',
    ]
    for profile in profiles:
        rows = [(v.title, profile.vectors[v.id].score, 0.0) for v in rubric.vectors]
        body += [
            f"<h2>{escape(profile.document.title)}</h2>",
            f'<p class="muted">{escape(describe(profile.document))}</p>',
            "<figure>",
            svg.paired_bars(
                [(label, value, value) for label, value, _ in rows],
                f"Vector scores of {profile.document.path}",
            ),
            "</figure>",
            _table(
                ["Indicator", "Vector", "Score", "Hits"],
                [
                    [
                        f"<code>{i.id}</code>",
                        i.vector,
                        f"{profile.indicators[i.id].score:.2f}",
                        str(profile.indicators[i.id].hits),
                    ]
                    for i in rubric.indicators.values()
                ],
                [False, False, True, True],
            ),
        ]
        if evidence:
            for owner in [*rubric.indicators, *(f.id for f in rubric.frictions)]:
                found = profile.evidence_for(owner)
                if found:
                    body.append(
                        f"<details><summary><code>{escape(owner)}</code> — "
                        f"{escape(names[owner])}</summary>"
                        + quotes(profile.document.path, found, evidence, "a")
                        + "</details>"
                    )
    return page(f"{rubric.title}: profiles", body, rubric, command)
