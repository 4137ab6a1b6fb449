"""Write reports safely: check the target before any work, then replace it atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from northalign.errors import OutputError


def check_writable(path: str | Path) -> None:
    """Fail early, before any scoring, if ``path`` cannot receive a report."""
    target = Path(path)
    shown = str(path)
    if target.is_dir():
        raise OutputError("is a directory", path=shown, hint="give a file name for --output")
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise OutputError(
            f"folder '{folder}' does not exist", path=shown, hint="create it or choose another path"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            f"folder '{folder}' is not writable", path=shown, hint="choose another path"
        )
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError("is not writable", path=shown, hint="choose another path")


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) or bytes to a temporary file beside ``path``, then rename it
    into place: a reader sees the whole file or none of it."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            # mkstemp makes the file private (0600); a report gets the usual permissions,
            # or keeps those of the file it replaces.
            Path(temporary).chmod(_mode_for(target))
            data = text.encode("utf-8") if isinstance(text, str) else text
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            Path(temporary).replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            raise
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", path=str(path)) from None
