"""The pre-screen only saves work: with or without it, every report is the same."""

from __future__ import annotations

import json

import pytest

from policy_check import Checker
from policy_check.ruletest import example_cases

from .conftest import ROOT


def _corpus_posts() -> list[dict]:
    posts = []
    for path in sorted((ROOT / "corpora").glob("*.jsonl")):
        posts.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return posts


@pytest.mark.parametrize("profile", ["eastbrook", "westmere"])
def test_screened_and_unscreened_reports_are_identical(pack, profile):
    posts = _corpus_posts()
    for case in example_cases(pack):
        posts.append(case.example.as_post())
    posts += [
        {"text": "I don't think my manager is a useless idiot, she's great"},
        {"text": "can't stand the new guy in finance, total w@nker"},
        {"text": "Fuming. F***ing c0uncil. #sh*tshow"},
        {"text": "Call me on 07700 900123 or email jo.bloggs@example.com"},
    ]
    screened = Checker(pack, profile)
    full = Checker(pack, profile, use_screen=False)
    fast = [r.model_dump_json() for r in screened.check_many(posts)]
    slow = [r.model_dump_json() for r in full.check_many(posts)]
    differing = [(p["text"], a, b) for p, a, b in zip(posts, fast, slow) if a != b]
    assert not differing, differing[:3]


def test_the_screen_lets_clean_posts_skip_the_parse(checker):
    from policy_check.engine import facts_for
    from policy_check.post import parse_post

    post = parse_post({"text": "Lovely walk along the seafront this evening with the dog"})
    assert not checker.screen.might_raise(post.text, facts_for(post, checker.profile))


def test_the_screen_asks_for_every_condition_of_a_rule_not_only_its_match(checker):
    """An insult with nobody it could be aimed at cannot raise a conduct rule: no parse needed."""
    from policy_check.engine import facts_for
    from policy_check.post import parse_post

    def might_raise(text: str) -> bool:
        post = parse_post({"text": text})
        return checker.screen.might_raise(post.text, facts_for(post, checker.profile))

    assert not might_raise("Some idiot has parked across my drive again")
    assert might_raise("My manager is an idiot")


def test_screened_and_unscreened_reports_agree_on_real_public_posts(pack):
    """Tweets nobody on the project wrote (read at test time, never copied into the repo)."""
    import csv

    source = ROOT.parent / "shared" / "datasets" / "davidson" / "labeled_data.csv"
    if not source.exists():
        pytest.skip("../shared/datasets is not beside this checkout")
    with source.open(encoding="utf-8") as handle:
        texts = [row["tweet"] for _, row in zip(range(3000), csv.DictReader(handle))]
    fast = [r.model_dump_json() for r in Checker(pack, "eastbrook").check_many(texts)]
    slow = [r.model_dump_json() for r in Checker(pack, "eastbrook", use_screen=False).check_many(texts)]
    assert [i for i, (a, b) in enumerate(zip(fast, slow)) if a != b] == []


def test_an_identifier_prefilter_never_hides_a_match(pack):
    """Every text an identifier expression matches, its prefilter finds something in."""
    import re

    from policy_check.evidence.identifiers import prefilter

    texts = [p["text"] for p in _corpus_posts()] + [c.example.text for c in example_cases(pack)]
    texts += ["ring 07700 900123", "jo [at] example [dot] com", "AB12 CDE", "ref: HB/2024/1182", "+33 1 23 45 67 89"]
    checked = 0
    for evidence in pack.evidence.values():
        for expression in evidence.regex:
            ready = prefilter([expression])
            compiled = re.compile(expression, re.IGNORECASE)
            for text in texts:
                if compiled.search(text):
                    checked += 1
                    assert ready is None or ready(text), (evidence.id, expression, text)
    assert checked > 100  # the texts do exercise the expressions


def test_a_prefilter_asks_for_what_every_match_must_hold():
    from policy_check.evidence.identifiers import prefilter

    email = prefilter([r"[a-z]+@[a-z]+\.com"])
    assert email is not None and email("jo@example.com") and not email("no at sign here")
    digits = prefilter([r"\d{3} ?\d{4}"])
    assert digits is not None and not digits("call 12 or 3 4") and digits("call 123 4567")
    assert prefilter([r"[^x]+"]) is None  # needs nothing nameable: never skipped
