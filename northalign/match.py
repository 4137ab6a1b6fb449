"""Find rubric terms in a document: exact matches through an index, then verified typos.

This is the only module that imports rapidfuzz. Matching never scans the
text once per term: each sentence's raw words are listed by the regex engine,
each *distinct* spelling is mapped once onto the rubric's vocabulary (exact
stem first, a rapidfuzz typo check for the rest), a sentence is tokenized in
full only when it holds a one-word term or two adjacent words of a longer one,
and its tokens are then walked with an index of terms keyed by their first word.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain, compress, islice, pairwise
from typing import NamedTuple, cast

from rapidfuzz import fuzz, process

from northalign.model import (
    Document,
    Evidence,
    EvidencePart,
    Rejection,
    Rubric,
    Rule,
    Segment,
    Term,
    _ByValue,
)
from northalign.text.normalize import (
    DisplayMap,
    Token,
    analyse,
    derivation_root,
    han_characters,
    is_token,
    only_han,
    raw_tokens,
    token_surface,
    tokenize,
    tokens_from,
)
from northalign.text.scripts import has_script, is_frequent_han, term_script

#: Tokens shorter than this are never matched fuzzily: one changed letter in
#: a short word makes another word ("coal"/"goal", "port"/"part").
MIN_FUZZY_LENGTH = 5
#: A typo changes a word's length by at most this much.
MAX_LENGTH_DIFFERENCE = 2
#: Similarity of a Russian derivation (углехимической for углехимия): a close
#: relative of the term, not the term itself.
DERIVATION_SIMILARITY = 95.0
#: Russian stems shorter than this are never shortened further to find a match.
MIN_STEM_VARIANT = 5
GLOBAL_OWNER = "*"
#: Punctuation that ends a phrase: a term never matches across it ("land, port"
#: is not "land port"), unless the term itself is written with it.
_LINE_BREAK_HYPHEN_RE = re.compile(r"-[ \t]*\r?\n[ \t]*")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\r?\n")
_PHRASE_BREAK_RE = re.compile(r"[,;:.!?()\[\]{}，。；：！？（）、【】]")


@dataclass(frozen=True, slots=True)
class _Entry(_ByValue):
    """A term, an exclusion phrase or a context phrase, prepared for matching."""

    owner: str  # indicator/friction id; GLOBAL_OWNER for rubric-wide exclusions; context id
    term: Term
    keys: tuple[str, ...]
    forms: tuple[str, ...]
    surfaces: tuple[str, ...]  # NFKC, not case-folded: for case-sensitive terms only
    breaks: tuple[bool, ...]  # whether the term has phrase-breaking punctuation between tokens
    threshold: float
    exclusion: bool
    order: int
    context: bool = False  # a context phrase: it makes terms count, never counts itself
    plain: bool = False  # one word, neither exact nor case-sensitive: a stem match is a hit
    friction: bool = False  # a friction's term: frictions and indicators never hide each other


class _Candidate(NamedTuple):
    """A phrase found at some tokens of a sentence (a tuple: sentences make thousands)."""

    entry: _Entry
    first: int  # token indices within the segment, end exclusive
    last: int
    similarity: float


@dataclass(frozen=True, slots=True)
class _RuleEntry(_ByValue):
    """A rule of an indicator or friction, with the entry its hits are reported under."""

    owner: str
    rule: Rule
    entry: _Entry

    @classmethod
    def of(cls, owner: str, rule: Rule, order: int) -> _RuleEntry:
        term = Term(rule.label, "any", rule.line)
        entry = _Entry(
            owner=owner, term=term, keys=(), forms=(), surfaces=(), breaks=(),
            threshold=0.0, exclusion=False, order=-1 - order,
        )  # fmt: skip
        return cls(owner, rule, entry)


class _Located(NamedTuple):
    """A context phrase found for a term or rule, and the sentence it stands in."""

    candidate: _Candidate
    tokens: list[Token]
    segment: Segment
    previous: bool  # in the sentence before the evidence's own


class _Earlier:
    """The context phrases of the sentence before, for terms and rules that may reach it.

    Matching reads sentences in order and remembers the last one's context
    phrases, so the sentence before is rarely read twice; one the sentence
    filter skipped is read only if its words hold the first word of some
    context phrase.
    """

    def __init__(
        self,
        matcher: Matcher,
        text: str,
        mapping: Mapping[str, tuple[str, float] | None],
        tokens_of: Callable[[Segment], list[Token]],
        words_of: Callable[[int], list[str | None] | None] = lambda index: None,
    ) -> None:
        self.matcher = matcher
        self.text = text
        self.mapping = mapping
        self.tokens_of = tokens_of
        self.words_of = words_of
        self.memo: tuple[int, list[Token], list[_Candidate]] = (-1, [], [])

    def remember(
        self, segment: Segment, tokens: list[Token], contexts: list[_Candidate] | None
    ) -> None:
        """This sentence's context phrases (None: not looked for), for the next sentence."""
        self.memo = (-1, [], []) if contexts is None else (segment.index, tokens, contexts)

    def may_hold(self, segment: Segment, name: str) -> bool:
        """Could list ``name`` have a phrase in this sentence? (False only when sure.)"""
        if self.memo[0] == segment.index:
            return True
        words = self.words_of(segment.index)
        return words is None or not self.matcher._list_signs[name].isdisjoint(_signs(words))

    def __call__(self, segment: Segment) -> tuple[list[Token], list[_Candidate]]:
        index, tokens, found = self.memo
        if index == segment.index:
            return tokens, found
        tokens = self.tokens_of(segment)
        mapped, keys = _looked_up(tokens, self.mapping)
        return tokens, self.matcher._scan(self.text, tokens, mapped, keys, contexts=True)


