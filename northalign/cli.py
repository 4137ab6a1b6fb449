"""The ``northalign`` command: parse options, call the library, render, map errors to exit codes."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from northalign import __version__
from northalign.errors import ExitStatus, NorthalignError
from northalign.render import Format

if TYPE_CHECKING:
    from rich.console import Console  # imported lazily at run time: --help stays fast

    from northalign.models import Profile

ISSUES_URL = "the project's issue tracker"

app = typer.Typer(
    name="northalign",
    help=(
        "Check how well regional strategy documents line up for Russia–China–Mongolia "
        "Northern cooperation, with quoted evidence for every score."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}

RubricOption = Annotated[
    str,
    typer.Option(
        "--rubric",
        "-r",
        help="A bundled rubric's name or a path to a rubric YAML file.",
        metavar="NAME|PATH",
        show_default=True,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="Report format.", case_sensitive=False, metavar="|".join(Format)
    ),
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file (atomically) instead of standard output.",
        metavar="FILE",
        dir_okay=False,
    ),
]
JobsOption = Annotated[
    Optional[int],  # noqa: UP045 - see OutputOption
    typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes (default: CPUs)."),
]
DaskOption = Annotated[
    Optional[str],  # noqa: UP045 - see OutputOption
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Profile on a Dask cluster (tcp://host:8786, or 'local'); needs northalign[dask].",
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="N",
        help="Refuse a document larger than N bytes (default 256 MB).",
    ),
]
CacheOption = Annotated[
    Optional[str],  # noqa: UP045 - see OutputOption
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Reuse profiles from this on-disk cache ('auto': the user cache folder).",
    ),
]


def _cache_dir(value: str | None) -> str | None:
    if value == "auto":
        from northalign.cache import default_cache_dir

        return str(default_cache_dir())
    return value


EvidenceOption = Annotated[
    int,
    typer.Option(
        "--evidence", "-e", min=0, metavar="N", help="Evidence quotes per item in the table report."
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"northalign {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when northalign itself fails.")
    ] = False,
) -> None:
    _state["debug"] = debug


def _error(message: str) -> None:
    sys.stderr.write(f"Error: {message}\n")


@contextmanager
def _handled() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and the right exit code."""
    try:
        yield
    except NorthalignError as error:
        _error(error.one_line())
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        raise typer.Exit(ExitStatus.INTERRUPTED) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # a bug: apologise, never dump a traceback on the user
        if _state["debug"]:
            traceback.print_exc()
        _error(
            f"northalign {__version__} failed unexpectedly ({type(error).__name__}: {error}). "
            f"This is a bug — please report it to {ISSUES_URL} with the command you ran "
            "(add --debug for the traceback)."
        )
        raise typer.Exit(ExitStatus.INTERNAL_ERROR) from None


def _warn(profiles: list[Profile]) -> None:
    """Things the reader should know about a document: on stderr, before the report."""
    for profile in profiles:
        for warning in profile.document.warnings:
            sys.stderr.write(f"warning: {profile.document.path}: {warning}\n")


def _command_line() -> str:
    """The command as typed, for reports that record how to reproduce them."""
    import shlex

    return " ".join(["northalign", *(shlex.quote(arg) for arg in sys.argv[1:])])


def _emit(text: str, output: Path | None) -> None:
    from northalign.output import write_atomic

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
        sys.stderr.write(f"Wrote {output}\n")


def _console(output: Path | None, format: Format) -> Console | None:
    if format is not Format.table:
        return None
    from rich.console import Console

    from northalign.render.table import plain_console

    return plain_console() if output is not None else Console(highlight=False)


