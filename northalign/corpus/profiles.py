"""Read stored profiles: files written by ``score --format jsonl|json|csv``, for ``batch``.

A profile remembers the rubric it was scored with (name, version, SHA-256);
reading profiles of another rubric is an error, so pairs are never computed
across rubrics. The encoding itself is :mod:`northalign.corpus.store`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from northalign.corpus.store import (
    ProfileError,
    check_version,
    profile_from_dict,
    profile_from_record,
    profile_from_row,
    read_stamp,
)
from northalign.ingest.files import read_utf8
from northalign.model import Profile, Rubric, RubricStamp

__all__ = ["ProfileError", "read_profiles"]


def _check_stamp(stamp: RubricStamp, rubric: Rubric, path: str) -> None:
    if stamp.sha256 != rubric.sha256:
        raise ProfileError(
            f"was scored with rubric {stamp.name} {stamp.version} (sha256 {stamp.sha256[:12]}), "
            f"not {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]})",
            path=path,
            hint="score the documents again with this rubric, or pass --rubric to match",
        )


def read_profiles(path: str | Path, rubric: Rubric) -> list[Profile]:
    """Profiles from a file written by ``northalign score --format jsonl``, ``json`` or ``csv``."""
    shown = str(path)
    text = read_utf8(path, ProfileError)
    try:
        if shown.lower().endswith(".csv"):
            reader = csv.DictReader(io.StringIO(text))
            if reader.fieldnames and "quotes" not in reader.fieldnames:
                # Without the counts every comparison would read as resting on no evidence.
                raise ProfileError(
                    "holds profiles from an older northalign, without evidence counts "
                    "(no 'quotes' column)",
                    path=shown,
                    hint="score the documents again: northalign score FILE... --format csv",
                )
            profiles = []
            for row in reader:
                profile = profile_from_row(row, rubric)
                _check_stamp(profile.rubric, rubric, shown)
                profiles.append(profile)
            return profiles
        stripped = text.lstrip()
        if stripped.startswith("{") and '"profiles"' in stripped[:2000] and "\n{" not in stripped:
            whole = json.loads(text)
            check_version(whole, shown)
            stamp = read_stamp(whole)
            _check_stamp(stamp, rubric, shown)
            return [profile_from_dict(p, stamp) for p in whole["profiles"]]
        profiles = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            data = json.loads(line)
            where = f"{shown}:{number}"
            check_version(data, where)
            _check_stamp(read_stamp(data), rubric, where)
            profiles.append(profile_from_record(data, where))
        return profiles
    except ProfileError:
        raise
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise ProfileError(
            f"is not a profile file ({type(error).__name__}: {error})",
            path=shown,
            hint="write them with: northalign score FILE... --format jsonl --output profiles.jsonl",
        ) from None