class _Contexts:
    """The context phrases of a sentence, and of the sentence before it when asked."""

    def __init__(
        self,
        matcher: Matcher,
        document: Document,
        segment: Segment,
        display: DisplayMap,
        tokens: list[Token],
        earlier: _Earlier | None,
    ) -> None:
        self.matcher = matcher
        self.document = document
        self.segment = segment
        self.display = display
        self.tokens = tokens
        self.here: dict[str, list[_Candidate]] = {}
        self._earlier = earlier
        self._before: tuple[Segment, list[Token], dict[str, list[_Candidate]]] | None = None

    def part(self, located: _Located) -> EvidencePart:
        candidate, tokens, segment, previous = located
        display = self.matcher._display(self.document, segment) if previous else self.display
        start = tokens[candidate.first].start
        end = tokens[candidate.last - 1].end
        span = display.span(start - segment.start, end - segment.start)
        return EvidencePart(
            candidate.entry.owner,
            candidate.entry.term.text,
            display.text[span[0] : span[1]],
            self.document.line_of(start),
            previous=previous,
            span=span,
        )

    def find(self, name: str, taken: Iterable[_Candidate], previous: bool) -> _Located | None:
        """A phrase of list ``name`` that overlaps none of ``taken``: in this sentence, else
        (when ``previous``) in the sentence before it in the same paragraph."""
        for candidate in self.here.get(name, ()):
            if not any(_overlaps(candidate, other) for other in taken):
                return _Located(candidate, self.tokens, self.segment, False)
        if previous:
            earlier = self.earlier_segment
            if earlier is None or self._earlier is None:
                return None
            if self._before is None and not self._earlier.may_hold(earlier, name):
                return None  # the sentence before is not read for nothing
            earlier, tokens, before = self.before()
            if before.get(name):
                return _Located(before[name][0], tokens, earlier, True)
        return None

    @cached_property
    def earlier_segment(self) -> Segment | None:
        return _previous_in_paragraph(self.document, self.segment)

    def before(self) -> tuple[Segment, list[Token], dict[str, list[_Candidate]]]:
        if self._before is None:
            earlier = self.earlier_segment
            tokens: list[Token] = []
            found: dict[str, list[_Candidate]] = {}
            if earlier is not None and self._earlier is not None:
                tokens, candidates = self._earlier(earlier)
                for candidate in candidates:
                    found.setdefault(candidate.entry.owner, []).append(candidate)
            self._before = (earlier or self.segment, tokens, found)
        return self._before


def _previous_in_paragraph(document: Document, segment: Segment) -> Segment | None:
    """The sentence before ``segment`` when both stand in one paragraph (no blank line
    between them, same page), else None."""
    if segment.index == 0:
        return None
    earlier = document.segments[segment.index - 1]
    if earlier.page != segment.page:
        return None
    between = document.text[earlier.end : segment.start]
    return None if _BLANK_LINE_RE.search(between) else earlier


