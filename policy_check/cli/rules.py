"""`policy-check rules ...`: for pack authors: validate, test examples, list, show evidence, export the schema."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

from ..nlp import build_pipeline
from ..checker import Checker, resolve_profile
from ..pack.schema import BUILTIN_EVIDENCE, EvidenceFile, PolicyVersion, RuleFile
from ..ruletest import run_examples
from ..text.normalise import normalise
from .common import friendly_errors, load_pack_or_default, pack_options


@click.group()
def rules() -> None:
    """Validate, test and document a policy pack."""


@rules.command()
@pack_options
@friendly_errors
def validate(pack_path: Path | None) -> None:
    """Check the pack's files against the schema and each other, and compile every pattern."""
    pack = load_pack_or_default(pack_path)
    for name in pack.profiles:
        # Every pattern is checked against spaCy's schema when the pack is compiled (cached
        # only after that); expressions were compiled by the pack's schema.
        build_pipeline(pack, resolve_profile(pack, name))
    n_examples = sum(len(r.examples.raise_) + len(r.examples.ok) for r in pack.rules)
    click.echo(
        f"{pack.id}: OK — {len(pack.versions)} versions, {len(pack.evidence)} evidence, "
        f"{len(pack.rules)} rules, {n_examples} examples, {len(pack.profiles)} profiles"
    )


@rules.command("test")
@click.option("--rule", "rule_ids", multiple=True, help="Only these rules (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="List passing examples too.")
@pack_options
@friendly_errors
def test_examples(rule_ids: tuple[str, ...], verbose: bool, pack_path: Path | None) -> None:
    """Run every rule's examples: `raise` ones must be raised, `ok` ones must not."""
    pack = load_pack_or_default(pack_path)
    results = run_examples(pack, set(rule_ids) or None)
    failed = [r for r in results if not r.passed]
    for result in results:
        if verbose or not result.passed:
            mark = "ok  " if result.passed else "FAIL"
            click.echo(f"{mark} {result.case.name}: {result.detail}")
            if not result.passed:
                click.echo(f"       {result.case.example.text!r}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        sys.exit(1)


@rules.command("train")
@click.argument("corpora", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", default="topics", show_default=True, help="The model's file name in the pack's models/ folder.")
@click.option("--org", "profile", help="Organisation profile the corpora were written for (default: the pack's example profile).")
@click.option("--skip-label", "skipped", multiple=True, default=["own-time-own-device"], show_default=True,
              help="Topics not to learn: the model sees words, not when or where a post was made.")
@click.option("--examples/--no-examples", default=True, show_default=True, help="Also learn from the rules' examples.")
@click.option("--cross-validate", "threshold", type=float, default=None,
              help="First train without each corpus file in turn and print how it scores that file at this threshold.")
@pack_options
@friendly_errors
def train(
    corpora: tuple[Path, ...], name: str, profile: str | None, skipped: tuple[str, ...], examples: bool,
    threshold: float | None, pack_path: Path | None,
) -> None:
    """Fit the pack's learned model to labelled CORPORA (JSONL with `text` and `expected`).

    Never train on a held-out file: its figures would stop meaning anything.
    """
    from ..learning.train import Settings, corpus_posts, example_posts, fit, leave_one_group_out
    from ..topics import TOPICS

    pack = load_pack_or_default(pack_path)
    checker = Checker(pack, profile or pack.manifest.example_profile)
    groups = {path.name: list(corpus_posts(checker, [path])) for path in corpora}
    extra = list(example_posts(checker)) if examples else []
    labels = [t for t in TOPICS if t not in skipped]
    settings = Settings()
    about: dict[str, object] = {
        "trained_on": {n: len(p) for n, p in groups.items()} | ({"rule examples": len(extra)} if examples else {}),
        "features": "words and adjacent pairs (normalised, profile names as placeholders), and which pack evidence kinds have phrase or pattern hits",
        "settings": settings.as_dict(),
    }
    if threshold is not None:
        scores = leave_one_group_out(groups, extra, labels, threshold, settings)
        for score in scores:
            precision, recall = score.macro
            click.echo(f"without {score.group}: macro precision {precision:.3f}, recall {recall:.3f} at {threshold}")
        about["cross_validation"] = {
            "threshold": threshold,
            "macro": {s.group: [round(v, 3) for v in s.macro] for s in scores},
        }
    model = fit([p for posts in groups.values() for p in posts] + extra, labels, settings)
    model = dataclasses.replace(model, about=about)
    out = pack.root / "models" / f"{name}.json"
    model.save(out)
    click.echo(f"{out}: {len(model.weights)} features, {len(labels)} labels, from {sum(map(len, groups.values()))} posts and {len(extra)} examples")


@rules.command("list")
@pack_options
@friendly_errors
def list_rules(pack_path: Path | None) -> None:
    """Each rule: what it finds, which clause, how severe."""
    pack = load_pack_or_default(pack_path)
    for rule in sorted(pack.rules, key=lambda r: (r.topic.value, r.id)):
        click.echo(f"{rule.topic.value:24} {rule.id:36} {rule.severity.value:7} {rule.title}")


@rules.command("evidence")
@click.argument("text")
@click.option("--org", "profile", help="Organisation profile: a name from the pack or a YAML path.")
@pack_options
@friendly_errors
def show_evidence(text: str, profile: str | None, pack_path: Path | None) -> None:
    """Which evidence a post holds, and where: what the rules get to reason about.

    Every kind with a hit is listed with the words it matched; `~` marks a match that only
    holds once obfuscation or a misspelling is undone. Then each learned model's highest
    scores, and the findings, as `check` gives them.
    """
    checker = Checker(load_pack_or_default(pack_path), profile)
    report = checker.check(text)
    evidence = checker.nlp(normalise(text))._.evidence
    # The built-in kinds too (HANDLE, EMPLOYER, QUOTED...): rules reason about them as much
    # as about the pack's own.
    for name in sorted(checker.pack.evidence) + sorted(BUILTIN_EVIDENCE):
        hits = evidence.get(name)
        if hits:
            words = ", ".join(f"{'~' if h.fuzzy else ''}{text[h.start_char:h.end_char]!r}" for h in hits)
            click.echo(f"{name:32} {words}")
    if checker.pack.models:
        from ..learning.features import features_of

        features = features_of(evidence)
        for model_name, model in sorted(checker.pack.models.items()):
            ranked = sorted(zip(model.labels, model.scores(features)), key=lambda p: -p[1])[:5]
            click.echo(f"model {model_name}: " + ", ".join(f"{label} {score:.2f}" for label, score in ranked))
    click.echo(f"-> {report.verdict}: " + (", ".join(f"{f.rule} ({f.topic})" for f in report.findings) or "no findings"))


@rules.command()
@click.option("--kind", type=click.Choice(["rules", "evidence", "version"]), default="rules", show_default=True)
def schema(kind: str) -> None:
    """Print the JSON Schema of a pack file, for editors that validate YAML."""
    model = {"rules": RuleFile, "evidence": EvidenceFile, "version": PolicyVersion}[kind]
    click.echo(json.dumps(model.model_json_schema(by_alias=True), indent=2))
