"""Checking a stream of posts: in order, in one or several processes, written as it goes.

The reader yields rows (mappings, or `RowError`s for rows it could not read); the checker
turns each into a report; a `Renderer` turns each report into the bytes of the chosen
format. With `workers > 1` the checking and rendering happen in forked processes, and
`imap` keeps input order whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .checker import Checker
from .redact import redact
from .render.html import ReviewItem
from .render.jsonl import render_json
from .render.table import render_csv_rows
from .report import ErrorReport, Report

CHUNK = 256


@dataclass(frozen=True)
class Rendered:
    """One post's output, ready to write, and what the summary needs of it."""

    chunk: str
    verdict: str  # "error" for an unreadable row
    topics: tuple[str, ...]
    review: ReviewItem | None = None


@dataclass(frozen=True)
class Renderer:
    fmt: str  # jsonl | csv | html
    redact: bool = False

    def render(self, index: int, report: Report | ErrorReport, text: str) -> Rendered:
        if self.redact and isinstance(report, Report):
            report, text = redact(report, text)
        if isinstance(report, ErrorReport):
            verdict, topics = "error", ()
        else:
            verdict, topics = report.verdict, tuple(sorted({f.topic for f in report.findings}))
        if self.fmt == "html":
            return Rendered("", verdict, topics, ReviewItem(index, report, text))
        chunk = render_csv_rows(report, index + 1) if self.fmt == "csv" else render_json(report) + "\n"
        return Rendered(chunk, verdict, topics)


@dataclass
class BatchSummary:
    posts: int = 0
    errors: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)

    def add(self, rendered: Rendered) -> None:
        self.posts += 1
        self.errors += rendered.verdict == "error"
        self.verdicts[rendered.verdict] += 1
        self.topics.update(rendered.topics)

    def lines(self) -> list[str]:
        order = ["breach", "review", "advice", "clear", "error"]
        verdicts = ", ".join(f"{v} {self.verdicts[v]}" for v in order if self.verdicts.get(v))
        out = [f"posts read: {self.posts}; errors: {self.errors}", f"verdicts: {verdicts or 'none'}"]
        if self.topics:
            out.append("topics: " + ", ".join(f"{t} {n}" for t, n in sorted(self.topics.items(), key=lambda x: (-x[1], x[0]))))
        return out


def _text_of(raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("text"), str):
        return raw["text"]
    return raw if isinstance(raw, str) else ""


def _check_chunk(checker: Checker, renderer: Renderer, start: int, rows: list[Any]) -> list[Rendered]:
    reports = checker.check_many(rows, batch_size=CHUNK, first_index=start)
    return [renderer.render(start + i, report, _text_of(raw)) for i, (raw, report) in enumerate(zip(rows, reports))]


# Set in each worker by fork: the parent's checker, built once, shared copy-on-write.
_WORKER: tuple[Checker, Renderer] | None = None


def _worker_chunk(job: tuple[int, list[Any]]) -> list[Rendered]:
    assert _WORKER is not None
    checker, renderer = _WORKER
    return _check_chunk(checker, renderer, *job)


def _chunks(rows: Iterable[Any], start: int) -> Iterator[tuple[int, list[Any]]]:
    iterator = iter(rows)
    index = start
    while chunk := list(islice(iterator, CHUNK)):
        yield index, chunk
        index += len(chunk)


def run(checker: Checker, rows: Iterable[Any], renderer: Renderer, workers: int = 1, start: int = 0) -> Iterator[Rendered]:
    """Rendered output for every row, in input order. `start` is the index of the first row."""
    if workers <= 1:
        for index, chunk in _chunks(rows, start):
            yield from _check_chunk(checker, renderer, index, chunk)
        return
    global _WORKER
    _WORKER = (checker, renderer)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for rendered in pool.imap(_worker_chunk, _chunks(rows, start), chunksize=1):
            yield from rendered
    _WORKER = None