class Matcher:
    """Finds a rubric's terms in documents; build once per rubric, reuse for every document."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self._lock = threading.Lock()
        self._frictions = frozenset(friction.id for friction in rubric.frictions)
        specs: list[tuple[str, Term, bool, bool]] = []  # owner, term, exclusion, context
        for indicator in rubric.indicators.values():
            specs += [(indicator.id, term, False, False) for term in indicator.terms]
            specs += [(indicator.id, term, True, False) for term in indicator.exclude]
        for friction in rubric.frictions:
            specs += [(friction.id, term, False, False) for term in friction.terms]
            specs += [(friction.id, term, True, False) for term in friction.exclude]
        specs += [(GLOBAL_OWNER, term, True, False) for term in rubric.exclude]
        # Rules by their anchor list: a sentence is read for a rule only where its anchor stands.
        owners_rules = [
            *((i.id, i.rules) for i in rubric.indicators.values()),
            *((f.id, f.rules) for f in rubric.frictions),
        ]
        self._rules: dict[str, list[_RuleEntry]] = defaultdict(list)
        numbered = [(owner, rule) for owner, rules in owners_rules for rule in rules]
        for order, (owner, rule) in enumerate(numbered):
            self._rules[rule.parts[0]].append(_RuleEntry.of(owner, rule, order))
        for name, phrases in rubric.contexts.items():
            specs += [(name, term, False, True) for term in phrases]
        self._specs = specs
        # The typo threshold is the lowest of every term open to typos, compiled or not.
        self._fuzzy_cutoff = min(
            (
                self._threshold(term)
                for _owner, term, _exclusion, _context in specs
                if not term.exact and not term.case_sensitive
            ),
            default=101.0,
        )
        self._by_first: dict[str, list[_Entry]] = defaultdict(list)
        # The same entries by what starts them: one word, or the first two words (so a
        # sentence's words find the terms that may start there without trying the rest);
        # context phrases apart, as a sentence needs them only where a term or rule may.
        self._by_start: dict[str | tuple[str, str], list[_Entry]] = defaultdict(list)
        self._contexts_by_start: dict[str | tuple[str, str], list[_Entry]] = defaultdict(list)
        self._term_firsts: set[str] = set()
        self._anchor_singles: set[str] = set()  # signs of phrases that anchor a rule
        self._anchor_pairs: set[tuple[str, str]] = set()
        # A term's words stand side by side in a sentence's tokens (stopwords
        # aside), so a sentence is tokenized only if it holds a one-word term or
        # two adjacent words of some longer term: its rarest adjacent pair.
        self._singles: set[str] = set()
        self._context_firsts: set[str] = set()  # first words of context phrases
        self._pairs: set[tuple[str, str]] = set()
        # A term with a context, and a rule's anchor, count only with other lists
        # present: a sentence that holds their sign (one word or rarest adjacent pair)
        # is read only if it (or, where allowed, the one before) holds a sign of a
        # phrase of each of those lists.
        self._list_signs: dict[str, set[_Sign]] = defaultdict(set)
        self._conditional: dict[_Sign, set[tuple[tuple[str, ...], bool]]] = defaultdict(set)
        self._conditional_singles: set[str] = set()
        self._conditional_pairs: set[tuple[str, str]] = set()
        self._vocabulary: set[str] = set()
        # Typo candidates, bucketed by first letter and length (each list sorted)
        # so each rare document word is compared with a handful of rubric words only.
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        # The same for the words as written: a typo can throw the stemmer off
        # ("renewble" stems to "renewbl", far from "renew"), not the spelling.
        self._form_buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._form_key: dict[str, tuple[int, str]] = {}  # form → (term order, key)
        self._roots: dict[str, str] = {}
        # Rubric stems cut by a letter or two, to meet a document word the stemmer cut shorter.
        self._shortened: dict[str, tuple[int, str]] = {}
        # Terms in Cyrillic or Han script are compiled only when a document holds
        # that script (an English document never pays for them); the rest now.
        self._pending: dict[str, list[int]] = {"cyrillic": [], "han": []}
        # Filled while matching; emptied whenever more terms are compiled.
        self._plain_split: dict[tuple[str, bool], tuple[list[_Entry], list[_Entry]]] = {}
        eager: list[int] = []
        for order, (_owner, term, _exclusion, _context) in enumerate(specs):
            script = term_script(term.text)
            (eager if script is None else self._pending[script]).append(order)
        self._compile(eager)

    def _threshold(self, term: Term) -> float:
        return self.rubric.threshold if term.threshold is None else term.threshold

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        del state["_lock"]  # a lock cannot be pickled; a copy gets its own
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _prepare(self, text: str) -> bool:
        """Compile the terms of the scripts ``text`` holds, if not compiled yet.

        Returns whether ``text`` holds Han characters (one scan of the text tells both).
        """
        han = has_script(text, "han")
        for script, waiting in self._pending.items():
            if waiting and (han if script == "han" else has_script(text, script)):
                self._compile(waiting)
                self._pending[script] = []
        return han

    def _compile(self, orders: list[int]) -> None:
        """Tokenize these terms and add them to the indexes.

        Every index ends up the same whatever order terms are compiled in:
        lists are kept sorted, first-wins choices go to the earliest term.
        """
        if not orders:
            return
        self._plain_split.clear()
        prepared = [(order, *self._specs[order]) for order in orders]
        tokens_of = {order: tokenize(term.text) for order, _, term, _, _ in prepared}
        # One key per Russian word: stems the stemmer cut unevenly are merged. All
        # Cyrillic terms are compiled together, so this sees every Russian stem.
        canonical = _merge_stem_variants({t.key for tokens in tokens_of.values() for t in tokens})
        entries = [
            _Entry(
                owner=owner,
                term=term,
                keys=tuple(canonical.get(t.key, t.key) for t in tokens_of[order]),
                forms=tuple(t.form for t in tokens_of[order]),
                surfaces=tuple(token_surface(term.text[t.start : t.end]) for t in tokens_of[order])
                if term.case_sensitive
                else (),
                breaks=_breaks(term.text, tokens_of[order]),
                threshold=self._threshold(term),
                exclusion=exclusion,
                order=order,
                context=context,
                friction=owner in self._frictions,
                plain=len(tokens_of[order]) == 1 and not (term.exact or term.case_sensitive),
            )
            for order, owner, term, exclusion, context in prepared
        ]
        touched: set[str] = set()
        started: set[str | tuple[str, str]] = set()
        for entry in entries:
            self._by_first[entry.keys[0]].append(entry)
            touched.add(entry.keys[0])
            start = entry.keys[0] if len(entry.keys) == 1 else (entry.keys[0], entry.keys[1])
            (self._contexts_by_start if entry.context else self._by_start)[start].append(entry)
            if not entry.context:
                self._term_firsts.add(entry.keys[0])
            started.add(start)
            self._vocabulary.update(entry.keys)
            sign = _sign(entry.keys)
            if entry.context:
                self._context_firsts.add(entry.keys[0])
                self._list_signs[entry.owner].add(sign)
                needs = {(r.rule.parts[1:], r.rule.previous) for r in self._rules[entry.owner]}
                if needs:
                    _file_sign(sign, self._anchor_singles, self._anchor_pairs)
            elif entry.exclusion:
                continue
            elif entry.term.context is not None:
                needs = {((entry.term.context,), entry.term.previous)}
            else:
                _file_sign(sign, self._singles, self._pairs)
                continue
            if needs:
                self._conditional[sign] |= needs
                _file_sign(sign, self._conditional_singles, self._conditional_pairs)
        for key in touched:
            self._by_first[key].sort(key=lambda entry: entry.order)
        for start in started:
            for index in (self._by_start, self._contexts_by_start):
                if start in index:
                    index[start].sort(key=lambda entry: entry.order)
        fuzzy_entries = [e for e in entries if not e.term.exact and not e.term.case_sensitive]
        for key in {k for e in fuzzy_entries for k in e.keys if _fuzzy_able(k)}:
            bucket = self._buckets[(key[0], len(key))]
            if key not in bucket:
                insort(bucket, key)
        for entry in fuzzy_entries:
            for form, key in zip(entry.forms, entry.keys, strict=True):
                if not _fuzzy_able(form):
                    continue
                if form not in self._form_key:
                    insort(self._form_buckets[(form[0], len(form))], form)
                self._form_key[form] = min(
                    self._form_key.get(form, (entry.order, key)), (entry.order, key)
                )
        for key in {k for e in fuzzy_entries for k in e.keys}:
            root = derivation_root(key)
            if root is not None:
                self._roots[root] = min(self._roots.get(root, key), key)
            if _is_russian_stem(key):
                for cut, shorter in _truncations(key):
                    self._shortened[shorter] = min(
                        self._shortened.get(shorter, (cut, key)), (cut, key)
                    )

    # -- token → vocabulary ------------------------------------------------------

    def _map_key(self, key: str, form: str | None) -> tuple[str, float] | None:
        """The rubric key a document key stands for, with its similarity, or None."""
        if key in self._vocabulary:
            return (key, 100.0)
        if (variant := self._stem_variant(key)) is not None:
            return (variant, 100.0)
        root = derivation_root(key)
        if root is not None and root in self._roots:
            return (self._roots[root], DERIVATION_SIMILARITY)
        if self._fuzzy_cutoff > 100:
            return None
        best = self._closest(key, self._buckets) if _fuzzy_able(key) else None
        if best is None and form is not None and _fuzzy_able(form):
            near = self._closest(form, self._form_buckets)
            best = None if near is None else (self._form_key[near[0]][1], near[1])
        return best

    def _stem_variant(self, key: str) -> str | None:
        """A rubric stem that is this Russian stem cut short, or that this stem is cut from."""
        if not _is_russian_stem(key):
            return None
        options = [(cut, stem) for cut, stem in _truncations(key) if stem in self._vocabulary]
        if key in self._shortened:
            options.append(self._shortened[key])
        return min(options)[1] if options else None

    def _closest(
        self, key: str, buckets: dict[tuple[str, int], list[str]]
    ) -> tuple[str, float] | None:
        candidates = [
            word
            for length in range(
                len(key) - MAX_LENGTH_DIFFERENCE, len(key) + MAX_LENGTH_DIFFERENCE + 1
            )
            for word in buckets.get((key[0], length), ())
        ]
        if not candidates:
            return None
        found = process.extractOne(
            key, candidates, scorer=fuzz.ratio, processor=None, score_cutoff=self._fuzzy_cutoff
        )
        return None if found is None else (found[0], float(found[1]))

    # -- document → evidence ------------------------------------------------------

    def find(self, document: Document) -> list[Evidence]:
        """Every rubric term found in ``document``, in document order.

        Safe to call from several threads: terms are compiled on demand, so
        one document at a time (matching holds the GIL anyway).
        """
        with self._lock:
            return self._find(document)

    def _find(self, document: Document) -> list[Evidence]:
        """:meth:`find`, the caller holding the lock.

        The regex engine lists a sentence's raw words (in C); each *distinct*
        spelling is analysed and mapped onto the rubric the first time it is
        met; a sentence is tokenized in full only if it holds a one-word term
        or a term's anchor pair side by side — most cannot.
        """
        text = document.text
        han = self._prepare(text)
        lexicon = _Lexicon(self)
        singles, pairs, broken = self._singles, self._pairs, lexicon.broken
        conditional_singles, conditional_pairs = self._conditional_singles, self._conditional_pairs
        evidence: list[Evidence] = []

        def tokenized(start: int, end: int, chinese: bool, pieces: list[str]) -> list[Token]:
            tokens = tokens_from(
                text, start, han_characters(text, start, end) if chinese else pieces
            )
            if text.find("\n", start, end) != -1:  # a word may be hyphenated across lines
                tokens = self._unjoin_compounds(text, tokens)
            return tokens

        def tokens_of(segment: Segment) -> list[Token]:
            """A sentence the filter skipped, read in full (for the sentence after it)."""
            start, end = segment.start, segment.end
            chinese = han and only_han(text, start, end)
            pieces = [] if chinese else raw_tokens(text, start, end)
            for piece in pieces:
                lexicon[piece]  # map its words onto the rubric
            return tokenized(start, end, chinese, pieces)

        recent: dict[int, list[str | None]] = {}  # the words of the last two sentences
        earlier = _Earlier(self, text, lexicon.mapping, tokens_of, recent.get)
        for segment in document.segments:
            start, end = segment.start, segment.end
            # The sentence's words in order as rubric keys, None for any other word.
            # Chinese sentences are read character by character, with no regex:
            # punctuation, spaces and 的 stand for no key at all.
            chinese = han and only_han(text, start, end)
            pieces = [] if chinese else raw_tokens(text, start, end)
            words = list(
                chain.from_iterable(
                    map(lexicon.__getitem__, text[start:end] if chinese else pieces)
                )
            )
            recent.pop(segment.index - 2, None)
            recent[segment.index] = words
            if (
                singles.isdisjoint(words)
                and pairs.isdisjoint(zip(words, islice(words, 1, None), strict=False))
                # Words rejoined across a line break may be split again: no filter.
                and (not broken or broken.isdisjoint(pieces))
                and (
                    (
                        conditional_singles.isdisjoint(words)
                        and conditional_pairs.isdisjoint(
                            zip(words, islice(words, 1, None), strict=False)
                        )
                    )
                    or not self._conditions_met(words, recent.get(segment.index - 1))
                )
            ):
                continue
            tokens = tokenized(start, end, chinese, pieces)
            evidence.extend(
                self._find_in_segment(document, segment, tokens, lexicon.mapping, earlier=earlier)
            )
        return evidence

    def _conditions_met(self, words: list[str | None], before: list[str | None] | None) -> bool:
        """Could a context term or a rule's anchor in these words find each list it needs
        here (or, where it may reach it, in the sentence before)? A phrase cannot stand
        where its sign does not."""
        present = _signs(words)
        earlier: set[_Sign] | None = None  # the sentence before, read only if a rule may reach it
        signs = self._list_signs
        for sign in present & self._conditional.keys():
            for names, previous in self._conditional[sign]:
                for name in names:
                    if not signs[name].isdisjoint(present):
                        continue
                    if previous:
                        earlier = _signs(before or []) if earlier is None else earlier
                        if not signs[name].isdisjoint(earlier):
                            continue
                    break
                else:
                    return True
        return False

    def explain(
        self, document: Document, owners: set[str]
    ) -> tuple[list[Evidence], list[Rejection]]:
        """Evidence for ``owners`` (indicator or friction ids), and every near-match that did
        not count, with the reason: below a threshold, excluded, missing context, overlapped by
        a longer match, split by punctuation, or a word too far from any term word to be a typo.
        """
        with self._lock:
            return self._explain(document, owners)

    def _explain(
        self, document: Document, owners: set[str]
    ) -> tuple[list[Evidence], list[Rejection]]:
        """:meth:`explain`, the caller holding the lock."""
        self._prepare(document.text)
        # Words are mapped in document order, as find() maps them, so both agree.
        lexicon = _Lexicon(self)
        for raw in raw_tokens(document.text):
            lexicon[raw]
        mapping = lexicon.mapping
        tokens = self._unjoin_compounds(document.text, tokenize(document.text))
        starts = [token.start for token in tokens]

        def tokens_of(other: Segment) -> list[Token]:
            return tokens[bisect_left(starts, other.start) : bisect_left(starts, other.end)]

        earlier = _Earlier(self, document.text, mapping, tokens_of)
        evidence: list[Evidence] = []
        rejections: list[Rejection] = []
        for segment in document.segments:
            lo = bisect_left(starts, segment.start)
            hi = bisect_left(starts, segment.end)
            if lo >= hi:
                continue
            traced: list[tuple[_Candidate, str]] = []
            window = tokens[lo:hi]

            found = self._find_in_segment(
                document, segment, window, mapping, traced, earlier=earlier
            )
            evidence += [e for e in found if e.indicator in owners]
            display = self._display(document, segment)
            for candidate, reason in traced:
                if candidate.entry.owner in owners:
                    shown = self._evidence(document, segment, display, window, candidate)
                    rejections.append(
                        Rejection(
                            shown.indicator, shown.term, shown.text, shown.line, shown.page,
                            shown.similarity, reason, shown.segment, shown.span,
                        )
                    )  # fmt: skip
        rejections += self._near_misses(document, tokens, mapping, owners)
        return evidence, rejections

    def _near_misses(
        self,
        document: Document,
        tokens: list[Token],
        mapping: Mapping[str, tuple[str, float] | None],
        owners: set[str],
        cutoff: float = 80.0,
    ) -> list[Rejection]:
        """Words close to an owner's term word, but not close enough to count as a typo."""
        words: dict[str, tuple[str, str]] = {}  # term word key → (term, owner)
        for entries in self._by_first.values():
            for entry in entries:
                if entry.owner in owners and not entry.exclusion and not entry.context:
                    for key in entry.keys:
                        if _fuzzy_able(key):
                            words.setdefault(key, (entry.term.text, entry.owner))
        if not words:
            return []
        result: list[Rejection] = []
        seen: set[str] = set()
        choices = sorted(words)
        for token in tokens:
            if mapping.get(token.key) is not None or token.key in seen or len(token.key) < 6:
                continue
            seen.add(token.key)
            # Like the typo check itself: same first letter, a similar length.
            near = [
                w for w in choices if w[0] == token.key[0] and abs(len(w) - len(token.key)) <= 2
            ]
            found = process.extractOne(
                token.key, near, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
            )
            if found is None:
                continue
            term, owner = words[found[0]]
            line, page = document.line_of(token.start), document.page_of(token.start)
            raw = document.text[token.start : token.end]
            result.append(
                Rejection(
                    owner, term, raw, line, page, round(float(found[1]), 1),
                    f"the word is {found[1]:.0f}% like '{found[0]}', below the typo threshold "
                    f"{self._fuzzy_cutoff:g}", raw, (0, len(raw)),
                )
            )  # fmt: skip
        return result

    def _unjoin_compounds(self, text: str, tokens: list[Token]) -> list[Token]:
        """Split a word rejoined across a line-end hyphen back into its parts when only they match.

        ``rail-⏎way`` is one word (the rubric knows ``railway``), but a compound
        broken at its own hyphen, ``coal-⏎chemical``, is two (the rubric knows
        ``coal`` and ``chemical``, not ``coalchemical``).
        """
        result: list[Token] = []
        for token in tokens:
            raw = text[token.start : token.end]
            if _broken_across_lines(raw) and not self._knows(token.key):
                parts = tokenize(_unjoined(raw))
                if parts and all(self._knows(part.key) for part in parts):
                    result += [
                        p._replace(start=p.start + token.start, end=p.end + token.start)
                        for p in parts
                    ]
                    continue
            result.append(token)
        return result

    def _knows(self, key: str) -> bool:
        return key in self._vocabulary or self._stem_variant(key) is not None

    def _find_in_segment(
        self,
        document: Document,
        segment: Segment,
        tokens: list[Token],
        mapping: Mapping[str, tuple[str, float] | None],
        rejected: list[tuple[_Candidate, str]] | None = None,
        earlier: _Earlier | None = None,
    ) -> list[Evidence]:
        text = document.text
        mapped, keys = _looked_up(tokens, mapping)  # once, for every scan below
        candidates = self._scan(text, tokens, mapped, keys, rejected)
        # Context phrases matter only where a term needs one or a rule may be anchored
        # (explain looks for them everywhere, to say what was missing).
        contexts = None
        if (
            rejected is not None
            or any(c.entry.term.context is not None for c in candidates)
            or self._may_anchor(keys)
        ):
            contexts = self._scan(text, tokens, mapped, keys, rejected, contexts=True)
            candidates += contexts
        try:
            return self._count(document, segment, tokens, candidates, rejected, earlier)
        finally:
            if earlier is not None:  # the next sentence may read this one's contexts
                earlier.remember(segment, tokens, contexts)

    def _may_anchor(self, keys: list[str | None]) -> bool:
        """Does the sentence (its tokens' rubric keys) hold the sign of a phrase that
        anchors some rule?"""
        if not self._rules:
            return False
        return not self._anchor_singles.isdisjoint(keys) or not self._anchor_pairs.isdisjoint(
            zip(keys, islice(keys, 1, None), strict=False)
        )

    def _count(
        self,
        document: Document,
        segment: Segment,
        tokens: list[Token],
        candidates: list[_Candidate],
        rejected: list[tuple[_Candidate, str]] | None,
        earlier: _Earlier | None,
    ) -> list[Evidence]:
        """Evidence from a sentence's candidates: contexts checked, exclusions and overlaps
        resolved, rules added."""
        if not candidates:
            return []
        display = self._display(document, segment)
        contexts = _Contexts(self, document, segment, display, tokens, earlier)
        for c in candidates:
            if c.entry.context:
                contexts.here.setdefault(c.entry.owner, []).append(c)
        counted: list[_Candidate] = []
        parts: dict[int, tuple[EvidencePart, ...]] = {}  # by id() of a counted candidate
        for c in candidates:
            if c.entry.context:
                continue
            name = c.entry.term.context
            if name is not None:
                found = contexts.find(name, (c,), c.entry.term.previous)
                if found is None:
                    if rejected is not None:
                        where = " or the one before" if c.entry.term.previous else ""
                        rejected.append(
                            (c, f"no phrase of its context '{name}' in the sentence{where}")
                        )
                    continue
                parts[id(c)] = (contexts.part(found),)
            counted.append(c)
        chosen = _longest_first(_drop_excluded(counted, rejected), rejected)
        chosen += self._rule_hits(contexts, chosen, candidates, parts, rejected)
        chosen.sort(key=lambda c: (c.first, c.entry.order))
        evidence = []
        for c in chosen:
            item = self._evidence(document, segment, display, tokens, c)
            evidence.append(replace(item, parts=parts[id(c)]) if id(c) in parts else item)
        return evidence

    def _scan(
        self,
        text: str,
        tokens: list[Token],
        mapped: list[tuple[str, float] | None],
        keys: list[str | None],
        rejected: list[tuple[_Candidate, str]] | None = None,
        *,
        contexts: bool = False,
    ) -> list[_Candidate]:
        """Every term and exclusion (or, with ``contexts``, every context phrase) that
        matches at some token of a sentence; ``mapped`` holds each token's rubric key and
        similarity (None for a word the rubric does not know), ``keys`` the keys alone."""
        candidates: list[_Candidate] = []
        # The words where some term starts (None mostly), looked up in C; at each, the
        # one-word terms and those whose first two words stand there.
        by_start = self._contexts_by_start if contexts else self._by_start
        firsts = self._context_firsts if contexts else self._term_firsts
        size = len(keys)
        for i in compress(range(size), map(firsts.__contains__, keys)):
            key = cast(str, keys[i])  # a first word, so a rubric key
            one = by_start.get(key)
            two = by_start.get((key, keys[i + 1])) if i + 1 < size else None  # type: ignore[arg-type]
            if one is not None and mapped[i][1] == 100.0:  # type: ignore[index]
                # A word as the rubric has it: its plain one-word terms match as they stand.
                plain, one = self._split_plain(one, key, contexts)
                candidates += [_Candidate(e, i, i + 1, 100.0) for e in plain]
            for entry in chain(one or (), two or ()):
                # Longer terms may still fail on a later word: check before trying in full.
                if len(entry.keys) > 2 and tuple(keys[i : i + len(entry.keys)]) != entry.keys:
                    continue
                candidate = self._try(text, entry, tokens, mapped, i, rejected)
                if candidate is not None:
                    candidates.append(candidate)
        return candidates

    def _split_plain(
        self, entries: list[_Entry], key: str, contexts: bool
    ) -> tuple[list[_Entry], list[_Entry]]:
        """A one-word start's plain terms, and the rest (split once per start and index)."""
        split = self._plain_split.get((key, contexts))
        if split is None:
            split = self._plain_split[(key, contexts)] = (
                [e for e in entries if e.plain],
                [e for e in entries if not e.plain],
            )
        return split

    def _rule_hits(
        self,
        contexts: _Contexts,
        chosen: list[_Candidate],
        candidates: list[_Candidate],
        parts: dict[int, tuple[EvidencePart, ...]],
        rejected: list[tuple[_Candidate, str]] | None,
    ) -> list[_Candidate]:
        """A hit for each rule whose lists all stand in the sentence (or, where the rule
        allows, the one before), quoted at its anchor; never a second hit for an owner
        that already has one in the sentence."""
        covered = {c.entry.owner for c in chosen}
        hits: list[_Candidate] = []
        here = contexts.here.keys()
        for anchor in sorted(here):
            for rule in self._rules.get(anchor, ()):
                if rule.owner in covered:
                    continue
                if rejected is None and not rule.rule.previous and not here >= set(rule.rule.parts):
                    continue  # a list is missing: nothing to count (explain says which)
                for first in contexts.here[anchor]:
                    found = [_Located(first, contexts.tokens, contexts.segment, False)]
                    taken: list[_Candidate] = [first]  # one phrase never fills two lists
                    missing = None
                    for name in rule.rule.parts[1:]:
                        part = contexts.find(name, taken, rule.rule.previous)
                        if part is None:
                            missing = name
                            break
                        found.append(part)
                        if not part.previous:
                            taken.append(part.candidate)
                    hit = _Candidate(rule.entry, first.first, first.last, first.similarity)
                    if missing is not None:
                        if rejected is not None:
                            where = " or the one before" if rule.rule.previous else ""
                            rejected.append(
                                (hit, f"rule {rule.rule.label}: no phrase of '{missing}' "
                                 f"in the sentence{where}")
                            )  # fmt: skip
                        continue
                    if _drop_excluded([hit, *(c for c in candidates if c.entry.exclusion)]):
                        hits.append(hit)
                        parts[id(hit)] = tuple(map(contexts.part, found))
                        covered.add(rule.owner)
                        break
                    if rejected is not None:
                        _drop_excluded(
                            [hit, *(c for c in candidates if c.entry.exclusion)], rejected
                        )
        return hits

    @staticmethod
    def _display(document: Document, segment: Segment) -> DisplayMap:
        return DisplayMap(
            document.text[segment.start : segment.end], markdown=document.format == "markdown"
        )

    def _try(
        self,
        text: str,
        entry: _Entry,
        tokens: list[Token],
        mapped: list[tuple[str, float] | None],
        first: int,
        rejected: list[tuple[_Candidate, str]] | None = None,
    ) -> _Candidate | None:
        """The candidate for ``entry`` at token ``first``, or None (and why, when tracing).

        The caller has checked that the words from ``first`` on are the term's keys.
        """
        last = first + len(entry.keys)
        similarities = [hit[1] for hit in mapped[first:last] if hit is not None]
        if last > len(tokens) or len(similarities) != len(entry.keys):
            return None
        term = entry.term
        if (
            last == first + 1
            and similarities[0] == 100.0
            and not (term.exact or term.case_sensitive)
        ):
            return _Candidate(entry, first, last, 100.0)  # one word, as written: nothing to check
        window = tokens[first:last]
        similarity = 100.0
        if any(value < 100.0 for value in similarities):
            # Longer words weigh more: one typo in a long phrase is a small difference.
            lengths = [len(key) for key in entry.keys]
            weighted = sum(v * n for v, n in zip(similarities, lengths, strict=True)) / sum(lengths)
            similarity = round(weighted, 1)
        reason = None
        if len(window) > 1 and _breaks(text, window) != entry.breaks:
            reason = "a comma or full stop splits the phrase"
        elif entry.term.exact and tuple(t.form for t in window) != entry.forms:
            reason = "the term is exact: no other word forms"
        elif entry.term.case_sensitive and (
            tuple(token_surface(text[t.start : t.end]) for t in window) != entry.surfaces
        ):
            reason = "the term is case-sensitive and the case differs"
        elif similarity < 100.0 and (entry.term.exact or entry.term.case_sensitive):
            reason = "the term accepts no typos or variants"
        elif similarity < entry.threshold:
            reason = f"similarity {similarity:g} is below the term's threshold {entry.threshold:g}"
        if reason is not None:
            if rejected is not None and not entry.context:
                rejected.append((_Candidate(entry, first, last, similarity), reason))
            return None
        return _Candidate(entry, first, last, similarity)

    def _evidence(
        self,
        document: Document,
        segment: Segment,
        display: DisplayMap,
        tokens: list[Token],
        candidate: _Candidate,
    ) -> Evidence:
        start = tokens[candidate.first].start
        end = tokens[candidate.last - 1].end
        shown = display.text
        span = display.span(start - segment.start, end - segment.start)
        return Evidence(
            indicator=candidate.entry.owner,
            term=candidate.entry.term.text,
            text=shown[span[0] : span[1]],
            line=document.line_of(start),
            page=segment.page,
            similarity=candidate.similarity,
            segment=shown,
            span=span,
            segment_index=segment.index,
            end_line=document.line_of(end - 1),
            language=segment.language,
        )


