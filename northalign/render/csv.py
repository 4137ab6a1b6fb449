"""CSV: one row per profile (``score``), or the pair's row as ``batch`` writes it (``compare``).

Columns carry the rubric's name, version and SHA-256 (profiles), so a
spreadsheet can always be traced to the rubric that produced it.
"""

from __future__ import annotations

import csv
import io

from northalign.corpus.parallel import PairResult
from northalign.corpus.store import csv_fields, profile_row
from northalign.model import Comparison, Profile, Rubric


def profiles_text(profiles: list[Profile], rubric: Rubric, **_options: object) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_fields(rubric), lineterminator="\n")
    writer.writeheader()
    for profile in profiles:
        writer.writerow(profile_row(profile))
    return buffer.getvalue()


def comparison_text(comparison: Comparison, rubric: Rubric, **_options: object) -> str:
    from northalign.render.batch import csv_row, csv_text

    pair = PairResult(comparison.left.document.path, comparison.right.document.path, comparison)
    return csv_text([csv_row(pair, rubric, indicators=True)], rubric, indicators=True)
