"""`policy-check batch`: many posts from a JSONL or CSV export, one report each, in input order."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import IO, Any

import click

from ..batch import BatchSummary, Renderer, run
from ..inputs import read_posts
from ..render.html import ReviewItem, render_review
from ..render.table import csv_header
from ..resume import completed_posts
from .common import friendly_errors, make_checker, model_option, org_option, pack_options, reaches

#: The review page lists clear posts too while they are this few; beyond, it counts them.
HTML_CLEAR_LISTED = 2000


def _column_map(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        ours, sep, theirs = value.partition("=")
        if not sep or not ours or not theirs:
            raise click.BadParameter(f"{value!r}: write FIELD=COLUMN, e.g. text=Message", param_hint="--column")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _count_lines(path: str) -> int | None:
    if path == "-" or not os.path.isfile(path):
        return None
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(allow_dash=True, dir_okay=False))
@org_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "html"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--input-format", type=click.Choice(["jsonl", "csv"]), help="Default: from the file name or the first line.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN", help="Read FIELD from an export's COLUMN, e.g. text=Message (repeatable).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to check with; output order is input order.")
@click.option("--resume", is_flag=True, help="Carry on an interrupted run from where --output stops.")
@click.option("--redact", is_flag=True, help="Mask personal data in every output.")
@click.option("--fail-on", type=click.Choice(["advice", "review", "breach"]), help="Exit 1 if any post reaches this.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on standard error (default: when it is a terminal).")
@pack_options
@model_option
@friendly_errors
def batch(
    input_path: str,
    org: Path | None,
    fmt: str,
    output: Path | None,
    input_format: str | None,
    columns: tuple[str, ...],
    workers: int,
    resume: bool,
    redact: bool,
    fail_on: str | None,
    progress: bool | None,
    pack_path: Path | None,
    model: str | None,
) -> None:
    """Check every post in INPUT (.jsonl or .csv, comma or tab separated; - for standard input).

    Every post is accounted for: one that cannot be read gets {"id": ..., "error": ...} in
    its place. A summary goes to standard error at the end.
    """
    column_map = _column_map(columns)
    if resume and (output is None or fmt == "html"):
        raise click.UsageError("--resume needs --output and the jsonl or csv format")
    checker = make_checker(pack_path, org, model)
    done = completed_posts(output, fmt) if resume and output else 0
    renderer = Renderer(fmt, redact)
    summary = BatchSummary()
    failed = False
    review: list[ReviewItem] = []
    clear_uncounted = 0
    with ExitStack() as stack:
        source: IO[bytes] = sys.stdin.buffer if input_path == "-" else stack.enter_context(open(input_path, "rb"))
        if output is None:
            sink: IO[str] = sys.stdout
        else:
            mode = "a" if done else "w"
            sink = stack.enter_context(output.open(mode, encoding="utf-8", newline=""))
        if fmt == "csv" and not done:
            sink.write(csv_header())
        rows = islice(read_posts(source, input_path, input_format, column_map), done, None)
        bar = _progress_bar(progress, _count_lines(input_path), done)
        stack.callback(bar.close)
        for rendered in run(checker, rows, renderer, workers=workers, start=done):
            if rendered.chunk:
                sink.write(rendered.chunk)
            if rendered.review is not None:
                if rendered.verdict != "clear" or summary.verdicts["clear"] < HTML_CLEAR_LISTED:
                    review.append(rendered.review)
                else:
                    clear_uncounted += 1
            summary.add(rendered)
            failed = failed or bool(fail_on and rendered.verdict not in ("error",) and reaches(rendered.verdict, fail_on))
            bar.update(1)
        if fmt == "html":
            facts: dict[str, Any] = {
                "posts": summary.posts,
                "errors": summary.errors,
                "policy": f"{checker.pack.manifest.title} ({checker.pack.id})",
                "organisation": checker.profile.name,
            }
            sink.write(render_review(review, clear_uncounted, f"Post review: {Path(input_path).name}", facts))
        sink.flush()
    for line in summary.lines():
        click.echo(line, err=True)
    if done:
        click.echo(f"resumed after {done} posts already in {output}", err=True)
    if failed:
        sys.exit(1)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(wanted: bool | None, total: int | None, done: int) -> Any:
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit=" posts", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


__all__ = ["batch"]