class _Lexicon(dict[str, tuple[str | None, ...]]):
    """A document's spellings, each mapped onto the rubric the first time it is met.

    ``lexicon[raw]`` is the raw token's words in order as rubric keys (None for
    a word the rubric does not know); a miss analyses the spelling and maps its
    keys once, so a document costs one analysis per *distinct* spelling, and
    known spellings are looked up in C. ``mapping`` keeps every key's rubric
    key and similarity (None when it has none); ``broken`` the spellings
    hyphenated across a line break, which ``_unjoin_compounds`` may split again.
    """

    def __init__(self, matcher: Matcher) -> None:
        super().__init__()
        self.matcher = matcher
        self.mapping: dict[str, tuple[str, float] | None] = {}
        self.broken: set[str] = set()

    def __missing__(self, raw: str) -> tuple[str | None, ...]:
        if not is_token(raw):  # a character between tokens (Chinese text is read by character)
            self[raw] = ()
            return ()
        analysis = list(analyse(raw))
        if _broken_across_lines(raw):
            self.broken.add(raw)
            analysis += [pair for part in raw_tokens(_unjoined(raw)) for pair in analyse(part)]
        keys: list[str | None] = []
        for form, key in analysis:
            if key not in self.mapping:
                self.mapping[key] = self.matcher._map_key(key, form)
            hit = self.mapping[key]
            keys.append(None if hit is None else hit[0])
        found = self[raw] = tuple(keys)
        return found


