"""The project's exceptions: each names the file at fault and how to fix it."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes, shared by every command."""

    OK = 0
    BELOW_THRESHOLD = 1  # a --fail-under threshold was not met
    BAD_INPUT = 2  # bad invocation or unreadable input
    INTERNAL_ERROR = 123  # a bug in northalign
    INTERRUPTED = 130


class NorthalignError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits 2."""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.path = path
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        fix = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{fix}"


class DocumentError(NorthalignError):
    """A document could not be read or holds no usable text."""


class RubricError(NorthalignError):
    """A rubric file is missing, malformed or inconsistent."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        self.line = line
        self.column = column
        self.problems = problems  # every error found, when validation collected several
        where = path
        if path and line is not None:
            where = f"{path}:{line}" + (f":{column}" if column is not None else "")
        super().__init__(message, path=where, hint=hint)


class OutputError(NorthalignError):
    """The requested output file cannot be written."""
