"""The one profile codec: a :class:`Profile` as JSON-ready data or a CSV row, and back.

Everything that writes or reads a profile goes through here: ``score`` and
``compare --format json|jsonl``, ``score --format csv``, the profile cache and
``batch --profiles``; so the JSON a script reads, the cache and the profiles
``batch`` reads back can never disagree. The contract, and how it changed, is
docs/json.md; the JSON Schemas in northalign/schemas check it.

A profile's quoted sentences stand once, in its ``segments`` table; each
evidence item names its sentence by the segment's index in the document. (In
schema 1 every evidence item repeated its whole sentence: 374 MB of JSON for a
2.2 MB document.)
"""

from __future__ import annotations

from typing import Any

from northalign import __version__
from northalign.errors import NorthalignError
from northalign.model import (
    DocumentInfo,
    Evidence,
    EvidencePart,
    FrictionScore,
    IndicatorScore,
    ModelStamp,
    Profile,
    Rubric,
    RubricStamp,
    VectorScore,
)
from northalign.score import SCORE_DIGITS

#: The version of northalign's JSON contract (every ``--format json`` output and
#: the profile cache). History in docs/json.md.
SCHEMA_VERSION = "2"

_RESCORE = "score the documents again with this northalign: northalign score FILE... --format jsonl"


class ProfileError(NorthalignError):
    """Stored profiles that cannot be read, or that were scored with another rubric."""


def score(value: float) -> float:
    """A score in [0, 1] as JSON and CSV write it."""
    return round(value, SCORE_DIGITS)


# --------------------------------------------------------------------------- JSON


def stamp_dict(stamp: RubricStamp) -> dict[str, str | bool]:
    # `modified`: a bundled rubric's name and version, but other content (an edited copy).
    return {
        "name": stamp.name,
        "version": stamp.version,
        "sha256": stamp.sha256,
        "modified": stamp.modified,
    }


def model_dict(stamp: ModelStamp | None) -> dict[str, str] | None:
    """The learned model whose evidence counts beside the rubric's; None: the rubric alone."""
    if stamp is None:
        return None
    return {"name": stamp.name, "sha256": stamp.sha256, "rubric_sha256": stamp.rubric_sha256}


def read_model(data: object) -> ModelStamp | None:
    """:func:`model_dict`'s data back; a missing one (files before models) is None."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError(f"a model stamp is an object, not {type(data).__name__}")
    return ModelStamp(str(data["name"]), str(data["sha256"]), str(data["rubric_sha256"]))


def part_dict(part: EvidencePart) -> dict[str, Any]:
    """A context phrase that made the evidence count, with where it stands."""
    return {
        "list": part.list,
        "term": part.term,
        "text": part.text,
        "line": part.line,
        "previous_sentence": part.previous,
        "span": list(part.span),
    }


def evidence_dict(item: Evidence) -> dict[str, Any]:
    """One evidence item; ``segment`` is the index of its sentence in the document."""
    return {
        "indicator": item.indicator,
        "term": item.term,
        "text": item.text,
        "line": item.line,
        "end_line": max(item.line, item.end_line),
        "similarity": round(item.similarity, 1),
        "segment": item.segment_index,
        "span": list(item.span),
        **({"parts": [part_dict(part) for part in item.parts]} if item.parts else {}),
        # Always written: a reader tells the rubric's evidence from the model's without guessing.
        "source": item.source,
        **(
            {
                "probability": item.probability,
                "reasons": [{"feature": name, "weight": weight} for name, weight in item.reasons],
            }
            if item.probability is not None
            else {}
        ),
    }


def segments_table(evidence: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    """The sentences the evidence quotes, each once, in document order."""
    table: dict[int, dict[str, Any]] = {}
    for item in evidence:
        entry = table.get(item.segment_index)
        if entry is None:
            table[item.segment_index] = {
                "index": item.segment_index,
                "page": item.page,
                "language": item.language,
                "text": item.segment,
            }
        elif entry["text"] is not item.segment and entry["text"] != item.segment:
            raise ValueError(f"evidence of segment {item.segment_index} quotes two sentences")
    return [table[index] for index in sorted(table)]


def profile_dict(profile: Profile) -> dict[str, Any]:
    """A profile as JSON-ready data: what ``score --format json`` lists under ``profiles``."""
    doc = profile.document
    return {
        "document": {
            "path": doc.path,
            "title": doc.title,
            "language": doc.language,
            "segments": doc.segments,
            "words": doc.words,
            "encoding": doc.encoding,
            "format": doc.format,
            "pages": doc.pages,
            "languages": dict(doc.languages),
            "warnings": list(doc.warnings),
        },
        "vectors": {
            vector.id: {
                "score": score(vector.score),
                "weight": vector.weight,
                "quotes": vector.quotes,
            }
            for vector in profile.vectors.values()
        },
        "indicators": {
            ind.id: {
                "vector": ind.vector,
                "score": score(ind.score),
                "hits": ind.hits,
                "terms": ind.terms,
                "weight": ind.weight,
                "quotes": ind.quotes,
            }
            for ind in profile.indicators.values()
        },
        "frictions": {
            friction.id: {
                "score": score(friction.score),
                "hits": friction.hits,
                "quotes": friction.quotes,
            }
            for friction in profile.frictions.values()
        },
        "quotes": profile.quotes,
        "model": model_dict(profile.model),
        "segments": segments_table(profile.evidence),
        "evidence": [evidence_dict(item) for item in profile.evidence],
    }


def profile_record(profile: Profile) -> dict[str, Any]:
    """A profile that stands alone (a line of ``score --format jsonl``, a cache entry)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": stamp_dict(profile.rubric),
        **profile_dict(profile),
    }


