"""The report: what the checker found in one post (CONTRACT.md, "A report")."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .topics import Severity

#: How much each severity weighs in a post's overall risk score.
SEVERITY_WEIGHT = {Severity.ADVICE: 0.3, Severity.REVIEW: 0.6, Severity.BREACH: 1.0}


class Span(BaseModel):
    model_config = ConfigDict(frozen=True)
    start: int
    end: int
    text: str


class ContextSpan(Span):
    """Words that made the finding apply (the target of an insult, the employer's name)."""

    evidence: str


class ClauseRef(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    title: str
    ref: str


class PolicyRef(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    version: str
    title: str


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)
    rule: str
    topic: str
    clause: ClauseRef
    severity: Severity
    score: float
    spans: list[Span]
    message: str
    guidance: str
    # default_factory: a literal [] default is deep-copied for every finding
    context: list[ContextSpan] = Field(default_factory=list)
    #: Other rules that cited the same clause for the same words; their findings are folded
    #: into this one, so the reader is told once (pack authors see who else saw it).
    also_raised_by: list[str] = Field(default_factory=list)

    @property
    def rules(self) -> list[str]:
        """Every rule this finding speaks for: its own and those folded into it."""
        return [self.rule, *self.also_raised_by]


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str | None
    verdict: str
    score: float
    policy: PolicyRef
    findings: list[Finding]

    @property
    def topics(self) -> list[str]:
        return sorted({f.topic for f in self.findings})


class ErrorReport(BaseModel):
    """A post that could not be read, reported in its place."""

    model_config = ConfigDict(frozen=True)
    id: str | None
    error: str


def verdict_of(findings: list[Finding]) -> str:
    if not findings:
        return "clear"
    return max((f.severity for f in findings), key=lambda s: s.rank).value


def risk_score(findings: list[Finding]) -> float:
    """0 for a clear post; otherwise the strongest finding, weighted by its severity."""
    if not findings:
        return 0.0
    return round(max(f.score * SEVERITY_WEIGHT[f.severity] for f in findings), 2)
