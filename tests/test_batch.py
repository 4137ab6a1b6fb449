"""Batch: every input mode and format, resume, error rows, determinism, agreement with compare."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.corpus.pairs import all_pairs, cross_pairs, read_pairs_file
from northalign.corpus.parallel import compare_pairs, profile_many

from conftest import POLICIES

DOCS = [
    "inner-mongolia.md",
    "kemerovo.md",
    "novosibirsk.md",
    "amur.md",
    "omsk.md",
    "buryatia.md",
    "kemerovo.ru.md",
    "xinjiang.zh.md",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in DOCS:
        shutil.copy(POLICIES / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    return folder


def run(*args: str):
    return CliRunner().invoke(app, ["batch", *args, "--quiet"])


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_pair_planning():
    assert all_pairs(["a", "b", "c"]) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert cross_pairs(["a", "b"], ["b", "c"]) == [("a", "b"), ("a", "c"), ("b", "c")]


def test_eight_documents_and_a_broken_file(corpus):
    result = run(str(corpus), "--format", "jsonl")
    assert result.exit_code == 2
    assert f"error: {corpus / 'broken.pdf'}: " in result.stderr
    rows = jsonl(result.stdout)
    assert len(rows) == 36  # 9 documents, 8 readable: 28 scored pairs and 8 error rows
    scored = [r for r in rows if r["error"] is None]
    assert len(scored) == 28
    assert all(
        0 <= r["overall"] <= 100 and set(r["vectors"]) == {"strategy", "connectivity", "science"}
        for r in scored
    )
    assert all("broken.pdf" in r["error"] and r["overall"] is None for r in rows if r["error"])


def test_jobs_do_not_change_the_output(corpus):
    one = run(str(corpus), "--format", "csv", "--jobs", "1").stdout
    two = run(str(corpus), "--format", "csv", "--jobs", "2").stdout
    assert one == two and one.count("\n") == 37


def test_a_batch_pair_equals_compare(corpus):
    rows = jsonl(run(str(corpus), "--format", "jsonl").stdout)
    pair = next(
        r for r in rows if r["left"].endswith("kemerovo.md") and r["right"].endswith("omsk.md")
    )
    compared = CliRunner().invoke(app, ["compare", pair["left"], pair["right"], "--format", "json"])
    alignment = json.loads(compared.stdout)["alignment"]
    assert pair["overall"] == alignment["overall"]
    assert pair["vectors"] == alignment["vectors"]
    assert pair["indicators"] == alignment["indicators"]


def test_cross_product_and_pairs_file(corpus, tmp_path):
    result = run(
        "--left",
        str(corpus / "kemerovo.md"),
        "--left",
        str(corpus / "omsk.md"),
        "--right",
        str(corpus / "amur.md"),
        "--right",
        str(corpus / "buryatia.md"),
        "--format",
        "jsonl",
    )
    assert result.exit_code == 0
    assert [(Path(r["left"]).name, Path(r["right"]).name) for r in jsonl(result.stdout)] == [
        ("kemerovo.md", "amur.md"),
        ("kemerovo.md", "buryatia.md"),
        ("omsk.md", "amur.md"),
        ("omsk.md", "buryatia.md"),
    ]
    pairs_file = tmp_path / "pairs.csv"
    relative = Path("..") / corpus.name
    pairs_file.write_text(f"left,right\n{relative}/amur.md,{relative}/omsk.md\n", encoding="utf-8")
    assert read_pairs_file(pairs_file)[0][0].endswith("amur.md")
    moved = tmp_path / "sub"
    moved.mkdir()
    (moved / "pairs.yaml").write_text(
        f"- [../../{corpus.name}/amur.md, ../../{corpus.name}/omsk.md]\n", encoding="utf-8"
    )
    for path in (pairs_file, moved / "pairs.yaml"):
        result = run("--pairs", str(path), "--format", "jsonl")
        assert result.exit_code == 0, result.stderr
        assert len(jsonl(result.stdout)) == 1


def test_csv_options_sort_top_and_excel(corpus, tmp_path):
    out = tmp_path / "pairs.csv"
    result = run(
        str(corpus),
        "--format",
        "csv",
        "--indicators",
        "--excel",
        "--sort",
        "science",
        "--top",
        "5",
        "--output",
        str(out),
    )
    assert result.exit_code == 2  # the broken file still counts
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 and "research-base" in rows[0] and "error" in rows[0]
    science = [float(r["science"]) for r in rows]
    assert science == sorted(science, reverse=True)


def test_json_and_table(corpus):
    data = json.loads(run(str(corpus), "--format", "json").stdout)
    assert data["rubric"]["name"] == "northern-cooperation" and len(data["documents"]) == 9
    assert len(data["pairs"]) == 36
    table = run(str(corpus / "amur.md"), str(corpus / "omsk.md"), str(corpus / "kemerovo.md"))
    assert table.exit_code == 0
    assert "Overall alignment" in table.stdout and "rubric northern-cooperation" in table.stdout


def test_fail_under(corpus):
    docs = [str(corpus / "amur.md"), str(corpus / "omsk.md")]
    assert run(*docs, "--fail-under", "99").exit_code == 1
    assert run(*docs, "--fail-under", "1").exit_code == 0


def test_resume_after_a_cut_jsonl_file(corpus, tmp_path):
    out = tmp_path / "pairs.jsonl"
    run(str(corpus), "--format", "jsonl", "--output", str(out))
    full = out.read_bytes()
    out.write_bytes(full[: len(full) // 2])  # an interrupted run: the last line is cut
    result = run(str(corpus), "--format", "jsonl", "--output", str(out), "--resume")
    assert result.exit_code == 2
    rows = jsonl(out.read_text(encoding="utf-8"))
    keys = [(r["left"], r["right"]) for r in rows]
    assert len(keys) == len(set(keys)) == 36


def test_resume_csv_gives_the_same_file(corpus, tmp_path):
    out = tmp_path / "pairs.csv"
    run(str(corpus), "--format", "csv", "--output", str(out))
    complete = out.read_text(encoding="utf-8")
    out.write_text("\n".join(complete.splitlines()[:12]) + "\n", encoding="utf-8")
    run(str(corpus), "--format", "csv", "--output", str(out), "--resume")
    assert out.read_text(encoding="utf-8") == complete


def test_stored_profiles(corpus, tmp_path):
    profiles = tmp_path / "profiles.jsonl"
    docs = [str(corpus / name) for name in ("amur.md", "omsk.md", "kemerovo.ru.md")]
    CliRunner().invoke(app, ["score", *docs, "--format", "jsonl", "--output", str(profiles)])
    from_profiles = run("--profiles", str(profiles), "--format", "csv")
    from_documents = run(*docs, "--format", "csv")
    assert from_profiles.exit_code == 0 and from_profiles.stdout == from_documents.stdout
    csv_profiles = tmp_path / "profiles.csv"
    CliRunner().invoke(app, ["score", *docs, "--format", "csv", "--output", str(csv_profiles)])
    assert run("--profiles", str(csv_profiles), "--format", "csv").stdout == from_documents.stdout
    mixed = run("--profiles", str(profiles), "--rubric", "energy-transition")
    assert mixed.exit_code == 2 and "was scored with rubric northern-cooperation" in mixed.stderr


def test_bad_invocations(corpus, tmp_path):
    assert run(str(corpus / "amur.md")).exit_code == 2  # one document: no pairs
    assert run("--left", str(corpus / "amur.md")).exit_code == 2
    assert run(str(corpus), "--sort", "nonsense").exit_code == 2
    assert run(str(corpus), "--resume").exit_code == 2  # --resume needs --output
    assert run(str(corpus), "--output", str(tmp_path / "missing" / "x.csv")).exit_code == 2


def test_library_api(corpus, rubric):
    paths = [str(corpus / name) for name in ("amur.md", "omsk.md", "broken.pdf")]
    scored = {item.path: item for item in profile_many(paths, rubric, jobs=2)}
    assert scored[paths[2]].profile is None and "PDF" in scored[paths[2]].error
    results = list(compare_pairs(all_pairs(paths), scored, rubric))
    assert [r.error is None for r in results] == [True, False, False]
    assert 0 <= results[0].overall <= 100


def test_dask_local_cluster(corpus, rubric):
    pytest.importorskip("dask.distributed")
    from northalign.corpus.dask import profile_with_dask

    paths = [str(corpus / name) for name in ("amur.md", "omsk.md", "broken.pdf")]
    with_dask = profile_with_dask(paths, rubric, "local")
    local = profile_many(paths, rubric, jobs=1)
    assert [s.path for s in with_dask] == paths
    assert [s.profile.vectors if s.profile else s.error for s in with_dask] == [
        s.profile.vectors if s.profile else s.error for s in local
    ]


def test_profile_cache_is_reused_and_never_stale(corpus, tmp_path):
    cache = tmp_path / "cache"
    doc = tmp_path / "doc.md"
    doc.write_text((corpus / "amur.md").read_text(encoding="utf-8"), encoding="utf-8")
    args = ["score", str(doc), "--format", "csv", "--cache-dir", str(cache)]
    first = CliRunner().invoke(app, args).stdout
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 1
    assert CliRunner().invoke(app, args).stdout == first  # a hit gives the same bytes
    doc.write_text("Icebreakers on the Northern Sea Route.\n", encoding="utf-8")
    changed = CliRunner().invoke(app, args).stdout
    assert changed != first and len(list(cache.rglob("*.json"))) == 2  # new content, new entry
    other = CliRunner().invoke(
        app, [*args[:-2], "--rubric", "energy-transition", "--cache-dir", str(cache)]
    )
    assert "energy-transition" in other.stdout and len(list(cache.rglob("*.json"))) == 3
    entries[0].write_text("{broken", encoding="utf-8")  # a damaged entry is ignored
    doc.write_text((corpus / "amur.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert CliRunner().invoke(app, args).stdout == first


def test_folders_leave_out_readme_and_hidden_files(tmp_path):
    from northalign.corpus.pairs import expand_paths

    for name in ("a.md", "b.txt", "README.md", "SOURCES.md", ".hidden.md", "notes.csv"):
        (tmp_path / name).write_text("dry port", encoding="utf-8")
    assert [Path(p).name for p in expand_paths([tmp_path])] == ["a.md", "b.txt"]
    assert expand_paths([tmp_path / "README.md"]) == [str(tmp_path / "README.md")]  # named: kept
