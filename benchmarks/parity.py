"""Language parity: does the same passage get the same evidence in English, Russian and Chinese?

    python benchmarks/parity.py [--rubric R] [--corpus FILE] [--worst N] [--model MODEL.json]

The corpus is ``tests/data/parallel/passages.jsonl``: passages of strategy prose
written for the project, each in English, Russian and Chinese by one translator
(see its README), labelled per passage with the indicators and frictions it
addresses. Each text is profiled on its own with the library (``parse_text``,
``profile_document``). For each language pair (en–ru, en–zh, ru–zh) the report gives,
as Markdown:

- **agreement** per indicator and friction: the share of all passages where the two
  translations agree on whether there is evidence for it (both have some, or both
  have none), and its mean over indicators and frictions;
- **agreement where either has evidence**: the same, counted only over passages where
  at least one side has evidence (the harder figure: most passages are silent on most
  indicators, which the plain agreement counts as agreeing);
- **translation alignment**: ``compare_profiles(...).unadjusted`` of each passage with
  its translation (the overall alignment before the thin-evidence shrink: a passage of
  two to five sentences is thin evidence by design, and parity asks whether the same
  evidence is found, not how sure one may be of it), median and the worst passages, over the passages where at least one
  side has indicator evidence (where neither has, the library reports 0 for "nothing
  in common", which says nothing about parity, so those passages are counted apart);
- precision and recall of each language against the passage labels.

With ``--model MODEL.json`` (a model from ``northalign learn``) every text is also
profiled with the model's evidence counted beside the rubric's (as ``--model`` does on
the commands), and the report puts the figures above side by side, rubric alone and
rubric + model: does the model help language parity?

It always exits 0 (2 for a model file it cannot use); ``tests/test_parity.py`` asserts
the thresholds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from northalign import Matcher, compare_profiles, load_rubric, parse_text, profile_document
from northalign.learning.classifier import Classifier
from northalign.learning.modelfile import ModelError, load_model
from northalign.model import Profile, Rubric

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "data" / "parallel" / "passages.jsonl"
LANGUAGES = ("en", "ru", "zh")
PAIRS = (("en", "ru"), ("en", "zh"), ("ru", "zh"))
#: The targets of issue 13: agreement per language pair, median translation alignment.
AGREEMENT_TARGET = 0.85
ALIGNMENT_TARGET = 85.0


@dataclass(frozen=True)
class Passage:
    id: str
    labels: frozenset[str]
    texts: dict[str, str]


def read_passages(path: Path = CORPUS) -> list[Passage]:
    """The parallel corpus: one JSON object a line with ``id``, ``labels`` and one text per language."""
    passages = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = [key for key in ("id", "labels", *LANGUAGES) if key not in row]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        passages.append(
            Passage(row["id"], frozenset(row["labels"]), {lang: row[lang] for lang in LANGUAGES})
        )
    return passages


def pair_name(pair: tuple[str, str]) -> str:
    return f"{pair[0]}–{pair[1]}"


@dataclass(frozen=True)
class Parity:
    """The profiles of every passage in every language, and the parity figures drawn from them."""

    rubric: Rubric
    passages: tuple[Passage, ...]
    profiles: dict[tuple[str, str], Profile]  # (passage id, language) -> profile

    @property
    def owners(self) -> tuple[str, ...]:
        """Indicator ids in the rubric's order, then friction ids."""
        return (*self.rubric.indicators, *(f.id for f in self.rubric.frictions))

    def found(self, passage: str, language: str) -> frozenset[str]:
        """The indicators and frictions with evidence in one passage's text in one language."""
        return frozenset(item.indicator for item in self.profiles[passage, language].evidence)

    def agreement(self, pair: tuple[str, str], owner: str) -> float:
        """Share of passages whose two translations agree on evidence for ``owner``."""
        agree = sum(
            (owner in self.found(p.id, pair[0])) == (owner in self.found(p.id, pair[1]))
            for p in self.passages
        )
        return agree / len(self.passages)

    def mean_agreement(self, pair: tuple[str, str]) -> float:
        return statistics.fmean(self.agreement(pair, owner) for owner in self.owners)

    def either(self, pair: tuple[str, str], owner: str) -> tuple[int, int]:
        """Passages where both translations have evidence for ``owner``, and where either has."""
        both = either = 0
        for p in self.passages:
            left, right = owner in self.found(p.id, pair[0]), owner in self.found(p.id, pair[1])
            both += left and right
            either += left or right
        return both, either

    def either_agreement(self, pair: tuple[str, str]) -> float:
        """Agreement counted only where one side has evidence, pooled over all owners."""
        counts = [self.either(pair, owner) for owner in self.owners]
        either = sum(e for _, e in counts)
        return 1.0 if either == 0 else sum(b for b, _ in counts) / either

    def alignments(self, pair: tuple[str, str]) -> dict[str, float]:
        """Overall alignment per passage where at least one side has indicator evidence."""
        scores = {}
        for p in self.passages:
            left, right = self.profiles[p.id, pair[0]], self.profiles[p.id, pair[1]]
            if _has_indicator_evidence(left, self.rubric) or _has_indicator_evidence(
                right, self.rubric
            ):
                scores[p.id] = compare_profiles(left, right, self.rubric).unadjusted
        return scores

    def median_alignment(self, pair: tuple[str, str]) -> float:
        scores = self.alignments(pair)
        # No passage with evidence on either side: nothing aligned, and no parity shown.
        return statistics.median(scores.values()) if scores else 0.0

    def worst(self, pair: tuple[str, str], count: int) -> list[tuple[str, float]]:
        ranked = sorted(self.alignments(pair).items(), key=lambda item: (item[1], item[0]))
        return ranked[:count]

    def label_counts(self, language: str) -> tuple[int, int, int]:
        """True positives, false positives and false negatives against the passage labels."""
        tp = fp = fn = 0
        for p in self.passages:
            found = self.found(p.id, language)
            tp += len(found & p.labels)
            fp += len(found - p.labels)
            fn += len(p.labels - found)
        return tp, fp, fn


