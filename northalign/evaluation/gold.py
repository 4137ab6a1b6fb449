"""Read a gold set: sentences labelled with the indicators they address (CSV, TSV or JSONL)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from northalign.errors import NorthalignError
from northalign.ingest.files import read_utf8
from northalign.model import Rubric

_SPLIT_RE = re.compile(r"[;,|\s]+")
_TEXT_KEYS = ("text", "sentence")
_LANGUAGE_KEYS = ("lang", "language")
_LABEL_KEYS = ("labels", "label", "indicators")
_DOCUMENT_KEYS = ("doc", "document")


class GoldError(NorthalignError):
    """A gold file that cannot be read or names labels the rubric does not know."""


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    text: str
    language: str
    labels: frozenset[str]  # indicator, friction or vector ids
    line: int  # of the gold file
    document: str = ""  # the document the sentence belongs to, when the gold set says


def _labels(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part for part in _SPLIT_RE.split(str(value)) if part]


def _pick(row: dict[str, object], keys: tuple[str, ...]) -> object:
    lowered = {str(key).strip().lower(): value for key, value in row.items()}
    return next((lowered[key] for key in keys if key in lowered), None)


def _rows(path: str, text: str) -> list[tuple[int, dict[str, object]]]:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldError(f"line {number} is not JSON ({error.msg})", path=path) from None
            if not isinstance(row, dict):
                raise GoldError(f"line {number} is not a JSON object", path=path)
            rows.append((number, row))
        return rows
    if suffix in (".csv", ".tsv", ".tab", ".txt"):
        delimiter = "," if suffix == ".csv" else "\t"
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        return [(reader.line_num, row) for row in reader]
    raise GoldError(
        f"unsupported gold format '{suffix}'", path=path, hint="use .csv, .tsv or .jsonl"
    )


def read_gold(path: str | Path, rubric: Rubric) -> list[GoldItem]:
    """Load and check a gold set against ``rubric``'s ids."""
    shown = str(path)
    text = read_utf8(path, GoldError)
    known = {*rubric.indicators, *(f.id for f in rubric.frictions), *(v.id for v in rubric.vectors)}
    items: list[GoldItem] = []
    for number, row in _rows(shown, text):
        sentence = _pick(row, _TEXT_KEYS)
        if not isinstance(sentence, str) or not sentence.strip():
            raise GoldError(f"line {number} has no text", path=shown, hint="add a 'text' column")
        labels = _labels(_pick(row, _LABEL_KEYS))
        unknown = [label for label in labels if label not in known]
        if unknown:
            raise GoldError(
                f"line {number} has labels the rubric does not know: {', '.join(unknown)}",
                path=shown,
                hint=f"use indicator, friction or vector ids of rubric '{rubric.name}'",
            )
        language = _pick(row, _LANGUAGE_KEYS)
        identifier = _pick(row, ("id",))
        document = _pick(row, _DOCUMENT_KEYS)
        items.append(
            GoldItem(
                id=str(identifier) if identifier not in (None, "") else f"line-{number}",
                text=sentence,
                language=str(language).strip() if language else "",
                labels=frozenset(labels),
                line=number,
                document=str(document).strip() if document not in (None, "") else "",
            )
        )
    if not items:
        raise GoldError("holds no labelled sentences", path=shown)
    return items


def read_split(path: str | Path, part: str) -> frozenset[str]:
    """The documents a split file assigns to ``part`` (TSV: document, language, part)."""
    parts = read_split_parts(path)
    chosen = frozenset(document for document, name in parts.items() if name == part)
    if not chosen:
        known = ", ".join(sorted(set(parts.values()))) or "none"
        raise GoldError(f"has no document in part '{part}'", path=str(path), hint=f"parts: {known}")
    return chosen


def read_split_parts(path: str | Path) -> dict[str, str]:
    """Every document a split file lists, with its part."""
    shown = str(path)
    text = read_utf8(path, GoldError)
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and line[0] != "#"]
    if not rows or [cell.strip() for cell in rows[0]][:1] != ["document"] or "part" not in rows[0]:
        raise GoldError(
            "is not a split file", path=shown, hint="a TSV with the columns document and part"
        )
    column = [cell.strip() for cell in rows[0]].index("part")
    return {row[0].strip(): row[column].strip() for row in rows[1:] if len(row) > column}


def read_ratings(path: str | Path, rubric: Rubric) -> dict[str, dict[str, float]]:
    """Holistic ratings per document and vector (TSV: a document column, one per vector id)."""
    shown = str(path)
    text = read_utf8(path, GoldError)
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    vector_ids = {v.id for v in rubric.vectors}
    header = [cell.strip() for cell in rows[0]] if rows else []
    columns = [(n, name) for n, name in enumerate(header) if name in vector_ids]
    if not columns:
        raise GoldError(
            "has no column named after a vector of the rubric",
            path=shown,
            hint=f"columns: document, then {', '.join(sorted(vector_ids))}",
        )
    ratings: dict[str, dict[str, float]] = {}
    for number, row in enumerate(rows[1:], 2):
        if not row or not row[0].strip():
            continue
        try:
            ratings[row[0].strip()] = {name: float(row[n]) for n, name in columns}
        except (ValueError, IndexError):
            raise GoldError(
                f"line {number} has a rating that is not a number", path=shown
            ) from None
    return ratings
