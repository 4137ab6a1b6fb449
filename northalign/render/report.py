"""The report people read, computed once: table, Markdown and HTML only format it.

``comparison_report`` and ``profile_report`` decide everything a reader sees
apart from layout — which shared priorities, complements, gaps and frictions
to list, which sentences to quote for each and how to cut them, how figures
are rounded, what a section says when it is empty — so the three formats
cannot drift apart. Plain data only: no rich, no markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from northalign.model import (
    Comparison,
    DocumentInfo,
    Evidence,
    FrictionScore,
    IndicatorScore,
    Profile,
    Rubric,
)
from northalign.render.common import location, model_marker, model_of, plural, stamp_line

#: Characters of a sentence kept on each side of its matches.
QUOTE_RADIUS = 80

#: The sections of a compare report, in order: (title, what it says when there is none).
SECTIONS = (
    ("Shared priorities", "No indicator is a priority of both documents."),
    ("Complements", "No strength of one side meets its complement on the other."),
    ("Gaps", "Neither side is silent where the other is strong."),
    ("Frictions", "No friction is raised by both documents."),
)


# --------------------------------------------------------------------------- quotes


@dataclass(frozen=True, slots=True)
class Match:
    """A matched word or phrase of a quote and the rubric term it counted for."""

    text: str
    term: str
    similarity: float  # 0–100; below 100 the words are a near-match (a typo, an inflection)
    #: For the learned model's evidence: its probability (``text`` the word that pushed most).
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """One quoted sentence: cut around its matches, which are marked."""

    side: str  # "A" or "B" in a compare report, "" in a score report
    path: str
    line: int
    page: int | None
    text: str  # the sentence cut around the matches, "…" where it was cut
    marks: tuple[tuple[int, int], ...]  # spans of ``text`` to highlight, sorted, apart
    matches: tuple[Match, ...]

    @property
    def location(self) -> str:
        """``file:line``, and ``:pN`` for a document with pages."""
        return location(self.path, self.line, self.page)

    @property
    def model(self) -> bool:
        """The learned model marked the sentence (rather than a rubric term matching in it)."""
        return any(m.probability is not None for m in self.matches)

    @property
    def note(self) -> str:
        """The near-matches, as ``matched ≈ term (similarity)``, and the learned model's
        evidence as ``model 0.83``; empty when all are exact rubric matches."""
        return ", ".join(
            model_marker(m.probability)
            if m.probability is not None
            else f"{m.text} ≈ {m.term} ({m.similarity:.0f})"
            for m in self.matches
            if m.probability is not None or m.similarity < 100
        )

    def pieces(self) -> list[tuple[str, bool]]:
        """``text`` in pieces: (piece, is it highlighted)."""
        pieces: list[tuple[str, bool]] = []
        cursor = 0
        for start, end in self.marks:
            if start > cursor:
                pieces.append((self.text[cursor:start], False))
            pieces.append((self.text[start:end], True))
            cursor = end
        if cursor < len(self.text):
            pieces.append((self.text[cursor:], False))
        return pieces


def pick_quotes(evidence: Iterable[Evidence], limit: int) -> list[list[Evidence]]:
    """Up to ``limit`` sentences to quote, each with its matches.

    Sentences with more different terms and closer matches come first; the
    chosen ones are shown in document order.
    """
    by_segment: dict[tuple[int, int, str], list[Evidence]] = {}
    for item in evidence:
        by_segment.setdefault((item.segment_index, item.line, item.segment), []).append(item)
    ranked = sorted(
        by_segment.values(),
        key=lambda items: (
            -len({i.term for i in items}),
            -max(i.similarity for i in items),
            items[0].segment_index,
            items[0].line,
        ),
    )
    return sorted(
        ranked[: max(0, limit)], key=lambda items: (items[0].segment_index, items[0].line)
    )


def quote(items: Sequence[Evidence], path: str, side: str = "") -> Quote:
    """The sentence of ``items`` (all in one sentence) cut around their matches.

    Cut at word boundaries, so a quote never starts or ends inside a word.
    """
    segment = items[0].segment
    # The matches, and the parts of a rule or context that stand in the same sentence.
    spans = _merged(
        [item.span for item in items if item.span[1] > item.span[0] or item.source == "rubric"]
        + [part.span for item in items for part in item.parts if not part.previous]
    )
    # A model's evidence without a pushing word to mark: quoted from the sentence's start.
    anchors = spans or [(0, 0)]
    first, last = anchors[0][0], max(end for _, end in anchors)
    left = max(0, first - QUOTE_RADIUS)
    right = min(len(segment), last + QUOTE_RADIUS)
    if left > 0:
        space = segment.find(" ", left, first)
        left = space + 1 if space != -1 else left
    if right < len(segment):
        space = segment.rfind(" ", last, right)
        right = space if space != -1 else right
    head = "…" if left > 0 else ""
    tail = "…" if right < len(segment) else ""
    shift = len(head) - left
    return Quote(
        side=side,
        path=path,
        line=items[0].line,
        page=items[0].page,
        text=head + segment[left:right] + tail,
        marks=tuple((start + shift, end + shift) for start, end in spans),
        matches=tuple(
            Match(i.text, i.term, i.similarity, i.probability if i.source == "model" else None)
            for i in items
        ),
    )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, overlapping and touching ones joined into one mark.

    A friction and an indicator may share words; two terms may stand side by
    side (航空货运 and 枢纽 in 航空货运枢纽), which as two marks would print as
    ``**航空货运****枢纽**`` in Markdown.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def quotes(evidence: Iterable[Evidence], limit: int, path: str, side: str = "") -> list[Quote]:
    """The ``limit`` best sentences of ``evidence`` as quotes, in document order."""
    return [quote(items, path, side) for items in pick_quotes(evidence, limit)]


# --------------------------------------------------------------------------- shared parts


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    side: str  # "A", "B", or "" in a score report
    title: str
    path: str
    description: str  # path, language(s), format, encoding, size
    warnings: tuple[str, ...] = ()  # what the reader should know before trusting the figures


@dataclass(frozen=True, slots=True)
class EvidenceGroup:
    """Quotes for one indicator or friction (both sides' in a compare report)."""

    id: str
    title: str
    quotes: tuple[Quote, ...]
    hits: tuple[int, ...]  # how many matches each side has: (A, B), or (n,) in a score report


def describe(doc: DocumentInfo) -> str:
    """One line about a document: path, language(s), format, encoding, size."""
    languages = doc.language
    others = [f"{code} {share:.0%}" for code, share in doc.languages if code != doc.language]
    if others:
        languages += f" (+ {', '.join(others[:2])})"
    parts = [doc.path, languages]
    if doc.format not in ("text", "markdown"):
        parts.append(doc.format.upper() + (f", {plural(doc.pages, 'page')}" if doc.pages else ""))
    if doc.encoding and doc.encoding != "utf-8":
        parts.append(doc.encoding)
    parts += [plural(doc.words, "word"), plural(doc.segments, "segment")]
    return " · ".join(parts)


def _header(side: str, profile: Profile) -> DocumentHeader:
    doc = profile.document
    return DocumentHeader(side, doc.title, doc.path, describe(doc), doc.warnings)


def titles(rubric: Rubric) -> dict[str, str]:
    """Titles of every indicator and friction, by id."""
    return {i.id: i.title for i in rubric.indicators.values()} | {
        f.id: f.title for f in rubric.frictions
    }


def _owners(rubric: Rubric) -> list[str]:
    """Every indicator, then every friction: the order evidence is listed in."""
    return [*rubric.indicators, *(f.id for f in rubric.frictions)]


def _by_owner(profile: Profile) -> dict[str, list[Evidence]]:
    grouped: dict[str, list[Evidence]] = {}
    for item in profile.evidence:
        grouped.setdefault(item.indicator, []).append(item)
    return grouped


def top_terms(evidence: Iterable[Evidence], limit: int = 3) -> str:
    """The terms that matched most, ``term ×count``; then ``model ×count``, the sentences
    the learned model marked (its words are not rubric terms: they are not ranked with them)."""
    counts: dict[str, int] = {}
    marked = 0
    for item in evidence:
        if item.source == "model":
            marked += 1
        else:
            counts[item.term] = counts.get(item.term, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    shown = [f"{term} ×{count}" if count > 1 else term for term, count in ranked]
    if marked:
        shown.append(f"model ×{marked}" if marked > 1 else "model")
    return ", ".join(shown)


def legend(quotes: Iterable[Quote]) -> str:
    """What the marker of the learned model's evidence means, for reports that quote some."""
    if not any(quote.model for quote in quotes):
        return ""
    return (
        "model P: a sentence the learned model marked with probability P (no rubric term "
        "matched it); the words that pushed it are highlighted"
    )


def quotes_text(quotes: tuple[int, int]) -> str:
    """Distinct quotes behind a two-sided figure, as the Quotes column shows them: ``A · B``."""
    return f"{quotes[0]} · {quotes[1]}"


def strength_text(quotes: tuple[int, int], thin: bool) -> str:
    """What the overall alignment rests on, said next to it; plainly when it is thin."""
    a, b = quotes
    counted = f"{plural(a, 'quote')} on each side" if a == b else f"A {plural(a, 'quote')}, B {b}"
    if thin:
        return f"thin evidence: {counted} (figure shrunk toward 0)"
    return f"evidence: {counted}"


def alignment_text(score: float, status: str, digits: int) -> str:
    """An alignment figure as shown: "—" where neither side speaks of it."""
    return "—" if status == "silent" else f"{score:.{digits}f}"


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    vector: str
    left: float
    right: float
    alignment: str  # 0–100 rounded, or "—" when both sides are silent
    status: str  # "shared" | "gap" | "partial" | "silent"
    quotes: str  # distinct quotes behind it, "A · B"


@dataclass(frozen=True, slots=True)
class VectorRow:
    id: str
    title: str
    left: float
    right: float
    alignment: str  # 0–100 to one decimal, or "—" when both sides are silent
    indicators: tuple[IndicatorRow, ...]
    quotes: str  # distinct quotes behind it, "A · B"


@dataclass(frozen=True, slots=True)
class Finding:
    """A shared priority, complement, gap or friction, and the quotes behind it.

    ``heading`` is in pieces (text, kind): kind "id" for an indicator or
    friction id, "side" for a side's letter, "" for plain text.
    """

    heading: tuple[tuple[str, str], ...]
    quotes: tuple[Quote, ...]  # A's, then B's
    two_sided: bool  # False for a gap: only the strong side is quoted

    @property
    def heading_text(self) -> str:
        return "".join(text for text, _kind in self.heading)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    findings: tuple[Finding, ...]
    empty: str  # what the section says when it has no findings

    @property
    def heading(self) -> str:
        return f"{self.title} ({len(self.findings)})"


@dataclass(frozen=True, slots=True)
class ComparisonReport:
    rubric_title: str
    stamp: str
    documents: tuple[DocumentHeader, DocumentHeader]
    overall: float  # 0–100, adjusted for the evidence behind it
    strength: str  # what the overall rests on: "evidence: …" or "thin evidence: …"
    thin: bool
    vectors: tuple[VectorRow, ...]
    sections: tuple[Section, ...]  # shared priorities, complements, gaps, frictions
    evidence: tuple[EvidenceGroup, ...]  # every quote, owner by owner, when asked for
    #: What the learned model's marker means; "" when the report quotes none of its evidence.
    legend: str = ""

    @property
    def indicators(self) -> tuple[IndicatorRow, ...]:
        return tuple(row for vector in self.vectors for row in vector.indicators)


def comparison_report(
    comparison: Comparison, rubric: Rubric, *, evidence: int, all_evidence: bool = False
) -> ComparisonReport:
    """The compare report: up to ``evidence`` quotes per side of each finding.

    ``all_evidence`` adds every quote of every indicator and friction (the HTML appendix).
    """
    names = titles(rubric)
    left, right = comparison.left, comparison.right
    found = {"A": _by_owner(left), "B": _by_owner(right)}
    paths = {"A": left.document.path, "B": right.document.path}

    def side_quotes(side: str, owner: str, limit: int = evidence) -> list[Quote]:
        return quotes(found[side].get(owner, ()), limit, paths[side], side)

    def counted(profile: Profile, owner: str) -> int:
        scored = profile.indicators.get(owner) or profile.frictions[owner]
        return scored.quotes

    def both_sides(owner: str, a: float, b: float) -> Finding:
        """A shared priority or a friction: title, both scores and counts, both sides' quotes."""
        strength = quotes_text((counted(left, owner), counted(right, owner)))
        return Finding(
            ((owner, "id"), (f" — {names[owner]} (A {a:.2f} · B {b:.2f}; quotes {strength})", "")),
            (*side_quotes("A", owner), *side_quotes("B", owner)),
            two_sided=True,
        )

    shared = [both_sides(s.indicator, s.left, s.right) for s in comparison.shared]
    complements = [
        Finding(
            (
                ("A", "side"),
                (" ", ""),
                (c.left_indicator, "id"),
                (f" ({c.left:.2f}) ↔ ", ""),
                ("B", "side"),
                (" ", ""),
                (c.right_indicator, "id"),
                (f" ({c.right:.2f})", ""),
            ),
            (*side_quotes("A", c.left_indicator), *side_quotes("B", c.right_indicator)),
            two_sided=True,
        )
        for c in comparison.complements
    ]
    gaps = []
    for gap in comparison.gaps:
        strong, silent = ("A", "B") if gap.strong_side == "left" else ("B", "A")
        high, low = max(gap.left, gap.right), min(gap.left, gap.right)
        summary = f" — {strong} strong ({high:.2f}), {silent} silent ({low:.2f})"
        gaps.append(
            Finding(
                ((gap.indicator, "id"), (summary, "")),
                tuple(side_quotes(strong, gap.indicator)),
                two_sided=False,
            )
        )
    frictions = [both_sides(f.friction, f.left, f.right) for f in comparison.frictions]
    sections = tuple(
        Section(title, tuple(findings), empty)
        for (title, empty), findings in zip(
            SECTIONS, (shared, complements, gaps, frictions), strict=True
        )
    )
    groups: list[EvidenceGroup] = []
    if all_evidence:
        for owner in _owners(rubric):
            hits = (len(found["A"].get(owner, ())), len(found["B"].get(owner, ())))
            if any(hits):
                everything = side_quotes("A", owner, sum(hits)) + side_quotes("B", owner, sum(hits))
                groups.append(EvidenceGroup(owner, names[owner], tuple(everything), hits))
    shown = [q for section in sections for f in section.findings for q in f.quotes]
    shown += [q for group in groups for q in group.quotes]
    return ComparisonReport(
        rubric_title=rubric.title,
        stamp=stamp_line(rubric, model_of([left, right])),
        documents=(_header("A", left), _header("B", right)),
        overall=comparison.overall,
        strength=strength_text(comparison.quotes, comparison.thin),
        thin=comparison.thin,
        vectors=vector_rows(comparison, rubric),
        sections=sections,
        evidence=tuple(groups),
        legend=legend(shown),
    )


def vector_rows(comparison: Comparison, rubric: Rubric) -> tuple[VectorRow, ...]:
    """Each vector's figures, with its indicators', as every report shows them."""
    rows = []
    for vector in rubric.vectors:
        aligned = comparison.vectors[vector.id]
        indicators = []
        for indicator in vector.indicators:
            a = comparison.indicators[indicator.id]
            shown = alignment_text(a.score, a.status, 0)
            indicators.append(
                IndicatorRow(
                    a.id, vector.id, a.left, a.right, shown, a.status, quotes_text(a.quotes)
                )
            )
        rows.append(
            VectorRow(
                vector.id,
                vector.title,
                aligned.left,
                aligned.right,
                alignment_text(aligned.score, aligned.status, 1),
                tuple(indicators),
                quotes_text(aligned.quotes),
            )
        )
    return tuple(rows)


# --------------------------------------------------------------------------- score


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """An indicator or a friction of a profile."""

    id: str
    title: str
    score: float  # 0–1
    hits: int
    top_terms: str
    quotes: int = 0  # distinct sentences among the hits


@dataclass(frozen=True, slots=True)
class ProfileVector:
    id: str
    title: str
    score: float  # 0–1
    indicators: tuple[ScoreRow, ...]
    quotes: int = 0  # distinct sentences behind any of its indicators


@dataclass(frozen=True, slots=True)
class ProfileSection:
    """One document of a score report."""

    document: DocumentHeader
    vectors: tuple[ProfileVector, ...]
    frictions: tuple[ScoreRow, ...]
    evidence: tuple[EvidenceGroup, ...]  # owners with evidence, when quotes were asked for


@dataclass(frozen=True, slots=True)
class ProfileReport:
    rubric_title: str
    stamp: str
    profiles: tuple[ProfileSection, ...]
    #: What the learned model's marker means; "" when the report quotes none of its evidence.
    legend: str = ""


def profile_report(profiles: Sequence[Profile], rubric: Rubric, *, evidence: int) -> ProfileReport:
    """The score report: every figure, and up to ``evidence`` quotes per indicator and friction."""
    names = titles(rubric)
    sections = tuple(_profile_section(profile, rubric, names, evidence) for profile in profiles)
    shown = [q for section in sections for group in section.evidence for q in group.quotes]
    return ProfileReport(
        rubric.title, stamp_line(rubric, model_of(profiles)), sections, legend(shown)
    )


def _figures(scored: IndicatorScore | FrictionScore) -> tuple[float, int, int]:
    return scored.score, scored.hits, scored.quotes


def _profile_section(
    profile: Profile, rubric: Rubric, names: Mapping[str, str], evidence: int
) -> ProfileSection:
    found = _by_owner(profile)

    def row(owner: str, score: float, hits: int, quotes: int) -> ScoreRow:
        return ScoreRow(owner, names[owner], score, hits, top_terms(found.get(owner, ())), quotes)

    vectors = tuple(
        ProfileVector(
            vector.id,
            vector.title,
            profile.vectors[vector.id].score,
            tuple(row(i.id, *_figures(profile.indicators[i.id])) for i in vector.indicators),
            profile.vectors[vector.id].quotes,
        )
        for vector in rubric.vectors
    )
    frictions = tuple(row(f.id, *_figures(profile.frictions[f.id])) for f in rubric.frictions)
    path = profile.document.path
    groups = tuple(
        EvidenceGroup(
            owner, names[owner], tuple(quotes(found[owner], evidence, path)), (len(found[owner]),)
        )
        for owner in _owners(rubric)
        if evidence > 0 and owner in found
    )
    return ProfileSection(_header("", profile), vectors, frictions, groups)
