"""The folder layout is the architecture: the core never imports an edge.

Every import of every module is read from its source (the ones inside
functions too, which lazy imports use), so a violation cannot hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "northalign"

#: Pure code: strings and dataclasses in, numbers and dataclasses out.
CORE = (
    "northalign.model",
    "northalign.text",
    "northalign.match",
    "northalign.score",
    "northalign.learning.features",
    "northalign.learning.classifier",
    "northalign.learning.lanes",
)
#: What the core may import beyond the standard library.
CORE_MAY_IMPORT = (
    *CORE,
    "northalign.errors",
    "rapidfuzz",
    "snowballstemmer",
    "Stemmer",
    "opencc",
)
#: Third-party packages of the edges: the terminal, the command line, file formats.
EDGE_PACKAGES = ("typer", "click", "rich", "yaml", "pypdf", "docx", "bs4", "charset_normalizer")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from northalign import x` imports the module northalign.x when there is one.
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if node.module == "northalign" and _exists(f"northalign.{alias.name}")
            )
    return found


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative).is_dir()


MODULES = {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in prefixes)


def _third_party_or_own(name: str) -> bool:
    import sys

    return name.split(".")[0] not in sys.stdlib_module_names


def test_the_layout_is_read():
    assert "northalign.match" in MODULES and "northalign.cli.app" in MODULES
    assert "northalign.text.normalize" in MODULES["northalign.match"]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _within(m, CORE)))
def test_core_imports_only_core(module):
    outside = sorted(
        name
        for name in MODULES[module]
        if _third_party_or_own(name) and name != "__future__" and not _within(name, CORE_MAY_IMPORT)
    )
    assert not outside, f"{module} imports {outside}: the core must stay free of edges"


@pytest.mark.parametrize(
    ("edge", "allowed_in"),
    [
        ("typer", ("northalign.cli",)),
        ("click", ("northalign.cli",)),
        ("northalign.cli", ("northalign.cli", "northalign.__main__")),
        ("rich", ("northalign.cli", "northalign.render")),
        ("northalign.render", ("northalign.cli", "northalign.render")),
        ("yaml", ("northalign.rubric", "northalign.corpus.pairs")),
    ],
)
def test_edges_stay_at_the_edge(edge, allowed_in):
    users = sorted(
        module
        for module, names in MODULES.items()
        if not _within(module, allowed_in) and any(_within(name, (edge,)) for name in names)
    )
    assert not users, f"{edge} is imported outside {allowed_in}: {users}"


def test_the_check_can_fail():
    """A module importing rich would be caught: the rule reads real imports."""
    assert _within("rich.console", ("rich",)) and not _within("richer", ("rich",))
    assert _third_party_or_own("typer") and not _third_party_or_own("json")
