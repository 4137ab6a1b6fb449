"""Reading the small UTF-8 files northalign is given (gold sets, profiles, pairs lists)."""

from __future__ import annotations

from pathlib import Path

from northalign.errors import NorthalignError


def read_utf8(path: str | Path, error: type[NorthalignError]) -> str:
    """The text of ``path``; any failure is ``error`` naming the file and the fix."""
    shown = str(path)
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error("no such file", path=shown, hint="check the path") from None
    except IsADirectoryError:
        raise error("is a directory", path=shown, hint="give a file") from None
    except UnicodeDecodeError:
        raise error("is not UTF-8 text", path=shown, hint="save it as UTF-8") from None
    except OSError as error_:
        raise error(f"cannot read: {error_.strerror or error_}", path=shown) from None
