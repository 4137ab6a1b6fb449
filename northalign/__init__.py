"""northalign: how well two regional strategies line up for Northern cooperation.

The public API is re-exported lazily so that ``northalign --version`` and
``--help`` do not pay for importing the matcher and its dependencies.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "northalign.models",
    "Segment": "northalign.models",
    "Evidence": "northalign.models",
    "Profile": "northalign.models",
    "Comparison": "northalign.models",
    "Rubric": "northalign.rubric",
    "load_rubric": "northalign.rubric",
    "load_document": "northalign.load",
    "parse_text": "northalign.load",
    "Matcher": "northalign.match",
    "profile_document": "northalign.score",
    "compare_profiles": "northalign.score",
    "NorthalignError": "northalign.errors",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'northalign' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
