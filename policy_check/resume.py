"""Carrying on an interrupted batch: how many posts its output file already holds.

An output is cut back to its last complete post before the run appends to it, so a post
half-written when the run stopped is written again, whole, and none is written twice.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path


def completed_posts(path: Path, fmt: str) -> int:
    """Truncate `path` to its complete posts and return how many there are."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1  # a line without its newline was cut mid-write
    if fmt == "jsonl":
        _truncate(path, end)
        return data[:end].count(b"\n")
    if fmt == "csv":
        return _completed_csv(path, data[:end])
    raise ValueError(f"--resume works with jsonl and csv output, not {fmt}")


def _completed_csv(path: Path, data: bytes) -> int:
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    if not lines:
        _truncate(path, 0)
        return 0
    rows = [int(row[0]) for row in csv.reader(io.StringIO("".join(lines[1:]))) if row and row[0].isdigit()]
    if not rows:
        _truncate(path, len(lines[0].encode()))
        return 0
    last = rows[-1]
    # Rows of the last post may be incomplete: drop them and check that post again.
    keep = lines[:1]
    for line in lines[1:]:
        if line.startswith(f"{last},"):
            break
        keep.append(line)
    _truncate(path, len("".join(keep).encode()))
    return last - 1


def _truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)
