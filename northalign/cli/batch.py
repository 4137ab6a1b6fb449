"""``northalign batch``: plan, profile with a progress bar, stream or write, exit status.

This is command-line glue (it reports on stderr and writes files); the work
itself is :mod:`northalign.corpus.parallel`, usable from Python without any of this.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from northalign.cli.batch_output import Done, JsonlWriter, keep_only, read_done
from northalign.cli.common import command_line, handled, warn
from northalign.cli.options import (
    CacheOption,
    DaskOption,
    JobsOption,
    MaxBytesOption,
    ModelOption,
    OutputOption,
    RubricOption,
    cache_dir_option,
    model_option,
)
from northalign.corpus.pairs import (
    BatchError,
    all_pairs,
    cross_pairs,
    expand_paths,
    read_pairs_file,
)
from northalign.corpus.parallel import (
    PairResult,
    Scored,
    check_sort_field,
    compare_pairs,
    profile_many,
    sort_results,
)
from northalign.errors import ExitStatus
from northalign.learning.classifier import Classifier
from northalign.model import Rubric
from northalign.output import check_writable, write_atomic
from northalign.render.common import plural
from northalign.rubric import load_rubric

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID  # imported lazily at run time


@dataclass
class BatchRequest:
    paths: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    pairs: str | None = None
    profiles: list[str] = field(default_factory=list)
    rubric: str = "northern-cooperation"
    format: str = "table"
    output: str | None = None
    indicators: bool = False
    excel: bool = False
    top: int | None = None
    sort: str | None = None
    fail_under: float | None = None
    resume: bool = False
    jobs: int | None = None
    dask: str | None = None
    max_bytes: int | None = None
    cache_dir: str | None = None
    model: str | None = None  # a model file, or "bundled"
    quiet: bool = False
    command: str | None = None


@dataclass
class _Plan:
    documents: list[str]
    pairs: list[tuple[str, str]]
    matrix: tuple[list[str], list[str]] | None  # rows and columns of the heatmap
    stored: dict[str, Scored] = field(default_factory=dict)  # from --profiles


def _plan(request: BatchRequest, rubric: Rubric) -> _Plan:
    modes = sum((bool(request.paths), bool(request.left or request.right), bool(request.pairs)))
    if modes > 1:
        raise BatchError("give documents, --left/--right or --pairs, not several of them")
    stored: dict[str, Scored] = {}
    if request.profiles:
        from northalign.corpus.profiles import read_profiles

        for path in request.profiles:
            for profile in read_profiles(path, rubric):
                stored[profile.document.path] = Scored(profile.document.path, profile)
    if request.pairs:
        pairs = read_pairs_file(request.pairs)
        documents = list(dict.fromkeys(p for pair in pairs for p in pair))
        return _Plan(documents, pairs, None, stored)
    if request.left or request.right:
        if not (request.left and request.right):
            raise BatchError("--left and --right go together", hint="give both sides")
        left, right = expand_paths(request.left), expand_paths(request.right)
        documents = list(dict.fromkeys([*left, *right]))
        return _Plan(documents, cross_pairs(left, right), (left, right), stored)
    documents = expand_paths(request.paths) if request.paths else list(stored)
    if len(documents) < 2:
        raise BatchError(
            f"needs at least two documents, got {len(documents)}",
            hint="give files or folders, --left/--right, --pairs or --profiles",
        )
    return _Plan(documents, all_pairs(documents), (documents, documents), stored)


def _check_stored(plan: _Plan, model: Classifier | None) -> None:
    """Stored profiles must have been scored as the fresh ones will be: same model or none."""
    stamp = None if model is None else model.stamp
    for item in plan.stored.values():
        if item.profile is not None and item.profile.model != stamp:
            scored = item.profile.model
            raise BatchError(
                f"the stored profile of {item.path} was scored "
                + (f"with model {scored.name}" if scored else "without a model")
                + (f", not with {stamp.name}" if stamp else ", and this batch uses none"),
                hint="give the same --model the profiles were scored with, or score them again",
            )


def _progress(total: int, description: str, quiet: bool) -> tuple[Progress, TaskID]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )
    task = progress.add_task(description, total=total)
    return progress, task


def run_batch(request: BatchRequest) -> int:
    """Run a batch as the command does; returns the exit status."""
    if request.output is not None:
        check_writable(request.output)
    rubric = load_rubric(request.rubric)
    model = model_option(request.model, rubric)
    if request.sort is not None:
        check_sort_field(request.sort, rubric)  # before any document is read
    if request.resume and (request.output is None or request.format not in ("jsonl", "csv")):
        raise BatchError("--resume needs --output with --format jsonl or csv")
    plan = _plan(request, rubric)
    _check_stored(plan, model)

    done = read_done(request.output, request.format) if request.resume and request.output else {}
    todo = [pair for pair in plan.pairs if pair not in done]
    needed = [d for d in dict.fromkeys(p for pair in todo for p in pair) if d not in plan.stored]

    scored: dict[str, Scored] = dict(plan.stored)
    progress, task = _progress(len(needed), "profiling", request.quiet)
    with progress:
        fresh = profile_many(
            needed,
            rubric,
            jobs=request.jobs,
            progress=lambda _s: progress.advance(task),
            max_bytes=request.max_bytes,
            cache_dir=request.cache_dir,
            dask=request.dask,
            model=model,
        )
        for item in fresh:
            scored[item.path] = item
    failed = [item for item in scored.values() if item.profile is None]
    for item in failed:
        sys.stderr.write(f"error: {item.path}: {item.error}\n")
    warn([item.profile for item in scored.values() if item.profile is not None])

    overall = [value for _, value in done.values()]
    errors = bool(failed)
    streaming = request.format == "jsonl" and request.sort is None and request.top is None
    results: list[PairResult] = []
    writer: JsonlWriter | None = None
    if streaming:
        if request.output is None:
            writer = JsonlWriter(sys.stdout, close=False)
        else:
            if request.resume:
                keep_only(request.output, [str(line) for line, _ in done.values()])
            writer = JsonlWriter.open(request.output, append=request.resume)
    try:
        from northalign.render.batch import pair_line

        progress, task = _progress(len(todo), "pairs", request.quiet)
        done_pairs = 0
        with progress:
            for result in compare_pairs(todo, scored, rubric):
                errors = errors or result.error is not None
                if result.overall is not None:
                    overall.append(result.overall)
                if writer is not None:
                    writer.write(pair_line(result))
                else:
                    results.append(result)
                done_pairs += 1
                if done_pairs % 512 == 0 or done_pairs == len(todo):
                    progress.update(task, completed=done_pairs)
    finally:
        if writer is not None:
            writer.close()
    if not streaming:
        _write(request, rubric, plan, scored, results, done)
    if errors:
        return ExitStatus.BAD_INPUT
    if request.fail_under is not None and any(
        v is not None and v < request.fail_under for v in overall
    ):
        below = sum(v is not None and v < request.fail_under for v in overall)
        shown = plural(below, "pair")
        sys.stderr.write(f"{shown} below --fail-under {request.fail_under:g}.\n")
        return ExitStatus.BELOW_THRESHOLD
    return ExitStatus.OK


def _write(
    request: BatchRequest,
    rubric: Rubric,
    plan: _Plan,
    scored: dict[str, Scored],
    results: list[PairResult],
    done: Done,
) -> None:
    from northalign.render import batch as render

    ranked = request.format in ("table", "markdown", "html")
    ordered = sort_results(results, request.sort or ("overall" if ranked else None), rubric)
    if request.top is not None:
        ordered = ordered[: request.top]
    if request.format == "csv":
        fresh = {
            (r.left, r.right): render.csv_row(r, rubric, indicators=request.indicators)
            for r in ordered
        }
        if done and request.sort is None:
            # A resumed run keeps the order of the pairs asked for.
            rows = [
                done[p][0] if p in done else fresh[p] for p in plan.pairs if p in done or p in fresh
            ]
        else:
            rows = [done[p][0] for p in done] + list(fresh.values())
        text = render.csv_text(rows, rubric, indicators=request.indicators, excel=request.excel)  # type: ignore[arg-type]
    elif request.format == "jsonl":
        text = "".join(render.pair_line(r) for r in ordered)
    elif request.format == "json":
        documents = [scored[d] for d in plan.documents if d in scored]
        text = render.batch_json(documents, ordered, rubric)
    elif request.format == "markdown":
        text = render.batch_markdown(
            ordered, rubric, documents=plan.documents, matrix=plan.matrix, ranked_by=request.sort
        )
    elif request.format == "html":
        text = render.batch_html(
            ordered,
            rubric,
            documents=plan.documents,
            matrix=plan.matrix,
            command=request.command,
            ranked_by=request.sort,
        )
    else:
        from rich.console import Console

        from northalign.render.table import plain_console

        console = plain_console() if request.output else Console(highlight=False)
        text = render.batch_table(
            ordered,
            rubric,
            documents=plan.documents,
            matrix=plan.matrix,
            console=console,
            ranked_by=request.sort,
        )
    if request.output is None:
        sys.stdout.write(text)
    else:
        write_atomic(request.output, text)
        sys.stderr.write(f"Wrote {request.output}\n")


class BatchFormat(str, Enum):
    """Output formats of ``batch``."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    markdown = "markdown"
    html = "html"


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
            help="overall, a vector, indicator or friction id (descending; a friction ranks by "
            "potential conflict, the smaller side's score), left or right.",
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
    model: ModelOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Score every pair of many documents: all pairs, a cross product, or a list.

    Each document is read and matched once, in parallel; pairs come from the
    profiles. Unreadable documents become error rows and exit status 2 at the end.

    Example: northalign batch policies/ --format csv --output pairs.csv
    """
    with handled():
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
                cache_dir=cache_dir_option(cache_dir),
                model=model,
                quiet=quiet,
                command=command_line(),
            )
        )
    if status:
        raise typer.Exit(status)
