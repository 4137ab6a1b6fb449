"""A rubric's terms, indicator by indicator: what ``rubric show --terms`` lists.

Selection only (which indicators, which language) and its errors; the
renderers in :mod:`northalign.render.rubric` lay it out as a table or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from northalign.errors import NorthalignError
from northalign.model import LANGUAGES, FrictionDef, Indicator, Rubric, Rule, Term

#: The language of inline context phrases (``context: [a, b]`` on a term): any.
ANY_LANGUAGE = "any"


@dataclass(frozen=True)
class TermListing:
    """An indicator's or friction's terms, exclusions, rules and the context lists they use."""

    id: str
    title: str
    kind: str  # "indicator" | "friction"
    vector: str | None  # None for a friction
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...]
    rules: tuple[Rule, ...]
    #: Each named context list a term or rule needs, with its phrases, in order of first use.
    contexts: tuple[tuple[str, tuple[Term, ...]], ...]


def inline_context(name: str) -> bool:
    """Is this context list written inline at a term (named ``owner/term``)?"""
    return "/" in name


def term_listing(
    rubric: Rubric, indicator: str | None = None, language: str | None = None
) -> tuple[TermListing, ...]:
    """Every indicator and friction of ``rubric`` (or only ``indicator``, an indicator,
    friction or vector id), with their terms in ``language`` only when given."""
    if language is not None and language not in LANGUAGES:
        raise NorthalignError(
            f"unknown language code {language!r}", hint=f"give one of {', '.join(LANGUAGES)}"
        )
    owners: list[tuple[Indicator | FrictionDef, str, str | None]] = [
        *((i, "indicator", i.vector) for i in rubric.indicators.values()),
        *((f, "friction", None) for f in rubric.frictions),
    ]
    if indicator is not None:
        owners = [o for o in owners if o[0].id == indicator] or [
            o
            for o in owners
            if o[2] == indicator  # a vector: its indicators
        ]
        if not owners:
            raise NorthalignError(
                f"no indicator, friction or vector {indicator!r} in rubric {rubric.name}",
                hint="see the ids in: northalign rubric show",
            )

    def chosen(terms: tuple[Term, ...]) -> tuple[Term, ...]:
        if language is None:
            return terms
        return tuple(t for t in terms if t.language in (language, ANY_LANGUAGE))

    listings = []
    for owner, kind, vector in owners:
        names = [t.context for t in owner.terms if t.context and not inline_context(t.context)]
        names += [part for rule in owner.rules for part in rule.parts]
        listings.append(
            TermListing(
                id=owner.id,
                title=owner.title,
                kind=kind,
                vector=vector,
                terms=chosen(owner.terms),
                exclude=chosen(owner.exclude),
                rules=owner.rules,
                contexts=tuple(
                    (name, chosen(rubric.contexts.get(name, ()))) for name in dict.fromkeys(names)
                ),
            )
        )
    return tuple(listings)
