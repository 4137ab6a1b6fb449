import json

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.evaluation.evaluate import Counts, evaluate
from northalign.evaluation.gold import GoldError, read_gold

from conftest import MINI_RUBRIC

GOLD = [
    {
        "id": "a",
        "lang": "en",
        "text": "A new railway bridge crosses the river.",
        "labels": ["transport-corridors"],
    },
    {"id": "b", "lang": "en", "text": "The dairy industry grows fast.", "labels": ["agro-food"]},
    {"id": "c", "lang": "en", "text": "Visit the railway museum on Sunday.", "labels": []},
    {
        "id": "d",
        "lang": "en",
        "text": "Farms will sell more cheese abroad.",
        "labels": ["agro-food"],
    },
    {
        "id": "e",
        "lang": "ru",
        "text": "Развитие Северного морского пути.",
        "labels": ["transport-corridors"],
    },
    {
        "id": "f",
        "lang": "en",
        "text": "The coal plant and its water scarcity.",
        "labels": ["water-use"],
    },
    {
        "id": "g",
        "lang": "en",
        "text": "Logistics hub opens near the dry port.",
        "labels": ["strategy"],
    },
]


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in GOLD), encoding="utf-8"
    )
    return path


def test_counts_arithmetic():
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75 and counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_evaluation_counts_every_label(mini, gold_file):
    result = evaluate(read_gold(gold_file, mini), mini)
    transport = result.indicators.labels["transport-corridors"]
    assert (transport.tp, transport.fp, transport.fn) == (2, 0, 0)
    agro = result.indicators.labels["agro-food"]
    assert (agro.tp, agro.fp, agro.fn) == (1, 0, 1)  # "cheese abroad" is a miss
    resource = result.indicators.labels["resource-industries"]
    assert (resource.tp, resource.fp, resource.fn) == (0, 1, 0)  # "coal" in sentence f
    # Vector labels follow from indicator labels; a vector id is a label on its own.
    strategy = result.vectors.labels["strategy"]
    assert (strategy.tp, strategy.fp, strategy.fn) == (1, 1, 2)
    connectivity = result.vectors.labels["connectivity"]
    assert (connectivity.tp, connectivity.fp, connectivity.fn) == (2, 1, 0)  # g: logistics-hubs
    assert set(result.by_language) == {"en", "ru"}
    assert result.false_alarm_rate() == 0.0  # the museum sentence is vetoed by an exclusion


