"""JSON Lines: a profile per line (``score``), or the pair as ``batch`` writes it (``compare``)."""

from __future__ import annotations

import json

from northalign.corpus.parallel import PairResult
from northalign.model import Comparison, Profile, Rubric
from northalign.render.json import SCHEMA_VERSION, profile_dict, rubric_stamp


def profile_line(profile: Profile, rubric: Rubric) -> str:
    """One profile, stamped with its rubric so ``batch --profiles`` can check it."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "rubric": rubric_stamp(rubric),
        **profile_dict(profile),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def profiles_text(profiles: list[Profile], rubric: Rubric, **_options: object) -> str:
    return "".join(profile_line(profile, rubric) for profile in profiles)


def comparison_text(comparison: Comparison, rubric: Rubric, **_options: object) -> str:
    from northalign.render.batch import pair_line

    pair = PairResult(comparison.left.document.path, comparison.right.document.path, comparison)
    return pair_line(pair)
