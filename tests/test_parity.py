"""Language parity: the same passage gets the same evidence in English, Russian and Chinese.

The measurement is ``benchmarks/parity.py`` (one command, a Markdown report); these tests run it
in-process on the parallel corpus of ``tests/data/parallel`` and hold the figures of issue 13:
for every language pair, agreement of at least 0.85 on every indicator and friction, and a
median translation alignment of at least 85.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from types import ModuleType

import pytest

from northalign import parse_text
from northalign.rubric import parse_rubric

from conftest import MINI_RUBRIC, ROOT


def _benchmark() -> ModuleType:
    path = ROOT / "benchmarks" / "parity.py"
    spec = importlib.util.spec_from_file_location("parity_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


parity = _benchmark()
PAIRS = [pytest.param(pair, id=parity.pair_name(pair)) for pair in parity.PAIRS]
#: Where either translation has evidence for an indicator, how often both have it. Plain
#: agreement counts the many passages silent on an indicator in every language; this does not,
#: so it is the figure a thin list moves first. The floor sits a few points under rubric 2.4's
#: 0.82-0.88 on the corpus: a new term that breaks parity on one passage trips the per-indicator
#: floor only where an indicator is rare, this one wherever it happens.
EITHER_FLOOR = 0.78


@pytest.fixture(scope="module")
def passages():
    return parity.read_passages()


@pytest.fixture(scope="module")
def measured(rubric, passages):
    return parity.measure(passages, rubric)


def test_corpus_covers_every_indicator_and_friction_and_off_theme_text(rubric, passages):
    assert len(passages) >= 60
    assert len({p.id for p in passages}) == len(passages)
    labels = Counter(label for p in passages for label in p.labels)
    owners = {*rubric.indicators, *(f.id for f in rubric.frictions)}
    assert set(labels) == owners, set(labels) ^ owners
    assert min(labels.values()) >= 4, labels
    assert sum(not p.labels for p in passages) >= 15  # off-theme passages with lures


def test_every_passage_is_two_to_five_sentences_in_each_language(passages):
    for passage in passages:
        for language, text in passage.texts.items():
            sentences = len(parse_text(text, f"{passage.id}.{language}", markdown=False).segments)
            assert 2 <= sentences <= 5, (passage.id, language, sentences)


@pytest.mark.parametrize("pair", PAIRS)
def test_translations_agree_on_evidence_for_every_indicator(measured, pair):
    agreement = {owner: measured.agreement(pair, owner) for owner in measured.owners}
    below = {owner: round(value, 2) for owner, value in agreement.items() if value < 0.85}
    assert not below, below
    assert measured.mean_agreement(pair) >= 0.85
    assert measured.either_agreement(pair) >= EITHER_FLOOR


@pytest.mark.parametrize("pair", PAIRS)
def test_median_translation_alignment_is_at_least_85(measured, pair):
    assert measured.median_alignment(pair) >= 85, measured.worst(pair, 10)


def test_the_measurement_sees_a_language_the_rubric_lacks(passages):
    # The mini rubric has Chinese terms for only two indicators: parity fails, and says so.
    thin = parity.measure(passages, parse_rubric(MINI_RUBRIC, "mini.yaml"))
    assert thin.median_alignment(("en", "zh")) < 85
    assert "Targets (agreement ≥ 0.85 for every indicator and pair, median alignment ≥ 85): " in (
        parity.report(thin, parity.CORPUS)
    )
    assert parity.report(thin, parity.CORPUS).endswith("not met.\n")


def test_report_is_markdown_with_every_pair_and_the_verdict(measured, capsys):
    text = parity.report(measured, parity.CORPUS, worst=3)
    for pair in parity.PAIRS:
        assert f"| {parity.pair_name(pair)} | " in text
    assert "| **mean** |" in text and "| where either has evidence |" in text
    assert text.endswith("met.\n") and not text.endswith("not met.\n")
    assert parity.main([]) == 0
    assert capsys.readouterr().out.startswith("Language parity of rubric northern-cooperation ")
