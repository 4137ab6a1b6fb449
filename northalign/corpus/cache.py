"""An optional on-disk cache of profiles, so a corpus re-scored every night costs only what changed.

An entry is keyed by the SHA-256 of the document's bytes, the rubric's SHA-256
and northalign's version, so it can never be stale: change the document, the
rubric or northalign and the key changes. Entries are written atomically;
an unreadable entry is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

from northalign import __version__
from northalign.model import Profile, Rubric, RubricStamp


def default_cache_dir() -> Path:
    """The platform's user cache folder (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "northalign"


def cache_key(data: bytes, rubric: Rubric) -> str:
    digest = hashlib.sha256()
    for part in (__version__.encode(), rubric.sha256.encode(), data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def read_entry(folder: Path, key: str, path: str, rubric: Rubric) -> Profile | None:
    """The cached profile for ``key``, with the document's current path; None on a miss."""
    from northalign.corpus.profiles import profile_from_dict

    entry = folder / key[:2] / f"{key}.json"
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        stamp = RubricStamp(**data["rubric"])
        if stamp.sha256 != rubric.sha256 or data.get("northalign") != __version__:
            return None
        profile = profile_from_dict(data, stamp, rubric)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return replace(profile, document=replace(profile.document, path=path))


def write_entry(folder: Path, key: str, profile: Profile, rubric: Rubric) -> None:
    from northalign.cli.output import write_atomic
    from northalign.render.json import SCHEMA_VERSION, profile_dict, rubric_stamp

    data = {
        "schema_version": SCHEMA_VERSION,
        "northalign": __version__,
        "rubric": rubric_stamp(rubric),
        **profile_dict(profile),
    }
    entry = folder / key[:2] / f"{key}.json"
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, json.dumps(data, ensure_ascii=False))
    except Exception:
        return
