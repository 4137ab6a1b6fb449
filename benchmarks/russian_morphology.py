"""How well do stemming and lemmatization match Russian policy prose to rubric terms?

Run:  python benchmarks/russian_morphology.py
(the lemmatizer column needs `pip install pymorphy3 pymorphy3-dicts-ru`)

Each line of data/ru-morphology.tsv is a phrase as it stands in a strategy and
the rubric term it should match (or nothing). Three ways of matching are
compared on the default rubric's Russian terms:

- snowball: a term matches when the Snowball stems of its words appear in a row;
- northalign: the matcher itself (Snowball stems, Russian derivations such as
  углехимической → углехимия, typo tolerance, exclusions);
- pymorphy3: the same as snowball but with dictionary lemmas (pymorphy3).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

from northalign.ingest.load import parse_text
from northalign.match import Matcher
from northalign.rubric import load_rubric
from northalign.text.normalize import tokenize

DATA = Path(__file__).parent / "data" / "ru-morphology.tsv"


def rows() -> list[tuple[str, str]]:
    lines = [
        line for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return [(row["text"], row["term"] or "") for row in csv.DictReader(lines, delimiter="\t")]


def sequence_matcher(
    keys: Callable[[str], list[str]], terms: list[str]
) -> Callable[[str], set[str]]:
    prepared = [(term, keys(term)) for term in terms]

    def found(text: str) -> set[str]:
        words = keys(text)
        return {
            term
            for term, term_keys in prepared
            if term_keys
            and any(words[i : i + len(term_keys)] == term_keys for i in range(len(words)))
        }

    return found


def main() -> int:
    rubric = load_rubric()
    terms = sorted(
        {t.text for i in rubric.indicators.values() for t in i.terms if t.language == "ru"}
        | {t.text for f in rubric.frictions for t in f.terms if t.language == "ru"}
    )
    matcher = Matcher(rubric)
    owner = {
        t.text: i.id for i in rubric.indicators.values() for t in i.terms if t.language == "ru"
    } | {t.text: f.id for f in rubric.frictions for t in f.terms if t.language == "ru"}
    methods: dict[str, Callable[[str], set[str]]] = {
        "snowball": sequence_matcher(lambda s: [t.key for t in tokenize(s)], terms),
        "northalign": lambda s: {e.term for e in matcher.find(parse_text(s))},
    }
    try:
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer()
        methods["pymorphy3"] = sequence_matcher(
            lambda s: [morph.parse(t.form)[0].normal_form.replace("ё", "е") for t in tokenize(s)],
            terms,
        )
    except ImportError:
        print("(pymorphy3 is not installed: its column is skipped)", file=sys.stderr)

    data = rows()
    positives = [(text, term) for text, term in data if term]
    negatives = [text for text, term in data if not term]
    print(f"{len(positives)} phrases that should match, {len(negatives)} that should not\n")
    print(f"{'method':12} {'recall':>8} {'false matches':>14}   misses")
    for name, find in methods.items():
        # A phrase counts as found when a term of the expected term's indicator matched
        # (longest match wins, so a longer term of the same indicator may be the one reported).
        misses = [
            text
            for text, term in positives
            if not {owner[t] for t in term.split("|")} & {owner.get(t) for t in find(text)}
        ]
        false = [text for text in negatives if find(text)]
        recall = 1 - len(misses) / len(positives)
        print(
            f"{name:12} {recall:8.3f} {len(false):>8} of {len(negatives)}   "
            + "; ".join(misses)[:150]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
