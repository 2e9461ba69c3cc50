"""Reading posts from JSONL and CSV exports: every row accounted for, broken ones reported in place."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from .post import MAX_TEXT_CHARS, PostError

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}
#: A line longer than this cannot be a post; it is reported, not parsed.
MAX_LINE_CHARS = MAX_TEXT_CHARS * 4


class RowError(PostError):
    """A row that could not be read; carries the id it should be reported under."""

    def __init__(self, message: str, post_id: str):
        super().__init__(message)
        self.post_id = post_id

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # travels to worker processes
        return (RowError, (str(self), self.post_id))


def detect_format(name: str, first_line: str) -> str:
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "jsonl" if first_line.lstrip().startswith("{") else "csv"


def text_lines(binary: IO[bytes]) -> Iterator[str]:
    """Lines of UTF-8 text; a byte-order mark is dropped and undecodable bytes become U+FFFD."""
    reader = codecs.getreader("utf-8-sig")(binary, errors="replace")
    for line in reader:
        yield line


def read_jsonl(lines: Iterator[str], column_map: dict[str, str] | None = None) -> Iterator[dict[str, Any] | RowError]:
    for number, line in enumerate(lines, 1):
        default_id = str(number)
        if not line.strip():
            yield RowError("empty line", default_id)
            continue
        if len(line) > MAX_LINE_CHARS:
            yield RowError(f"line is {len(line)} characters, too long to be a post", default_id)
            continue
        if "\ufffd" in line:
            yield RowError("line is not valid UTF-8", default_id)
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RowError(f"not valid JSON: {exc.msg} at column {exc.colno}", default_id)
            continue
        if not isinstance(value, dict):
            yield RowError(f"expected a JSON object, got {type(value).__name__}", default_id)
            continue
        value = _rename(value, column_map)
        value.setdefault("id", default_id)
        yield value


def read_csv(lines: Iterator[str], column_map: dict[str, str] | None = None) -> Iterator[dict[str, Any] | RowError]:
    head: list[str] = []
    for line in lines:
        head.append(line)
        if len(head) >= 5:
            break
    sample = "".join(head)
    delimiter = "\t" if sample.split("\n", 1)[0].count("\t") > sample.split("\n", 1)[0].count(",") else ","
    stream = _chain(head, lines)
    reader = csv.DictReader(stream, delimiter=delimiter)
    for number, row in enumerate(reader, 1):
        default_id = str(number)
        if None in row:  # more cells than the header names
            row.pop(None)
        value: dict[str, Any] = {k.strip(): v for k, v in row.items() if k is not None}
        value = _rename(value, column_map)
        if any(v is not None and "\ufffd" in v for v in value.values() if isinstance(v, str)):
            yield RowError("row is not valid UTF-8", str(value.get("id") or default_id))
            continue
        for key in ("platform", "posted_at", "device", "account", "id"):
            if value.get(key) == "":
                value.pop(key)
        flag = value.get("politically_restricted")
        if isinstance(flag, str):
            lowered = flag.strip().lower()
            if lowered in _TRUE:
                value["politically_restricted"] = True
            elif lowered in _FALSE:
                value["politically_restricted"] = False
        value.setdefault("id", default_id)
        yield value


def read_posts(binary: IO[bytes], name: str, fmt: str | None = None, column_map: dict[str, str] | None = None) -> Iterator[dict[str, Any] | RowError]:
    lines = text_lines(binary)
    first = next(lines, "")
    fmt = fmt or detect_format(name, first)
    stream = _chain([first] if first else [], lines)
    if fmt == "jsonl":
        yield from read_jsonl(stream, column_map)
    else:
        yield from read_csv(stream, column_map)


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest


def _rename(value: dict[str, Any], column_map: dict[str, str] | None) -> dict[str, Any]:
    if not column_map:
        return value
    for ours, theirs in column_map.items():
        if theirs in value and ours not in value:
            value[ours] = value.pop(theirs)
    return value


__all__ = ["RowError", "read_posts"]
