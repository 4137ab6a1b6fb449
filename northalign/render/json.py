"""JSON output: the contract scripts depend on (docs/json.md; ``northalign schema``).

Profiles are encoded by :mod:`northalign.corpus.store`, the one profile codec,
so this JSON, the profile cache and the profiles ``batch`` reads back agree.
"""

from __future__ import annotations

import json
from typing import Any

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION, model_dict, profile_dict, stamp_dict
from northalign.corpus.store import score as _score
from northalign.model import Comparison, Profile, Rubric
from northalign.render.common import model_of
from northalign.score import pair_frictions


def _alignment(value: float) -> float:
    return round(value, 1)


def rubric_stamp(rubric: Rubric) -> dict[str, str | bool]:
    return stamp_dict(rubric.stamp)


def sides(quotes: tuple[int, int]) -> dict[str, int]:
    """Distinct quotes behind a figure on each side."""
    return {"left": quotes[0], "right": quotes[1]}


def frictions_dict(left: Profile, right: Profile) -> dict[str, Any]:
    """Every friction of a pair: its conflict (the smaller side's score), both scores, quotes."""
    return {
        friction_id: {
            "score": _score(f.conflict),
            "left": _score(f.left),
            "right": _score(f.right),
            "quotes": sides(f.quotes),
        }
        for friction_id, f in pair_frictions(left, right).items()
    }


def alignment_dict(comparison: Comparison) -> dict[str, Any]:
    """Overall, per-vector and per-indicator alignment (0–100), each with the distinct quotes
    behind it on each side, and every friction: shared by compare and batch."""
    return {
        "overall": _alignment(comparison.overall),
        "unadjusted": _alignment(comparison.unadjusted),
        "quotes": sides(comparison.quotes),
        "thin_evidence": comparison.thin,
        "vectors": {v.id: _alignment(v.score) for v in comparison.vectors.values()},
        "vector_quotes": {v.id: sides(v.quotes) for v in comparison.vectors.values()},
        "indicators": {
            i.id: {
                "score": _alignment(i.score),
                "vector": i.vector,
                "left": _score(i.left),
                "right": _score(i.right),
                "status": i.status,
                "quotes": sides(i.quotes),
            }
            for i in comparison.indicators.values()
        },
        "frictions": frictions_dict(comparison.left, comparison.right),
    }


def comparison_dict(comparison: Comparison, rubric: Rubric) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        # The learned model whose evidence counted beside the rubric's; null: the rubric alone.
        "model": model_dict(model_of([comparison.left, comparison.right])),
        "left": profile_dict(comparison.left),
        "right": profile_dict(comparison.right),
        "alignment": alignment_dict(comparison),
        "shared": [
            {"indicator": s.indicator, "left": _score(s.left), "right": _score(s.right)}
            for s in comparison.shared
        ],
        "complements": [
            {
                "left_indicator": c.left_indicator,
                "right_indicator": c.right_indicator,
                "left": _score(c.left),
                "right": _score(c.right),
            }
            for c in comparison.complements
        ],
        "gaps": [
            {
                "indicator": g.indicator,
                "strong_side": g.strong_side,
                "left": _score(g.left),
                "right": _score(g.right),
            }
            for g in comparison.gaps
        ],
        "frictions": [
            {
                "friction": f.friction,
                "left": _score(f.left),
                "right": _score(f.right),
                "quotes": sides(f.quotes),
            }
            for f in comparison.frictions
        ],
    }


def profiles_dict(profiles: list[Profile], rubric: Rubric) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "model": model_dict(model_of(profiles)),
        "profiles": [profile_dict(profile) for profile in profiles],
    }


#: Lists written one item per line: a profile's evidence and quoted sentences. A
#: record on one line reads (and greps) better than a dozen lines of keys, and the
#: C encoder writes it: json.dumps with indent uses the pure-Python encoder, which
#: for a 16 MB document made a million small strings before joining them.
ONE_ITEM_PER_LINE = frozenset({"evidence", "segments"})


def dumps(data: dict[str, Any]) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, but with the items of the lists
    in :data:`ONE_ITEM_PER_LINE` each written whole on one line."""
    out: list[str] = []
    _write(data, "", out)
    out.append("\n")
    return "".join(out)


def _write(value: Any, indent: str, out: list[str], *, one_per_line: bool = False) -> None:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        out.append("{")
        for number, (key, item) in enumerate(value.items()):
            out.append(f"{',' if number else ''}\n{inner}{json.dumps(key, ensure_ascii=False)}: ")
            _write(item, inner, out, one_per_line=key in ONE_ITEM_PER_LINE)
        out.append(f"\n{indent}}}")
    elif isinstance(value, list) and value:
        out.append("[")
        for number, item in enumerate(value):
            out.append(f"{',' if number else ''}\n{inner}")
            if one_per_line:
                out.append(json.dumps(item, ensure_ascii=False))
            else:
                _write(item, inner, out)
        out.append(f"\n{indent}]")
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def comparison_text(comparison: Comparison, rubric: Rubric, **_options: object) -> str:
    """The compare report as JSON (table options such as ``evidence`` do not apply)."""
    return dumps(comparison_dict(comparison, rubric))


def profiles_text(profiles: list[Profile], rubric: Rubric, **_options: object) -> str:
    """The score report as JSON (table options such as ``evidence`` do not apply)."""
    return dumps(profiles_dict(profiles, rubric))
