"""JSON output: the contract scripts depend on, documented for users from README.md."""

from __future__ import annotations

import json
from typing import Any

from northalign import __version__
from northalign.model import Comparison, Evidence, EvidencePart, Profile, Rubric

SCHEMA_VERSION = "1"


def _score(value: float) -> float:
    return round(value, 4)


def _alignment(value: float) -> float:
    return round(value, 1)


def rubric_stamp(rubric: Rubric) -> dict[str, str | bool]:
    return {
        "name": rubric.name,
        "version": rubric.version,
        "sha256": rubric.sha256,
        "modified": rubric.modified,  # a bundled rubric's name and version, other content
    }


def evidence_dict(item: Evidence) -> dict[str, Any]:
    return {
        "indicator": item.indicator,
        "term": item.term,
        "text": item.text,
        "line": item.line,
        "end_line": max(item.line, item.end_line),
        "page": item.page,
        "similarity": round(item.similarity, 1),
        "segment": item.segment,
        "span": list(item.span),
        "language": item.language,
        **({"parts": [part_dict(part) for part in item.parts]} if item.parts else {}),
    }


def part_dict(part: EvidencePart) -> dict[str, Any]:
    """A context phrase that made the evidence count, with where it stands."""
    return {
        "list": part.list,
        "term": part.term,
        "text": part.text,
        "line": part.line,
        "previous_sentence": part.previous,
        "span": list(part.span),
    }


def profile_dict(profile: Profile) -> dict[str, Any]:
    doc = profile.document
    return {
        "document": {
            "path": doc.path,
            "title": doc.title,
            "language": doc.language,
            "segments": doc.segments,
            "words": doc.words,
            "encoding": doc.encoding,
            "format": doc.format,
            "pages": doc.pages,
            "languages": dict(doc.languages),
            "warnings": list(doc.warnings),
        },
        "vectors": {
            vector.id: {"score": _score(vector.score), "weight": vector.weight}
            for vector in profile.vectors.values()
        },
        "indicators": {
            ind.id: {
                "vector": ind.vector,
                "score": _score(ind.score),
                "hits": ind.hits,
                "terms": ind.terms,
                "weight": ind.weight,
            }
            for ind in profile.indicators.values()
        },
        "frictions": {
            friction.id: {"score": _score(friction.score), "hits": friction.hits}
            for friction in profile.frictions.values()
        },
        "evidence": [evidence_dict(item) for item in profile.evidence],
    }


def alignment_dict(comparison: Comparison) -> dict[str, Any]:
    """Overall, per-vector and per-indicator alignment (0–100): shared by compare and batch."""
    return {
        "overall": _alignment(comparison.overall),
        "vectors": {v.id: _alignment(v.score) for v in comparison.vectors.values()},
        "indicators": {
            i.id: {
                "score": _alignment(i.score),
                "vector": i.vector,
                "left": _score(i.left),
                "right": _score(i.right),
                "status": i.status,
            }
            for i in comparison.indicators.values()
        },
    }


def comparison_dict(comparison: Comparison, rubric: Rubric) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
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
            {"friction": f.friction, "left": _score(f.left), "right": _score(f.right)}
            for f in comparison.frictions
        ],
    }


def profiles_dict(profiles: list[Profile], rubric: Rubric) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "profiles": [profile_dict(profile) for profile in profiles],
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def comparison_text(comparison: Comparison, rubric: Rubric, **_options: object) -> str:
    """The compare report as JSON (table options such as ``evidence`` do not apply)."""
    return dumps(comparison_dict(comparison, rubric))


def profiles_text(profiles: list[Profile], rubric: Rubric, **_options: object) -> str:
    """The score report as JSON (table options such as ``evidence`` do not apply)."""
    return dumps(profiles_dict(profiles, rubric))
