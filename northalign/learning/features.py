"""What a learned model reads in a sentence: the same tokens the rubric matcher reads.

Every feature comes from the one normalizer (:func:`northalign.text.normalize.tokenize`):
a token's key (a Snowball stem for English and Russian, a simplified character
for Chinese) and each pair of adjacent keys (a stem pair, or a character pair),
stopwords left out, plus what the rubric found in the sentence — which indicator
or friction, which term, which context list. A model and the rubric therefore
see the same text the same way, whatever its script, case or spelling variant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from northalign.model import Evidence
from northalign.text.normalize import Token

#: The feature scheme a model file names; a file of another scheme is refused.
SCHEME = "keys+pairs+rubric"
#: Bumped whenever a feature is spelled or computed differently.
SCHEME_VERSION = 1

WORD = "w:"  # a token key
PAIR = "p:"  # two adjacent token keys, space-separated
FIRED = "r:"  # the rubric found evidence for this indicator or friction in the sentence
TERM = "t:"  # ... through this term: "t:OWNER:TERM"
CONTEXT = "c:"  # ... with a phrase of this context list


def token_features(tokens: Iterable[Token]) -> Iterator[tuple[str, int, int]]:
    """Each word and adjacent-pair feature of a sentence's tokens, with the offsets it covers.

    A feature occurring twice is listed twice (callers keep the first): the
    offsets say which words pushed a decision, for highlighting.
    """
    previous: Token | None = None
    for token in tokens:
        yield WORD + token.key, token.start, token.end
        if previous is not None:
            yield f"{PAIR}{previous.key} {token.key}", previous.start, token.end
        previous = token


def rubric_features(evidence: Iterable[Evidence]) -> set[str]:
    """The features of what the rubric found in one sentence."""
    found: set[str] = set()
    for item in evidence:
        found.add(FIRED + item.indicator)
        found.add(f"{TERM}{item.indicator}:{item.term}")
        found.update(CONTEXT + part.list for part in item.parts)
    return found


def sentence_features(tokens: Iterable[Token], evidence: Iterable[Evidence]) -> set[str]:
    """Every feature of one sentence: what training sees, and what inference looks up."""
    found = {feature for feature, _start, _end in token_features(tokens)}
    return found | rubric_features(evidence)


def describe(feature: str) -> str:
    """A feature as a reader should see it in a report: "rubric: agro-food", "port logist"."""
    kind, _, value = feature.partition(":")
    if kind + ":" == FIRED:
        return f"rubric found {value}"
    if kind + ":" == TERM:
        owner, _, term = value.partition(":")
        return f"rubric term {term!r} ({owner})"
    if kind + ":" == CONTEXT:
        return f"context list {value}"
    return value
