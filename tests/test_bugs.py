"""Bugs a review found (issue 12), and the guards that keep them fixed.

Each test here failed before its fix; the last ones hold properties of the
whole project (the public API resolves, ``find`` and ``explain`` agree on the
corpus, output does not depend on Python's hash seed).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

import northalign
from northalign.cli import app
from northalign.ingest.load import load_document, parse_text
from northalign.match import Matcher
from northalign.model import DocumentInfo, Indicator, Rubric, Vector
from northalign.render import Format
from northalign.score import alignment_numbers, profile_from_evidence, score_vector

from conftest import HELDOUT, MINI_RUBRIC, POLICIES, ROOT

DATA = Path(__file__).resolve().parent / "data"
LEFT, RIGHT = str(DATA / "golden" / "left.md"), str(DATA / "golden" / "right.txt")


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})


def one_line_error(result) -> str:
    """The error a command printed: exactly one line on stderr, and nothing on stdout."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# The small rubric of the tests, and sentences labelled with its ids (in documents, so that
# splits and ratings apply): cheap to match, so the many runs below cost little.
GOLD = [
    ("a.md", "en", "A railway bridge over the Amur.", ["transport-corridors"]),
    ("a.md", "en", "Coal chemistry plants grow.", ["resource-industries"]),
    ("b.md", "en", "The dry port opens in May.", []),
    ("b.md", "en", "Dairy industry and coal.", ["agro-food"]),
    ("c.md", "ru", "Углехимия развивается, железная дорога строится.", ["resource-industries"]),
    ("d.md", "zh", "中蒙俄经济走廊建设。", ["transport-corridors"]),
]


@pytest.fixture(scope="module")
def mini_files(tmp_path_factory) -> tuple[str, str]:
    """The small rubric and its gold sentences, as files."""
    folder = tmp_path_factory.mktemp("mini")
    (folder / "mini.yaml").write_text(MINI_RUBRIC, encoding="utf-8")
    gold = "".join(
        json.dumps({"doc": doc, "lang": lang, "text": text, "labels": labels}) + "\n"
        for doc, lang, text, labels in GOLD
    )
    (folder / "gold.jsonl").write_text(gold, encoding="utf-8")
    return str(folder / "mini.yaml"), str(folder / "gold.jsonl")


# -- batch --sort with a rubric of its own -------------------------------------------------

# "science" is a vector of the default rubric but an indicator here: sorting by it
# once read the vector figures and failed with a KeyError (exit 123).
CUSTOM_RUBRIC = """\
name: custom
version: "1"
title: A rubric whose ids are not the default ones
source: written for northalign's tests
vectors:
  - id: economy
    title: Economy
    indicators:
      - id: science
        title: Science
        terms:
          en: [research institute, university]
      - id: coal
        title: Coal
        terms:
          en: [coal mining]
  - id: transport
    title: Transport
    indicators:
      - id: railways
        title: Railways
        terms:
          en: [railway]
"""

SORT_DOCUMENTS = {
    "a.md": "The university and the research institute work together.\n\n"
    "A railway links the towns. Coal mining goes on.\n",
    "b.md": "A railway and a second railway. Coal mining grows, and coal mining pays.\n",
    "c.md": "The university opens.\n",
}


