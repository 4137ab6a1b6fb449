"""Profile many documents once each, in parallel, then compare pairs of them.

Each document is loaded and matched exactly once (in worker processes:
matching is CPU-bound); pairs are computed from the profiles and cost almost
nothing. Results never depend on the number of workers, and their order is
the order of the pairs asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from northalign.errors import NorthalignError
from northalign.learning.classifier import Classifier
from northalign.model import Comparison, Profile, Rubric
from northalign.score import (
    AlignmentNumbers,
    alignment_numbers,
    compare_profiles,
    friction_conflict,
    score_vector,
)


@dataclass(frozen=True)
class Scored:
    """One document's outcome: its profile, or why it could not be read."""

    path: str
    profile: Profile | None
    error: str | None = None


_UNSET: object = object()


class PairResult:
    """One pair's outcome: its figures and comparison, or why it could not be made.

    Batch rows need only the figures (:attr:`headline`, :attr:`numbers`),
    computed fast; the full :attr:`comparison` (shared priorities, gaps…) is
    built when a report asks for it. A plain class with slots: a batch makes
    hundreds of thousands of these.
    """

    __slots__ = (
        "_comparison", "_headline", "_numbers", "error", "given", "left", "profiles", "right",
        "rubric", "scores",
    )  # fmt: skip

    def __init__(
        self,
        left: str,
        right: str,
        given: Comparison | None = None,
        error: str | None = None,
        profiles: tuple[Profile, Profile] | None = None,
        rubric: Rubric | None = None,
        scores: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
    ) -> None:
        self.left, self.right, self.given, self.error = left, right, given, error
        self.profiles, self.rubric, self.scores = profiles, rubric, scores
        self._comparison: object = _UNSET
        self._numbers: object = _UNSET
        self._headline: object = _UNSET

    def __repr__(self) -> str:
        return f"PairResult({self.left!r}, {self.right!r}, error={self.error!r})"

    @property
    def comparison(self) -> Comparison | None:
        if self._comparison is _UNSET:
            if self.given is not None:
                self._comparison = self.given
            elif self.profiles is None or self.rubric is None:
                self._comparison = None
            else:
                self._comparison = compare_profiles(*self.profiles, self.rubric)
        return self._comparison  # type: ignore[return-value]

    @property
    def numbers(self) -> AlignmentNumbers | None:
        """Overall, vector and indicator figures."""
        if self._numbers is _UNSET:
            if self.scores is not None and self.rubric is not None:
                self._numbers = alignment_numbers(*self.scores, self.rubric, quotes=self._quotes())
            else:
                self._numbers = self._numbers_from_comparison()
        return self._numbers  # type: ignore[return-value]

    @property
    def headline(self) -> AlignmentNumbers | None:
        """Overall and vector figures only (no indicators): what a plain CSV row needs."""
        if self._headline is _UNSET:
            if self.scores is not None and self.rubric is not None:
                self._headline = alignment_numbers(
                    *self.scores, self.rubric, indicators=False, quotes=self._quotes()
                )
            else:
                self._headline = self.numbers
        return self._headline  # type: ignore[return-value]

    def _quotes(self) -> tuple[int, int] | None:
        if self.profiles is None:
            return None
        return (self.profiles[0].quotes, self.profiles[1].quotes)

    def _numbers_from_comparison(self) -> AlignmentNumbers | None:
        comparison = self.comparison
        if comparison is None:
            return None
        return AlignmentNumbers(
            comparison.overall,
            {v.id: None if v.status == "silent" else v.score for v in comparison.vectors.values()},
            {i.id: (i.score, i.status, i.left, i.right) for i in comparison.indicators.values()},
            comparison.unadjusted,
        )

    @property
    def overall(self) -> float | None:
        headline = self.headline
        return None if headline is None else headline.overall


# -- profiling ------------------------------------------------------------------------

_worker_state: dict[str, object] = {}


def _init_worker(
    rubric: Rubric,
    max_bytes: int | None = None,
    cache_dir: str | None = None,
    model: Classifier | None = None,
    *,
    child: bool = False,
) -> None:
    from northalign.rubric.compiled import matcher_for

    if child:
        # Ctrl-C reaches the whole process group: the parent alone decides what to do.
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_state["rubric"] = rubric
    _worker_state["matcher"] = matcher_for(rubric)
    _worker_state["max_bytes"] = max_bytes
    _worker_state["cache_dir"] = cache_dir
    _worker_state["model"] = model


