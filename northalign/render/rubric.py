"""Render rubrics: the bundled list, one rubric's structure, validation results."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION
from northalign.model import LANGUAGES, Problem, Rubric, Rule, Term
from northalign.render.common import plural, stamp_line
from northalign.render.json import rubric_stamp
from northalign.render.table import plain_console, to_text
from northalign.rubric.listing import ANY_LANGUAGE, TermListing, inline_context


def _by_language(terms: tuple[Term, ...]) -> dict[str, int]:
    counts = Counter(term.language for term in terms)
    return {language: counts[language] for language in LANGUAGES if counts[language]}


def rubric_dict(rubric: Rubric) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "title": rubric.title,
        "source": rubric.source,
        "threshold": rubric.threshold,
        "scoring": {
            "saturation": rubric.scoring.saturation,
            "reference_words": rubric.scoring.reference_words,
            "evidence_prior": rubric.scoring.evidence_prior,
            "thin_quotes": rubric.scoring.thin_quotes,
            "strong": rubric.scoring.strong,
            "silent": rubric.scoring.silent,
        },
        "vectors": [
            {
                "id": vector.id,
                "title": vector.title,
                "weight": vector.weight,
                "indicators": [
                    {
                        "id": ind.id,
                        "title": ind.title,
                        "weight": ind.weight,
                        "terms": _by_language(ind.terms),
                        "exclude": len(ind.exclude),
                        "with_context": sum(t.context is not None for t in ind.terms),
                    }
                    for ind in vector.indicators
                ],
            }
            for vector in rubric.vectors
        ],
        "frictions": [
            {
                "id": f.id,
                "title": f.title,
                "terms": _by_language(f.terms),
                "exclude": len(f.exclude),
            }
            for f in rubric.frictions
        ],
        "complements": [list(pair) for pair in rubric.complements],
        "contexts": {
            name: len(terms) for name, terms in rubric.contexts.items() if "/" not in name
        },
        "exclude": len(rubric.exclude),
    }


def rubric_json(rubric: Rubric) -> str:
    return json.dumps(rubric_dict(rubric), ensure_ascii=False, indent=2) + "\n"


def rubric_text(rubric: Rubric, console: Console | None = None) -> str:
    languages = [
        code
        for code in LANGUAGES
        if any(t.language == code for i in rubric.indicators.values() for t in i.terms)
    ]
    parts: list[RenderableType] = [
        Text(f"{rubric.title}", style="bold"),
        Text(stamp_line(rubric), style="dim"),
        Text(f"source: {rubric.source}", style="dim"),
        Text(""),
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("vector / indicator")
    table.add_column("weight", justify="right")
    for code in languages:
        table.add_column(code, justify="right")
    table.add_column("exclude", justify="right")
    table.add_column("context", justify="right")
    for vector in rubric.vectors:
        table.add_row(
            Text(f"{vector.id} — {vector.title}", style="bold"),
            f"{vector.weight:g}",
            *[""] * (len(languages) + 2),
        )
        for ind in vector.indicators:
            counts = _by_language(ind.terms)
            table.add_row(
                f"  {ind.id}",
                f"{ind.weight:g}",
                *[str(counts.get(code, 0)) for code in languages],
                str(len(ind.exclude)),
                str(sum(t.context is not None for t in ind.terms)),
            )
    for friction in rubric.frictions:
        counts = _by_language(friction.terms)
        table.add_row(
            Text(f"friction: {friction.id}", style="red"),
            "",
            *[str(counts.get(code, 0)) for code in languages],
            str(len(friction.exclude)),
            "",
        )
    parts.append(table)
    if rubric.complements:
        parts.append(Text("complements: " + "; ".join(f"{a} ↔ {b}" for a, b in rubric.complements)))
    named = [name for name in rubric.contexts if "/" not in name]
    if named:
        parts.append(Text("contexts: " + ", ".join(named)))
    return to_text(parts, console or plain_console())


def rubric_list_text(rubrics: list[Rubric], console: Console | None = None) -> str:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("name", "version", "vectors", "indicators", "terms", "title"):
        table.add_column(
            name, justify="right" if name in ("vectors", "indicators", "terms") else "left"
        )
    for rubric in rubrics:
        terms = sum(len(i.terms) for i in rubric.indicators.values())
        table.add_row(
            rubric.name,
            rubric.version,
            str(len(rubric.vectors)),
            str(len(rubric.indicators)),
            str(terms),
            rubric.title,
        )
    return to_text([table], console or plain_console())


def validation_text(
    path: str, errors: list[str], problems: list[Problem], *, notes: bool = False
) -> str:
    """Errors and warnings; notes (by-design effects worth knowing) counted, listed on request."""
    warnings = [problem for problem in problems if not problem.note]
    noted = [problem for problem in problems if problem.note]
    lines = [f"error: {error}" for error in errors] + [
        f"warning: {warning}" for warning in warnings
    ]
    if notes:
        lines += [f"note: {note}" for note in noted]
    verdict = "invalid" if errors else "valid"
    summary = f"{path}: {verdict} — {plural(len(errors), 'error')}, "
    summary += plural(len(warnings), "warning")
    if noted:
        summary += f", {plural(len(noted), 'note')}" + ("" if notes else " (--notes lists them)")
    lines.append(summary)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- terms


def _by_language_lists(terms: tuple[Term, ...]) -> dict[str, list[Term]]:
    """Terms grouped by language, in the rubric's language order."""
    grouped: dict[str, list[Term]] = {}
    for code in (*LANGUAGES, ANY_LANGUAGE):
        chosen = [term for term in terms if term.language == code]
        if chosen:
            grouped[code] = chosen
    return grouped