def test_gold_in_csv_and_tsv(mini, tmp_path):
    csv_path = tmp_path / "gold.csv"
    csv_path.write_text(
        'id,text,lang,labels\n1,"A dry port, finally.",en,logistics-hubs\n2,Nothing here.,en,\n',
        encoding="utf-8",
    )
    tsv_path = tmp_path / "gold.tsv"
    tsv_path.write_text(
        "text\tlanguage\tlabels\nA dry port.\ten\tlogistics-hubs;agro-food\n", encoding="utf-8"
    )
    assert [item.labels for item in read_gold(csv_path, mini)] == [
        frozenset({"logistics-hubs"}),
        frozenset(),
    ]
    assert read_gold(tsv_path, mini)[0].labels == frozenset({"logistics-hubs", "agro-food"})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"text": "x", "labels": ["no-such-id"]}',
            "line 1 has labels the rubric does not know: no-such-id",
        ),
        ('{"labels": []}', "line 1 has no text"),
        ("not json", "line 1 is not JSON"),
        ("", "holds no labelled sentences"),
    ],
)
def test_bad_gold_files(mini, tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        read_gold(path, mini)


def test_evaluate_command_table_and_json(tmp_path, gold_file):
    rubric = tmp_path / "mini.yaml"
    rubric.write_text(MINI_RUBRIC, encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", str(gold_file), "--rubric", str(rubric)])
    assert table.exit_code == 0, table.stderr
    assert "rubric mini 0.1 · sha256" in table.stdout
    assert "Per indicator and friction" in table.stdout
    assert "FP resource-industries: 'coal' ← 'coal'" in table.stdout
    assert "FN agro-food: nothing fired" in table.stdout
    data = json.loads(
        runner.invoke(
            app, ["evaluate", str(gold_file), "--rubric", str(rubric), "--format", "json"]
        ).stdout
    )
    assert data["rubric"]["name"] == "mini"
    assert data["indicators"]["labels"]["transport-corridors"]["f1"] == 1.0
    assert set(data["languages"]) == {"en", "ru"}
    assert {e["id"] for e in data["errors"]} == {"d", "f", "g"}


def test_evaluate_reports_a_bad_gold_file_with_exit_2(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "x", "labels": ["nope"]}', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 2 and str(path) in result.stderr and "nope" in result.stderr


def test_default_rubric_meets_its_accuracy_targets(rubric):
    # The project's own gold sets: no language may fall more than 0.02 below what rubric 1.1
    # scored (dev set: as tuned then; held-out set: re-labelled under INDICATORS.md, see
    # benchmarks/gold-heldout/RELABEL.md); the register set was written for rubric 2.x.
    from conftest import ROOT

    def by_language(*paths):
        gold = [item for path in paths for item in read_gold(ROOT / path, rubric)]
        result = evaluate(gold, rubric)
        return result, {lang: v.micro for lang, (v, _) in result.by_language.items()}

    dev, vectors = by_language(*(f"tests/data/gold/{lang}.jsonl" for lang in ("en", "ru", "zh")))
    for language, floor in {"en": 0.942, "ru": 0.942, "zh": 0.943}.items():
        assert vectors[language].f1 >= floor and vectors[language].precision >= 0.85, (
            language,
            vectors[language],
        )
        assert dev.false_alarm_rate(language) <= 0.05
    _, vectors = by_language("benchmarks/gold-heldout/heldout.jsonl")
    for language, floor in {"en": 0.813, "ru": 0.816, "zh": 0.846}.items():
        assert vectors[language].f1 >= floor, (language, vectors[language])
    register, vectors = by_language(
        *(f"tests/data/gold/register-{lang}.jsonl" for lang in ("en", "ru", "zh"))
    )
    for language, counts in vectors.items():
        assert counts.f1 >= 0.83, (language, counts)
    assert register.unrelated_false_alarm_rate()[0] <= 0.03


def test_spearman_with_ties():
    from northalign.evaluation.evaluate import spearman

    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # Ties share their average rank: ranks (1.5, 1.5, 3, 4) against (1, 2, 3, 4).
    assert spearman([0, 0, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486832980505138)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0  # no variation: undefined, reported as 0


def test_documents_are_profiled_and_compared_with_ratings(mini, tmp_path):
    from northalign.evaluation.evaluate import rating_agreement
    from northalign.evaluation.gold import GoldItem, read_ratings

    rows = {
        "rich.txt": ["The dairy industry and milk processing grow.", "Coal chemistry expands."],
        "thin.txt": ["Coal chemistry is mentioned once.", "Nothing else here."],
        "none.txt": ["A quiet town.", "Nothing here either."],
    }
    items = [
        GoldItem(f"{doc}:{n}", text, "en", frozenset(), n, doc)
        for doc, texts in rows.items()
        for n, text in enumerate(texts, 1)
    ]
    result = evaluate(items, mini)
    assert [p.document.path for p in result.documents] == list(rows)
    ratings_file = tmp_path / "ratings.tsv"
    ratings_file.write_text(
        "file\tstrategy\tconnectivity\nrich.txt\t3\t0\nthin.txt\t1\t0\nnone.txt\t0\t0\n"
    )
    ratings = read_ratings(ratings_file, mini)
    assert ratings["rich.txt"] == {"strategy": 3.0, "connectivity": 0.0}
    agreement = rating_agreement(result.documents, ratings)
    assert (agreement.documents, agreement.pairs) == (3, 6)
    assert agreement.by_vector["strategy"] == pytest.approx(1.0)
    # Every document is unlabelled, so every sentence is in an unrelated document.
    rate, count = result.unrelated_false_alarm_rate()
    assert count == 6 and rate == pytest.approx(3 / 6)


def test_indicator_and_friction_micro_apart(mini, gold_file):
    result = evaluate(read_gold(gold_file, mini), mini)
    indicators, frictions = result.micro(frictions=False), result.micro(frictions=True)
    assert indicators + frictions == result.indicators.micro
    assert frictions.support == 1  # sentence f is labelled water-use


def test_evaluate_command_with_split_and_ratings(mini, tmp_path):
    rubric = tmp_path / "mini.yaml"
    rubric.write_text(MINI_RUBRIC, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps({"doc": doc, "line": n, "lang": "en", "text": text, "labels": labels})
            for doc, n, text, labels in [
                ("a.txt", 1, "The dairy industry grows.", ["agro-food"]),
                ("a.txt", 2, "Coal chemistry too.", ["resource-industries"]),
                ("b.txt", 1, "A quiet town.", []),
            ]
        ),
        encoding="utf-8",
    )
    split = tmp_path / "split.tsv"
    split.write_text("document\tlanguage\tpart\na.txt\ten\ttest\nb.txt\ten\tdev\n")
    ratings = tmp_path / "ratings.tsv"
    ratings.write_text("file\tstrategy\ta.txt\t3\n".replace("\ta.txt", "\na.txt"))
    args = ["evaluate", str(gold), "--rubric", str(rubric), "--split", str(split)]
    runner = CliRunner()
    dev = json.loads(runner.invoke(app, [*args, "--part", "dev", "--format", "json"]).stdout)
    assert dev["sentences"] == 1 and dev["unrelated_documents"]["sentences"] == 1
    test = runner.invoke(app, [*args, "--part", "test", "--ratings", str(ratings)])
    assert test.exit_code == 0, test.stderr
    assert "2 sentences" in test.stdout and "indicators (micro)" in test.stdout
    assert "Ratings: Spearman's rho" in test.stdout
    missing = runner.invoke(app, [*args, "--part", "validation"])
    assert missing.exit_code == 2 and "has no document in part 'validation'" in missing.stderr
