"""Rubric lint: what is valid but probably not meant (duplicated, vetoed or shadowed terms,
unused context lists, rules that cannot fire in a language, languages far thinner than the
others)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from northalign.model import LANGUAGES, FrictionDef, Indicator, Problem, Rubric, Rule, Term
from northalign.text.normalize import tokenize

#: A language is lopsided for an indicator or friction when its terms and rules number
#: fewer than this share of the median of the rubric's other languages. The lists need not be
#: equal: Chinese terms match inside unspaced text and need no inflected or derived variants,
#: so a well-covered Chinese list runs to two thirds of the English one; under a third, a text
#: in that language reads silent for want of words rather than of content.
LOPSIDED_SHARE = 1 / 3


def lint(rubric: Rubric) -> list[Problem]:
    """Things that are valid but probably not meant: duplicated, vetoed or shadowed terms,
    unused context lists, rules that cannot fire in a language.

    Indicators and frictions are separate layers (a friction's hit never hides an
    indicator's, nor the reverse), so terms are compared within each layer.
    """
    indicators = list(rubric.indicators.values())
    return [
        *_lint_terms(rubric, [(i.id, i.terms, i.exclude) for i in indicators]),
        *_lint_terms(rubric, [(f.id, f.terms, f.exclude) for f in rubric.frictions]),
        *_lint_rules(rubric),
        *_lint_lopsided(rubric),
    ]


def _lint_terms(
    rubric: Rubric, layer: list[tuple[str, tuple[Term, ...], tuple[Term, ...]]]
) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[tuple[str, ...], tuple[str, Term]] = {}
    terms = [(owner, term) for owner, owned, _ in layer for term in owned]
    # An exact term is known by its word forms (it matches no other form), any other by stems.
    keyed = [
        (owner, term, tuple(t.form if term.exact else t.key for t in tokenize(term.text)))
        for owner, term in terms
    ]
    for owner, term, keys in keyed:
        # A later term with the same words never counts where the first one does; it
        # still counts on its own where the first needs a context the sentence lacks.
        if keys in owners and owners[keys][1].context in (None, term.context):
            first_owner, first = owners[keys]
            where = "twice in" if first_owner == owner else f"in both '{first_owner}' and"
            problems.append(
                Problem(
                    rubric.path,
                    term.line,
                    f"term {term.text!r} is {where} '{owner}' (same words as {first.text!r}, "
                    f"line {first.line}); only the first counts",
                )
            )
        elif keys not in owners:
            owners[keys] = (owner, term)
    excluded = {
        (owner, tuple(t.key for t in tokenize(x.text)))
        for owner, _, exclude in layer
        for x in exclude
    }
    for owner, term, keys in keyed:
        if (owner, keys) in excluded:
            problems.append(
                Problem(
                    rubric.path,
                    term.line,
                    f"term {term.text!r} of '{owner}' is also excluded; it never counts",
                )
            )
    # Every contiguous run of words inside a longer term, with the term it belongs to.
    inside: dict[tuple[str, ...], tuple[str, Term]] = {}
    for owner, term, keys in sorted(keyed, key=lambda item: (-len(item[2]), item[1].line)):
        for size in range(1, len(keys)):
            for start in range(len(keys) - size + 1):
                inside.setdefault(keys[start : start + size], (owner, term))
    for owner, term, keys in keyed:
        found = inside.get(keys)
        if found is not None and found[0] != owner:
            other_owner, other = found
            problems.append(
                Problem(
                    rubric.path,
                    term.line,
                    f"term {term.text!r} of '{owner}' is shadowed by the longer {other.text!r} "
                    f"of '{other_owner}' (line {other.line}) wherever that appears",
                    note=True,
                )
            )
    return problems


def _owners(rubric: Rubric) -> list[Indicator | FrictionDef]:
    return [*rubric.indicators.values(), *rubric.frictions]


def _covered_languages(rubric: Rubric) -> list[str]:
    """The languages the rubric has terms in (Mongolian is accepted, not covered throughout)."""
    return sorted(
        {t.language for owner in _owners(rubric) for t in owner.terms} & set(LANGUAGES) - {"mn"}
    )


def _empty_lists(rubric: Rubric, rule: Rule, language: str) -> list[str]:
    """The lists of ``rule`` with no phrase in ``language``: the rule never fires in it."""
    # A phrase without letters ("2035") stands in text of any language.
    return [
        name
        for name in rule.parts
        if not any(
            t.language in (language, "any") or not any(ch.isalpha() for ch in t.text)
            for t in rubric.contexts[name]
        )
    ]


def _lint_rules(rubric: Rubric) -> list[Problem]:
    """Context lists nothing uses, and rules one of whose lists is empty in a covered language."""
    problems: list[Problem] = []
    owners = _owners(rubric)
    languages = _covered_languages(rubric)
    used = {t.context for owner in owners for t in owner.terms if t.context}
    for owner in owners:
        for rule in owner.rules:
            used.update(rule.parts)
            for language in languages:
                empty = _empty_lists(rubric, rule, language)
                if empty:
                    problems.append(
                        Problem(
                            rubric.path,
                            rule.line,
                            f"rule {rule.label} of '{owner.id}' never fires in "
                            f"{LANGUAGES[language]}: list '{empty[0]}' has no {language} phrases",
                        )
                    )
    for name in sorted(set(rubric.contexts) - used):
        first = rubric.contexts[name][0] if rubric.contexts[name] else None
        problems.append(
            Problem(
                rubric.path,
                first.line if first else None,
                f"context list '{name}' is used by no term and no rule",
            )
        )
    return problems


def _lint_lopsided(rubric: Rubric) -> list[Problem]:
    """Indicators and frictions with far fewer terms and rules in one language than in the
    others (:data:`LOPSIDED_SHARE` of their median): there, scores follow the list, not the text."""
    problems: list[Problem] = []
    languages = _covered_languages(rubric)
    if len(languages) < 2:
        return problems
    for owner in _owners(rubric):
        counts = {language: _coverage(rubric, owner, language) for language in languages}
        for language in languages:
            typical = statistics.median(counts[other] for other in languages if other != language)
            if counts[language] < LOPSIDED_SHARE * typical:
                problems.append(
                    Problem(
                        rubric.path,
                        _line_of(owner.terms, language),
                        f"'{owner.id}' is lopsided: {counts[language]} {LANGUAGES[language]} "
                        f"terms and rules against {typical:g} in the other languages (median); "
                        f"{LANGUAGES[language]} text will read silent on it for want of terms",
                    )
                )
    return problems


def _coverage(rubric: Rubric, owner: Indicator | FrictionDef, language: str) -> int:
    """Terms of ``owner`` in ``language`` and rules of ``owner`` that can fire in it."""
    terms = sum(term.language in (language, "any") for term in owner.terms)
    rules = sum(not _empty_lists(rubric, rule, language) for rule in owner.rules)
    return terms + rules


def _line_of(terms: Sequence[Term], language: str) -> int | None:
    """The line of the first term in ``language`` (else of the first term): where to add."""
    lines = [term.line for term in terms if term.language == language] or [t.line for t in terms]
    return min(lines) if lines else None
