"""Rubrics: read and validate the YAML (:mod:`.parse`), lint it (:mod:`.lint`), the bundled ones.

The rubric's dataclasses live in :mod:`northalign.model` (no YAML there), and
are re-exported here so ``from northalign.rubric import Rubric`` keeps working.
"""

from __future__ import annotations

from northalign.errors import RubricError
from northalign.model import (
    LANGUAGES,
    FrictionDef,
    Indicator,
    Problem,
    Rubric,
    Rule,
    Scoring,
    Term,
    Vector,
)
from northalign.rubric.lint import lint
from northalign.rubric.parse import DEFAULT_RUBRIC, bundled_rubrics, load_rubric, parse_rubric

__all__ = [
    "DEFAULT_RUBRIC",
    "LANGUAGES",
    "FrictionDef",
    "Indicator",
    "Problem",
    "Rubric",
    "RubricError",
    "Rule",
    "Scoring",
    "Term",
    "Vector",
    "bundled_rubrics",
    "lint",
    "load_rubric",
    "parse_rubric",
]
