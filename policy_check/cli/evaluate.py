"""`policy-check eval FILE`: precision and recall per topic on a labelled corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..evaluation import evaluate
from .common import friendly_errors, make_checker, model_option, org_option, pack_options


@click.command("eval")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@org_option
@click.option("--show/--no-show", default=True, show_default=True, help="List misses and false alarms.")
@click.option("--min", "minimum", type=float, default=None, help="Exit 1 if any topic's precision or recall is below this.")
@pack_options
@model_option
@friendly_errors
def evaluate_command(corpus: Path, org: Path | None, show: bool, minimum: float | None, pack_path: Path | None, model: str | None) -> None:
    """Score the checker on CORPUS: JSONL posts with an `expected` list of topics."""
    records = []
    for number, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{corpus}:{number}: not valid JSON: {exc.msg}") from None
    result = evaluate(make_checker(pack_path, org, model), records)
    click.echo(f"{corpus}: {result.posts} posts, {result.errors} unreadable")
    click.echo(f"{'topic':24} {'support':>7} {'found':>6} {'precision':>9} {'recall':>7}")
    low = False
    for topic, s in result.topics.items():
        support = s.tp + s.fn
        if not support and not s.fp:
            continue
        click.echo(f"{topic:24} {support:7d} {s.tp + s.fp:6d} {s.precision:9.3f} {s.recall:7.3f}")
        low = low or (minimum is not None and (s.precision < minimum or s.recall < minimum))
    p, r = result.macro
    click.echo(f"{'macro':24} {'':7} {'':6} {p:9.3f} {r:7.3f}")
    click.echo(f"clean posts raised at breach: {len(result.clean_breaches)} {result.clean_breaches or ''}")
    if show:
        for pid, topic, text in result.misses:
            click.echo(f"MISS  {pid} {topic}: {text[:160]!r}")
        for pid, topic, text, words in result.false_alarms:
            click.echo(f"FALSE {pid} {topic} [{words}]: {text[:160]!r}")
    if low or (minimum is not None and result.clean_breaches):
        sys.exit(1)
