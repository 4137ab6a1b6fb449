"""The README and docs/ must stay true: their commands, outputs, options, links and examples."""

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import doc_examples  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
PAGES = doc_examples.documented_files()
FENCE_RE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
HEADING_RE = re.compile(r"^(#{1,6}) +(.+?) *$", re.MULTILINE)
OPTION_RE = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def name_of(page: Path) -> str:
    return str(page.relative_to(ROOT))


# -- The front door ---------------------------------------------------------------------------


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


def test_the_readme_report_is_the_quickstart_compare():
    compare = quickstart()[0].rsplit("&& ", 1)[1]
    command, _ = doc_examples.blocks(README)[0]
    assert command == f"{compare} --evidence 1"
    assert "## A compare report" in README.split(command, 1)[0]


def test_readme_is_a_front_door():
    assert len(README.splitlines()) < 250


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "ruff check" in ci


# -- Documented output is real ----------------------------------------------------------------

BLOCKS = [
    (name_of(page), command, output)
    for page in PAGES
    for command, output in doc_examples.blocks(text_of(page))
]


@pytest.mark.parametrize(
    ("page", "command", "documented"), BLOCKS, ids=[f"{p}: {c}" for p, c, _ in BLOCKS]
)
def test_documented_output_is_real(page, command, documented):
    # Compared line by line so a failure shows a readable diff.
    # If this fails after a deliberate change: python scripts/doc_examples.py
    assert doc_examples.run(command).splitlines() == documented.splitlines()


# -- Every command and option is documented, and every documented option exists ----------------


def cli_tree():
    """{command path: its options (long and short)}, and the global options."""
    import typer.main

    from northalign.cli import app

    root = typer.main.get_command(app)
    leaves: dict[tuple[str, ...], set[str]] = {}

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
        else:
            leaves[path] = {o for p in command.params for o in getattr(p, "opts", [])} | {"--help"}

    walk(root, ())
    global_options = {o for p in root.params for o in p.opts} | {"--help"}
    return leaves, global_options


LEAVES, GLOBAL_OPTIONS = cli_tree()
ALL_OPTIONS = set().union(GLOBAL_OPTIONS, *LEAVES.values())


def section(text: str, title: str) -> str:
    """A heading's section: up to the next heading of the same or a higher level."""
    # Code blocks blanked, not removed, so positions in `outside` are positions in `text`.
    outside = FENCE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for match in HEADING_RE.finditer(outside):
        if match.group(2).strip("`") == title:
            level = len(match.group(1))
            after = match.end()
            for later in HEADING_RE.finditer(outside, after):
                if len(later.group(1)) <= level:
                    return text[after : later.start()]
            return text[after:]
    raise AssertionError(f"docs/commands.md has no heading {title!r}")


@pytest.mark.parametrize("path", sorted(LEAVES), ids=[" ".join(p) for p in sorted(LEAVES)])
def test_every_command_and_option_is_documented(path):
    from typer.testing import CliRunner

    from northalign.cli import app

    name = " ".join(path)
    assert CliRunner().invoke(app, [*path, "--help"]).exit_code == 0
    # A subcommand may be written without the program's name (`rubric show`).
    prefix = "northalign " if len(path) == 1 else "(northalign )?"
    assert re.search(rf"`{prefix}{re.escape(name)}\b", README), f"README: no line for {name}"
    body = section(COMMANDS, f"northalign {name}")
    for option in sorted(o for o in LEAVES[path] if o.startswith("--") and o != "--help"):
        described = re.search(rf"`{re.escape(option)}(?![\w-])", body)
        assert described, f"docs/commands.md: {name} does not describe {option}"


def test_global_options_are_documented():
    body = section(COMMANDS, "Global options")
    for option in GLOBAL_OPTIONS:
        assert f"`{option}`" in body


def command_lines(text: str):
    """Every northalign command line written in a page: in code blocks and in inline code."""
    for block in FENCE_RE.findall(text):
        for line in block.splitlines():
            line = line.removeprefix("$ ").strip()
            if line.startswith("northalign "):
                yield line
    for span in re.findall(r"`([^`]+)`", FENCE_RE.sub("", text)):
        span = " ".join(span.split())
        if span.startswith("northalign ") or span.split(" ")[0] in {p[0] for p in LEAVES}:
            yield span