def _profile_one(path: str) -> Scored:
    """Load and score one document; every failure becomes an error, never an exception."""
    from northalign.ingest.load import DEFAULT_MAX_BYTES, load_bytes, read_bytes
    from northalign.pipeline import profile_document

    rubric: Rubric = _worker_state["rubric"]  # type: ignore[assignment]
    matcher = _worker_state["matcher"]
    max_bytes = _worker_state.get("max_bytes") or DEFAULT_MAX_BYTES
    cache_dir = _worker_state.get("cache_dir")
    model: Classifier | None = _worker_state.get("model")  # type: ignore[assignment]
    try:
        data = read_bytes(path, max_bytes=max_bytes)  # type: ignore[arg-type]
        if cache_dir and path != "-":
            from northalign.corpus.cache import cache_key, read_entry, write_entry

            key = cache_key(data, rubric, model)
            cached = read_entry(Path(str(cache_dir)), key, path, rubric, model)
            if cached is not None:
                return Scored(path, cached)
        profile = profile_document(load_bytes(data, path), rubric, matcher, model)  # type: ignore[arg-type]
        if cache_dir and path != "-":
            write_entry(Path(str(cache_dir)), key, profile, rubric, model)
        return Scored(path, profile)
    except NorthalignError as error:
        return Scored(path, None, error.one_line().removeprefix(f"{path}: "))
    except (MemoryError, RecursionError) as error:
        return Scored(
            path, None, f"too large or too deeply nested to read ({type(error).__name__})"
        )
    except Exception as error:
        return Scored(path, None, f"internal error while reading ({type(error).__name__}: {error})")


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def profile_many(
    paths: Sequence[str],
    rubric: Rubric,
    *,
    jobs: int | None = None,
    progress: Callable[[Scored], None] | None = None,
    max_bytes: int | None = None,
    cache_dir: str | None = None,
    dask: str | None = None,
    model: Classifier | None = None,
) -> list[Scored]:
    """Profile every document once, ``jobs`` at a time; results in the order of ``paths``.

    With ``cache_dir``, profiles are reused from (and stored in) the on-disk cache.
    With ``dask``, the address of a Dask scheduler (or ``local``), the documents are
    profiled on that cluster instead (see :mod:`northalign.corpus.dask`); ``jobs``
    does not apply there. Standard input (``-``) is read by this process alone.
    With ``model``, its evidence counts beside the rubric's (and keys the cache).
    """
    if dask:
        from northalign.corpus.dask import profile_with_dask

        on_cluster = profile_with_dask(
            paths, rubric, dask, max_bytes=max_bytes, cache_dir=cache_dir, model=model
        )
        if progress is not None:
            for item in on_cluster:  # the cluster reports nothing until the end
                progress(item)
        return on_cluster
    # Standard input can only be read by this process: no pool then.
    jobs = 1 if "-" in paths else jobs or default_jobs()
    results: dict[str, Scored] = {}
    if jobs == 1 or len(paths) < 2:
        _init_worker(rubric, max_bytes, cache_dir, model)
        for path in paths:
            results[path] = _profile_one(path)
            if progress:
                progress(results[path])
    else:
        # Imported here: one document (`score`) never starts a pool, nor pays for the import.
        from concurrent.futures import ProcessPoolExecutor, as_completed

        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(paths)),
            initializer=partial(_init_worker, child=True),
            initargs=(rubric, max_bytes, cache_dir, model),
        )
        try:
            futures = {pool.submit(_profile_one, path): path for path in paths}
            for future in as_completed(futures):
                scored = future.result()
                results[futures[future]] = scored
                if progress:
                    progress(scored)
        except BaseException:
            # Interrupted: drop the queue, let running documents finish, leave no workers behind.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    return [results[path] for path in paths]


def compare_pairs(
    pairs: Iterable[tuple[str, str]], scored: dict[str, Scored], rubric: Rubric
) -> Iterator[PairResult]:
    """Compare every pair from the profiles; a pair with an unreadable document is an error row."""
    cache: dict[int, tuple[float, ...]] = {}

    def vectors(profile: Profile) -> tuple[float, ...]:
        found = cache.get(id(profile))
        if found is None:
            found = cache[id(profile)] = score_vector(profile, rubric)
        return found

    for left, right in pairs:
        a, b = scored.get(left), scored.get(right)
        first = a.profile if a is not None else None
        second = b.profile if b is not None else None
        if first is not None and second is not None:
            yield PairResult(
                left, right, None, None, (first, second), rubric, (vectors(first), vectors(second))
            )
            continue
        reasons = "; ".join(
            f"{s.path}: {s.error}" if s is not None else "not scored"
            for s in (a, b)
            if s is None or s.profile is None
        )
        yield PairResult(left, right, None, reasons)


def check_sort_field(field: str, rubric: Rubric) -> None:
    """Refuse a field results cannot be sorted by, listing those they can.

    Those are the rubric's own vector, indicator and friction ids, overall,
    left and right.
    """
    valid = [
        "overall",
        *(v.id for v in rubric.vectors),
        *rubric.indicators,
        *(f.id for f in rubric.frictions),
        "left",
        "right",
    ]
    if field not in valid:
        raise NorthalignError(
            f"cannot sort by '{field}'", hint=f"sort by one of: {', '.join(valid)}"
        )


def sort_results(results: list[PairResult], field: str | None, rubric: Rubric) -> list[PairResult]:
    """Order by a field: scores descending (errors last), paths ascending; None keeps pair order.

    A friction ranks pairs by potential conflict: :func:`~northalign.score.friction_conflict`,
    the smaller of the two sides' scores (a conflict needs both sides engaged).

    Raises :class:`NorthalignError` for a field :func:`check_sort_field` refuses.
    """
    if field is None:
        return list(results)
    check_sort_field(field, rubric)
    if field in ("left", "right"):
        return sorted(results, key=lambda r: (getattr(r, field), r.left, r.right))
    vectors = {vector.id for vector in rubric.vectors}
    if field in {friction.id for friction in rubric.frictions}:

        def conflict(result: PairResult) -> float:
            if result.profiles is not None:
                left, right = result.profiles
            elif result.comparison is not None:
                left, right = result.comparison.left, result.comparison.right
            else:
                return -1.0
            return friction_conflict(left.frictions[field].score, right.frictions[field].score)

        return sorted(results, key=lambda r: (-conflict(r), r.left, r.right))

    def value(result: PairResult) -> float:
        # The headline (overall and vectors) is cheaper than the figures of every indicator.
        numbers = result.headline if field == "overall" or field in vectors else result.numbers
        if numbers is None:
            return -1.0
        if field == "overall":
            return numbers.overall
        if field in vectors:
            return numbers.vectors[field] or 0.0
        return numbers.indicators[field][0]

    return sorted(results, key=lambda r: (-value(r), r.left, r.right))
