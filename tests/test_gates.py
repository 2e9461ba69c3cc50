"""Rule gates and identifier prefilters only save work: with or without them, every report is the same."""

from __future__ import annotations

import json

import pytest
import spacy

from policy_check import Checker
from policy_check.ruletest import example_cases

from .conftest import ROOT


def _corpus_posts() -> list[dict]:
    posts = []
    for path in sorted((ROOT / "corpora").glob("*.jsonl")):
        posts.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return posts


def _reports(checker: Checker, posts: list, gated: bool) -> list[str]:
    checker.engine.gated = gated
    try:
        return [r.model_dump_json() for r in checker.check_many(posts)]
    finally:
        checker.engine.gated = True


@pytest.mark.parametrize("profile", ["eastbrook", "westmere"])
def test_gated_and_ungated_reports_are_identical(pack, profile):
    posts = _corpus_posts()
    for case in example_cases(pack):
        posts.append(case.example.as_post())
    posts += [
        {"text": "I don't think my manager is a useless idiot, she's great"},
        {"text": "can't stand the new guy in finance, total w@nker"},
        {"text": "Fuming. F***ing c0uncil. #sh*tshow"},
        {"text": "Call me on 07700 900123 or email jo.bloggs@example.com"},
    ]
    checker = Checker(pack, profile)
    fast, slow = _reports(checker, posts, gated=True), _reports(checker, posts, gated=False)
    differing = [(p["text"], a, b) for p, a, b in zip(posts, fast, slow) if a != b]
    assert not differing, differing[:3]


def test_a_rule_is_tried_only_when_every_condition_can_be_met(checker):
    """An insult with nobody it could be aimed at opens no colleague rule's gate."""
    from policy_check.engine import facts_for
    from policy_check.post import parse_post

    def opened(text: str) -> set[str]:
        post = parse_post({"text": text})
        store = checker.nlp(text)._.evidence
        return {g.rule.id for g in checker.engine._gates.opening(facts_for(post, checker.profile), store.matched, store.has)}

    assert "colleague-insult" not in opened("Some idiot has parked across my drive again")
    assert "colleague-insult" in opened("My manager is an idiot")


def test_gated_and_ungated_reports_agree_on_real_public_posts(pack):
    """Tweets nobody on the project wrote (read at test time, never copied into the repo)."""
    import csv

    source = ROOT.parent / "shared" / "datasets" / "davidson" / "labeled_data.csv"
    if not source.exists():
        pytest.skip("../shared/datasets is not beside this checkout")
    with source.open(encoding="utf-8") as handle:
        texts = [row["tweet"] for _, row in zip(range(3000), csv.DictReader(handle))]
    checker = Checker(pack, "eastbrook")
    assert _reports(checker, texts, gated=True) == _reports(checker, texts, gated=False)


def test_an_identifier_prefilter_never_hides_a_match(pack):
    """Every text an identifier expression matches meets the requirement worked out for it."""
    import re

    from policy_check.evidence.prefilter import TextScan, requirement_of

    texts = [p["text"] for p in _corpus_posts()] + [c.example.text for c in example_cases(pack)]
    texts += ["ring 07700 900123", "jo [at] example [dot] com", "AB12 CDE", "ref: HB/2024/1182", "+33 1 23 45 67 89"]
    texts += ["\u0130n h\u0131s fifties", "over 50s, \u017fort code 12-34-56"]  # letters IGNORECASE folds to ASCII
    checked = 0
    for evidence in pack.evidence.values():
        for expression in evidence.regex:
            requirement = requirement_of(expression)
            compiled = re.compile(expression, re.IGNORECASE)
            for text in texts:
                if compiled.search(text):
                    checked += 1
                    assert requirement.met_by(TextScan(text)), (evidence.id, expression, text)
    assert checked > 100  # the texts do exercise the expressions


def test_a_requirement_asks_for_what_every_match_must_hold():
    from policy_check.evidence.prefilter import TextScan, requirement_of

    def met(expression: str, text: str) -> bool:
        return requirement_of(expression).met_by(TextScan(text))

    assert met(r"[a-z]+@[a-z]+\.com", "jo@example.com") and not met(r"[a-z]+@[a-z]+\.com", "no at sign here")
    assert met(r"\d{3} ?\d{4}", "call 123 4567") and not met(r"\d{3} ?\d{4}", "call 12 or 3 4")
    assert met(r"\bsort\s*code", "SORT CODE please") and not met(r"\bsort\s*code", "a code of practice")
    either = r"\b(?:aged|turned) [5-9]\d\b"
    assert met(either, "she turned 60") and not met(either, "she turned sixty") and not met(either, "aged well, 1 in 5")
    assert requirement_of(r"[^x]+").needs == ()  # needs nothing nameable: always searched


def test_an_identifier_expression_is_compiled_only_once_a_text_could_match_it():
    """Compiling every expression cost a quarter of a second of each command's start."""
    from policy_check.evidence.identifiers import IdentifierEvidence
    from policy_check.evidence.prefilter import TextScan

    identifiers = IdentifierEvidence()
    identifiers.add("ref", [r"\bref\s*\d{4}\b"], None)
    (expression,) = identifiers._expressions
    nlp = spacy.blank("en")
    for text, compiled, found in [("no numbers here", False, 0), ("ref 1234 please", True, 1)]:
        doc = nlp(text)
        searchable = identifiers.searchable(TextScan(text))
        assert len(identifiers.find(doc, text, "ref", searchable.get("ref", []))) == found
        assert (expression._compiled is not None) == compiled


def test_the_pre_scan_names_exactly_the_expressions_whose_requirement_a_text_meets(pack):
    """One pre-scan per post stands in for asking every expression's requirement in turn."""
    from policy_check.evidence.identifiers import IdentifierEvidence
    from policy_check.evidence.prefilter import TextScan

    identifiers = IdentifierEvidence()
    for evidence in pack.evidence.values():
        if evidence.regex:
            identifiers.add(evidence.id, evidence.regex, evidence.validator)
    texts = [p["text"] for p in _corpus_posts()] + ["ring 07700 900123", "jo [at] example [dot] com", "nothing at all"]
    for text in texts:
        scan = TextScan(text)
        by_scan = {(e.key, e.source) for expressions in identifiers.searchable(scan).values() for e in expressions}
        by_asking = {(e.key, e.source) for e in identifiers._expressions if e.requirement.met_by(scan)}
        assert by_scan == by_asking, text
