"""`policy-check explain CLAUSE`: the clause as written, and the rules that enforce it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from .common import friendly_errors, load_pack_or_default, pack_options


@click.command()
@click.argument("clause")
@click.option("--version", "policy_version", default=None, help="Policy version (default: the current one).")
@pack_options
@friendly_errors
def explain(clause: str, policy_version: str | None, pack_path: Path | None) -> None:
    """Show CLAUSE (a number such as 6.1, or a ref such as respect-for-colleagues)."""
    pack = load_pack_or_default(pack_path)
    version = pack.version(policy_version) if policy_version else pack.current
    found = [c for c in version.clauses if clause in (c.id, c.ref)]
    if not found:
        raise click.ClickException(
            f"version {version.version} of {pack.id} has no clause {clause!r}; "
            f"its clauses are {', '.join(dict.fromkeys(c.id for c in version.clauses))}"
        )
    for item in found:
        click.echo(f"{item.id} {item.title}   [{pack.manifest.title}, version {version.version}]")
        if item.when:
            click.echo("Applies where the organisation profile has " + ", ".join(f"{k}: {str(v).lower()}" for k, v in item.when.items()))
        if item.topics:
            click.echo("Topics: " + ", ".join(t.value for t in item.topics))
        click.echo("")
        for para in item.text.strip().split("\n\n"):
            click.echo(textwrap.fill(" ".join(para.split()), 88))
            click.echo("")
        enforced = pack.rules_for_clause(item.ref)
        click.echo("Rules that cite it:" if enforced else "No rule cites this clause: it is guidance only.")
        for rule in enforced:
            click.echo(f"  {rule.id} ({rule.severity.value}): {rule.title}")
        click.echo("")
