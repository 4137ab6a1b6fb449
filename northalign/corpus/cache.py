"""An optional on-disk cache of profiles, so a corpus re-scored every night costs only what changed.

An entry is keyed by the SHA-256 of the document's bytes, the rubric's SHA-256,
northalign's version and the JSON schema of profiles, so it can never be
stale: change the document, the rubric, northalign or the way profiles are
stored and the key changes (entries of the old format are simply never hit).
An entry is a profile as ``score --format jsonl`` writes it
(:func:`northalign.corpus.store.profile_record`), written atomically; an
unreadable entry is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

from northalign import __version__
from northalign.corpus.store import SCHEMA_VERSION, profile_from_record, profile_record
from northalign.errors import NorthalignError
from northalign.learning.classifier import Classifier
from northalign.model import Profile, Rubric


def default_cache_dir() -> Path:
    """The platform's user cache folder (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "northalign"


def cache_key(data: bytes, rubric: Rubric, model: Classifier | None = None) -> str:
    digest = hashlib.sha256()
    learned = b"" if model is None else model.stamp.sha256.encode()
    for part in (
        __version__.encode(),
        SCHEMA_VERSION.encode(),
        rubric.sha256.encode(),
        learned,
        data,
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def read_entry(
    folder: Path, key: str, path: str, rubric: Rubric, model: Classifier | None = None
) -> Profile | None:
    """The cached profile for ``key``, with the document's current path; None on a miss."""
    entry = folder / key[:2] / f"{key}.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        if data.get("northalign") != __version__:
            return None
        profile = profile_from_record(data, str(entry))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, NorthalignError):
        return None
    if profile.rubric.sha256 != rubric.sha256 or profile.model != (model and model.stamp):
        return None
    return replace(profile, document=replace(profile.document, path=path))


def write_entry(
    folder: Path, key: str, profile: Profile, rubric: Rubric, model: Classifier | None = None
) -> None:
    """Store ``profile`` (scored with ``rubric``) under ``key``; a failure only costs the entry."""
    from northalign.output import write_atomic

    if profile.rubric.sha256 != rubric.sha256 or profile.model != (model and model.stamp):
        return  # keyed by this rubric: another rubric's profile would be found under its key
    entry = folder / key[:2] / f"{key}.json"
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, json.dumps(profile_record(profile), ensure_ascii=False))
    except Exception:
        return
