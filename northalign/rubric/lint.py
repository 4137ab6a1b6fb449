"""Rubric lint: what is valid but probably not meant (duplicated, vetoed or shadowed terms,
unused context lists, rules that cannot fire in a language)."""

from __future__ import annotations

from northalign.model import LANGUAGES, FrictionDef, Indicator, Problem, Rubric, Term
from northalign.text.normalize import tokenize


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


def _lint_rules(rubric: Rubric) -> list[Problem]:
    """Context lists nothing uses, and rules one of whose lists is empty in a covered language."""
    problems: list[Problem] = []
    owners: list[Indicator | FrictionDef] = [*rubric.indicators.values(), *rubric.frictions]
    languages = sorted(
        {t.language for owner in owners for t in owner.terms} & set(LANGUAGES) - {"mn"}
    )
    used = {t.context for owner in owners for t in owner.terms if t.context}
    for owner in owners:
        for rule in owner.rules:
            used.update(rule.parts)
            for language in languages:
                # A phrase without letters ("2035") stands in text of any language.
                empty = [
                    name
                    for name in rule.parts
                    if not any(
                        t.language in (language, "any") or not any(ch.isalpha() for ch in t.text)
                        for t in rubric.contexts[name]
                    )
                ]
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
