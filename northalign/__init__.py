"""northalign: how well two regional strategies line up for Northern cooperation.

The public API is re-exported lazily so that ``northalign --version`` and
``--help`` do not pay for importing the matcher and its dependencies.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "northalign.model",
    "Segment": "northalign.model",
    "Evidence": "northalign.model",
    "Profile": "northalign.model",
    "Comparison": "northalign.model",
    "Rubric": "northalign.rubric",
    "load_rubric": "northalign.rubric",
    "load_document": "northalign.ingest.load",
    "parse_text": "northalign.ingest.load",
    "Matcher": "northalign.match",
    "profile_document": "northalign.pipeline",
    "profile_paths": "northalign.pipeline",
    "compare_paths": "northalign.pipeline",
    "explain_paths": "northalign.pipeline",
    "Explanation": "northalign.model",
    "Explained": "northalign.model",
    "compare_profiles": "northalign.score",
    "load_model": "northalign.learning.modelfile",
    "Classifier": "northalign.learning.classifier",
    "NorthalignError": "northalign.errors",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'northalign' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