@app.command()
def compare(
    left: Annotated[
        Path, typer.Argument(help="First strategy document (A).", metavar="A", show_default=False)
    ],
    right: Annotated[
        Path, typer.Argument(help="Second strategy document (B).", metavar="B", show_default=False)
    ],
    rubric: RubricOption = "northern-cooperation",
    format: FormatOption = Format.table,
    output: OutputOption = None,
    evidence: EvidenceOption = 3,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
    fail_under: Annotated[
        Optional[float],  # noqa: UP045 - see OutputOption
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="SCORE",
            help="Exit with status 1 if the overall alignment is below this score (0–100).",
        ),
    ] = None,
) -> None:
    """Compare two strategy documents, with quoted evidence for every figure.

    Reports the overall alignment, each vector and indicator for both sides,
    shared priorities, complements, gaps and frictions.

    Example: northalign compare policies/inner-mongolia.md policies/kemerovo.md
    """
    with _handled():
        from northalign.output import check_writable
        from northalign.pipeline import compare_paths
        from northalign.render import render_comparison
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        comparison = compare_paths(left, right, loaded, max_bytes=max_bytes)
        _warn([comparison.left, comparison.right])
        text = render_comparison(
            comparison,
            loaded,
            format=format,
            evidence=evidence,
            console=_console(output, format),
            command=_command_line(),
        )
        _emit(text, output)
    if fail_under is not None and comparison.overall < fail_under:
        sys.stderr.write(
            f"Overall alignment {comparison.overall:.1f} is below --fail-under {fail_under:g}.\n"
        )
        raise typer.Exit(ExitStatus.BELOW_THRESHOLD)


@app.command()
def score(
    files: Annotated[
        list[Path],
        typer.Argument(help="Strategy documents to score.", metavar="FILE...", show_default=False),
    ],
    rubric: RubricOption = "northern-cooperation",
    format: FormatOption = Format.table,
    output: OutputOption = None,
    evidence: EvidenceOption = 0,
    jobs: JobsOption = 1,
    dask: DaskOption = None,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
    cache_dir: CacheOption = None,
) -> None:
    """Score each document on every vector and indicator of the rubric.

    Shows each score with its number of hits and the terms that matched most.
    A document that cannot be read is reported on stderr; the others are still
    scored and written, and the exit status is 2.

    Example: northalign score policies/novosibirsk.md --format json
    """
    with _handled():
        from northalign.batch import profile_many
        from northalign.output import check_writable
        from northalign.render import render_profiles
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        paths = [str(path) for path in files]
        if dask:
            from northalign.distributed import profile_with_dask

            scored = profile_with_dask(paths, loaded, dask)
        else:
            # Standard input can only be read by this process.
            scored = profile_many(
                paths,
                loaded,
                jobs=1 if "-" in paths else jobs,
                max_bytes=max_bytes,
                cache_dir=_cache_dir(cache_dir),
            )
        profiles = [item.profile for item in scored if item.profile is not None]
        for item in scored:
            if item.profile is None:
                shown = "<stdin>" if item.path == "-" else item.path
                _error(f"{shown}: {item.error}")
        _warn(profiles)
        if profiles:
            text = render_profiles(
                profiles,
                loaded,
                format=format,
                evidence=evidence,
                console=_console(output, format),
                command=_command_line(),
            )
            _emit(text, output)
    if len(profiles) < len(scored):
        raise typer.Exit(ExitStatus.BAD_INPUT)


@app.command()
def explain(
    files: Annotated[
        list[Path],
        typer.Argument(help="One or two documents (A, B).", metavar="A [B]", show_default=False),
    ],
    indicator: Annotated[
        Optional[list[str]],  # noqa: UP045 - see OutputOption
        typer.Option("--indicator", "-i", metavar="ID", help="Indicator or friction id (repeat)."),
    ] = None,
    vector: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--vector", "-v", metavar="ID", help="Every indicator of a vector (repeat)."),
    ] = None,
    rubric: RubricOption = "northern-cooperation",
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table or json.", metavar="table|json")
    ] = Format.table,
    output: OutputOption = None,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
) -> None:
    """Show every piece of evidence for an indicator on both sides, and what did not count.

    For each document: the term, the matched text, its similarity and file:line;
    then the near-matches that did not count and why (below a threshold,
    excluded, missing context, overlapped by a longer match).

    Example: northalign explain policies/omsk.md policies/kemerovo.md -i resource-industries
    """
    with _handled():
        from northalign.errors import NorthalignError
        from northalign.load import load_document
        from northalign.match import Matcher
        from northalign.output import check_writable
        from northalign.render.explain import Explained, explain_json, explain_text
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        if not 1 <= len(files) <= 2:
            raise NorthalignError("explain takes one or two documents")
        loaded = load_rubric(rubric)
        known = {*loaded.indicators, *(f.id for f in loaded.frictions)}
        vectors = {v.id: [i.id for i in v.indicators] for v in loaded.vectors}
        owners = list(
            dict.fromkeys(
                [*(indicator or []), *(i for v in vector or [] for i in vectors.get(v, [v]))]
            )
        )
        unknown = [o for o in owners if o not in known]
        if not owners or unknown:
            raise NorthalignError(
                f"unknown indicator or vector: {', '.join(unknown)}"
                if unknown
                else "nothing to explain",
                hint="give --indicator ID or --vector ID (see: northalign rubric show)",
            )
        if format not in (Format.table, Format.json):
            raise NorthalignError("explain writes table or json")
        matcher = Matcher(loaded)
        sides = []
        for label, path in zip("AB", files, strict=False):
            document = load_document(path, max_bytes=max_bytes)
            evidence, rejected = matcher.explain(document, set(owners))
            sides.append(Explained(label, document.path, document.title, evidence, rejected))
        if format is Format.json:
            text = explain_json(sides, owners, loaded)
        else:
            text = explain_text(sides, owners, loaded, _console(output, Format.table))
        _emit(text, output)