def _term_options(term: Term, rubric: Rubric) -> list[str]:
    """What sets a term apart from a plain one, in words."""
    options = []
    if term.exact:
        options.append("exact")
    if term.case_sensitive:
        options.append("case-sensitive")
    if term.threshold is not None:
        options.append(f"threshold {term.threshold:g}")
    if term.context is not None:
        if inline_context(term.context):
            phrases = ", ".join(p.text for p in rubric.contexts.get(term.context, ()))
            options.append(f"context: {phrases}")
        else:
            options.append(f"context {term.context}")
        if term.previous:
            options.append("or in the sentence before")
    return options


def _term_label(term: Term, rubric: Rubric) -> str:
    options = _term_options(term, rubric)
    return term.text + (f" [{'; '.join(options)}]" if options else "")


def _rule_label(rule: Rule) -> str:
    return rule.label + (" (or in the sentence before)" if rule.previous else "")


def rubric_terms_text(
    rubric: Rubric, listings: tuple[TermListing, ...], console: Console | None = None
) -> str:
    """Each indicator's and friction's terms by language, its exclusions, rules and contexts."""
    parts: list[RenderableType] = [
        Text(f"{rubric.title}", style="bold"),
        Text(stamp_line(rubric), style="dim"),
    ]

    for listing in listings:
        heading = Text(f"{listing.id} — {listing.title}", style="bold")
        heading.append(f" · vector {listing.vector}" if listing.vector else " · friction", "dim")
        parts += [Text(""), heading]
        for code, terms in _by_language_lists(listing.terms).items():
            parts += _term_block(f"terms {code}", terms, rubric)
        for code, terms in _by_language_lists(listing.exclude).items():
            parts += _term_block(f"exclude {code}", terms, rubric)
        for rule in listing.rules:
            parts.append(Padding(Text(f"rule: {_rule_label(rule)}"), (0, 0, 0, 2)))
        for name, phrases in listing.contexts:
            for code, terms in _by_language_lists(phrases).items():
                parts += _term_block(f"context {name} {code}", terms, rubric)
        if not (listing.terms or listing.rules):
            parts.append(Padding(Text("no terms in this language", style="dim"), (0, 0, 0, 2)))
    return to_text(parts, console or plain_console())


def _term_block(label: str, terms: list[Term], rubric: Rubric) -> list[RenderableType]:
    """A label with its count, then the terms indented under it (long lists wrap there)."""
    listed = Text(", ".join(_term_label(term, rubric) for term in terms))  # Text: no markup
    return [
        Padding(Text(f"{label} ({len(terms)}):", style="dim"), (0, 0, 0, 2)),
        Padding(listed, (0, 0, 0, 4)),
    ]


def _term_dict(term: Term, rubric: Rubric) -> dict[str, Any]:
    found: dict[str, Any] = {"term": term.text, "line": term.line}
    if term.exact:
        found["exact"] = True
    if term.case_sensitive:
        found["case_sensitive"] = True
    if term.threshold is not None:
        found["threshold"] = term.threshold
    if term.context is not None:
        if inline_context(term.context):
            found["context"] = [p.text for p in rubric.contexts.get(term.context, ())]
        else:
            found["context"] = term.context
        if term.previous:
            found["previous"] = True
    return found


def _terms_by_language(terms: tuple[Term, ...], rubric: Rubric) -> dict[str, list[dict[str, Any]]]:
    return {
        code: [_term_dict(term, rubric) for term in chosen]
        for code, chosen in _by_language_lists(terms).items()
    }


def rubric_terms_dict(
    rubric: Rubric, listings: tuple[TermListing, ...], language: str | None = None
) -> dict[str, Any]:
    def listing_dict(listing: TermListing) -> dict[str, Any]:
        found: dict[str, Any] = {"id": listing.id, "title": listing.title}
        if listing.vector is not None:
            found["vector"] = listing.vector
        found["terms"] = _terms_by_language(listing.terms, rubric)
        found["exclude"] = _terms_by_language(listing.exclude, rubric)
        found["rules"] = [
            {"all": list(rule.parts), "previous": rule.previous, "line": rule.line}
            for rule in listing.rules
        ]
        found["contexts"] = {
            name: _terms_by_language(phrases, rubric) for name, phrases in listing.contexts
        }
        return found

    return {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        "language": language,
        "indicators": [listing_dict(x) for x in listings if x.kind == "indicator"],
        "frictions": [listing_dict(x) for x in listings if x.kind == "friction"],
    }


def rubric_terms_json(
    rubric: Rubric, listings: tuple[TermListing, ...], language: str | None = None
) -> str:
    found = rubric_terms_dict(rubric, listings, language)
    return json.dumps(found, ensure_ascii=False, indent=2) + "\n"
