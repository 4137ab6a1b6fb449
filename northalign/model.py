"""Frozen dataclasses that flow through the pipeline: documents, evidence, profiles, comparisons."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property


class _ByValue:
    """Pickled as a call of its constructor with its fields, in order.

    Rubrics, matchers and profiles cross process boundaries and the rubric
    cache in pickles; dataclasses' own state for slotted classes is read back
    field by field through ``fields()``, several times slower for the tens of
    thousands of terms and evidence items involved.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        names: tuple[str, ...] = type(self).__slots__  # a dataclass's: its fields, in order
        return (type(self), tuple(getattr(self, name) for name in names))


@dataclass(frozen=True, slots=True)
class Segment(_ByValue):
    """A sentence, list item, heading or table row of a document.

    ``start``/``end`` are character offsets into :attr:`Document.text`;
    ``line`` is the 1-based line on which the segment starts.
    """

    index: int
    start: int
    end: int
    line: int
    kind: str  # "heading" | "item" | "row" | "sentence"
    page: int | None = None
    language: str = "und"


@dataclass(frozen=True)
class Document:
    """A loaded text split into segments that remember where they came from.

    Line numbers follow the source: the file's own lines for text and
    Markdown, the source lines of the HTML (through ``line_map``), and for
    PDF the line within the page's extracted text (``page_lines``).
    """

    path: str
    title: str
    text: str
    segments: tuple[Segment, ...]
    language: str
    words: int
    encoding: str | None = "utf-8"
    format: str = "text"
    line_starts: tuple[int, ...] = field(default=(0,), repr=False)
    pages: tuple[int, ...] = field(default=(), repr=False)  # offsets where pages start
    page_lines: bool = False  # count lines from the top of each page (PDF)
    line_map: tuple[int, ...] | None = field(default=None, repr=False)
    languages: tuple[tuple[str, float], ...] = ()  # share of words per language
    warnings: tuple[str, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """The 1-based page of a character offset, or None for documents without pages."""
        return bisect_right(self.pages, offset) if self.pages else None

    def line_of(self, offset: int) -> int:
        """The 1-based source line of a character offset into :attr:`text`."""
        line = bisect_right(self.line_starts, offset)
        if self.page_lines and self.pages:
            page_start = self.pages[bisect_right(self.pages, offset) - 1]
            return line - bisect_right(self.line_starts, page_start) + 1
        if self.line_map is not None and 0 < line <= len(self.line_map):
            return self.line_map[line - 1]
        return line

    def segment_text(self, segment: Segment) -> str:
        return self.text[segment.start : segment.end]


@dataclass(frozen=True, slots=True)
class EvidencePart(_ByValue):
    """A phrase of a context list that made a term or rule count (quoted with the evidence)."""

    list: str  # the context list's name
    term: str
    text: str
    line: int
    previous: bool = False  # found in the previous sentence, not the evidence's own
    span: tuple[int, int] = (0, 0)  # of ``text`` within its sentence, as displayed


@dataclass(frozen=True, slots=True)
class Evidence(_ByValue):
    """One rubric term found in a document: the unit every score is built from.

    ``segment`` is the whole sentence for display, and ``span`` the matched
    text's (start, end) within it, so reports can highlight the words.
    """

    indicator: str  # an indicator id or a friction id
    term: str
    text: str
    line: int
    page: int | None
    similarity: float
    segment: str
    span: tuple[int, int]
    segment_index: int
    end_line: int = 0  # the line where the matched text ends (> line when it wraps)
    language: str = "und"  # of the sentence the match stands in
    parts: tuple[EvidencePart, ...] = ()  # the context phrases a term or rule needed
    #: "rubric" (a term or rule matched) or "model" (the learned model marked the sentence;
    #: ``term`` and ``parts`` are then the words that pushed it, ``similarity`` 100 × probability).
    source: str = "rubric"
    probability: float | None = None  # the model's, for model evidence
    #: For model evidence: the features that weighed most, (description, weight), for first.
    reasons: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection(_ByValue):
    """A near-match that did not count as evidence, and why (for ``explain``)."""

    indicator: str
    term: str
    text: str
    line: int
    page: int | None
    similarity: float
    reason: str
    segment: str
    span: tuple[int, int]
    source: str = "rubric"  # "model": a sentence the learned model held back below its threshold


@dataclass(frozen=True)
class Explained:
    """One document's side of an explanation: the evidence for the indicators asked
    about, and the near-matches that did not count (see :class:`Rejection`)."""

    label: str  # "A", "B", ...
    path: str
    title: str
    evidence: tuple[Evidence, ...]
    rejected: tuple[Rejection, ...]


@dataclass(frozen=True)
class Explanation:
    """What ``explain`` reports: the indicators and frictions asked about, each document's side."""

    owners: tuple[str, ...]  # indicator and friction ids, in the order asked for
    sides: tuple[Explained, ...]


@dataclass(frozen=True, slots=True)
class DocumentInfo(_ByValue):
    """What a profile remembers of its document (profiles outlive documents)."""

    path: str
    title: str
    language: str
    segments: int
    words: int
    encoding: str | None = "utf-8"
    format: str = "text"
    pages: int | None = None
    languages: tuple[tuple[str, float], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RubricStamp(_ByValue):
    """Identifies the exact rubric a profile was scored with."""

    name: str
    version: str
    sha256: str
    #: The name and version of a bundled rubric, but other content: an edited copy.
    modified: bool = False


@dataclass(frozen=True, slots=True)
class ModelStamp(_ByValue):
    """Identifies the learned model that added evidence beside the rubric's (see ``learning``)."""

    name: str
    sha256: str  # of the model file's content
    rubric_sha256: str  # the rubric it was trained for


@dataclass(frozen=True, slots=True)
class IndicatorScore(_ByValue):
    id: str
    vector: str
    score: float  # in [0, 1]
    hits: int
    terms: int  # distinct terms among the hits
    weight: float = 1.0
    quotes: int = 0  # distinct sentences among the hits: how much evidence stands behind it


@dataclass(frozen=True, slots=True)
class VectorScore(_ByValue):
    id: str
    score: float  # in [0, 1]
    weight: float = 1.0
    quotes: int = 0  # distinct sentences behind any of its indicators


@dataclass(frozen=True, slots=True)
class FrictionScore(_ByValue):
    id: str
    score: float  # in [0, 1]
    hits: int
    quotes: int = 0  # distinct sentences among the hits


@dataclass(frozen=True)
class Profile:
    """A document scored on every vector, indicator and friction of a rubric."""

    document: DocumentInfo
    rubric: RubricStamp
    vectors: dict[str, VectorScore]
    indicators: dict[str, IndicatorScore]
    frictions: dict[str, FrictionScore]
    # In document order; each term's first occurrences only (score.LISTED_PER_TERM),
    # while hits and scores count every one.
    evidence: tuple[Evidence, ...]
    #: Distinct sentences behind any indicator: the evidence the overall alignment rests on.
    quotes: int = 0
    #: The learned model whose evidence counts beside the rubric's; None: the rubric alone.
    model: ModelStamp | None = None

    def evidence_for(self, indicator: str) -> tuple[Evidence, ...]:
        return tuple(item for item in self.evidence if item.indicator == indicator)


@dataclass(frozen=True, slots=True)
class IndicatorAlignment(_ByValue):
    id: str
    vector: str
    score: float  # 0–100
    left: float
    right: float
    status: str  # "shared" | "gap" | "partial" | "silent"
    quotes: tuple[int, int] = (0, 0)  # distinct sentences behind it, left and right


@dataclass(frozen=True, slots=True)
class VectorAlignment(_ByValue):
    id: str
    score: float  # 0–100
    left: float
    right: float
    status: str  # "addressed" | "silent"
    quotes: tuple[int, int] = (0, 0)  # distinct sentences behind it, left and right


@dataclass(frozen=True, slots=True)
class Shared(_ByValue):
    """An indicator both documents treat as a priority."""

    indicator: str
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Complement(_ByValue):
    """One side's strength on ``left_indicator`` meets the other's on ``right_indicator``."""

    left_indicator: str
    right_indicator: str
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Gap(_ByValue):
    """An indicator one side treats as a priority while the other is silent."""

    indicator: str
    strong_side: str  # "left" | "right"
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Friction(_ByValue):
    """A potential conflict of interest both documents raise."""

    friction: str
    left: float
    right: float
    quotes: tuple[int, int] = (0, 0)  # distinct sentences behind it, left and right


@dataclass(frozen=True)
class Comparison:
    """Two profiles set side by side."""

    left: Profile
    right: Profile
    overall: float  # 0–100
    vectors: dict[str, VectorAlignment]
    indicators: dict[str, IndicatorAlignment]
    shared: tuple[Shared, ...]
    complements: tuple[Complement, ...]
    gaps: tuple[Gap, ...]
    frictions: tuple[Friction, ...]
    #: The overall alignment before the evidence adjustment (see score.evidence_factor).
    unadjusted: float = 0.0
    #: Distinct sentences behind the indicators on each side (left, right).
    quotes: tuple[int, int] = (0, 0)
    #: Fewer than ``Scoring.thin_quotes`` distinct sentences on a side: say so next to the figure.
    thin: bool = False


# --------------------------------------------------------------------------- rubrics

#: Language codes a rubric may use for its term lists.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Russian", "zh": "Chinese", "mn": "Mongolian"}


@dataclass(frozen=True, slots=True)
class Problem(_ByValue):
    """One thing wrong (or worth a second look) in a rubric, with where it is."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    note: bool = False  # worth knowing while editing, not a probable mistake

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}" + (f" — {self.hint}" if self.hint else "")


@dataclass(frozen=True, slots=True)
class Term(_ByValue):
    """One rubric term in one language, with its per-term options."""

    text: str
    language: str
    line: int
    threshold: float | None = None  # fuzzy similarity 0–100; None: the rubric's
    case_sensitive: bool = False
    exact: bool = False  # no stemming, no typo tolerance
    context: str | None = None  # id of a context list one of whose phrases must share the sentence
    previous: bool = False  # the context may stand in the previous sentence of the paragraph


@dataclass(frozen=True, slots=True)
class Rule(_ByValue):
    """Counts where one phrase of each named context list stands in the same sentence.

    The first list is the anchor: the evidence is quoted where its phrase
    stands. With ``previous``, the other lists may also be found in the
    previous sentence of the same paragraph.
    """

    parts: tuple[str, ...]  # names of context lists
    line: int
    previous: bool = False

    @property
    def label(self) -> str:
        return " + ".join(self.parts)


@dataclass(frozen=True, slots=True)
class Indicator(_ByValue):
    id: str
    title: str
    vector: str
    weight: float
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()
    description: str = ""
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Vector(_ByValue):
    id: str
    title: str
    weight: float
    indicators: tuple[Indicator, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class FrictionDef(_ByValue):
    id: str
    title: str
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()
    description: str = ""
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Scoring(_ByValue):
    """How evidence becomes scores (see docs/scoring.md)."""

    saturation: float = 1.5  # evidence units that give 1 - 1/e at the reference length
    reference_words: int = 1000  # longer documents need proportionally more evidence (sqrt)
    strong: float = 0.5  # an indicator at or above this is a priority of the document
    silent: float = 0.1  # below this the document is silent on the indicator
    # The overall alignment is multiplied by n / (n + evidence_prior), n the smaller side's
    # distinct quotes: one phrase on each side cannot make a perfect match.
    evidence_prior: float = 1.0
    thin_quotes: int = 3  # fewer distinct quotes on a side than this: "thin evidence"


@dataclass(frozen=True)
class Rubric:
    """A validated rubric: vectors of indicators with multilingual terms."""

    name: str
    version: str
    title: str
    source: str
    vectors: tuple[Vector, ...]
    frictions: tuple[FrictionDef, ...] = ()
    complements: tuple[tuple[str, str], ...] = ()
    exclude: tuple[Term, ...] = ()
    threshold: float = 88.0
    scoring: Scoring = field(default_factory=Scoring)
    description: str = ""
    path: str = "<rubric>"
    sha256: str = ""
    contexts: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    #: Named and versioned like a bundled rubric, with other content (an edited copy):
    #: reports must not pass it off as the bundled one.
    modified: bool = False

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {ind.id: ind for vector in self.vectors for ind in vector.indicators}

    @cached_property
    def languages(self) -> frozenset[str]:
        """The languages the rubric has terms or context phrases in: the ones it can read."""
        lists = [
            *(indicator.terms for indicator in self.indicators.values()),
            *(friction.terms for friction in self.frictions),
            *self.contexts.values(),
        ]
        return frozenset(term.language for terms in lists for term in terms)

    @property
    def stamp(self) -> RubricStamp:
        return RubricStamp(self.name, self.version, self.sha256, self.modified)
