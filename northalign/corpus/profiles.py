"""Profiles as an interchange format: written by ``score --format jsonl|csv``, read by ``batch``.

A profile remembers the rubric it was scored with (name, version, SHA-256);
reading profiles of another rubric is an error, so pairs are never computed
across rubrics.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from northalign.errors import NorthalignError
from northalign.ingest.files import read_utf8
from northalign.model import (
    DocumentInfo,
    Evidence,
    EvidencePart,
    FrictionScore,
    IndicatorScore,
    Profile,
    Rubric,
    RubricStamp,
    VectorScore,
)


class ProfileError(NorthalignError):
    """Stored profiles that cannot be read, or that were scored with another rubric."""


def csv_fields(rubric: Rubric) -> list[str]:
    """Columns of a profile CSV: the document, the rubric stamp, then every score."""
    return [
        "path", "title", "language", "words", "segments", "rubric", "rubric_version",
        "rubric_sha256", "rubric_modified",
        *(v.id for v in rubric.vectors),
        *rubric.indicators,
        *(f"{i}.hits" for i in rubric.indicators),
        *(f.id for f in rubric.frictions),
        *(f"{f.id}.hits" for f in rubric.frictions),
    ]  # fmt: skip


def profile_row(profile: Profile) -> dict[str, Any]:
    doc, stamp = profile.document, profile.rubric
    row: dict[str, Any] = {
        "path": doc.path,
        "title": doc.title,
        "language": doc.language,
        "words": doc.words,
        "segments": doc.segments,
        "rubric": stamp.name,
        "rubric_version": stamp.version,
        "rubric_sha256": stamp.sha256,
        "rubric_modified": "true" if stamp.modified else "false",
    }
    row.update({v.id: round(v.score, 4) for v in profile.vectors.values()})
    row.update({i.id: round(i.score, 4) for i in profile.indicators.values()})
    row.update({f"{i.id}.hits": i.hits for i in profile.indicators.values()})
    row.update({f.id: round(f.score, 4) for f in profile.frictions.values()})
    row.update({f"{f.id}.hits": f.hits for f in profile.frictions.values()})
    return row


def _evidence(item: dict[str, Any]) -> Evidence:
    span = item.get("span") or [0, 0]
    return Evidence(
        indicator=item["indicator"],
        term=item["term"],
        text=item["text"],
        line=int(item["line"]),
        page=item.get("page"),
        similarity=float(item["similarity"]),
        segment=item.get("segment", item["text"]),
        span=(int(span[0]), int(span[1])),
        segment_index=-1,
        end_line=int(item.get("end_line", item["line"])),
        language=item.get("language", "und"),
        parts=tuple(
            EvidencePart(
                str(part["list"]),
                str(part["term"]),
                str(part["text"]),
                int(part["line"]),
                bool(part.get("previous_sentence", False)),
                (int(part.get("span", (0, 0))[0]), int(part.get("span", (0, 0))[1])),
            )
            for part in item.get("parts", ())
        ),
    )


def profile_from_dict(data: dict[str, Any], stamp: RubricStamp, rubric: Rubric) -> Profile:
    """Rebuild a :class:`Profile` from its JSON form (``score --format json|jsonl``)."""
    doc = data["document"]
    vector_of = {i.id: i.vector for i in rubric.indicators.values()}
    return Profile(
        document=DocumentInfo(
            path=doc["path"],
            title=doc.get("title", doc["path"]),
            language=doc.get("language", "und"),
            segments=int(doc.get("segments", 0)),
            words=int(doc.get("words", 0)),
            encoding=doc.get("encoding"),
            format=doc.get("format", "text"),
            pages=doc.get("pages"),
            languages=tuple((doc.get("languages") or {}).items()),
            warnings=tuple(doc.get("warnings") or ()),
        ),
        rubric=stamp,
        vectors={
            key: VectorScore(key, float(value["score"]), float(value.get("weight", 1.0)))
            for key, value in data["vectors"].items()
        },
        indicators={
            key: IndicatorScore(
                key,
                value.get("vector", vector_of.get(key, "")),
                float(value["score"]),
                int(value.get("hits", 0)),
                int(value.get("terms", 0)),
                float(value.get("weight", 1.0)),
            )
            for key, value in data["indicators"].items()
        },
        frictions={
            key: FrictionScore(key, float(value["score"]), int(value.get("hits", 0)))
            for key, value in data.get("frictions", {}).items()
        },
        evidence=tuple(_evidence(item) for item in data.get("evidence", [])),
    )


def profile_from_row(row: dict[str, str], rubric: Rubric) -> Profile:
    """Rebuild a :class:`Profile` (scores only, no evidence) from a profile CSV row."""
    stamp = RubricStamp(
        row["rubric"],
        row["rubric_version"],
        row["rubric_sha256"],
        row.get("rubric_modified") == "true",
    )
    data = {
        "document": {
            "path": row["path"],
            "title": row.get("title") or row["path"],
            "language": row.get("language") or "und",
            "words": int(row.get("words") or 0),
            "segments": int(row.get("segments") or 0),
        },
        "vectors": {v.id: {"score": row[v.id], "weight": v.weight} for v in rubric.vectors},
        "indicators": {
            i.id: {"score": row[i.id], "hits": row.get(f"{i.id}.hits") or 0, "weight": i.weight}
            for i in rubric.indicators.values()
        },
        "frictions": {
            f.id: {"score": row[f.id], "hits": row.get(f"{f.id}.hits") or 0}
            for f in rubric.frictions
        },
    }
    return profile_from_dict(data, stamp, rubric)


def _check_stamp(stamp: RubricStamp, rubric: Rubric, path: str) -> None:
    if stamp.sha256 != rubric.sha256:
        raise ProfileError(
            f"was scored with rubric {stamp.name} {stamp.version} (sha256 {stamp.sha256[:12]}), "
            f"not {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]})",
            path=path,
            hint="score the documents again with this rubric, or pass --rubric to match",
        )


def read_profiles(path: str | Path, rubric: Rubric) -> list[Profile]:
    """Profiles from a file written by ``northalign score --format jsonl``, ``json`` or ``csv``."""
    shown = str(path)
    text = read_utf8(path, ProfileError)
    try:
        if shown.lower().endswith(".csv"):
            profiles = []
            for row in csv.DictReader(io.StringIO(text)):
                profile = profile_from_row(row, rubric)
                _check_stamp(profile.rubric, rubric, shown)
                profiles.append(profile)
            return profiles
        stripped = text.lstrip()
        if stripped.startswith("{") and '"profiles"' in stripped[:2000] and "\n{" not in stripped:
            whole = json.loads(text)
            stamp = RubricStamp(**whole["rubric"])
            _check_stamp(stamp, rubric, shown)
            return [profile_from_dict(p, stamp, rubric) for p in whole["profiles"]]
        profiles = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            data = json.loads(line)
            stamp = RubricStamp(**data["rubric"])
            _check_stamp(stamp, rubric, f"{shown}:{number}")
            profiles.append(profile_from_dict(data, stamp, rubric))
        return profiles
    except ProfileError:
        raise
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ProfileError(
            f"is not a profile file ({type(error).__name__}: {error})",
            path=shown,
            hint="write them with: northalign score FILE... --format jsonl --output profiles.jsonl",
        ) from None
