"""A loaded, cross-checked policy pack: versions, clauses, evidence and rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..learning.linear import LinearModel
from ..profile import OrgProfile
from .schema import CaseworkGuide, Clause, Evidence, PackManifest, PolicyVersion, Rule


@dataclass(frozen=True)
class PolicyPack:
    root: Path
    manifest: PackManifest
    versions: list[PolicyVersion]
    evidence: dict[str, Evidence]
    rules: list[Rule]
    profiles: dict[str, Path]
    #: "rule:ID" or "evidence:ID" -> the file it came from, for messages.
    sources: dict[str, Path] = field(repr=False)
    checksum: str = ""
    casework: CaseworkGuide = field(default_factory=CaseworkGuide)
    #: Learned models from models/*.json, by file name.
    models: dict[str, LinearModel] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.manifest.id

    def __post_init__(self) -> None:
        self.versions.sort(key=lambda v: v.effective_from)

    @property
    def current(self) -> PolicyVersion:
        today = date.today()
        in_force = [v for v in self.versions if v.effective_from <= today]
        return in_force[-1] if in_force else self.versions[0]

    def version(self, name: str) -> PolicyVersion:
        for v in self.versions:
            if v.version == name:
                return v
        known = ", ".join(v.version for v in self.versions)
        raise KeyError(f"policy {self.id!r} has no version {name!r} (it has {known})")

    def version_in_force(self, moment: datetime | date | None) -> PolicyVersion:
        """The version in force on that day; without a day, the current one.

        A post dated before the first version is judged by the first version: it is the
        earliest text the council can point to.
        """
        if moment is None:
            return self.current
        day = moment.date() if isinstance(moment, datetime) else moment
        in_force = [v for v in self.versions if v.effective_from <= day]
        return in_force[-1] if in_force else self.versions[0]

    def clauses(self, version: PolicyVersion, profile: OrgProfile) -> dict[str, Clause]:
        """The clauses of a version that apply to this council, by ref."""
        out: dict[str, Clause] = {}
        for clause in version.clauses:
            if clause.when and any(getattr(profile, k) != v for k, v in clause.when.items()):
                continue
            out[clause.ref] = clause
        return out

    def find_clause(self, version: PolicyVersion, key: str) -> Clause | None:
        """A clause by number ('6.1') or ref ('respect-for-colleagues')."""
        for clause in version.clauses:
            if key in (clause.id, clause.ref):
                return clause
        return None

    def closure(self, names: Iterable[str]) -> tuple[str, ...]:
        """The evidence names whose hits count as any of `names`: themselves and their includes."""
        out: dict[str, None] = {}
        todo = list(names)
        while todo:
            name = todo.pop(0)
            if name in out:
                continue
            out[name] = None
            evidence = self.evidence.get(name)
            if evidence is not None:
                todo.extend(evidence.include)
        return tuple(out)

    def rules_for_clause(self, ref: str) -> list[Rule]:
        return [r for r in self.rules if ref in r.clause]
