"""The README is the front door: its commands and outputs must stay true."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import readme_blocks  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart() -> list[str]:
    section = README.split("## Quickstart", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.DOTALL).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quickstart_has_exactly_the_two_commands():
    install_and_compare, install_and_test = quickstart()
    assert "pip install ." in install_and_compare
    assert re.search(r"northalign compare policies/\S+\.md policies/\S+\.md$", install_and_compare)
    for path in re.findall(r"policies/\S+\.md", install_and_compare):
        assert (ROOT / path).is_file()
    assert "pip install '.[test]'" in install_and_test
    assert install_and_test.endswith("pytest")


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "ruff check" in ci


@pytest.mark.parametrize(
    ("command", "documented"),
    readme_blocks.blocks(README),
    ids=lambda v: v if v.startswith("northalign") else "",
)
def test_documented_output_is_real(command, documented):
    assert readme_blocks.run(command) == documented, (
        "README output is stale: run `python scripts/readme_blocks.py`"
    )


def test_every_command_is_toured_and_help_is_true():
    from typer.testing import CliRunner

    from northalign.cli import app

    for command in ("compare", "score"):
        assert f"$ northalign {command}" in README
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0
        for option in re.findall(r"--[a-z][a-z-]+", README):
            if option in ("--help", "--version", "--debug", "--upgrade"):
                continue
            assert (
                option
                in CliRunner().invoke(app, ["compare", "--help"]).stdout
                + CliRunner().invoke(app, ["score", "--help"]).stdout
            ), option