def _looked_up(
    tokens: list[Token], mapping: Mapping[str, tuple[str, float] | None]
) -> tuple[list[tuple[str, float] | None], list[str | None]]:
    """Each token's rubric key and similarity (None for a word the rubric does not know),
    and the keys alone."""
    mapped = [mapping.get(token.key) for token in tokens]
    return mapped, [None if hit is None else hit[0] for hit in mapped]


def _broken_across_lines(raw: str) -> bool:
    """Is this raw token a word rejoined across a line-end hyphen (``rail-⏎way``)?"""
    return "\n" in raw and "-" in raw


def _unjoined(raw: str) -> str:
    """The raw token with its line-end hyphens blanked out, offsets kept."""
    return _LINE_BREAK_HYPHEN_RE.sub(lambda m: " " * len(m.group()), raw)


def _is_russian_stem(key: str) -> bool:
    return len(key) >= MIN_STEM_VARIANT and derivation_root(key) is not None


_Sign = str | tuple[str, str]  # a phrase's one word, or its rarest pair of adjacent words


def _sign(keys: tuple[str, ...]) -> _Sign:
    """What a sentence must hold for a phrase to stand in it: its word, or its rarest pair."""
    return keys[0] if len(keys) == 1 else min(pairwise(keys), key=_pair_rarity)


