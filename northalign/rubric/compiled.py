"""A rubric's matcher, built once per rubric and northalign code and kept on disk.

Reading the bundled rubric (YAML, validation, every term normalized) and
indexing its 12,000 phrases costs about half a second; a process that scores
one small document would spend most of its time there. The parsed rubric and
its matcher are therefore pickled, once, into the user cache folder, keyed by
the SHA-256 of everything they depend on: the rubric's bytes and the path it
was read from (warnings name it), northalign's version and the source of
every module of the package and bundled rubric, the Python version and the
stemmer in use. A
changed rubric or code gets a new key, so an entry is never stale; entries
are written atomically and an unreadable one is ignored and rebuilt.

The cache holds pickles, which run code when read: it lives in the user's own
cache folder, and ``NORTHALIGN_CACHE_DIR`` must only name a folder nobody else
can write to. ``NORTHALIGN_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from northalign import __version__
from northalign.match import Matcher
from northalign.model import Rubric

#: Bumped when what is pickled changes shape in a way the source hash cannot see.
FORMAT = 1
#: Rubrics (and their matchers) this process keeps: a library loading many stays bounded.
KEPT = 4

# This process's rubrics read from bytes, by cache key, and the matchers built for them.
_rubrics: OrderedDict[str, Rubric] = OrderedDict()
_matchers: dict[str, Matcher] = {}


def user_cache_dir() -> Path:
    """The user cache folder for northalign (``NORTHALIGN_CACHE_DIR`` first)."""
    from northalign.corpus.cache import default_cache_dir

    chosen = os.environ.get("NORTHALIGN_CACHE_DIR")
    return Path(chosen) if chosen else default_cache_dir()


def _enabled() -> bool:
    return os.environ.get("NORTHALIGN_NO_CACHE", "") in ("", "0")


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """What the pickled objects depend on besides the rubric: the code that built them,
    and the bundled rubrics (a rubric records whether it is an edited copy of one)."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version}".encode())
    package = Path(__file__).resolve().parents[1]
    sources = [*package.rglob("*.py"), *(package / "rubric" / "bundled").glob("*.yaml")]
    for source in sorted(sources):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.digest()


def cache_key(data: bytes, path: str) -> str:
    """The key of a rubric read from ``data`` at ``path`` by this code."""
    digest = hashlib.sha256(_code_fingerprint())
    for part in (path.encode(), data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _entry(key: str) -> Path:
    return user_cache_dir() / "rubrics" / f"{key}.pickle"


def _keep(key: str, rubric: Rubric, matcher: Matcher | None = None) -> None:
    _rubrics[key] = rubric
    _rubrics.move_to_end(key)
    if matcher is not None:
        _matchers[key] = matcher
    while len(_rubrics) > KEPT:
        dropped, _ = _rubrics.popitem(last=False)
        _matchers.pop(dropped, None)


def cached_rubric(data: bytes, path: str) -> Rubric | None:
    """The rubric read earlier from the same bytes and path (in this process or, with
    its matcher, on disk), or None: then parse it and :func:`remember` it."""
    if not _enabled():
        return None
    key = cache_key(data, path)
    if key in _rubrics:
        _rubrics.move_to_end(key)
        return _rubrics[key]
    try:
        with _entry(key).open("rb") as file:
            loaded = pickle.load(file)
    except Exception:  # missing, unreadable, written by other code: build it again
        return None
    if not isinstance(loaded, Matcher):
        return None
    _keep(key, loaded.rubric, loaded)
    return loaded.rubric


def remember(rubric: Rubric, data: bytes) -> None:
    """Note that ``rubric`` was parsed from ``data``: its matcher may then be kept on disk."""
    if _enabled():
        _keep(cache_key(data, rubric.path), rubric)


def matcher_for(rubric: Rubric) -> Matcher:
    """The matcher of ``rubric``: this process's, the one kept on disk, or built now (and,
    for a rubric read from bytes, kept). A rubric built in code gets a new matcher."""
    key = next((k for k, known in _rubrics.items() if known is rubric), None)
    if key is None:
        return Matcher(rubric)
    if key in _matchers:
        return _matchers[key]
    matcher = _matchers[key] = Matcher(rubric)
    _store(key, matcher)
    return matcher


def _store(key: str, matcher: Matcher) -> None:
    """Keep the entry on disk; a read-only or full disk only costs the time it would save."""
    from northalign.errors import OutputError
    from northalign.output import write_atomic

    target = _entry(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, OutputError, pickle.PicklingError):
        return
