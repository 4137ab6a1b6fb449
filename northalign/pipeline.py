"""The library's front door: paths in, profiles and comparisons out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from string import ascii_uppercase

from northalign.errors import NorthalignError
from northalign.ingest.load import DEFAULT_MAX_BYTES, load_document
from northalign.learning.classifier import Classifier
from northalign.match import Matcher
from northalign.model import (
    Comparison,
    Document,
    DocumentInfo,
    Evidence,
    Explained,
    Explanation,
    Profile,
    Rubric,
)
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


def find_evidence(
    document: Document, matcher: Matcher, model: Classifier | None = None
) -> list[Evidence]:
    """The rubric's evidence in ``document``, and ``model``'s beside it when one is given."""
    evidence = matcher.find(document)
    return evidence if model is None else model.find(document, evidence)


def profile_document(
    document: Document,
    rubric: Rubric,
    matcher: Matcher | None = None,
    model: Classifier | None = None,
) -> Profile:
    """Match ``rubric`` (and apply ``model``) to an already loaded document and score it."""
    matcher = matcher or matcher_for(rubric)
    return profile_from_evidence(
        document_info(document),
        rubric,
        find_evidence(document, matcher, model),
        None if model is None else model.stamp,
    )


def profile_paths(
    paths: Iterable[str | Path],
    rubric: Rubric,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model: Classifier | None = None,
) -> list[Profile]:
    """Load and score each file; raises on the first one that cannot be read."""
    matcher = matcher_for(rubric)
    return [
        profile_document(load_document(path, max_bytes=max_bytes), rubric, matcher, model)
        for path in paths
    ]


def compare_paths(
    left: str | Path,
    right: str | Path,
    rubric: Rubric,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model: Classifier | None = None,
) -> Comparison:
    """Load, score and compare two documents (with ``model``'s evidence beside the rubric's)."""
    first, second = profile_paths([left, right], rubric, max_bytes=max_bytes, model=model)
    return compare_profiles(first, second, rubric)


def explain_owners(
    rubric: Rubric, indicators: Iterable[str] = (), vectors: Iterable[str] = ()
) -> tuple[str, ...]:
    """The indicator and friction ids to explain: ``indicators`` as given, then every
    indicator of each of ``vectors``, without repeats; an error for any unknown id."""
    known = {*rubric.indicators, *(friction.id for friction in rubric.frictions)}
    of_vector = {vector.id: [i.id for i in vector.indicators] for vector in rubric.vectors}
    # An unknown vector id stays as it is, to be reported with the unknown indicators.
    asked = [*indicators, *(i for v in vectors for i in of_vector.get(v, [v]))]
    owners = tuple(dict.fromkeys(asked))
    unknown = [owner for owner in owners if owner not in known]
    if not owners or unknown:
        raise NorthalignError(
            f"unknown indicator or vector: {', '.join(unknown)}"
            if unknown
            else "nothing to explain",
            hint="give --indicator ID or --vector ID (see: northalign rubric show)",
        )
    return owners


def explain_paths(
    paths: Sequence[str | Path],
    rubric: Rubric,
    *,
    indicators: Iterable[str] = (),
    vectors: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    model: Classifier | None = None,
) -> Explanation:
    """Every piece of evidence in each document for some indicators, and what did not count.

    ``indicators`` are indicator or friction ids, ``vectors`` stand for all their
    indicators (see :func:`explain_owners`). The documents are labelled A, B, C...
    in the order given. Raises on an unknown id or the first unreadable file.
    With ``model``, its evidence comes too, and the sentences it held back near
    its threshold are among the near-matches, with the features that decided.
    """
    owners = explain_owners(rubric, indicators, vectors)
    matcher = matcher_for(rubric)
    sides = []
    for number, path in enumerate(paths):
        document = load_document(path, max_bytes=max_bytes)
        evidence, rejected = matcher.explain(document, set(owners))
        if model is not None:
            added, held_back = model.explain(document, matcher.find(document), set(owners))
            evidence = sorted([*evidence, *added], key=lambda item: item.segment_index)
            rejected += held_back
        label = ascii_uppercase[number] if number < len(ascii_uppercase) else str(number + 1)
        sides.append(
            Explained(label, document.path, document.title, tuple(evidence), tuple(rejected))
        )
    return Explanation(owners, tuple(sides))
