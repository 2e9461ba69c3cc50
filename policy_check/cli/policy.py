"""`policy-check policy ...`: the versions of a policy and what changed between them."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

import click

from ..pack import PolicyPack
from .common import friendly_errors, load_pack_or_default, pack_options


@click.group()
def policy() -> None:
    """List policy versions and compare them."""


@policy.command("versions")
@pack_options
@friendly_errors
def versions(pack_path: Path | None) -> None:
    """Each version: when it was adopted, took effect and is due for review."""
    pack = load_pack_or_default(pack_path)
    current = pack.current.version
    for v in pack.versions:
        mark = "  (current)" if v.version == current else ""
        click.echo(f"{v.version}: adopted {v.adopted}, in force from {v.effective_from}, review due {v.review_due}, "
                   f"approved by {v.approved_by}; {len(v.clauses)} clauses{mark}")


def _fill(text: str) -> list[str]:
    return [line for para in text.strip().split("\n\n") for line in textwrap.wrap(" ".join(para.split()), 88) + [""]]


def diff_versions(pack: PolicyPack, old_name: str, new_name: str) -> list[str]:
    """Lines describing every clause added, removed, renumbered, retitled or reworded."""
    old, new = pack.version(old_name), pack.version(new_name)
    before = {(c.ref, repr(c.when)): c for c in old.clauses}
    after = {(c.ref, repr(c.when)): c for c in new.clauses}
    lines = [f"Policy {pack.id}: changes from {old.version} (in force {old.effective_from}) to {new.version} (in force {new.effective_from})", ""]
    if new.change_summary.strip():
        lines += ["Summary of changes, as adopted:"] + ["  " + x for x in _fill(new.change_summary)]
    unchanged = []
    for key in list(dict.fromkeys([*before, *after])):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            lines += [f"+ added {b.id} {b.title} [{b.ref}]"] + ["    " + x for x in _fill(b.text)]
        elif b is None and a is not None:
            lines += [f"- removed {a.id} {a.title} [{a.ref}]", ""]
        elif a is not None and b is not None:
            notes = []
            if a.id != b.id:
                notes.append(f"renumbered {a.id} -> {b.id}")
            if a.title != b.title:
                notes.append(f"retitled {a.title!r} -> {b.title!r}")
            if [t.value for t in a.topics] != [t.value for t in b.topics]:
                notes.append("topics changed")
            reworded = " ".join(a.text.split()) != " ".join(b.text.split())
            if reworded:
                notes.append("reworded")
            if not notes:
                unchanged.append(f"{b.id} {b.title}")
                continue
            lines.append(f"~ {b.id} {b.title} [{b.ref}]: {'; '.join(notes)}")
            if reworded:
                diff = difflib.unified_diff(_fill(a.text), _fill(b.text), old.version, new.version, lineterm="", n=1)
                lines += ["    " + x for x in list(diff)[2:]]
            lines.append("")
    lines.append(f"Unchanged: {', '.join(unchanged) if unchanged else 'none'}")
    return lines


@policy.command("diff")
@click.argument("old")
@click.argument("new")
@pack_options
@friendly_errors
def diff(old: str, new: str, pack_path: Path | None) -> None:
    """Which clauses changed between versions OLD and NEW (e.g. 2022-04 2025-01)."""
    for line in diff_versions(load_pack_or_default(pack_path), old, new):
        click.echo(line)
