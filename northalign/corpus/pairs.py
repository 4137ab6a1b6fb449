"""Which documents and which pairs: folders expanded, all pairs, a cross product, a pairs file."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from northalign.errors import NorthalignError
from northalign.ingest.files import read_utf8

#: What a directory contributes to a batch: the document formats northalign reads.
DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx"}
)


class BatchError(NorthalignError):
    """A batch that cannot start: no documents, or a bad pairs file."""


#: Files in a folder that describe the folder rather than being documents of it.
NOT_DOCUMENTS = ("readme", "license", "licence", "changelog", "sources", "contributing")


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files as given; directories become the documents inside them, sorted, recursively.

    Inside a folder, hidden files and README/LICENSE/CHANGELOG/SOURCES files are left out.
    """
    result: list[str] = []
    for path in paths:
        item = Path(path)
        if item.is_dir():
            result += sorted(
                str(child)
                for child in item.rglob("*")
                if child.is_file()
                and child.suffix.lower() in DOCUMENT_SUFFIXES
                and not child.stem.lower().startswith(NOT_DOCUMENTS)
                and not any(part.startswith(".") for part in child.relative_to(item).parts)
            )
        else:
            result.append(str(path))
    return list(dict.fromkeys(result))  # each document once, first place kept


def documents_in(paths: Iterable[str | Path]) -> list[str]:
    """:func:`expand_paths`, refusing a folder that holds no document (a likely mistake)."""
    for path in paths:
        if Path(path).is_dir() and not expand_paths([path]):
            kinds = ", ".join(sorted(DOCUMENT_SUFFIXES))
            raise NorthalignError(
                "holds no documents",
                path=str(path),
                hint=f"give files, or a folder of {kinds} files",
            )
    return expand_paths(paths)


def all_pairs(paths: Sequence[str]) -> list[tuple[str, str]]:
    """Every unordered pair, in the order the documents were given."""
    return [(paths[i], paths[j]) for i in range(len(paths)) for j in range(i + 1, len(paths))]


def cross_pairs(left: Sequence[str], right: Sequence[str]) -> list[tuple[str, str]]:
    """Every left document against every right one (a document never against itself)."""
    return [(a, b) for a in left for b in right if a != b]


def read_pairs_file(path: str | Path) -> list[tuple[str, str]]:
    """Explicit pairs from CSV (two columns, header optional) or YAML (a list of pairs).

    Relative paths are resolved against the folder of the pairs file.
    """
    shown = str(path)
    file = Path(path)
    text = read_utf8(file, BatchError)
    rows: list[list[Any]]
    if file.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise BatchError(f"invalid YAML: {error}", path=shown) from None
        rows = [
            [item.get("left"), item.get("right")] if isinstance(item, dict) else item
            for item in (data.get("pairs", []) if isinstance(data, dict) else data or [])
        ]
    else:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(row) and "".join(row).strip()]
        if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["left", "right"]:
            rows = rows[1:]
    pairs: list[tuple[str, str]] = []
    base = str(file.parent)
    for number, row in enumerate(rows, 1):
        left = row[0].strip() if isinstance(row, list) and row and isinstance(row[0], str) else ""
        right = (
            row[1].strip()
            if isinstance(row, list) and len(row) > 1 and isinstance(row[1], str)
            else ""
        )
        if not (left and right):
            raise BatchError(
                f"pair {number} is not two paths",
                path=shown,
                hint="write one 'left,right' per line",
            )
        pairs.append((_resolve(left, base), _resolve(right, base)))
    if not pairs:
        raise BatchError("holds no pairs", path=shown, hint="write one 'left,right' per line")
    return pairs


def _resolve(path: str, base: str) -> str:
    # os.path, not pathlib: a pairs file can hold hundreds of thousands of paths.
    if os.path.isabs(path):  # noqa: PTH117
        return path
    return os.path.normpath(os.path.join(base, path))  # noqa: PTH118
