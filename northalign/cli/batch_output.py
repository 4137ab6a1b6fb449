"""Batch output files that survive interruption: JSONL appended line by line, resumable runs.

A JSONL output is written one whole line per pair and flushed, so stopping the
process at any moment leaves only whole lines (the last one may be cut if the
machine itself dies). ``--resume`` reads what an earlier run left, keeps the
pairs it finished, drops error rows and a cut last line, and the new run
scores only the rest.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO

from northalign.output import write_atomic

Done = dict[tuple[str, str], tuple[object, float | None]]


def read_done(path: str | Path, format: str) -> Done:
    """Finished pairs of an earlier run: (left, right) → (its JSONL line or CSV row, overall).

    Error rows and unreadable lines are not finished: those pairs run again.
    """
    file = Path(path)
    if not file.is_file():
        return {}
    text = file.read_text(encoding="utf-8-sig", errors="replace")
    done: Done = {}
    if format == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            return {}
        header = rows[0]
        for row in rows[1:]:
            record = dict(zip(header, row, strict=False))
            if len(row) == len(header) and not record.get("error") and record.get("overall"):
                done[(record["left"], record["right"])] = (row, float(record["overall"]))
        return done
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut short by an interruption
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and not record.get("error") and "left" in record:
            overall = record.get("overall")
            done[(record["left"], record["right"])] = (
                line,
                float(overall) if isinstance(overall, int | float) else None,
            )
    return done


def keep_only(path: str | Path, lines: list[str]) -> None:
    """Rewrite a JSONL output with just the finished lines (atomically), before appending."""
    write_atomic(path, "".join(lines))


class JsonlWriter:
    """Writes pairs one whole line at a time and flushes each, to a file or standard output."""

    def __init__(self, stream: IO[str], *, close: bool) -> None:
        self.stream = stream
        self._close = close

    @classmethod
    def open(cls, path: str | Path, *, append: bool) -> JsonlWriter:
        stream = Path(path).open("a" if append else "w", encoding="utf-8", newline="")  # noqa: SIM115
        return cls(stream, close=True)

    def write(self, line: str) -> None:
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self._close:
            self.stream.close()
