"""The library's front door: paths in, profiles and comparisons out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from northalign.ingest.load import DEFAULT_MAX_BYTES, load_document
from northalign.match import Matcher
from northalign.model import Comparison, Document, DocumentInfo, Profile, Rubric
from northalign.rubric.compiled import matcher_for
from northalign.score import compare_profiles, profile_from_evidence


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        path=document.path,
        title=document.title,
        language=document.language,
        segments=len(document.segments),
        words=document.words,
        encoding=document.encoding,
        format=document.format,
        pages=len(document.pages) if document.pages else None,
        languages=document.languages,
        warnings=document.warnings,
    )


def profile_document(document: Document, rubric: Rubric, matcher: Matcher | None = None) -> Profile:
    """Match ``rubric`` against an already loaded document and score it."""
    matcher = matcher or matcher_for(rubric)
    return profile_from_evidence(document_info(document), rubric, matcher.find(document))


def profile_paths(
    paths: Iterable[str | Path], rubric: Rubric, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Profile]:
    """Load and score each file; raises on the first one that cannot be read."""
    matcher = matcher_for(rubric)
    return [
        profile_document(load_document(path, max_bytes=max_bytes), rubric, matcher)
        for path in paths
    ]


def compare_paths(
    left: str | Path, right: str | Path, rubric: Rubric, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Comparison:
    """Load, score and compare two documents."""
    first, second = profile_paths([left, right], rubric, max_bytes=max_bytes)
    return compare_profiles(first, second, rubric)
