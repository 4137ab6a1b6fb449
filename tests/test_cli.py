import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from northalign import __version__
from northalign.cli import app

from conftest import MINI_RUBRIC, POLICIES

IM = str(POLICIES / "inner-mongolia.md")
KE = str(POLICIES / "kemerovo.md")
NO = str(POLICIES / "novosibirsk.md")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100"})

    return invoke


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"northalign {__version__}\n"


def test_compare_table_report_on_stdout_only(run):
    result = run("compare", IM, KE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Overall alignment" in out
    for title in ("Coordination of economic strategies", "Connectivity", "science"):
        assert title.casefold() in out.casefold()
    assert "Shared priorities" in out and "Gaps" in out and "Frictions" in out
    assert f"{IM}:" in out  # evidence quoted as file:line


def test_compare_json_and_score_json(run):
    result = run("compare", IM, KE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == "2"
    assert set(data["alignment"]["vectors"]) == {"strategy", "connectivity", "science"}
    scored = json.loads(run("score", IM, NO, "--format", "json").stdout)
    assert [p["document"]["path"] for p in scored["profiles"]] == [IM, NO]


def test_output_is_deterministic(run):
    first = run("compare", IM, KE, "--format", "json").stdout
    second = run("compare", IM, KE, "--format", "json").stdout
    assert first == second
    assert run("compare", IM, KE).stdout == run("compare", IM, KE).stdout


def test_missing_file_exits_2_naming_it(run):
    result = run("compare", "no-such-file.md", KE)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no-such-file.md: no such file")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unsupported_format_and_binary_file(run, tmp_path):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    result = run("score", str(pdf))
    assert result.exit_code == 2 and str(pdf) in result.stderr
    binary = tmp_path / "plan.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = run("score", str(binary))
    assert result.exit_code == 2 and "not a text document" in result.stderr


def test_bad_rubric_exits_2_with_file_and_line(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI_RUBRIC.replace("    weight: 2", "    weight: -2"), encoding="utf-8")
    result = run("compare", IM, KE, "--rubric", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "weight" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_rubric_name(run):
    result = run("score", IM, "--rubric", "nonexistent")
    assert result.exit_code == 2
    assert "nonexistent" in result.stderr and "northern-cooperation" in result.stderr


def test_custom_rubric_by_path(run, tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_RUBRIC, encoding="utf-8")
    data = json.loads(run("score", KE, "--rubric", str(path), "--format", "json").stdout)
    assert data["rubric"]["name"] == "mini"


def test_output_file_is_written_and_stdout_stays_empty(run, tmp_path):
    target = tmp_path / "report.json"
    result = run("compare", IM, KE, "--format", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == "2"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left behind


def test_unwritable_output_fails_before_work(run, tmp_path):
    result = run("compare", IM, KE, "--output", str(tmp_path / "missing" / "r.txt"))
    assert result.exit_code == 2
    assert "missing" in result.stderr and "does not exist" in result.stderr
    result = run("compare", IM, KE, "--output", str(tmp_path))
    assert result.exit_code == 2


def test_fail_under_writes_report_then_exits_1(run):
    result = run("compare", IM, KE, "--format", "json", "--fail-under", "100")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["alignment"]["overall"] < 100
    assert "below --fail-under" in result.stderr
    # A document against itself: 100 before the evidence adjustment, 100 × 36 / 37 after.
    assert run("compare", IM, IM, "--fail-under", "95").exit_code == 0


def test_bad_option_value_is_a_usage_error(run):
    assert run("compare", IM, KE, "--format", "pdf").exit_code == 2
    assert run("compare", IM, KE, "--fail-under", "150").exit_code == 2
    assert run("compare", IM).exit_code == 2


def test_evidence_option_limits_quotes(run):
    none = run("compare", IM, KE, "--evidence", "0").stdout
    many = run("compare", IM, KE, "--evidence", "5").stdout
    assert none.count(f"{IM}:") == 0
    assert many.count(f"{IM}:") > run("compare", IM, KE, "--evidence", "1").stdout.count(f"{IM}:")


def test_internal_errors_exit_123_without_traceback(run, monkeypatch):
    import northalign.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(northalign.pipeline, "compare_paths", boom)
    result = run("compare", IM, KE)
    assert result.exit_code == 123
    assert "bug" in result.stderr and "Traceback" not in result.stderr


def test_python_dash_m_works():
    result = subprocess.run(
        [sys.executable, "-m", "northalign", "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"northalign {__version__}"


def test_core_does_not_import_cli_libraries():
    code = (
        "import sys, northalign.pipeline, northalign.score, northalign.match, northalign.ingest.load;"
        "from northalign.rubric import load_rubric;"
        "from northalign.pipeline import compare_paths;"
        f"compare_paths({IM!r}, {KE!r}, load_rubric());"
        "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_subpackage_is_installed():
    # A clean install must carry every subpackage (setuptools finds them by pattern).
    from pathlib import Path

    import northalign

    installed = Path(northalign.__file__).parent.parent
    source = Path(__file__).resolve().parent.parent / "northalign"
    for init in source.rglob("__init__.py"):
        package = init.parent.relative_to(source.parent)
        assert (installed / package / "__init__.py").is_file(), package