def _file_sign(sign: _Sign, singles: set[str], pairs: set[tuple[str, str]]) -> None:
    if isinstance(sign, str):
        singles.add(sign)
    else:
        pairs.add(sign)


def _signs(words: list[str | None]) -> set[_Sign]:
    """Every sign a sentence's words (rubric keys; None, never part of a sign, for others)
    hold; the Nones and pairs with a None stay in the set, as they match no sign."""
    present: set[object] = set(words)
    present.update(zip(words, islice(words, 1, None), strict=False))
    return cast(set[_Sign], present)


def _pair_rarity(pair: tuple[str, str]) -> tuple[int, int, tuple[str, str]]:
    """Sort key: a term's adjacent words, the rarest-looking pair first.

    Longer words are rarer; every Chinese key is one character, so there the
    characters outside the most frequent few hundred come first.
    """
    frequent = is_frequent_han(pair[0]) + is_frequent_han(pair[1])
    return (frequent, -len(pair[0]) - len(pair[1]), pair)


def _merge_stem_variants(keys: set[str]) -> dict[str, str]:
    """Give Russian stems that differ by one final letter one canonical key.

    The Snowball stemmer cuts some words unevenly across their forms
    (магистраль → магистрал, магистрали → магистра), so a rubric can hold the
    same word twice; merged, every term that uses it is found the same way.
    """
    canonical: dict[str, str] = {}
    for key in sorted(keys, key=lambda k: (len(k), k)):  # shorter keys become canonical
        if _is_russian_stem(key):
            shorter = key[:-1]
            canonical[key] = (
                canonical.get(shorter, key) if len(shorter) >= MIN_STEM_VARIANT else key
            )
    return canonical


