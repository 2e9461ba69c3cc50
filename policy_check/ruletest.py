"""Every rule's examples are its tests: `raise` examples must raise the rule, `ok` ones must not.

Used by `policy-check rules test` for pack authors and by the test suite, so a pack author
and CI run exactly the same checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .checker import Checker
from .pack import PolicyPack, Rule
from .pack.schema import Example


@dataclass(frozen=True)
class ExampleCase:
    rule: Rule
    kind: str  # "raise" or "ok"
    index: int
    example: Example

    @property
    def name(self) -> str:
        return f"{self.rule.id}:{self.kind}[{self.index}]"


@dataclass(frozen=True)
class ExampleResult:
    case: ExampleCase
    passed: bool
    detail: str


def example_cases(pack: PolicyPack) -> Iterator[ExampleCase]:
    for rule in pack.rules:
        for kind, items in (("raise", rule.examples.raise_), ("ok", rule.examples.ok)):
            for i, example in enumerate(items):
                yield ExampleCase(rule, kind, i, example)


class ExampleRunner:
    """Runs example cases, with one checker per profile the examples name."""

    def __init__(self, pack: PolicyPack):
        self.pack = pack
        self._checkers: dict[str, Checker] = {}

    def checker(self, profile: str | None) -> Checker:
        name = profile or self.pack.manifest.example_profile
        if name not in self._checkers:
            self._checkers[name] = Checker(self.pack, name)
        return self._checkers[name]

    def run(self, case: ExampleCase) -> ExampleResult:
        example = case.example
        report = self.checker(example.profile).check(example.as_post(), version=example.version)
        mine = [f for f in report.findings if case.rule.id in f.rules]
        others = sorted({r for f in report.findings for r in f.rules} - {case.rule.id})
        also = f" (other rules raised: {', '.join(others)})" if others else ""
        if case.kind == "ok":
            if mine:
                words = ", ".join(repr(s.text) for s in mine[0].spans) or "no words"
                return ExampleResult(case, False, f"raised on {words} but should not be{also}")
            return ExampleResult(case, True, "not raised")
        if not mine:
            return ExampleResult(case, False, f"not raised{also}")
        got = [s.text for s in mine[0].spans]
        if example.spans is not None and got != example.spans:
            return ExampleResult(case, False, f"raised on {got}, expected {example.spans}")
        return ExampleResult(case, True, f"raised on {got}")


def run_examples(pack: PolicyPack, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    runner = ExampleRunner(pack)
    return [runner.run(c) for c in example_cases(pack) if rule_ids is None or c.rule.id in rule_ids]