def _has_indicator_evidence(profile: Profile, rubric: Rubric) -> bool:
    return any(item.indicator in rubric.indicators for item in profile.evidence)


def measure(passages: Sequence[Passage], rubric: Rubric, model: Classifier | None = None) -> Parity:
    """Profile every passage in every language with one matcher (and ``model``, if given)."""
    matcher = Matcher(rubric)
    profiles = {
        (p.id, language): profile_document(
            parse_text(p.texts[language], f"{p.id}.{language}.txt", markdown=False),
            rubric,
            matcher,
            model,
        )
        for p in passages
        for language in LANGUAGES
    }
    return Parity(rubric, tuple(passages), profiles)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def report(parity: Parity, corpus: Path, worst: int = 5) -> str:
    rubric = parity.rubric
    on_theme = sum(bool(p.labels) for p in parity.passages)
    lines = [
        f"Language parity of rubric {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]}) "
        f"on {len(parity.passages)} passages ({on_theme} on theme, "
        f"{len(parity.passages) - on_theme} off theme), each in {', '.join(LANGUAGES)}: "
        f"{corpus.name}.",
        "",
        "Agreement: share of passages whose two translations both have evidence or both have "
        "none; in brackets, passages with evidence in each language.",
        "",
        "| indicator or friction | " + " | ".join(pair_name(p) for p in PAIRS) + " | en/ru/zh |",
        "| --- | " + " | ".join("---:" for _ in PAIRS) + " | ---: |",
    ]
    for owner in parity.owners:
        cells = [f"{parity.agreement(pair, owner):.2f}" for pair in PAIRS]
        counts = "/".join(
            str(sum(owner in parity.found(p.id, lang) for p in parity.passages))
            for lang in LANGUAGES
        )
        lines.append(f"| {owner} | " + " | ".join(cells) + f" | {counts} |")
    lines.append(
        "| **mean** | "
        + " | ".join(f"**{parity.mean_agreement(pair):.2f}**" for pair in PAIRS)
        + " | |"
    )
    lines.append(
        "| where either has evidence | "
        + " | ".join(f"{parity.either_agreement(pair):.2f}" for pair in PAIRS)
        + " | |"
    )
    lines += [
        "",
        "| pair | lowest agreement | below " + f"{AGREEMENT_TARGET:.2f} |",
        "| --- | --- | --- |",
    ]
    for pair in PAIRS:
        agreement = {owner: parity.agreement(pair, owner) for owner in parity.owners}
        lowest = min(agreement.values())
        at_lowest = ", ".join(o for o, v in agreement.items() if v == lowest)
        short = ", ".join(f"{o} {v:.2f}" for o, v in agreement.items() if v < AGREEMENT_TARGET)
        lines.append(f"| {pair_name(pair)} | {lowest:.2f} ({at_lowest}) | {short or 'none'} |")
    lines += [
        "",
        "Translation alignment: overall alignment (0–100, before the thin-evidence shrink) of "
        "each passage with its translation, "
        "over the passages where at least one side has indicator evidence.",
        "",
        f"| pair | passages | median | mean | below {ALIGNMENT_TARGET:.0f} | worst |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for pair in PAIRS:
        values = list(parity.alignments(pair).values())
        below = sum(v < ALIGNMENT_TARGET for v in values)
        worst_cells = ", ".join(f"{pid} {score:.0f}" for pid, score in parity.worst(pair, worst))
        lines.append(
            f"| {pair_name(pair)} | {len(values)} | {parity.median_alignment(pair):.1f} | "
            f"{statistics.fmean(values) if values else 0.0:.1f} | {below} | {worst_cells} |"
        )
    lines += [
        "",
        "Against the passage labels (indicators and frictions, micro):",
        "",
        "| language | P | R | F1 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for language in LANGUAGES:
        tp, fp, fn = parity.label_counts(language)
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = _ratio(2 * tp, 2 * tp + fp + fn)
        lines.append(f"| {language} | {precision:.2f} | {recall:.2f} | {f1:.2f} |")
    held = _held(parity)
    lines += [
        "",
        f"Targets (agreement ≥ {AGREEMENT_TARGET:.2f} for every indicator and pair, median "
        f"alignment ≥ {ALIGNMENT_TARGET:.0f}): {'met' if held else 'not met'}.",
    ]
    return "\n".join(lines) + "\n"


def _held(parity: Parity) -> bool:
    return all(
        parity.mean_agreement(pair) >= AGREEMENT_TARGET
        and min(parity.agreement(pair, owner) for owner in parity.owners) >= AGREEMENT_TARGET
        and parity.median_alignment(pair) >= ALIGNMENT_TARGET
        for pair in PAIRS
    )


def model_alone_counts(
    passages: Sequence[Passage], rubric: Rubric, model: Classifier
) -> dict[str, tuple[int, int, int]]:
    """Per language: the (sentence, owner) marks of the model alone (whether or not the
    rubric fired), how many of them are for an owner the passage is labelled with, and
    how many are for an owner the rubric did not find in that sentence."""
    matcher = Matcher(rubric)
    counts = {}
    for language in LANGUAGES:
        marks = labelled = new = 0
        for p in passages:
            document = parse_text(p.texts[language], f"{p.id}.{language}.txt", markdown=False)
            evidence = matcher.find(document)
            rubric_found = {(e.segment_index, e.indicator) for e in evidence}
            for index, owners in model.marks(document, evidence).items():
                marks += len(owners)
                labelled += len(owners & p.labels)
                new += sum((index, owner) not in rubric_found for owner in owners)
        counts[language] = (marks, labelled, new)
    return counts


def side_by_side(
    plain: Parity,
    with_model: Parity,
    model: Classifier,
    corpus: Path,
    alone: dict[str, tuple[int, int, int]],
) -> str:
    """The parity figures of the rubric alone and of rubric + model, each cell "alone / with"."""
    rubric = plain.rubric
    added = dict.fromkeys(LANGUAGES, 0)
    for (_passage, language), profile in with_model.profiles.items():
        added[language] += sum(item.source == "model" for item in profile.evidence)
    lines = [
        f"Language parity of rubric {rubric.name} {rubric.version} (sha256 "
        f"{rubric.sha256[:12]}), alone and with model {model.stamp.name} (sha256 "
        f"{model.stamp.sha256[:12]}), on {len(plain.passages)} passages in "
        f"{', '.join(LANGUAGES)}: {corpus.name}. Each cell: rubric alone / rubric + model.",
        "",
        "Model evidence (source model) added beside the rubric's: "
        + ", ".join(f"{language} {added[language]}" for language in LANGUAGES)
        + " items. The model alone (a sentence is the model's when its probability reaches "
        "the owner's threshold, whether or not the rubric fired) marks "
        + ", ".join(
            f"{language} {marks} (on a labelled owner {labelled}; where the rubric found "
            f"nothing {new})"
            for language, (marks, labelled, new) in alone.items()
        )
        + " sentence-owner pairs.",
        "",
        "| figure | " + " | ".join(pair_name(p) for p in PAIRS) + " |",
        "| --- | " + " | ".join("---:" for _ in PAIRS) + " |",
    ]

    def pair_row(name: str, figure: Callable[[Parity, tuple[str, str]], str]) -> str:
        return (
            f"| {name} | "
            + " | ".join(f"{figure(plain, pair)} / {figure(with_model, pair)}" for pair in PAIRS)
            + " |"
        )

    def lowest(parity: Parity, pair: tuple[str, str]) -> str:
        return f"{min(parity.agreement(pair, owner) for owner in parity.owners):.2f}"

    def below(parity: Parity, pair: tuple[str, str]) -> str:
        return str(sum(parity.agreement(pair, owner) < AGREEMENT_TARGET for owner in parity.owners))

    lines += [
        pair_row("mean agreement", lambda parity, pair: f"{parity.mean_agreement(pair):.3f}"),
        pair_row("lowest agreement", lowest),
        pair_row(f"indicators and frictions below {AGREEMENT_TARGET:.2f}", below),
        pair_row(
            "agreement where either has evidence",
            lambda parity, pair: f"{parity.either_agreement(pair):.3f}",
        ),
        pair_row(
            "passages with evidence on a side",
            lambda parity, pair: str(len(parity.alignments(pair))),
        ),
        pair_row(
            "median translation alignment",
            lambda parity, pair: f"{parity.median_alignment(pair):.1f}",
        ),
        pair_row(
            "mean translation alignment",
            lambda parity, pair: (
                f"{statistics.fmean(parity.alignments(pair).values()):.1f}"
                if parity.alignments(pair)
                else "0.0"
            ),
        ),
        "",
        "Agreement per indicator and friction, and passages with evidence in en/ru/zh:",
        "",
        "| indicator or friction | " + " | ".join(pair_name(p) for p in PAIRS) + " | en/ru/zh |",
        "| --- | " + " | ".join("---:" for _ in PAIRS) + " | ---: |",
    ]
    for owner in plain.owners:
        cells = [
            f"{plain.agreement(pair, owner):.2f} / {with_model.agreement(pair, owner):.2f}"
            for pair in PAIRS
        ]
        counts = " / ".join(
            "/".join(
                str(sum(owner in parity.found(p.id, lang) for p in parity.passages))
                for lang in LANGUAGES
            )
            for parity in (plain, with_model)
        )
        lines.append(f"| {owner} | " + " | ".join(cells) + f" | {counts} |")
    lines += [
        "",
        "Against the passage labels (indicators and frictions, micro), rubric alone / "
        "rubric + model:",
        "",
        "| language | P | R | F1 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for language in LANGUAGES:
        figures: list[tuple[float, float, float]] = []
        for parity in (plain, with_model):
            tp, fp, fn = parity.label_counts(language)
            figures.append(
                (_ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn))
            )
        lines.append(
            f"| {language} | "
            + " | ".join(f"{a:.2f} / {b:.2f}" for a, b in zip(*figures, strict=True))
            + " |"
        )
    lines += [
        "",
        f"Targets (agreement ≥ {AGREEMENT_TARGET:.2f} for every indicator and pair, median "
        f"alignment ≥ {ALIGNMENT_TARGET:.0f}): rubric alone "
        f"{'met' if _held(plain) else 'not met'}; rubric + model "
        f"{'met' if _held(with_model) else 'not met'}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rubric", default=None, help="a rubric name or YAML path")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the parallel corpus (JSONL)")
    parser.add_argument("--worst", type=int, default=5, help="worst passages listed per pair")
    parser.add_argument(
        "--model", default=None, help="a model file (northalign learn): rubric alone and with it"
    )
    args = parser.parse_args(argv)
    rubric = load_rubric(args.rubric)
    passages = read_passages(args.corpus)
    parity = measure(passages, rubric)
    if args.model is None:
        sys.stdout.write(report(parity, args.corpus, args.worst))
        return 0
    try:
        model = load_model(args.model, rubric)
    except ModelError as error:
        print(f"parity.py: {error}", file=sys.stderr)
        return 2
    with_model = measure(passages, rubric, model)
    alone = model_alone_counts(passages, rubric, model)
    sys.stdout.write(side_by_side(parity, with_model, model, args.corpus, alone))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
