"""northalign learn on an analyst's own gold file, and what a model's evidence does to scores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from test_model_file import assert_refused, hand_model, write_model
from typer.testing import CliRunner

from northalign.cli import app
from northalign.corpus.cache import cache_key
from northalign.ingest.load import parse_text
from northalign.learning.modelfile import load_model
from northalign.learning.train import learn
from northalign.pipeline import find_evidence, profile_document
from northalign.rubric.compiled import matcher_for
from northalign.score import evidence_units, saturate

from conftest import POLICIES

ROOT = Path(__file__).resolve().parent.parent
DOCS = [str(POLICIES / name) for name in ("amur.md", "kemerovo.md")]

# An analyst's own gold set, in our own words: orchards, which the default rubric has
# no term for, labelled agro-food in three languages; a railway sentence the rubric
# finds; and everyday sentences about nothing the rubric measures.
ORCHARDS_EN = (
    "Apple orchards near {place} will be replanted with frost-hardy varieties.",
    "Orchard owners around {place} will receive grants for drip irrigation of young trees.",
    "Pear and plum orchards of {place} are to be fenced against hares by autumn.",
)
ORCHARD_RU = "Яблоневые сады района {place} обновят морозостойкими сортами."
ORCHARD_ZH = "在{place}新建苹果园，引进抗寒品种。"
RAILWAY = "The railway line to {place} will be electrified to carry more freight."
NOTHING = (
    "The library in {place} will open on Saturdays during the winter holidays.",
    "The choir of the {place} school gave a concert for pensioners.",
    "Библиотека в посёлке {place} будет работать по субботам.",
    "{place}图书馆冬季周六照常开放。",
)
PLACES = ("Ust-Kut", "Borzya", "Kyakhta", "Aginskoye", "Nerchinsk", "Mogocha", "Sretensk", "Chara")


def gold_rows(places: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(doc, lang, text, labels) for one document per place."""
    rows = []
    for number, place in enumerate(places):
        doc = f"plan-{number + 1}"
        rows += [(doc, "en", text.format(place=place), "agro-food") for text in ORCHARDS_EN]
        rows += [
            (doc, "ru", ORCHARD_RU.format(place=place), "agro-food"),
            (doc, "zh", ORCHARD_ZH.format(place=place), "agro-food"),
            (doc, "en", RAILWAY.format(place=place), "transport-corridors"),
        ]
        rows += [
            (doc, "zh" if "图" in t else "ru" if "Б" in t else "en", t.format(place=place), "")
            for t in NOTHING
        ]
    return rows


def write_gold(path: Path, places: tuple[str, ...] = PLACES) -> Path:
    lines = ["doc\tlang\ttext\tlabels", *("\t".join(row) for row in gold_rows(places))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args: str):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100"})


@pytest.fixture(scope="module")
def own_gold(tmp_path_factory) -> Path:
    return write_gold(tmp_path_factory.mktemp("gold") / "orchards.tsv")


@pytest.fixture(scope="module")
def permissive(own_gold, tmp_path_factory) -> Path:
    """A model learned through the CLI from the analyst's file, thresholds at precision 0.5."""
    path = tmp_path_factory.mktemp("learned") / "orchards.model.json"
    result = cli("learn", str(own_gold), "-o", str(path), "--precision", "0.5")
    assert result.exit_code == 0, result.stderr
    return path


def agro_missed(evaluation: dict) -> set[str]:
    """The gold sentences whose agro-food label went unfound."""
    return {e["id"] for e in evaluation["errors"] if "agro-food" in e["false_negatives"]}


def test_learn_on_an_analysts_own_file_is_read_by_evaluate(own_gold, permissive):
    assert json.loads(permissive.read_text(encoding="utf-8"))["model"]["training"]["documents"] == 8
    plain = cli("evaluate", str(own_gold), "--format", "json")
    with_model = cli("evaluate", str(own_gold), "--format", "json", "--model", str(permissive))
    assert plain.exit_code == 0 and with_model.exit_code == 0, with_model.stderr
    before, after = (
        agro_missed(json.loads(plain.stdout)),
        agro_missed(json.loads(with_model.stdout)),
    )
    # The rubric has no word for orchards; the model finds most of the sentences it misses.
    assert len(before) >= 30
    assert after < before and len(after) < len(before) / 2


