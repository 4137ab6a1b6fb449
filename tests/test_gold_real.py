"""The default rubric on real public text (../shared/gold-real), when that corpus is present.

The corpus is third-party text read at run time; these tests skip when it is
absent. They look at the dev part only: the test part is measured by
``benchmarks/gold_real.py --part test``, once per rubric version, on record.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

CORPUS = ROOT.parent / "shared" / "gold-real"
SPLIT = ROOT / "benchmarks" / "gold-real" / "split.tsv"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "labels.jsonl").is_file(), reason="../shared/gold-real is not here"
)


def split_rows() -> list[list[str]]:
    lines = SPLIT.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")][1:]


def test_split_is_by_document_and_follows_its_stated_rule():
    rows = split_rows()
    assert len({document for document, _, _ in rows}) == len(rows)
    assert {part for _, _, part in rows} == {"dev", "test"}
    # Each language's thematic and control documents, ordered by the SHA-256 of
    # their name, the first 60% (rounded) to dev.
    for language in ("en", "ru", "zh"):
        for control in (False, True):
            group = [r for r in rows if r[1] == language and ("-control-" in r[0]) == control]
            group.sort(key=lambda r: hashlib.sha256(r[0].encode()).hexdigest())
            cut = round(0.6 * len(group))
            assert [r[2] for r in group] == ["dev"] * cut + ["test"] * (len(group) - cut)


@needs_corpus
def test_split_covers_every_corpus_document():
    documents = {
        json.loads(line)["doc"] for line in (CORPUS / "labels.jsonl").open(encoding="utf-8")
    }
    assert documents == {document for document, _, _ in split_rows()}


def test_benchmark_skips_cleanly_without_the_corpus(tmp_path):
    env = {**os.environ, "NORTHALIGN_GOLD_REAL": str(tmp_path / "absent")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "gold_real.py")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0 and "skipped" in result.stdout


@needs_corpus
def test_default_rubric_on_the_dev_part(rubric):
    """A regression guard on the part the rubric is tuned on (the test part is measured by
    benchmarks/gold_real.py, on record); floors a little below rubric 2.3's figures."""
    from northalign.evaluation.evaluate import evaluate, rating_agreement
    from northalign.evaluation.gold import read_gold, read_ratings, read_split

    documents = read_split(SPLIT, "dev")
    items = [i for i in read_gold(CORPUS / "labels.jsonl", rubric) if i.document in documents]
    result = evaluate(items, rubric)
    for language, (vectors, _) in result.by_language.items():
        assert vectors.micro.f1 >= 0.83 and vectors.micro.precision >= 0.85, (
            language,
            vectors.micro,
        )
    assert result.micro(frictions=False).f1 >= 0.82
    assert result.micro(frictions=True).f1 >= 0.82
    assert result.unrelated_false_alarm_rate()[0] <= 0.02
    ratings = read_ratings(CORPUS / "ratings.tsv", rubric)
    assert rating_agreement(result.documents, ratings).rho >= 0.85