def check_version(data: dict[str, Any], where: str) -> None:
    """Profiles of another JSON schema cannot be read: say which, and how to get new ones."""
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        found = f"JSON schema {version}" if version is not None else "no schema_version"
        raise ProfileError(
            f"holds profiles of {found}; this northalign reads schema {SCHEMA_VERSION}",
            path=where,
            hint=_RESCORE,
        )


def read_stamp(data: dict[str, Any]) -> RubricStamp:
    stamp = data["rubric"]
    return RubricStamp(
        str(stamp["name"]),
        str(stamp["version"]),
        str(stamp["sha256"]),
        bool(stamp.get("modified", False)),
    )


def _part(data: dict[str, Any]) -> EvidencePart:
    start, end = data["span"]
    return EvidencePart(
        str(data["list"]),
        str(data["term"]),
        str(data["text"]),
        int(data["line"]),
        bool(data["previous_sentence"]),
        (int(start), int(end)),
    )


def _evidence(data: dict[str, Any], segments: dict[int, dict[str, Any]]) -> Evidence:
    index = int(data["segment"])
    segment = segments[index]
    start, end = data["span"]
    return Evidence(
        indicator=data["indicator"],
        term=data["term"],
        text=data["text"],
        line=int(data["line"]),
        page=segment["page"],
        similarity=float(data["similarity"]),
        segment=segment["text"],  # one string for all the evidence of a sentence
        span=(int(start), int(end)),
        segment_index=index,
        end_line=int(data["end_line"]),
        language=segment["language"],
        parts=tuple(_part(part) for part in data.get("parts", ())),
        source=str(data.get("source", "rubric")),  # profiles written before models: the rubric's
        probability=None if data.get("probability") is None else float(data["probability"]),
        reasons=tuple(
            (str(reason["feature"]), float(reason["weight"])) for reason in data.get("reasons", ())
        ),
    )


def profile_from_dict(data: dict[str, Any], stamp: RubricStamp) -> Profile:
    """Rebuild a :class:`Profile` from :func:`profile_dict`'s data (KeyError, TypeError or
    ValueError when it is not one)."""
    doc = data["document"]
    segments = {int(entry["index"]): entry for entry in data["segments"]}
    return Profile(
        document=DocumentInfo(
            path=doc["path"],
            title=doc["title"],
            language=doc["language"],
            segments=int(doc["segments"]),
            words=int(doc["words"]),
            encoding=doc.get("encoding"),
            format=doc.get("format", "text"),
            pages=doc.get("pages"),
            languages=tuple((doc.get("languages") or {}).items()),
            warnings=tuple(doc.get("warnings") or ()),
        ),
        rubric=stamp,
        vectors={
            key: VectorScore(
                key, float(value["score"]), float(value["weight"]), int(value["quotes"])
            )
            for key, value in data["vectors"].items()
        },
        indicators={
            key: IndicatorScore(
                key,
                value["vector"],
                float(value["score"]),
                int(value["hits"]),
                int(value["terms"]),
                float(value["weight"]),
                int(value["quotes"]),
            )
            for key, value in data["indicators"].items()
        },
        frictions={
            key: FrictionScore(key, float(value["score"]), int(value["hits"]), int(value["quotes"]))
            for key, value in data["frictions"].items()
        },
        evidence=tuple(_evidence(item, segments) for item in data["evidence"]),
        quotes=int(data["quotes"]),
        model=read_model(data.get("model")),
    )