def _truncations(key: str) -> list[tuple[int, str]]:
    """``(letters cut, stem)`` for a Russian stem cut by one and two final letters."""
    return [(cut, key[: len(key) - cut]) for cut in (1, 2) if len(key) - cut >= MIN_STEM_VARIANT]


def _breaks(text: str, tokens: list[Token]) -> tuple[bool, ...]:
    """For each gap between consecutive tokens: does punctuation end the phrase there?"""
    return tuple(
        bool(_PHRASE_BREAK_RE.search(text, before.end, after.start))
        for before, after in pairwise(tokens)
    )


def _fuzzy_able(key: str) -> bool:
    return len(key) >= MIN_FUZZY_LENGTH and key.isalpha()


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.first < b.last and b.first < a.last


def _drop_excluded(
    candidates: list[_Candidate], rejected: list[tuple[_Candidate, str]] | None = None
) -> list[_Candidate]:
    """Remove hits vetoed by an overlapping exclusion phrase of their indicator or the rubric."""
    exclusions = [c for c in candidates if c.entry.exclusion]
    hits = [c for c in candidates if not c.entry.exclusion]
    if not exclusions:
        return hits
    kept = []
    for hit in hits:
        veto = next(
            (
                ex
                for ex in exclusions
                if ex.entry.owner in (hit.entry.owner, GLOBAL_OWNER) and _overlaps(ex, hit)
            ),
            None,
        )
        if veto is None:
            kept.append(hit)
        elif rejected is not None:
            rejected.append((hit, f"vetoed by the exclusion {veto.entry.term.text!r}"))
    return kept


