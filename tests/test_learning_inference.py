"""Inference reads a sentence as training does: the same features, the same probability."""

from __future__ import annotations

import math

import pytest

from northalign.ingest.load import parse_lines
from northalign.learning.features import sentence_features
from northalign.learning.modelfile import load_model
from northalign.text.normalize import tokenize

SENTENCES = [
    "Dairy farms along the border will share cold-chain warehouses with buyers across the river.",
    "Новые элеваторы примут зерно, которое фермеры области отправляют соседям на юг.",
    "两地高校将共建联合实验室，培养寒区农业人才。",
    "The city will repaint its tram shelters and plant lime trees along the embankment.",
    "Грузовики с углём стоят в очереди у пропускного пункта по двое суток.",
    "口岸货运量增长较快，物流园区正在扩建。",
]


def _probability(model, owner_id: str, features: set[str]) -> float:
    owner = next(o for o in model.owners if o.id == owner_id)
    logit = owner.intercept + sum(owner.weights.get(f, 0.0) for f in features)
    return 1 / (1 + math.exp(-logit))


@pytest.fixture(scope="module")
def permissive(model_path, rubric):
    """The session's model with every threshold lowered, so that most sentences are marked."""
    model = load_model(model_path, rubric)
    from dataclasses import replace

    owners = tuple(replace(owner, threshold=0.001) for owner in model.owners)
    return replace(model, owners=owners)


def test_model_evidence_carries_the_probability_training_features_give(permissive, rubric):
    from northalign.rubric.compiled import matcher_for

    document = parse_lines(SENTENCES, "sentences.txt")
    rubric_evidence = matcher_for(rubric).find(document)
    found = [e for e in permissive.find(document, rubric_evidence) if e.source == "model"]
    assert found, "a model with every threshold at 0.001 marks something"
    for item in found:
        text = SENTENCES[item.line - 1]
        own = [e for e in rubric_evidence if e.segment_index == item.segment_index]
        expected = _probability(permissive, item.indicator, sentence_features(tokenize(text), own))
        assert item.probability == pytest.approx(expected, abs=1e-4), (item.indicator, text)
        assert item.similarity == round(100 * item.probability, 1)
        assert item.indicator not in {e.indicator for e in own}, "no second opinion on a hit"


def test_the_words_that_pushed_are_quoted_from_the_sentence(permissive, rubric):
    document = parse_lines(SENTENCES, "sentences.txt")
    found = [e for e in permissive.find(document, []) if e.source == "model"]
    for item in found:
        for part in (item, *item.parts):
            start, end = part.span
            assert item.segment[start:end] == part.text
        weights = [weight for _, weight in item.reasons]
        pushing = [weight for weight in weights if weight > 0]
        assert weights[: len(pushing)] == sorted(pushing, reverse=True), (
            "for first, strongest first"
        )
        assert all(weight < 0 for weight in weights[len(pushing) :]), "then against"