class BatchFormat(str, Enum):
    """Output formats of ``batch``."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command()
def batch(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - see OutputOption
        typer.Argument(
            help="Documents or folders: every unordered pair among them.",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    left: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option("--left", help="Left side of a cross product (repeat).", metavar="PATH"),
    ] = None,
    right: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option("--right", help="Right side of a cross product (repeat).", metavar="PATH"),
    ] = None,
    pairs: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--pairs", help="CSV or YAML of explicit pairs (paths relative to it).", metavar="FILE"
        ),
    ] = None,
    profiles: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--profiles",
            help="Stored profiles (from score --format jsonl|csv) instead of documents (repeat).",
            metavar="FILE",
        ),
    ] = None,
    rubric: RubricOption = "northern-cooperation",
    format: Annotated[
        BatchFormat,
        typer.Option("--format", "-f", help="Output format.", metavar="|".join(BatchFormat)),
    ] = BatchFormat.table,
    output: OutputOption = None,
    indicators: Annotated[
        bool, typer.Option("--indicators", help="CSV: a column per indicator.")
    ] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV: add a BOM so Excel shows Cyrillic and Chinese.")
    ] = False,
    top: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--top", min=1, metavar="N", help="Keep the N first pairs after sorting."),
    ] = None,
    sort: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--sort",
            metavar="FIELD",
            help="overall, a vector or indicator id (descending), left or right.",
        ),
    ] = None,
    fail_under: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--fail-under", min=0, max=100, metavar="SCORE", help="Exit 1 if any pair is below."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Keep the pairs an earlier run wrote to --output."),
    ] = False,
    jobs: JobsOption = None,
    dask: DaskOption = None,
    max_bytes: MaxBytesOption = 256 * 1024 * 1024,
    cache_dir: CacheOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Score every pair of many documents: all pairs, a cross product, or a list.

    Each document is read and matched once, in parallel; pairs come from the
    profiles. Unreadable documents become error rows and exit status 2 at the end.

    Example: northalign batch policies/ --format csv --output pairs.csv
    """
    with _handled():
        from northalign.batch_run import BatchRequest, run_batch

        status = run_batch(
            BatchRequest(
                paths=[str(p) for p in paths or []],
                left=[str(p) for p in left or []],
                right=[str(p) for p in right or []],
                pairs=str(pairs) if pairs else None,
                profiles=[str(p) for p in profiles or []],
                rubric=rubric,
                format=format.value,
                output=str(output) if output else None,
                indicators=indicators,
                excel=excel,
                top=top,
                sort=sort,
                fail_under=fail_under,
                resume=resume,
                jobs=jobs,
                dask=dask,
                max_bytes=max_bytes,
                cache_dir=_cache_dir(cache_dir),
                quiet=quiet,
                command=_command_line(),
            )
        )
    if status:
        raise typer.Exit(status)


