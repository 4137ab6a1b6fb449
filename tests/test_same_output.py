"""A fresh run, a run from the profile cache and a run from stored profiles print the
same bytes, in every batch format: profiles keep their scores as JSON and CSV store them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from northalign.cli import app

DOCUMENTS = ["policies/amur.md", "policies/omsk.md", "policies/kemerovo.ru.md"]


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("stored")
    paths = {"jsonl": str(folder / "profiles.jsonl"), "csv": str(folder / "profiles.csv")}
    for kind, path in paths.items():
        run("score", *DOCUMENTS, "--format", kind, "--output", path)
    return {**paths, "cache": str(folder / "cache")}


@pytest.mark.parametrize("form", ["json", "jsonl", "csv", "table", "markdown", "html"])
def test_fresh_cached_and_stored_runs_print_the_same(form, stored, monkeypatch):
    monkeypatch.chdir(__import__("pathlib").Path(__file__).resolve().parents[1])
    fresh = run("batch", *DOCUMENTS, "--format", form)
    run("batch", *DOCUMENTS, "--format", form, "--cache-dir", stored["cache"])  # fills it
    assert run("batch", *DOCUMENTS, "--format", form, "--cache-dir", stored["cache"]) == fresh
    assert run("batch", "--profiles", stored["jsonl"], "--format", form) == fresh
    if form in ("csv", "table"):  # a profile CSV holds scores only: no evidence to show
        assert run("batch", "--profiles", stored["csv"], "--format", form) == fresh


def test_a_profile_csv_without_evidence_counts_is_refused(stored, tmp_path):
    """An older CSV has no quote counts: read as zero, every pair would read as thin."""
    import csv
    from pathlib import Path

    with Path(stored["csv"]).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    old = tmp_path / "old.csv"
    columns = [c for c in rows[0] if c != "quotes" and not c.endswith(".quotes")]
    with old.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    result = CliRunner().invoke(app, ["batch", "--profiles", str(old)])
    assert result.exit_code == 2
    assert (
        "without evidence counts" in result.stderr and "score the documents again" in result.stderr
    )
