"""Every example of every rule in the bundled pack: `raise` examples raise it, `ok` ones do not."""

from __future__ import annotations

import pytest

from policy_check import load_pack
from policy_check.checker import default_pack_path
from policy_check.ruletest import ExampleRunner, example_cases

_PACK = load_pack(default_pack_path())
_CASES = list(example_cases(_PACK))


@pytest.fixture(scope="module")
def runner() -> ExampleRunner:
    return ExampleRunner(_PACK)


@pytest.mark.parametrize("case", _CASES, ids=[c.name for c in _CASES])
def test_rule_example(runner, case):
    result = runner.run(case)
    assert result.passed, f"{case.name}: {result.detail}\n  {case.example.text!r}"


def test_every_rule_has_at_least_three_examples_each_way():
    thin = [
        r.id for r in _PACK.rules if len(r.examples.raise_) < 3 or len(r.examples.ok) < 3
    ]
    assert not thin, f"rules with fewer than 3 raise or 3 ok examples: {thin}"