rubric_app = typer.Typer(
    name="rubric",
    help="List, inspect and validate rubrics.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(rubric_app, name="rubric")


@rubric_app.command("list")
def rubric_list() -> None:
    """List the rubrics bundled with northalign.

    Example: northalign rubric list
    """
    with _handled():
        from northalign.render.rubric import rubric_list_text
        from northalign.rubric import bundled_rubrics, load_rubric

        rubrics = [load_rubric(name) for name in bundled_rubrics()]
        _emit(rubric_list_text(rubrics, _console(None, Format.table)), None)


@rubric_app.command("show")
def rubric_show(
    rubric: Annotated[
        str,
        typer.Argument(help="A bundled rubric's name or a path.", metavar="NAME|PATH"),
    ] = "northern-cooperation",
    format: FormatOption = Format.table,
) -> None:
    """Show a rubric's vectors and indicators with their term counts per language.

    Example: northalign rubric show northern-cooperation --format json
    """
    with _handled():
        from northalign.render.rubric import rubric_json, rubric_text
        from northalign.rubric import load_rubric

        loaded = load_rubric(rubric)
        if format is Format.json:
            _emit(rubric_json(loaded), None)
        else:
            _emit(rubric_text(loaded, _console(None, format)), None)


@rubric_app.command("validate")
def rubric_validate(
    path: Annotated[
        str, typer.Argument(help="A rubric YAML file (or a bundled name).", metavar="PATH")
    ],
    notes: Annotated[
        bool,
        typer.Option(
            "--notes",
            help="Also list the notes: shorter terms that a longer term of another indicator "
            "hides where both match (longest match wins, by design).",
        ),
    ] = False,
) -> None:
    """Check a rubric and report every error and warning at once, with file:line.

    Exits 2 when there are errors; warnings (duplicated or vetoed terms, terms
    without words, unused context lists, rules that cannot fire in a language)
    do not fail validation.

    Example: northalign rubric validate rubrics/northern-cooperation.yaml
    """
    from northalign.errors import RubricError
    from northalign.render.rubric import validation_text
    from northalign.rubric import lint, load_rubric

    try:
        loaded = load_rubric(path)
    except RubricError as error:
        problems = list(error.problems) or [error.one_line()]
        sys.stdout.write(validation_text(path, problems, []))
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    with _handled():
        found = [*loaded.warnings, *lint(loaded)]
        sys.stdout.write(validation_text(path, [], found, notes=notes))


@app.command()
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold sentences: CSV, TSV or JSONL files with text, lang and labels.",
            metavar="GOLD...",
            show_default=False,
        ),
    ],
    rubric: RubricOption = "northern-cooperation",
    format: FormatOption = Format.table,
    output: OutputOption = None,
    errors: Annotated[
        int,
        typer.Option(
            "--errors", min=0, metavar="N", help="List up to N sentences the rubric got wrong."
        ),
    ] = 20,
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
            metavar="FILE",
            help="A split file (TSV: document, language, part): keep only the documents of --part.",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str, typer.Option("--part", metavar="NAME", help="The part of --split to evaluate.")
    ] = "dev",
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings",
            metavar="FILE",
            help="Ratings of whole documents per vector (TSV: document, then a column per "
            "vector): report Spearman's rho between them and the vector scores.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Measure a rubric against labelled sentences: precision, recall and F1.

    Per vector, indicator and language (micro and macro), with the false
    positives (and the term that fired) and false negatives to fix.

    Example: northalign evaluate tests/data/gold/en.jsonl tests/data/gold/ru.jsonl
    """
    with _handled():
        from northalign.evaluate import evaluate as run_evaluation
        from northalign.evaluate import rating_agreement
        from northalign.gold import read_gold, read_ratings, read_split
        from northalign.output import check_writable
        from northalign.render.evaluation import evaluation_json, evaluation_text
        from northalign.rubric import load_rubric

        if output is not None:
            check_writable(output)
        loaded = load_rubric(rubric)
        items = [item for path in gold for item in read_gold(path, loaded)]
        if split is not None:
            documents = read_split(split, part)
            items = [item for item in items if item.document in documents]
        result = run_evaluation(items, loaded)
        agreement = (
            None
            if ratings is None
            else rating_agreement(result.documents, read_ratings(ratings, loaded))
        )
        if format is Format.json:
            text = evaluation_json(result, agreement)
        else:
            text = evaluation_text(
                result, errors=errors, console=_console(output, format), agreement=agreement
            )
        _emit(text, output)


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM (a scheduler stopping the job) is handled exactly like Ctrl-C.
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt:  # outside any command (while parsing, say)
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(ExitStatus.INTERRUPTED) from None
