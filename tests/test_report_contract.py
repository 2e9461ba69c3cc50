"""A report has the shape CONTRACT.md promises, and its spans index the original text."""

from __future__ import annotations

import json

import pytest

from policy_check.report import ErrorReport
from policy_check.topics import TOPICS, VERDICTS

DONE_WHEN = "My line manager Dave at Tendring Council is a useless idiot"


def test_insult_aimed_at_a_manager_is_a_colleague_conduct_breach_citing_a_clause(tendring):
    report = tendring.check({"id": "h001", "text": DONE_WHEN})
    data = json.loads(report.model_dump_json())
    assert data["id"] == "h001"
    assert data["verdict"] == "breach"
    assert data["policy"]["id"] == "model-council"
    (finding,) = [f for f in data["findings"] if f["topic"] == "colleague-conduct"]
    assert finding["clause"]["id"] == "6.1"
    assert finding["clause"]["title"] == "Respect for colleagues"
    assert finding["spans"] == [{"start": 46, "end": 59, "text": "useless idiot"}]
    assert finding["message"] and finding["guidance"]


def test_report_keys_are_the_contracts(tendring):
    data = json.loads(tendring.check(DONE_WHEN).model_dump_json())
    assert {"id", "verdict", "score", "policy", "findings"} <= set(data)
    assert {"id", "version"} <= set(data["policy"])
    for finding in data["findings"]:
        assert {"rule", "topic", "clause", "severity", "score", "spans", "message", "guidance"} <= set(finding)
        assert finding["topic"] in TOPICS
        assert finding["severity"] in ("advice", "review", "breach")
        assert 0 <= finding["score"] <= 1
    assert data["verdict"] in VERDICTS
    assert 0 <= data["score"] <= 1


@pytest.mark.parametrize(
    "text",
    [
        "Lovely walk along the seafront this evening with the dog 🐕",
        "Proud of my team today: the new recycling round went without a hitch!",
        "I work at Tendring District Council as a planning officer.",
    ],
)
def test_an_ordinary_post_is_clear(tendring, text):
    report = tendring.check(text)
    assert report.verdict == "clear", [f.rule for f in report.findings]
    assert report.findings == [] and report.score == 0


@pytest.mark.parametrize(
    "text",
    [
        DONE_WHEN,
        "😡😡 my manager 👩‍💼 is a useless idiot",
        "ｍｙ manager is a useless idiot",          # full-width letters
        "My boss is a complete pillock\u200b!",   # an invisible character
        "The boss at Tendring is an idiot, «honestly», café",
        "my line manager is an idiiot",
    ],
)
def test_spans_index_the_original_text_in_code_points(tendring, text):
    report = tendring.check(text)
    assert report.findings, "expected a finding"
    for finding in report.findings:
        for span in finding.spans:
            assert text[span.start : span.end] == span.text


def test_the_same_post_gives_the_same_report_byte_for_byte(pack):
    from policy_check import Checker

    post = {"id": "x", "text": DONE_WHEN + " and @dave_smith knows it", "platform": "x"}
    first = Checker(pack, "tendring").check(post).model_dump_json()
    again = Checker(pack, "tendring").check(post).model_dump_json()
    assert first == again


def test_verdict_is_the_highest_severity(tendring):
    report = tendring.check(DONE_WHEN)
    order = ["advice", "review", "breach"]
    assert report.verdict == max((f.severity.value for f in report.findings), key=order.index)


def test_a_batch_keeps_order_and_reports_unreadable_posts_in_place(tendring):
    posts = [{"text": DONE_WHEN}, {"id": "b", "text": 42}, ["not", "an", "object"], {"id": "d", "text": "Nice day"}]
    reports = list(tendring.check_many(posts))
    assert [r.id for r in reports] == ["1", "b", "3", "d"]
    assert isinstance(reports[1], ErrorReport) and "text" in reports[1].error
    assert isinstance(reports[2], ErrorReport) and "JSON object" in reports[2].error
    assert reports[0].verdict == "breach" and reports[3].verdict == "clear"


def test_check_many_gives_the_same_reports_as_check(tendring):
    texts = [DONE_WHEN, "Nice day", "my boss is a muppet", "I'd never call a colleague stupid"]
    assert [r.model_dump_json() for r in tendring.check_many(texts)] == [
        tendring.check({"id": str(i), "text": t}).model_dump_json() for i, t in enumerate(texts, 1)
    ]


def test_one_clause_and_the_same_words_make_one_finding_the_strongest():
    """Rules that overlap (a general insult rule and a narrower named-colleague one) are told once."""
    from policy_check.engine.rules import _once_per_clause_and_words
    from policy_check.report import ClauseRef, Finding, Span
    from policy_check.topics import Severity

    def finding(rule: str, severity: Severity, score: float, start: int = 0, clause: str = "6.1") -> Finding:
        return Finding(
            rule=rule, topic="colleague-conduct", clause=ClauseRef(id=clause, title="t", ref="r"),
            severity=severity, score=score, spans=[Span(start=start, end=start + 5, text="idiot")],
            message="m", guidance="g",
        )

    general = finding("general", Severity.BREACH, 0.9)
    narrow = finding("narrow", Severity.REVIEW, 0.7)
    elsewhere = finding("elsewhere", Severity.REVIEW, 0.7, start=20)
    other_clause = finding("other-clause", Severity.REVIEW, 0.7, clause="7.1")
    kept = _once_per_clause_and_words([narrow, general, elsewhere, other_clause])
    assert sorted(f.rule for f in kept) == ["elsewhere", "general", "other-clause"]
    (merged,) = [f for f in kept if f.rule == "general"]
    assert merged.also_raised_by == ["narrow"] and merged.rules == ["general", "narrow"]


def test_a_folded_rule_still_passes_its_own_examples(pack, tendring):
    """`rules test` counts a rule as raised when its finding was folded into a stronger one."""
    from policy_check.ruletest import run_examples

    (finding,) = [f for f in tendring.check(DONE_WHEN).findings if f.topic == "colleague-conduct"]
    assert finding.rule == "colleague-insult" and "colleague-named-insult" in finding.also_raised_by
    results = run_examples(pack, {"colleague-named-insult"})
    assert results and all(r.passed for r in results)