def test_learn_prints_its_report_and_writes_the_file(own_gold, tmp_path):
    path = tmp_path / "strict.model.json"
    result = cli("learn", str(own_gold), "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert "agro-food" in result.stdout and "orchard" in result.stdout
    assert result.stderr == f"Wrote {path}\n"
    agro = next(
        owner
        for owner in json.loads(path.read_text())["model"]["owners"]
        if owner["id"] == "agro-food"
    )
    assert agro["weights"]["w:orchard"] > 0 and agro["threshold"] is not None


def test_the_learned_model_marks_orchards_in_a_new_text(permissive, rubric):
    model = load_model(permissive, rubric)
    document = parse_text(
        "Fruit orchards in the river valley will be extended.\n\nThe museum is closed on Mondays.\n"
    )
    found = find_evidence(document, matcher_for(rubric), model)
    by_model = [(e.indicator, e.segment_index) for e in found if e.source == "model"]
    assert ("agro-food", 0) in by_model
    assert all(index == 0 for _, index in by_model)
    item = next(e for e in found if e.source == "model" and e.indicator == "agro-food")
    assert item.probability is not None and item.similarity == round(100 * item.probability, 1)
    assert item.text == "orchards"  # the word that pushed it, highlighted like a term
    assert item.reasons[0][0] == "orchard" and item.reasons[0][1] > 0


# Determinism.


def test_training_twice_gives_byte_identical_files(own_gold, rubric):
    assert learn([own_gold], rubric).text == learn([own_gold], rubric).text


def test_the_model_file_does_not_depend_on_the_hash_seed(own_gold, rubric, tmp_path):
    # Another process with another string-hash seed than this one trains the same bytes.
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    path = tmp_path / "seeded.model.json"
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "northalign", "learn", str(own_gold), "-o", str(path)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    assert path.read_text(encoding="utf-8") == learn([own_gold], rubric).text


@pytest.mark.parametrize("command", ["compare", "score"])
def test_reports_with_a_model_are_the_same_bytes_twice(model_path, command):
    args = (command, *DOCS, "--format", "json", "--model", str(model_path))
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout


# Semantics.


def always(rubric, indicator: str, probability_logit: float = 0.0) -> dict:
    """A hand model that marks every sentence for ``indicator`` (intercept at the threshold)."""
    return hand_model(rubric, {indicator: {"intercept": probability_logit, "threshold": 0.5}})


def test_rubric_found_sentences_get_no_model_duplicate(rubric, tmp_path):
    model = load_model(
        write_model(tmp_path / "m.json", always(rubric, "transport-corridors")), rubric
    )
    document = parse_text(
        "A new railway line will link the two regions.\n\nThe theatre season opens in October.\n"
    )
    found = find_evidence(document, matcher_for(rubric), model)
    sources = defaultdict(set)
    for item in found:
        if item.indicator == "transport-corridors":
            sources[item.segment_index].add(item.source)
    assert sources == {0: {"rubric"}, 1: {"model"}}


def test_indicator_scores_count_model_evidence_by_its_probability(rubric, tmp_path):
    logit = -0.5  # probability 0.3775, marked from 0.3
    data = hand_model(rubric, {"agro-food": {"intercept": logit, "threshold": 0.3}})
    model = load_model(write_model(tmp_path / "m.json", data), rubric)
    document = parse_text("The museum is closed on Mondays.\n")
    profile = profile_document(document, rubric, model=model)
    (item,) = profile.evidence_for("agro-food")
    assert item.source == "model" and item.probability == pytest.approx(0.3775, abs=1e-4)
    # Counted at its probability, not as a hit.
    units = evidence_units([item])
    assert units == item.probability
    assert profile.indicators["agro-food"].score == saturate(units, document.words, rubric)
    assert profile.indicators["agro-food"].score < saturate(1.0, document.words, rubric)
    assert profile.model == model.stamp
    assert profile_document(document, rubric).indicators["agro-food"].score == 0


def test_an_owner_without_threshold_is_never_marked(rubric, tmp_path):
    certain = {"intercept": 30.0, "weights": {"w:museum": 5.0}}
    silent = hand_model(rubric, {"agro-food": {**certain, "threshold": None}})
    marking = hand_model(rubric, {"agro-food": {**certain, "threshold": 0.99}})
    document = parse_text("The museum is closed on Mondays.\n")
    matcher = matcher_for(rubric)

    def marked(data: dict) -> list:
        model = load_model(write_model(tmp_path / "m.json", data), rubric)
        return [e for e in find_evidence(document, matcher, model) if e.source == "model"]

    assert marked(silent) == []
    assert [e.indicator for e in marked(marking)] == ["agro-food"]


def test_cache_keys_differ_with_and_without_a_model(rubric, model_path, tmp_path):
    data = b"Railway freight to the border.\n"
    other = load_model(write_model(tmp_path / "m.json", always(rubric, "agro-food")), rubric)
    model = load_model(model_path, rubric)
    keys = {cache_key(data, rubric), cache_key(data, rubric, model), cache_key(data, rubric, other)}
    assert len(keys) == 3
    assert cache_key(data, rubric, model) == cache_key(data, rubric, load_model(model_path, rubric))


def test_batch_refuses_profiles_scored_without_the_model(model_path, tmp_path):
    profiles = tmp_path / "profiles.jsonl"
    scored = cli("score", *DOCS, "--format", "jsonl", "--output", str(profiles))
    assert scored.exit_code == 0, scored.stderr
    same = cli("batch", "--profiles", str(profiles), "--quiet", "--format", "csv")
    assert same.exit_code == 0, same.stderr
    result = cli("batch", "--profiles", str(profiles), "--quiet", "--model", str(model_path))
    assert_refused(result, "without a model")


def test_batch_refuses_profiles_scored_with_another_model(rubric, model_path, tmp_path):
    profiles = tmp_path / "profiles.jsonl"
    scored = cli(
        "score", *DOCS, "--format", "jsonl", "--output", str(profiles), "--model", str(model_path)
    )
    assert scored.exit_code == 0, scored.stderr
    other = write_model(tmp_path / "other.json", always(rubric, "agro-food"))
    same = cli("batch", "--profiles", str(profiles), "--quiet", "--model", str(model_path))
    assert same.exit_code == 0, same.stderr
    assert_refused(cli("batch", "--profiles", str(profiles), "--quiet"), "and this batch uses none")
    result = cli("batch", "--profiles", str(profiles), "--quiet", "--model", str(other))
    assert_refused(result, "with model")


def test_stored_profiles_must_match_the_batchs_model(rubric, model_path, tmp_path):
    # Until the profiles' files carry the stamp, the check itself, on profiles in memory.
    from northalign.cli.batch import BatchError, _check_stored, _Plan
    from northalign.corpus.parallel import Scored

    model = load_model(model_path, rubric)
    other = load_model(write_model(tmp_path / "other.json", always(rubric, "agro-food")), rubric)
    document = parse_text("The museum is closed on Mondays.\n", "a.md")
    scored = profile_document(document, rubric, model=model)
    plan = _Plan(["a.md"], [], None, {"a.md": Scored("a.md", scored)})
    _check_stored(plan, model)
    with pytest.raises(BatchError, match=r"with model own-gold, not with other"):
        _check_stored(plan, other)
    with pytest.raises(BatchError, match="this batch uses none"):
        _check_stored(plan, None)


def test_learn_with_too_few_documents(tmp_path):
    gold = write_gold(tmp_path / "small.tsv", PLACES[:3])
    result = cli("learn", str(gold), "-o", str(tmp_path / "m.json"))
    assert_refused(result, "3 documents", "needs at least 5")
    assert not (tmp_path / "m.json").exists()


def test_learn_without_scikit_learn_names_the_extra(own_gold, tmp_path, monkeypatch):
    # An entry of None in sys.modules makes importing that module raise ImportError.
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)
    result = cli("learn", str(own_gold), "-o", str(tmp_path / "m.json"))
    assert_refused(result, "needs scikit-learn", "pip install 'northalign[learn]'")
