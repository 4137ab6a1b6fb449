"""The model shipped for the default rubric: it loads, and it is what its command trains."""

from __future__ import annotations

from pathlib import Path

import pytest

from northalign.learning.modelfile import bundled_model_path, load_model
from northalign.learning.train import learn

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "gold-real"
SPLIT = ROOT / "benchmarks" / "gold-real" / "split.tsv"
#: The files docs/learning.md trains the bundled model on, in the order its command gives them.
TRAINING = [
    CORPUS / "labels.jsonl",
    *sorted((ROOT / "tests" / "data" / "gold").glob("*.jsonl")),
    ROOT / "benchmarks" / "gold-heldout" / "heldout.jsonl",
]


def test_the_bundled_model_is_for_the_bundled_rubric(rubric):
    model = load_model("bundled", rubric)
    assert model.stamp.rubric_sha256 == rubric.sha256
    assert [owner.id for owner in model.owners] == [
        *rubric.indicators,
        *(friction.id for friction in rubric.frictions),
    ]
    assert model.training["split"] == {"file": "split.tsv", "part": "dev"}


def test_the_documented_command_is_the_one_that_trains_it():
    command = (ROOT / "docs" / "learning.md").read_text(encoding="utf-8")
    expected = (
        "northalign learn ../shared/gold-real/labels.jsonl --split benchmarks/gold-real/split.tsv "
        "tests/data/gold/*.jsonl benchmarks/gold-heldout/heldout.jsonl "
        "-o northalign/learning/bundled/northern-cooperation.model.json"
    )
    assert expected in command


@pytest.mark.skipif(
    not (CORPUS / "labels.jsonl").is_file(), reason="../shared/gold-real is not here"
)
def test_training_again_gives_the_shipped_file_byte_for_byte(rubric):
    shipped = bundled_model_path(rubric)
    assert shipped is not None
    trained = learn(TRAINING, rubric, split=SPLIT)
    assert trained.text == shipped.read_text(encoding="utf-8")
