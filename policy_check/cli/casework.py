"""`policy-check casework`: an extract a manager can cite; `policy-check verify` reproduces one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..casework import build_extract, read_extracts
from ..inputs import read_posts
from ..post import PostError, parse_post
from ..render.casework import html_document, render_html_extract, render_markdown
from .check import PLATFORMS
from .common import friendly_errors, make_checker, org_option, pack_options, post_fields


@click.command()
@click.argument("text", required=False)
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, allow_dash=True), help="A JSONL (or CSV) file of posts: one extract each.")
@click.option("--posted-at", help="When the post was made (ISO 8601); selects the policy version in force.")
@click.option("--platform", type=click.Choice(PLATFORMS, case_sensitive=False))
@click.option("--device", type=click.Choice(["personal", "council"]))
@click.option("--account", type=click.Choice(["personal", "official"]))
@click.option("--politically-restricted", is_flag=True)
@click.option("--id", "post_id", default=None)
@click.option("--version", "policy_version", default=None, help="Apply this version instead of the one in force.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown", show_default=True)
@click.option("--redact", is_flag=True, help="Mask personal data in the extract (the input is then not stored in it).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@org_option
@pack_options
@friendly_errors
def casework(
    text: str | None,
    input_path: str | None,
    posted_at: str | None,
    platform: str | None,
    device: str | None,
    account: str | None,
    politically_restricted: bool,
    post_id: str | None,
    policy_version: str | None,
    fmt: str,
    redact: bool,
    output: Path | None,
    org: Path | None,
    pack_path: Path | None,
) -> None:
    """Write a casework extract for a post (TEXT, standard input, or --input FILE).

    The extract quotes the post verbatim with the engaged words marked, each clause in full
    as it stood in the version in force on the posting date, why it was raised, the points
    a fair process weighs, and a fingerprint that `policy-check verify` can reproduce.
    """
    checker = make_checker(pack_path, org)
    posts: list[Any] = []
    if input_path:
        with click.open_file(input_path, "rb") as handle:
            posts = list(read_posts(handle, input_path))
    else:
        if text is None:
            text = sys.stdin.read().rstrip("\n")
        posts = [post_fields(post_id, text, platform=platform, posted_at=posted_at, device=device,
                             account=account, politically_restricted=politically_restricted)]
    extracts, problems = [], []
    for index, raw in enumerate(posts, 1):
        try:
            if isinstance(raw, PostError):
                raise raw
            extracts.append(build_extract(checker, parse_post(raw, str(index)), policy_version, redact))
        except PostError as exc:
            problems.append(f"post {getattr(exc, 'post_id', index)}: {exc}")
    if fmt == "html":
        document = html_document([render_html_extract(x) for x in extracts], "Casework extract")
    else:
        document = "\n---\n\n".join(render_markdown(x) for x in extracts)
    if output:
        output.write_text(document, encoding="utf-8")
    else:
        click.echo(document, nl=False)
    for problem in problems:
        click.echo(f"Could not make an extract for {problem}", err=True)
    if problems:
        sys.exit(2 if not extracts else 1)


@click.command()
@click.argument("extract", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--post", "post_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The original post (JSON) for a redacted extract.")
@org_option
@pack_options
@friendly_errors
def verify(extract: Path, post_file: Path | None, org: Path | None, pack_path: Path | None) -> None:
    """Re-run the input stored in EXTRACT and check that every fingerprint is reproduced."""
    from ..casework import ExtractInput

    stored = read_extracts(extract.read_text(encoding="utf-8"))
    if not stored:
        raise click.ClickException(f"{extract} holds no policy-check fingerprint")
    checker = make_checker(pack_path, org)
    failures = 0
    for n, item in enumerate(stored, 1):
        given = item.input
        if given is None:
            if post_file is None:
                raise click.ClickException(f"extract {n} is redacted and stores no input: pass the original post with --post")
            given = ExtractInput(json.loads(post_file.read_text(encoding="utf-8")), None)
        again = build_extract(checker, parse_post(given.post), given.version).fingerprint.as_dict()
        differing = [k for k, v in item.fingerprint.items() if again.get(k) != v]
        if differing:
            failures += 1
            click.echo(f"extract {n}: NOT reproduced; differs in {', '.join(differing)}")
            for key in differing:
                click.echo(f"  {key}: stored {item.fingerprint[key]}, now {again.get(key)}")
        else:
            click.echo(f"extract {n}: reproduced, fingerprint {again['fingerprint']}")
    if failures:
        sys.exit(1)