@pytest.fixture(scope="module")
def sort_corpus(tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("sort")
    (folder / "custom.yaml").write_text(CUSTOM_RUBRIC, encoding="utf-8")
    for name, text in SORT_DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "custom.yaml", [str(folder / name) for name in SORT_DOCUMENTS]


@pytest.mark.parametrize("field", ["science", "coal", "railways", "economy", "transport"])
def test_batch_sorts_by_the_rubrics_own_ids(sort_corpus, field):
    rubric, documents = sort_corpus
    result = run(
        "batch", *documents, "-r", str(rubric), "--sort", field, "-f", "csv", "--indicators", "-j1"
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    values = [float(row[field]) for row in rows]
    assert values == sorted(values, reverse=True)
    assert len(set(values)) > 1  # the documents differ on every field: the order is real


def test_batch_refuses_an_unknown_sort_field_listing_the_valid_ones(sort_corpus):
    rubric, documents = sort_corpus
    error = one_line_error(run("batch", *documents, "-r", str(rubric), "--sort", "strategy"))
    assert "'strategy'" in error
    for field in ("overall", "left", "right", "economy", "transport", "science", "coal"):
        assert field in error


def test_sort_results_refuses_an_unknown_field_from_python(sort_corpus):
    from northalign.corpus.pairs import all_pairs
    from northalign.corpus.parallel import compare_pairs, profile_many, sort_results
    from northalign.errors import NorthalignError
    from northalign.rubric import load_rubric

    path, documents = sort_corpus
    rubric = load_rubric(path)
    scored = {item.path: item for item in profile_many(documents, rubric, jobs=1)}
    results = list(compare_pairs(all_pairs(documents), scored, rubric))
    ranked = sort_results(results, "science", rubric)
    science = [r.numbers.indicators["science"][0] for r in ranked]
    assert science == sorted(science, reverse=True)
    with pytest.raises(NorthalignError, match="cannot sort by 'connectivity'"):
        sort_results(results, "connectivity", rubric)


# -- the layout cache ------------------------------------------------------------------------


def vectors_in_code(indicators: int) -> tuple[Vector, ...]:
    return tuple(
        Vector(
            f"v{v}",
            f"Vector {v}",
            1.0,
            tuple(
                Indicator(f"v{v}-i{i}", f"Indicator {i}", f"v{v}", 1.0, ())
                for i in range(indicators)
            ),
        )
        for v in range(2)
    )


def rubric_in_code(vectors: tuple[Vector, ...]) -> Rubric:
    """A rubric built in Python, not parsed: no file, so no SHA-256 to tell two apart."""
    return Rubric(name="in-code", version="1", title="In code", source="tests", vectors=vectors)


def test_layouts_follow_the_rubric_not_its_address():
    document = DocumentInfo(path="d.md", title="D", language="en", segments=1, words=100)
    addresses = []
    rubric = None
    for _ in range(20):
        for size in (8, 3):
            vectors = vectors_in_code(size)
            del rubric  # the next rubric is then likely born at the same address
            rubric = rubric_in_code(vectors)
            addresses.append(id(rubric))
            scores = score_vector(profile_from_evidence(document, rubric, []), rubric)
            numbers = alignment_numbers(scores, scores, rubric)
            assert len(scores) == 2 * size
            assert set(numbers.indicators) == set(rubric.indicators)
    assert len(set(addresses)) < len(addresses)  # the case the test is about did happen


def test_the_layout_cache_lets_rubrics_go():
    import gc
    import weakref

    from northalign import score

    rubric = rubric_in_code(vectors_in_code(2))
    score_vector(profile_from_evidence(DocumentInfo("d", "D", "en", 1, 10), rubric, []), rubric)
    gone = weakref.ref(rubric)
    before = len(score._LAYOUTS)
    del rubric
    gc.collect()
    assert gone() is None
    assert len(score._LAYOUTS) == before - 1


# -- --dask honours --max-bytes and --cache-dir ------------------------------------------------


class FakeBag:
    """Just enough of a Dask bag: partitions are run here, in this process."""

    def __init__(self, items: list, npartitions: int) -> None:
        size = max(1, -(-len(items) // npartitions))
        self.partitions = [items[i : i + size] for i in range(0, len(items), size)]
        self.work: tuple | None = None

    def map_partitions(self, function, *args, **kwargs) -> FakeBag:
        self.work = (function, args, kwargs)
        return self

    def compute(self, scheduler=None) -> list:
        function, args, kwargs = self.work
        return [item for part in self.partitions for item in function(part, *args, **kwargs)]


@pytest.fixture
def fake_dask(monkeypatch):
    """Dask is an optional extra: the tests stand in for it, the cluster being this process."""

    class Client:
        def __init__(self, address, timeout=None) -> None:
            self.get = None

        def close(self) -> None:
            pass

    class LocalCluster:
        def __init__(self, **options) -> None:
            pass

        def close(self) -> None:
            pass

    dask = types.ModuleType("dask")
    bag = types.ModuleType("dask.bag")
    bag.from_sequence = lambda items, npartitions: FakeBag(list(items), npartitions)
    distributed = types.ModuleType("dask.distributed")
    distributed.Client, distributed.LocalCluster = Client, LocalCluster
    dask.bag, dask.distributed = bag, distributed
    for name, module in (("dask", dask), ("dask.bag", bag), ("dask.distributed", distributed)):
        monkeypatch.setitem(sys.modules, name, module)


def test_score_on_dask_honours_max_bytes(fake_dask, mini_files):
    options = ["-r", mini_files[0], "--dask", "tcp://scheduler:8786", "--max-bytes", "100"]
    result = run("score", LEFT, *options)
    assert result.exit_code == 2
    assert "over the limit of 100" in result.stderr


def test_score_and_batch_on_dask_use_the_cache(fake_dask, tmp_path, mini_files):
    cache, rubric = tmp_path / "cache", mini_files[0]
    options = ["-r", rubric, "--dask", "local", "--cache-dir", str(cache), "-f", "csv"]
    result = run("score", LEFT, *options)
    assert result.exit_code == 0, result.stderr
    assert len(list(cache.rglob("*.json"))) == 1
    result = run("batch", LEFT, RIGHT, *options)
    assert result.exit_code == 0, result.stderr
    assert len(list(cache.rglob("*.json"))) == 2


def test_dask_results_equal_local_ones(fake_dask, mini):
    from northalign.corpus.parallel import profile_many

    rubric = mini
    paths = [LEFT, RIGHT, str(DATA / "missing.md")]
    local = profile_many(paths, rubric, jobs=1, max_bytes=250)
    on_dask = profile_many(paths, rubric, dask="local", max_bytes=250)
    assert [(s.path, s.profile, s.error) for s in on_dask] == [
        (s.path, s.profile, s.error) for s in local
    ]
    assert "over the limit" in (local[0].error or "") and local[1].profile is not None


# -- formats a command accepts must be written, or refused --------------------------------------


def test_evaluate_writes_csv(mini_files):
    rubric, gold = mini_files
    data = json.loads(run("evaluate", gold, "-r", rubric, "-f", "json").stdout)
    result = run("evaluate", gold, "-r", rubric, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "level", "language", "label", "precision", "recall", "f1", "support", "tp", "fp", "fn",
    ]  # fmt: skip
    by_key = {(r["level"], r["language"], r["label"]): r for r in rows}
    for level, summary in (("vector", data["vectors"]), ("indicator", data["indicators"])):
        for label, counts in summary["labels"].items():
            row = by_key[(level, "all", label)]
            assert float(row["f1"]) == counts["f1"] and int(row["tp"]) == counts["tp"]
        assert float(by_key[(level, "all", "micro")]["recall"]) == summary["micro"]["recall"]
        assert float(by_key[(level, "all", "macro")]["f1"]) == summary["macro"]["f1"]
    assert set(data["languages"]) == {"en", "ru", "zh"}
    for language, figures in data["languages"].items():
        micro = by_key[("vector", language, "micro")]
        assert float(micro["precision"]) == figures["vectors"]["micro"]["precision"]
        assert (
            int(by_key[("indicator", language, "micro")]["fn"])
            == (figures["indicators"]["micro"]["fn"])
        )


def test_rubric_show_refuses_html():
    error = one_line_error(run("rubric", "show", "--format", "html"))
    assert "table or json" in error


# Each command, and the formats it really writes; any other value of --format must be refused.
COMMANDS = {
    "compare": (["compare", LEFT, RIGHT], set(Format)),
    "score": (["score", LEFT], set(Format)),
    "explain": (["explain", LEFT, "-i", "transport-corridors"], {Format.table, Format.json}),
    "rubric show": (["rubric", "show"], {Format.table, Format.json}),
    "evaluate": (["evaluate"], {Format.table, Format.json, Format.csv}),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_command_prints_a_table_for_another_format(command, mini_files):
    args, written = COMMANDS[command]
    rubric, gold = mini_files
    if command == "rubric show":
        args = [*args, rubric]
    else:
        args = [*args, *([gold] if command == "evaluate" else []), "-r", rubric]
    table = run(*args, "-f", "table")
    assert table.exit_code == 0, table.stderr
    for format in Format:
        if format is Format.table:
            continue
        result = run(*args, "-f", format.value)
        if format in written:
            assert result.exit_code == 0, (format, result.stderr)
            assert result.stdout != table.stdout, format
        else:
            error = one_line_error(result)
            assert all(f.value in error for f in written), error


# -- help that tells the truth ----------------------------------------------------------------


def help_of(*command: str) -> str:
    result = run(*command, "--help")
    assert result.exit_code == 0
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())


def test_jobs_help_states_each_commands_default():
    score, batch = help_of("score"), help_of("batch")
    assert "default: CPUs" not in score and "[default: 1]" in score
    assert "(default: one per CPU)" in batch


def test_dask_help_names_the_extra_to_install():
    for command in ("score", "batch"):
        assert "northalign[dask]" in help_of(command)


# -- where to report a bug ------------------------------------------------------------------


@pytest.fixture
def broken_compare(monkeypatch):
    import northalign.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(northalign.pipeline, "compare_paths", boom)


def test_a_bug_report_without_a_tracker_asks_for_the_debug_traceback(
    broken_compare, monkeypatch, mini_files
):
    from northalign.cli import common

    monkeypatch.setattr(common, "project_urls", list)
    result = run("compare", LEFT, RIGHT, "-r", mini_files[0])
    assert result.exit_code == 123
    message = result.stderr
    assert "RuntimeError: kaput" in message and "maintainers" in message
    assert "northalign --debug COMMAND" in message
    assert "http" not in message  # no invented address


def test_a_bug_report_names_the_tracker_the_package_declares(
    broken_compare, monkeypatch, mini_files
):
    from northalign.cli import common

    monkeypatch.setattr(
        common,
        "project_urls",
        lambda: ["Homepage, https://example.org/northalign", "Issues, https://example.org/issues"],
    )
    result = run("compare", LEFT, RIGHT, "-r", mini_files[0])
    assert result.exit_code == 123
    assert "https://example.org/issues" in result.stderr
    assert "https://example.org/northalign" not in result.stderr


# -- citations point at files that exist ------------------------------------------------------


def cited_documents(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w/.-])((?:[\w-]+/)*[\w.-]+\.md)\b", text))


def test_the_package_and_the_tests_cite_only_files_of_the_repository():
    cited: dict[str, set[str]] = {}
    for path in (ROOT / "northalign").rglob("*.py"):
        cited[str(path.relative_to(ROOT))] = cited_documents(path.read_text(encoding="utf-8"))
    for path in (ROOT / "tests").glob("*.py"):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        cited[str(path.relative_to(ROOT))] = cited_documents(docstring)
    missing = {
        f"{source}: {name}"
        for source, names in cited.items()
        for name in names
        if not (ROOT / name).is_file()
    }
    assert not missing


# -- the public API --------------------------------------------------------------------------


def test_every_public_name_resolves():
    for name in northalign.__all__:
        assert getattr(northalign, name) is not None, name


# -- find and explain agree on the whole corpus ------------------------------------------------


def corpus_documents() -> list[Path]:
    sources = ("SOURCES.md", "README.md")
    found = [*POLICIES.glob("*.md"), *HELDOUT.glob("*.md"), *(DATA / "unseen").glob("*.md")]
    found += [DATA / "golden" / "left.md", DATA / "golden" / "right.txt"]
    return sorted(path for path in found if path.name not in sources)


@pytest.fixture(scope="module")
def matcher(rubric) -> Matcher:
    return Matcher(rubric)


def all_owners(rubric: Rubric) -> set[str]:
    return {*rubric.indicators, *(friction.id for friction in rubric.frictions)}


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_find_and_explain_agree_on_the_corpus(path, matcher, rubric):
    document = load_document(path)
    explained, _rejected = matcher.explain(document, all_owners(rubric))
    assert explained == matcher.find(document)


@pytest.mark.parametrize("gold", sorted((DATA / "gold").glob("*.jsonl")), ids=lambda p: p.name)
def test_find_and_explain_agree_on_the_gold_sentences(gold, matcher, rubric):
    with gold.open(encoding="utf-8") as lines:
        sentences = [json.loads(line)["text"] for line in lines if line.strip()]
    document = parse_text("\n\n".join(sentences), gold.name)
    explained, _rejected = matcher.explain(document, all_owners(rubric))
    assert explained == matcher.find(document)


def test_the_corpus_gives_find_and_explain_plenty_to_agree_on(matcher):
    # Guards the two tests above against passing on an empty corpus.
    assert len(corpus_documents()) >= 20
    assert len(matcher.find(load_document(POLICIES / "kemerovo.ru.md"))) > 20


# -- determinism across hash seeds -----------------------------------------------------------


def test_json_reports_do_not_depend_on_the_hash_seed():
    commands = {
        "compare": ["compare", str(POLICIES / "amur.md"), str(POLICIES / "heilongjiang.zh.md")],
        "score": ["score", str(POLICIES / "buryatia.md"), str(POLICIES / "xinjiang.zh.md")],
    }
    running = {
        (name, seed): subprocess.Popen(
            [sys.executable, "-m", "northalign", *args, "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for name, args in commands.items()
        for seed in ("0", "12345")
    }
    outputs: dict[str, set[bytes]] = {name: set() for name in commands}
    for (name, _seed), process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        outputs[name].add(out)
    for name, seen in outputs.items():
        assert len(seen) == 1, name
        assert json.loads(next(iter(seen)))["rubric"]["name"] == "northern-cooperation"


# -- the library functions behind the thin commands ---------------------------------------------


def test_explain_paths_is_the_library_side_of_explain(rubric, matcher):
    paths = [POLICIES / "omsk.md", POLICIES / "kemerovo.md"]
    explanation = northalign.explain_paths(
        paths, rubric, indicators=["water-use"], vectors=["science", "science"]
    )
    science = [i.id for i in rubric.vectors[2].indicators]
    assert explanation.owners == ("water-use", *science)
    assert [side.label for side in explanation.sides] == ["A", "B"]
    for side, path in zip(explanation.sides, paths, strict=True):
        found = matcher.find(load_document(path))
        assert list(side.evidence) == [e for e in found if e.indicator in explanation.owners]
        assert side.rejected and side.path == str(path)


@pytest.mark.parametrize(
    ("indicators", "vectors", "message"),
    [((), (), "nothing to explain"), (("agro-food",), ("no-such-vector",), "no-such-vector")],
)
def test_explain_paths_refuses_what_it_cannot_explain(rubric, indicators, vectors, message):
    with pytest.raises(northalign.NorthalignError, match=message):
        northalign.explain_paths([LEFT], rubric, indicators=indicators, vectors=vectors)


def test_evaluate_files_reads_splits_and_ratings(tmp_path, mini, mini_files):
    from northalign.evaluation.evaluate import evaluate, evaluate_files
    from northalign.evaluation.gold import read_gold

    gold = mini_files[1]
    split = tmp_path / "split.tsv"
    split.write_text(
        "document\tlanguage\tpart\na.md\ten\tdev\nb.md\ten\ttest\nc.md\tru\tdev\n",
        encoding="utf-8",
    )
    ratings = tmp_path / "ratings.tsv"
    ratings.write_text(
        "document\tstrategy\tconnectivity\na.md\t3\t3\nc.md\t2\t1\n", encoding="utf-8"
    )
    whole, none = evaluate_files([gold], mini)
    assert none is None
    assert whole.judged == evaluate(read_gold(gold, mini), mini).judged
    dev, agreement = evaluate_files([gold], mini, split=split, part="dev", ratings=ratings)
    assert {j.item.document for j in dev.judged} == {"a.md", "c.md"}
    assert agreement is not None and (agreement.documents, agreement.pairs) == (2, 4)


def test_evaluate_csv_refuses_ratings_it_cannot_hold(tmp_path, mini_files):
    rubric, gold = mini_files
    ratings = tmp_path / "ratings.tsv"
    ratings.write_text("document\tstrategy\na.md\t3\n", encoding="utf-8")
    result = run("evaluate", gold, "-r", rubric, "-f", "csv", "--ratings", str(ratings))
    assert "--ratings" in one_line_error(result)