def _longest_first(
    candidates: list[_Candidate], rejected: list[tuple[_Candidate, str]] | None = None
) -> list[_Candidate]:
    """Keep non-overlapping hits, longest first; ties go to the earlier term in the rubric."""
    ranked = sorted(
        candidates,
        key=lambda c: (-(c.last - c.first), -c.similarity, c.first, c.entry.order),
    )
    taken: list[_Candidate] = []
    # Which taken candidate (by the order taken) covers each token, for indicators and
    # for frictions apart: a candidate is checked against its own tokens only, not
    # against every taken one (a sentence that repeats a phrase has hundreds).
    size = max((c.last for c in candidates), default=0)
    covering: dict[bool, list[int | None]] = {False: [None] * size, True: [None] * size}
    for candidate in ranked:
        slots = covering[candidate.entry.friction]
        ranks = [rank for rank in slots[candidate.first : candidate.last] if rank is not None]
        winner = taken[min(ranks)] if ranks else None
        if winner is None:
            slots[candidate.first : candidate.last] = [len(taken)] * (
                candidate.last - candidate.first
            )
            taken.append(candidate)
        elif rejected is not None:
            rejected.append(
                (
                    candidate,
                    f"overlapped by the longer match {winner.entry.term.text!r} "
                    f"({winner.entry.owner})",
                )
            )
    return sorted(taken, key=lambda c: (c.first, c.entry.order))
