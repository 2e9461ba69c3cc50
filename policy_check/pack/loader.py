"""Loading a pack folder into a `PolicyPack`, with errors that name file, rule and field."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..learning.features import evidence_named
from ..learning.linear import LinearModel, ModelError
from ..yamlio import YamlError, load_yaml
from .pack import PolicyPack
from .schema import BUILTIN_EVIDENCE, CaseworkGuide, Evidence, PackManifest, PolicyVersion, Rule


class PackError(ValueError):
    """A pack that cannot be used. `problems` lists every problem found, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out.replace("raise_", "raise")


def _validate(model: type[BaseModel], data: Any, where: str, problems: list[str]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = _field_path(err["loc"]) or "(whole entry)"
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: field '{field}': {msg}")
        return None


def _entries(path: Path, key: str, problems: list[str]) -> list[Any]:
    try:
        data = load_yaml(path)
    except YamlError as exc:
        problems.append(str(exc))
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(f"{path}: expected a mapping with a list under '{key}:'")
        return []
    unknown = set(data) - {key}
    if unknown:
        problems.append(f"{path}: unknown top-level key(s) {sorted(unknown)}; only '{key}' is allowed")
    return data[key]


def _entry_name(kind: str, entry: Any, index: int) -> str:
    name = entry.get("id") if isinstance(entry, dict) else None
    return f"{kind} '{name}'" if name else f"{kind} #{index + 1}"


def load_pack(folder: str | Path) -> PolicyPack:
    """Read and cross-check a pack folder. Raises `PackError` listing every problem."""
    root = Path(folder)
    problems: list[str] = []
    if not (root / "pack.yaml").is_file():
        raise PackError([f"{root}: not a policy pack (no pack.yaml)"])
    try:
        manifest = _validate(PackManifest, load_yaml(root / "pack.yaml"), str(root / "pack.yaml"), problems)
    except YamlError as exc:
        raise PackError([str(exc)]) from None

    versions: list[PolicyVersion] = []
    for path in sorted((root / "versions").glob("*.yaml")):
        try:
            data = load_yaml(path)
        except YamlError as exc:
            problems.append(str(exc))
            continue
        version = _validate(PolicyVersion, data, str(path), problems)
        if version:
            versions.append(version)
            _check_unique([c.ref for c in version.clauses], f"{path}: clause ref", problems)
            _check_unique([c.id + repr(c.when) for c in version.clauses], f"{path}: clause number", problems)
    if not versions and not problems:
        problems.append(f"{root}/versions: a pack needs at least one version file")

    evidence: dict[str, Evidence] = {}
    evidence_files: dict[str, Path] = {}
    for path in sorted((root / "evidence").glob("*.yaml")):
        for i, entry in enumerate(_entries(path, "evidence", problems)):
            where = f"{path}: {_entry_name('evidence', entry, i)}"
            item = _validate(Evidence, entry, where, problems)
            if item is None:
                continue
            if item.id in evidence:
                problems.append(f"{where}: id already used in {evidence_files[item.id]}")
            evidence[item.id] = item
            evidence_files[item.id] = path

    rules: list[Rule] = []
    rule_files: dict[str, Path] = {}
    for path in sorted((root / "rules").glob("*.yaml")):
        for i, entry in enumerate(_entries(path, "rules", problems)):
            where = f"{path}: {_entry_name('rule', entry, i)}"
            rule = _validate(Rule, entry, where, problems)
            if rule is None:
                continue
            if rule.id in rule_files:
                problems.append(f"{where}: id already used in {rule_files[rule.id]}")
            rules.append(rule)
            rule_files[rule.id] = path

    profiles = {p.stem: p for p in sorted((root / "profiles").glob("*.yaml"))}
    if manifest and manifest.example_profile not in profiles:
        problems.append(
            f"{root / 'pack.yaml'}: field 'example_profile': no profiles/{manifest.example_profile}.yaml"
        )

    casework = CaseworkGuide()
    if (root / "casework.yaml").is_file():
        try:
            casework = _validate(CaseworkGuide, load_yaml(root / "casework.yaml"), str(root / "casework.yaml"), problems) or casework
        except YamlError as exc:
            problems.append(str(exc))

    models: dict[str, LinearModel] = {}
    for path in sorted((root / "models").glob("*.json")):
        try:
            models[path.stem] = LinearModel.load(path)
        except ModelError as exc:
            problems.append(str(exc))

    _cross_check(evidence, evidence_files, rules, rule_files, versions, profiles, problems)
    _check_models(models, root / "models", evidence, evidence_files, problems)
    if problems:
        raise PackError(problems)
    assert manifest is not None
    return PolicyPack(
        root=root,
        manifest=manifest,
        versions=versions,
        evidence=evidence,
        rules=[r for r in rules if r.enabled],
        profiles=profiles,
        sources={**{f"evidence:{k}": v for k, v in evidence_files.items()}, **{f"rule:{k}": v for k, v in rule_files.items()}},
        checksum=_checksum(root),
        casework=casework,
        models=models,
    )


def _check_unique(values: list[str], what: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            problems.append(f"{what} {value!r} appears twice")
        seen.add(value)


def _cross_check(
    evidence: dict[str, Evidence],
    evidence_files: dict[str, Path],
    rules: list[Rule],
    rule_files: dict[str, Path],
    versions: list[PolicyVersion],
    profiles: dict[str, Path],
    problems: list[str],
) -> None:
    known = set(evidence) | set(BUILTIN_EVIDENCE)
    for ev in evidence.values():
        for field_name in ("include", "exclude"):
            for i, name in enumerate(getattr(ev, field_name)):
                if name not in known:
                    problems.append(
                        f"{evidence_files[ev.id]}: evidence '{ev.id}': field '{field_name}[{i}]': unknown evidence {name!r}"
                    )
    _check_include_cycles(evidence, evidence_files, problems)
    _check_written_twice(evidence, evidence_files, problems)

    clause_topics: dict[str, set[str]] = {}
    for version in versions:
        for clause in version.clauses:
            clause_topics.setdefault(clause.ref, set()).update(t.value for t in clause.topics)
    rule_ids = {r.id for r in rules}
    for rule in rules:
        where = f"{rule_files[rule.id]}: rule '{rule.id}'"
        for i, name in enumerate(rule.match or []):
            if name not in known:
                problems.append(f"{where}: field 'match[{i}]': unknown evidence {name!r}")
        for group in ("requires", "unless"):
            for i, cond in enumerate(getattr(rule, group)):
                for j, name in enumerate(cond.evidence or []):
                    if name not in known:
                        problems.append(f"{where}: field '{group}[{i}].evidence[{j}]': unknown evidence {name!r}")
        for i, ref in enumerate(rule.clause):
            if ref not in clause_topics:
                problems.append(f"{where}: field 'clause[{i}]': no version has a clause with ref {ref!r}")
            elif rule.topic.value not in clause_topics[ref]:
                problems.append(
                    f"{where}: field 'topic': clause {ref!r} does not cover topic {rule.topic.value!r} "
                    f"(it covers {sorted(clause_topics[ref]) or 'no topic'})"
                )
        for i, other in enumerate(rule.suppresses):
            if other not in rule_ids:
                problems.append(f"{where}: field 'suppresses[{i}]': unknown rule {other!r}")
        for kind, items in (("raise", rule.examples.raise_), ("ok", rule.examples.ok)):
            for i, example in enumerate(items):
                if example.profile and example.profile not in profiles:
                    problems.append(f"{where}: field 'examples.{kind}[{i}].profile': no profiles/{example.profile}.yaml")


def _check_models(
    models: dict[str, LinearModel], folder: Path, evidence: dict[str, Evidence], files: dict[str, Path], problems: list[str]
) -> None:
    """Learned evidence names a model and label that exist, and each model knows only evidence the
    pack still has (a renamed evidence kind would silently stop counting: retrain instead)."""
    known = set(evidence) | set(BUILTIN_EVIDENCE)
    for name, model in models.items():
        stale = sorted(evidence_named(model.weights) - known)
        if stale:
            problems.append(
                f"{folder / (name + '.json')}: features name evidence the pack no longer has "
                f"({', '.join(stale[:5])}{'…' if len(stale) > 5 else ''}): retrain it with `policy-check rules train`"
            )
    for ev in evidence.values():
        if ev.learned is None:
            continue
        where = f"{files[ev.id]}: evidence '{ev.id}'"
        model = models.get(ev.learned.model)
        if model is None:
            problems.append(f"{where}: field 'learned.model': no models/{ev.learned.model}.json")
        elif ev.learned.label not in model.labels:
            problems.append(f"{where}: field 'learned.label': model {ev.learned.model!r} has no label {ev.learned.label!r}")


def _check_include_cycles(evidence: dict[str, Evidence], files: dict[str, Path], problems: list[str]) -> None:
    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            problems.append(f"{files[trail[0]]}: evidence '{trail[0]}': field 'include' or 'exclude': cycle {' -> '.join(trail + (name,))}")
            return
        for nxt in [*evidence[name].include, *evidence[name].exclude] if name in evidence else ():
            visit(nxt, trail + (name,))

    for name in evidence:
        visit(name, ())


def _wordings(ev: Evidence) -> dict[tuple[Any, ...], str]:
    """Each phrase, pattern and expression of an evidence kind, keyed by what it matches (with the
    settings that change how), to its field."""
    out: dict[tuple[Any, ...], str] = {}
    for i, phrase in enumerate(ev.phrases):
        out["phrase", phrase if ev.attr == "ORTH" else phrase.lower(), ev.attr, ev.fuzzy, ev.inflect] = f"phrases[{i}]"
    for i, pattern in enumerate(ev.patterns):
        out["pattern", json.dumps(pattern, sort_keys=True)] = f"patterns[{i}]"
    for i, expr in enumerate(ev.regex):
        out["regex", expr, ev.validator] = f"regex[{i}]"
    return out


def _check_written_twice(evidence: dict[str, Evidence], files: dict[str, Path], problems: list[str]) -> None:
    """A wording an evidence kind already counts through its `include`s is written twice: the
    copy matches nothing new, and the two drift apart when one is edited."""
    wordings = {name: _wordings(ev) for name, ev in evidence.items()}
    for ev in evidence.values():
        own = wordings[ev.id]
        seen, todo = {ev.id}, list(ev.include)
        while todo:
            name = todo.pop()
            if name in seen or name not in evidence:
                continue
            seen.add(name)
            todo.extend(evidence[name].include)
            for key in own.keys() & wordings[name].keys():
                problems.append(
                    f"{files[ev.id]}: evidence '{ev.id}': field '{own[key]}': {key[1]!r} is already counted "
                    f"through include {name!r} ({files[name].name}); delete this copy"
                )


def _checksum(root: Path) -> str:
    """sha256 over every pack file's relative path and bytes (rules, versions, models): the pack's fingerprint."""
    digest = hashlib.sha256()
    for path in sorted(p for p in [*root.rglob("*.yaml"), *root.glob("models/*.json")] if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
