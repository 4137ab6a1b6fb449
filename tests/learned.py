"""A learned model that fires often, for tests of how model evidence is shown.

The session's model (conftest's ``model_path``) is held to precision 0.85 and
rarely marks a sentence of the bundled policies; this copy keeps its weights but
lowers every threshold, so reports have model evidence to show (and explain has
sentences the model held back just below the threshold).
"""

from __future__ import annotations

import json
from pathlib import Path

from northalign.learning.modelfile import model_json

#: Low enough that the session's model marks a few sentences per policy for most indicators.
KEEN_THRESHOLD = 0.08


def keen_model(source: Path, folder: Path, threshold: float = KEEN_THRESHOLD) -> Path:
    """A copy of the model at ``source`` marking from ``threshold``, written as ``keen.json``."""
    data = json.loads(source.read_text(encoding="utf-8"))["model"]
    for owner in data["owners"]:
        owner["threshold"] = threshold
    path = folder / "keen.json"
    path.write_text(model_json(data), encoding="utf-8")
    return path
