"""Keep the documentation's example output true: regenerate it, or check it (used by the tests).

Every fenced ``console`` block in README.md, CONTRIBUTING.md and docs/*.md
whose first line is ``$ northalign ...`` (optionally piped into
``head -n N``) holds the real output of that command, run from the
repository root at 100 columns without colour. ``python
scripts/doc_examples.py`` rewrites the blocks after a change;
``tests/test_docs.py`` fails when they drift.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK_RE = re.compile(r"```console\n\$ (northalign [^\n]*)\n(.*?)```", re.DOTALL)
HEAD_RE = re.compile(r"\s*\|\s*head -n (\d+)\s*$")


def documented_files() -> list[Path]:
    """Every page a reader may follow: the front door, the contributors' guide, the docs."""
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [page for page in pages if page.is_file()]


@contextmanager
def _in_root() -> Iterator[None]:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def run(command: str) -> str:
    """The output of one documented command line, as a reader would see it."""
    from typer.testing import CliRunner

    from northalign.cli import app

    head = HEAD_RE.search(command)
    line = command[: head.start()] if head else command
    args = shlex.split(line)[1:]
    with _in_root():
        result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100"})
    output = result.stdout + result.stderr
    if head:
        output = "".join(output.splitlines(keepends=True)[: int(head.group(1))])
    if result.exit_code:
        output += f"[exit code {result.exit_code}]\n"
    return output


def blocks(text: str) -> list[tuple[str, str]]:
    """(command, documented output) for each console block."""
    return [(match.group(1), match.group(2)) for match in BLOCK_RE.finditer(text)]


def updated(text: str) -> str:
    return BLOCK_RE.sub(lambda m: f"```console\n$ {m.group(1)}\n{run(m.group(1))}```", text)


if __name__ == "__main__":
    os.environ["NO_COLOR"] = "1"
    os.environ["COLUMNS"] = "100"
    for page in documented_files():
        new = updated(page.read_text(encoding="utf-8"))
        page.write_text(new, encoding="utf-8")
        sys.stdout.write(f"updated {len(blocks(new))} blocks in {page.relative_to(ROOT)}\n")
