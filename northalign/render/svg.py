"""Small hand-written SVG charts for the HTML reports.

A few shapes only — a gauge, bars (paired for A and B), a butterfly of
indicators, and a heatmap — so a charting library would add weight without
adding anything.
Every chart carries a <title> and text labels with its numbers, and the HTML
report puts a real table beside it: colour is never the only carrier.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

A_COLOUR = "#0f7b83"  # teal
B_COLOUR = "#a23b86"  # plum: distinct from teal in every common colour-vision deficiency
GRID = "#d0d4d9"
INK = "#1f2328"


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 12,
    weight: str = "normal",
    fill: str = INK,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'
    )


def gauge(value: float, label: str) -> str:
    """A half-circle gauge of ``value`` in 0–100."""
    value = max(0.0, min(100.0, value))
    cx, cy, r = 110.0, 105.0, 85.0

    def point(fraction: float) -> tuple[float, float]:
        angle = math.pi * (1 - fraction)
        return cx + r * math.cos(angle), cy - r * math.sin(angle)

    start_x, start_y = point(0)
    end_x, end_y = point(1)
    value_x, value_y = point(value / 100)
    body = [
        f'<path d="M {start_x:.1f} {start_y:.1f} A {r} {r} 0 0 1 {end_x:.1f} {end_y:.1f}" '
        f'fill="none" stroke="{GRID}" stroke-width="18"/>',
    ]
    if value > 0:
        body.append(
            f'<path d="M {start_x:.1f} {start_y:.1f} A {r} {r} 0 0 1 {value_x:.1f} {value_y:.1f}" '
            f'fill="none" stroke="{A_COLOUR}" stroke-width="18"/>'
        )
    body += [
        _text(cx, cy - 10, f"{value:.1f}", anchor="middle", size=30, weight="bold"),
        _text(cx, cy + 12, "of 100", anchor="middle", size=12),
    ]
    return _svg(220, 125, f"{label}: {value:.1f} of 100", body)


def _lines(label: str, width: int = 34) -> list[str]:
    """A long label on two lines (cut at a space), so it never runs off the chart."""
    if len(label) <= width:
        return [label]
    cut = label.rfind(" ", 0, width)
    cut = cut if cut > 0 else width
    rest = label[cut:].strip()
    return [label[:cut], rest if len(rest) <= width else rest[: width - 1] + "…"]


def paired_bars(rows: Sequence[tuple[str, float, float]], title: str) -> str:
    """For each row, a bar for A and one for B (values in 0–1), labelled with their values."""
    return _bars(
        [(label, (("A ", a, A_COLOUR), ("B ", b, B_COLOUR))) for label, a, b in rows], title
    )


def bars(rows: Sequence[tuple[str, float]], title: str) -> str:
    """For each row, one bar (values in 0–1), labelled with its value."""
    return _bars([(label, (("", value, A_COLOUR),)) for label, value in rows], title)


def _bars(rows: Sequence[tuple[str, Sequence[tuple[str, float, str]]]], title: str) -> str:
    """Rows of bars: each row a label and its series as (label prefix, value, colour)."""
    label_width, bar_width, bar_step = 260.0, 300.0, 20.0
    row_height = 6 + bar_step * max((len(series) for _, series in rows), default=1)
    height = 30 + row_height * len(rows)
    body = [
        _text(label_width, 16, "0", anchor="middle", size=10),
        _text(label_width + bar_width, 16, "1", anchor="middle", size=10),
    ]
    for index, (label, series) in enumerate(rows):
        top = 24 + index * row_height
        lines = _lines(label)
        # The label's lines centred on the row's bars.
        middle = top + (bar_step * len(series) - 4) / 2 + 1
        for number, line in enumerate(lines):
            baseline = middle + (number - (len(lines) - 1) / 2) * 14
            body.append(_text(label_width - 8, baseline, line, anchor="end", size=12))
        for position, (prefix, value, colour) in enumerate(series):
            offset = position * bar_step
            width = max(0.0, min(1.0, value)) * bar_width
            body += [
                _rect(label_width, top + offset, bar_width, 16, "#f1f3f5"),
                _rect(label_width, top + offset, width, 16, colour),
                _text(
                    label_width + bar_width + 8,
                    top + offset + 13,
                    f"{prefix}{value:.2f}",
                    size=11,
                ),
            ]
    return _svg(label_width + bar_width + 70, height, title, body)


def butterfly(rows: Sequence[tuple[str, float, float, str]], title: str) -> str:
    """Indicators down the middle, A's score growing left, B's right, alignment at the edge."""
    half, label_width, row_height, margin = 190.0, 200.0, 22.0, 36.0
    centre = margin + half + label_width / 2
    height = 34 + row_height * len(rows)
    body = [
        _text(
            centre - label_width / 2 - half / 2,
            14,
            "A",
            anchor="middle",
            size=12,
            weight="bold",
            fill=A_COLOUR,
        ),
        _text(
            centre + label_width / 2 + half / 2,
            14,
            "B",
            anchor="middle",
            size=12,
            weight="bold",
            fill=B_COLOUR,
        ),
        _text(margin + 2 * half + label_width + 40, 14, "align", anchor="middle", size=11),
    ]
    for index, (label, a, b, alignment) in enumerate(rows):
        top = 24 + index * row_height
        a_width = max(0.0, min(1.0, a)) * half
        b_width = max(0.0, min(1.0, b)) * half
        body += [
            _rect(centre - label_width / 2 - a_width, top, a_width, 15, A_COLOUR),
            _rect(centre + label_width / 2, top, b_width, 15, B_COLOUR),
            _text(centre, top + 12, label, anchor="middle", size=11),
            _text(
                centre - label_width / 2 - a_width - 4, top + 12, f"{a:.2f}", anchor="end", size=10
            ),
            _text(centre + label_width / 2 + b_width + 4, top + 12, f"{b:.2f}", size=10),
            _text(
                margin + 2 * half + label_width + 40, top + 12, alignment, anchor="middle", size=11
            ),
        ]
    return _svg(margin + 2 * half + label_width + 70, height, title, body)


def heatmap(
    labels: Sequence[str], columns: Sequence[str], cells: dict[tuple[str, str], float], title: str
) -> str:
    """A matrix of 0–100 values; each cell shows its number, shaded pale to deep teal."""
    size, label_width = 34.0, 230.0
    width = label_width + size * len(columns) + 10
    height = 40 + size * len(labels)
    body = []
    for index in range(len(columns)):
        body.append(
            _text(
                label_width + index * size + size / 2, 24, str(index + 1), anchor="middle", size=11
            )
        )
    for row_index, row in enumerate(labels):
        top = 32 + row_index * size
        body.append(_text(label_width - 6, top + size / 2 + 4, row, anchor="end", size=11))
        for index, column in enumerate(columns):
            x = label_width + index * size
            value = cells.get((row, column))
            if row == column or value is None:
                body.append(_rect(x, top, size - 2, size - 2, "#f6f7f8"))
                continue
            shade = max(0.0, min(1.0, value / 100))
            red, green, blue = (
                int(235 - 220 * shade),
                int(244 - 121 * shade),
                int(246 - 115 * shade),
            )
            ink = "#ffffff" if shade > 0.55 else INK
            body += [
                _rect(x, top, size - 2, size - 2, f"rgb({red},{green},{blue})"),
                _text(
                    x + (size - 2) / 2,
                    top + size / 2 + 3,
                    f"{value:.0f}",
                    anchor="middle",
                    size=11,
                    fill=ink,
                ),
            ]
    return _svg(width, height, title, body)
