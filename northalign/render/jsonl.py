"""JSON Lines: a profile per line (``score``), or the pair as ``batch`` writes it (``compare``)."""

from __future__ import annotations

import json

from northalign.corpus.parallel import PairResult
from northalign.corpus.store import profile_record
from northalign.model import Comparison, Profile, Rubric


def profile_line(profile: Profile) -> str:
    """One profile, stamped with its rubric so ``batch --profiles`` can check it."""
    return json.dumps(profile_record(profile), ensure_ascii=False, separators=(",", ":")) + "\n"


def profiles_text(profiles: list[Profile], rubric: Rubric, **_options: object) -> str:
    return "".join(profile_line(profile) for profile in profiles)


def comparison_text(comparison: Comparison, rubric: Rubric, **_options: object) -> str:
    from northalign.render.batch import pair_line

    pair = PairResult(comparison.left.document.path, comparison.right.document.path, comparison)
    return pair_line(pair)