def options_of(line: str) -> tuple[str, set[str]]:
    """The command a line runs and the options it may use; unknown commands may use any."""
    words = [w for w in line.split("|")[0].split() if w not in GLOBAL_OPTIONS]
    if words and words[0] == "northalign":
        words = words[1:]
    for length in (2, 1):
        if tuple(words[:length]) in LEAVES:
            return " ".join(words[:length]), LEAVES[tuple(words[:length])] | GLOBAL_OPTIONS
    return "?", ALL_OPTIONS


@pytest.mark.parametrize("page", PAGES, ids=[name_of(p) for p in PAGES])
def test_documented_command_lines_use_real_options(page):
    for line in command_lines(text_of(page)):
        command, known = options_of(line)
        for option in OPTION_RE.findall(line.split("|")[0]):
            assert option in known, f"{name_of(page)}: `{line}`: {command} has no {option}"


def test_options_in_the_command_reference_exist():
    # In a command's section, `--option` alone means that command's option.
    outside = FENCE_RE.sub("", COMMANDS)
    for path, options in LEAVES.items():
        body = section(outside, f"northalign {' '.join(path)}")
        for span in re.findall(r"`(--[a-z][^`]*)`", body):
            option = OPTION_RE.match(span).group(0)
            assert option in options, f"docs/commands.md: {' '.join(path)} has no {option}"


# -- Links ------------------------------------------------------------------------------------


def github_slug(heading: str) -> str:
    text = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def mkdocs_slug(heading: str) -> str:
    # Python-Markdown's toc.slugify, as mkdocs uses it.
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: Path) -> tuple[set[str], set[str]]:
    headings = [m.group(2) for m in HEADING_RE.finditer(FENCE_RE.sub("", text_of(page)))]
    return {github_slug(h) for h in headings}, {mkdocs_slug(h) for h in headings}


LINKS = [
    (page, target)
    for page in PAGES
    for target in dict.fromkeys(re.findall(r"\]\(([^)\s]+)\)", FENCE_RE.sub("", text_of(page))))
    if not re.match(r"[a-z]+:", target)
]


@pytest.mark.parametrize(("page", "target"), LINKS, ids=[f"{name_of(p)} -> {t}" for p, t in LINKS])
def test_relative_links_resolve(page, target):
    path, _, anchor = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    assert destination.exists(), f"{name_of(page)}: {target} does not exist"
    if anchor:
        on_github, on_the_site = anchors(destination)
        # The same anchor must work on GitHub and on the mkdocs site.
        assert anchor in on_github and anchor in on_the_site, f"{name_of(page)}: {target}"


# -- Examples that are code, and the site -----------------------------------------------------

PYTHON_EXAMPLES = [
    (page, block)
    for page in PAGES
    for block in re.findall(r"```python\n(.*?)```", text_of(page), re.DOTALL)
]


@pytest.mark.parametrize(
    ("page", "code"),
    PYTHON_EXAMPLES,
    ids=[f"{name_of(p)}:{i}" for i, (p, _) in enumerate(PYTHON_EXAMPLES)],
)
def test_python_examples_run(page, code, monkeypatch):
    if "import dask" in code:
        pytest.importorskip("dask.bag")
    monkeypatch.chdir(ROOT)
    exec(compile(code, name_of(page), "exec"), {"__name__": "example"})


def test_the_documented_rubric_format_is_a_valid_rubric():
    from northalign.rubric import parse_rubric

    guide = section(text_of(ROOT / "docs" / "writing-a-rubric.md"), "The format")
    block = re.search(r"```yaml\n(.*?)```", guide, re.DOTALL).group(1)
    rubric = parse_rubric(block, "docs/writing-a-rubric.md")
    assert rubric.complements and rubric.frictions and rubric.contexts


def test_every_page_is_on_the_site():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = {next(iter(entry.values())) for entry in config["nav"]}
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert pages <= nav
    assert "json.md" in nav


def test_the_site_builds(tmp_path):
    pytest.importorskip("mkdocs")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "commands" / "index.html").is_file()
