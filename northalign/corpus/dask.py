"""Profiling beyond one machine, on Dask: a bag of paths in, a bag of profiles out.

Install with ``pip install 'northalign[dask]'``. Each partition builds the
rubric's matcher once and profiles its documents; the workers must be able to
read the paths they are given (a shared or network file system, or object
storage mounted at the same path). Pairs are then computed on the client from
the profiles, exactly as :func:`northalign.corpus.parallel.compare_pairs` does locally.

    import dask.bag as db
    from northalign.corpus.dask import profile_bag
    from northalign.rubric import load_rubric

    rubric = load_rubric()
    scored = profile_bag(db.from_sequence(paths, npartitions=64), rubric).compute()
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from northalign.corpus.parallel import Scored, _init_worker, _profile_one
from northalign.errors import NorthalignError
from northalign.ingest.load import STDIN
from northalign.learning.classifier import Classifier
from northalign.model import Rubric

if TYPE_CHECKING:
    # Dask is an optional extra: where it is not installed, mypy has nothing to read.
    import dask.bag  # type: ignore[import-not-found, unused-ignore]


def _profile_partition(
    paths: Iterable[str],
    rubric: Rubric,
    max_bytes: int | None,
    cache_dir: str | None,
    model: Classifier | None = None,
) -> list[Scored]:
    _init_worker(rubric, max_bytes, cache_dir, model)
    return [_profile_one(path) for path in paths]


def profile_bag(
    paths: dask.bag.Bag,
    rubric: Rubric,
    *,
    max_bytes: int | None = None,
    cache_dir: str | None = None,
    model: Classifier | None = None,
) -> dask.bag.Bag:
    """Map the profiler over a Dask bag of paths; the result is a bag of :class:`Scored`.

    ``max_bytes``, ``cache_dir`` and ``model`` mean what they mean to :func:`profile_many`; the
    cache folder must be one the workers share.
    """
    return paths.map_partitions(_profile_partition, rubric, max_bytes, cache_dir, model)


def profile_with_dask(
    paths: Sequence[str],
    rubric: Rubric,
    address: str,
    *,
    partitions: int | None = None,
    max_bytes: int | None = None,
    cache_dir: str | None = None,
    model: Classifier | None = None,
) -> list[Scored]:
    """Profile ``paths`` on the Dask cluster at ``address`` (``local`` starts one here).

    Results come back in the order of ``paths``, the same as :func:`profile_many`'s.
    """
    if STDIN in paths:
        raise NorthalignError(
            "standard input cannot be profiled on a Dask cluster",
            hint="save it to a file the workers can read",
        )
    try:
        import dask.bag as db  # type: ignore[import-not-found, unused-ignore]
        from dask.distributed import Client, LocalCluster  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise NorthalignError(
            "Dask is not installed", hint="pip install 'northalign[dask]'"
        ) from None
    cluster: Any = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout="30s")
    except (OSError, TimeoutError) as error:
        raise NorthalignError(
            f"cannot reach the Dask scheduler at {address} ({error})",
            hint="check the address (tcp://host:8786) or use --dask local",
        ) from None
    try:
        bag = db.from_sequence(list(paths), npartitions=partitions or max(1, min(len(paths), 64)))
        results = profile_bag(
            bag, rubric, max_bytes=max_bytes, cache_dir=cache_dir, model=model
        ).compute(scheduler=client.get)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    by_path = {item.path: item for item in results}
    return [by_path[path] for path in paths]