def profile_from_record(data: dict[str, Any], where: str) -> Profile:
    """Rebuild a profile from :func:`profile_record`'s data; ProfileError for another schema."""
    check_version(data, where)
    return profile_from_dict(data, read_stamp(data))


# --------------------------------------------------------------------------- CSV


def csv_fields(rubric: Rubric) -> list[str]:
    """Columns of a profile CSV: the document, the rubric stamp, then every score."""
    return [
        "path", "title", "language", "words", "segments", "rubric", "rubric_version",
        "rubric_sha256", "rubric_modified", "model", "model_sha256", "quotes",
        *(v.id for v in rubric.vectors),
        *(f"{v.id}.quotes" for v in rubric.vectors),
        *rubric.indicators,
        *(f"{i}.hits" for i in rubric.indicators),
        *(f"{i}.quotes" for i in rubric.indicators),
        *(f.id for f in rubric.frictions),
        *(f"{f.id}.hits" for f in rubric.frictions),
        *(f"{f.id}.quotes" for f in rubric.frictions),
    ]  # fmt: skip


def profile_row(profile: Profile) -> dict[str, Any]:
    """A profile's scores as a CSV row (no evidence: a spreadsheet has no room for it)."""
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
        # Empty for the rubric alone: the learned model whose evidence counted beside it.
        "model": profile.model.name if profile.model else "",
        "model_sha256": profile.model.sha256 if profile.model else "",
        "quotes": profile.quotes,
    }
    row.update({v.id: score(v.score) for v in profile.vectors.values()})
    row.update({f"{v.id}.quotes": v.quotes for v in profile.vectors.values()})
    row.update({i.id: score(i.score) for i in profile.indicators.values()})
    row.update({f"{i.id}.hits": i.hits for i in profile.indicators.values()})
    row.update({f"{i.id}.quotes": i.quotes for i in profile.indicators.values()})
    row.update({f.id: score(f.score) for f in profile.frictions.values()})
    row.update({f"{f.id}.hits": f.hits for f in profile.frictions.values()})
    row.update({f"{f.id}.quotes": f.quotes for f in profile.frictions.values()})
    return row


def profile_from_row(row: dict[str, str], rubric: Rubric) -> Profile:
    """Rebuild a :class:`Profile` (scores only, no evidence) from a profile CSV row."""
    return Profile(
        document=DocumentInfo(
            path=row["path"],
            title=row.get("title") or row["path"],
            language=row.get("language") or "und",
            segments=int(row.get("segments") or 0),
            words=int(row.get("words") or 0),
        ),
        rubric=RubricStamp(
            row["rubric"],
            row["rubric_version"],
            row["rubric_sha256"],
            row.get("rubric_modified") == "true",
        ),
        vectors={
            v.id: VectorScore(v.id, float(row[v.id]), v.weight, _count(row, f"{v.id}.quotes"))
            for v in rubric.vectors
        },
        indicators={
            i.id: IndicatorScore(
                i.id,
                i.vector,
                float(row[i.id]),
                _count(row, f"{i.id}.hits"),
                0,
                i.weight,
                _count(row, f"{i.id}.quotes"),
            )
            for i in rubric.indicators.values()
        },
        frictions={
            f.id: FrictionScore(
                f.id, float(row[f.id]), _count(row, f"{f.id}.hits"), _count(row, f"{f.id}.quotes")
            )
            for f in rubric.frictions
        },
        evidence=(),
        quotes=_count(row, "quotes"),
        # A model is only ever used with the rubric it was trained for (modelfile refuses others).
        model=(
            ModelStamp(row["model"], row.get("model_sha256") or "", row["rubric_sha256"])
            if row.get("model")
            else None
        ),
    )


def _count(row: dict[str, str], column: str) -> int:
    # A spreadsheet may have dropped a count column: no evidence counted, not an error.
    return int(row.get(column) or 0)
