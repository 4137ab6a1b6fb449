"""The JSON Schemas (draft 2020-12) of northalign's JSON outputs and of the rubric YAML.

Shipped as package data so ``northalign schema NAME`` prints exactly the file,
and an editor can check a rubric while it is typed (the bundled rubrics point
at ``rubric.schema.json`` in their first line). The contract is docs/json.md.
"""

from __future__ import annotations

from importlib import resources

from northalign.errors import NorthalignError

#: Each schema by name, with the output it describes.
SCHEMAS: dict[str, str] = {
    "score": "score --format json (a line of --format jsonl: #/$defs/profile_line)",
    "compare": "compare --format json",
    "batch": "batch --format json (a line of --format jsonl: #/$defs/pair)",
    "rubric": "a rubric YAML file",
    "rubric-show": "rubric show --format json",
    "rubric-terms": "rubric show --terms --format json",
    "explain": "explain --format json",
    "evaluate": "evaluate --format json",
}


def schema_text(name: str) -> str:
    """The text of the shipped schema ``name`` (see :data:`SCHEMAS`), byte for byte."""
    if name not in SCHEMAS:
        raise NorthalignError(f"unknown schema {name!r}", hint=f"name one of: {', '.join(SCHEMAS)}")
    resource = resources.files(__name__).joinpath(f"{name}.schema.json")
    return resource.read_text(encoding="utf-8")
