"""`policy-check batch`: many posts from a JSONL or CSV export, one report each, in input order."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..inputs import read_posts
from ..render.jsonl import render_json
from ..render.table import csv_header, render_csv_rows
from .common import friendly_errors, make_checker, model_option, org_option, pack_options, reaches


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(allow_dash=True, dir_okay=False))
@org_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--input-format", type=click.Choice(["jsonl", "csv"]), help="Default: from the file name or first line.")
@click.option("--fail-on", type=click.Choice(["advice", "review", "breach"]), help="Exit 1 if any post reaches this.")
@pack_options
@model_option
@friendly_errors
def batch(
    input_path: str,
    org: Path | None,
    fmt: str,
    output: Path | None,
    input_format: str | None,
    fail_on: str | None,
    pack_path: Path | None,
    model: str | None,
) -> None:
    """Check every post in INPUT (.jsonl or .csv; - for standard input)."""
    checker = make_checker(pack_path, org, model)
    source = sys.stdin.buffer if input_path == "-" else open(input_path, "rb")  # noqa: SIM115
    sink = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    failed = False
    try:
        if fmt == "csv":
            sink.write(csv_header())
        for report in checker.check_many(read_posts(source, input_path, input_format)):
            sink.write(render_csv_rows(report) if fmt == "csv" else render_json(report) + "\n")
            failed = failed or bool(fail_on and reaches(getattr(report, "verdict", "clear"), fail_on))
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if output:
            sink.close()
    if failed:
        sys.exit(1)
