"""`policy-check check`: one post, from the argument or standard input."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..post import PostError, parse_post
from ..render.jsonl import render_json
from ..render.text import render_text
from .common import friendly_errors, make_checker, model_option, org_option, pack_options, post_fields, reaches

PLATFORMS = ["linkedin", "x", "facebook", "instagram", "tiktok", "other"]


@click.command()
@click.argument("text", required=False)
@org_option
@click.option("--platform", type=click.Choice(PLATFORMS, case_sensitive=False))
@click.option("--posted-at", help="When it was (or will be) posted, ISO 8601, e.g. 2025-03-04T10:15:00+00:00.")
@click.option("--device", type=click.Choice(["personal", "council"]))
@click.option("--account", type=click.Choice(["personal", "official"]))
@click.option("--politically-restricted", is_flag=True, help="The author holds a politically restricted post.")
@click.option("--id", "post_id", default=None, help="An identifier to echo back in the report.")
@click.option("--version", "policy_version", default=None, help="Check against this policy version.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["advice", "review", "breach"]), help="Exit 1 if the verdict reaches this.")
@pack_options
@model_option
@friendly_errors
def check(
    text: str | None,
    org: Path | None,
    platform: str | None,
    posted_at: str | None,
    device: str | None,
    account: str | None,
    politically_restricted: bool,
    post_id: str | None,
    policy_version: str | None,
    fmt: str,
    fail_on: str | None,
    pack_path: Path | None,
    model: str | None,
) -> None:
    """Check one post. Reads the post from standard input when TEXT is absent."""
    if text is None:
        if sys.stdin.isatty():
            click.echo("Paste the post, then press Ctrl-D:", err=True)
        text = sys.stdin.read()
        if text.endswith("\n"):
            text = text[:-1]
    raw = post_fields(post_id, text, platform=platform, posted_at=posted_at, device=device,
                      account=account, politically_restricted=politically_restricted)
    try:
        post = parse_post(raw)
    except PostError as exc:
        raise click.UsageError(str(exc)) from None
    checker = make_checker(pack_path, org, model)
    report = checker.check(post, version=policy_version)
    if fmt == "json":
        click.echo(render_json(report))
    else:
        click.echo(render_text(report, post.text, colour=sys.stdout.isatty()), nl=False)
    if fail_on and reaches(report.verdict, fail_on):
        sys.exit(1)
