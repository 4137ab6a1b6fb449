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


BLOCKS = readme_blocks.blocks(README)


@pytest.mark.parametrize(("command", "documented"), BLOCKS, ids=[c for c, _ in BLOCKS])
def test_documented_output_is_real(command, documented):
    # Compared line by line so a failure shows a readable diff.
    # If this fails after a deliberate change: python scripts/readme_blocks.py
    assert readme_blocks.run(command).splitlines() == documented.splitlines()


def test_every_command_is_toured_and_help_is_true():
    from typer.testing import CliRunner

    from northalign.cli import app

    tour = README.split("## A tour of the commands", 1)[1].split("## The scoring model", 1)[0]
    helps = ""
    for command in (
        ["compare"],
        ["score"],
        ["evaluate"],
        ["batch"],
        ["explain"],
        ["rubric", "list"],
        ["rubric", "show"],
        ["rubric", "validate"],
    ):
        assert f"$ northalign {' '.join(command)}" in README, command
        result = CliRunner().invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        helps += result.stdout
    # Options written as `--option …` in prose, and those on northalign command lines.
    documented = set(re.findall(r"`(--[a-z][a-z-]+)", tour))
    for line in re.findall(r"^\$? ?northalign [^\n]*", tour, re.MULTILINE):
        documented |= set(re.findall(r"--[a-z][a-z-]+", line))
    for option in documented - {"--help", "--version"}:
        assert option in helps, f"{option} is documented but no command has it"
    assert "--version" in CliRunner().invoke(app, ["--help"]).stdout
