"""Our token matcher (evidence/token_match.py) finds exactly what spaCy's Matcher finds.

The reference is always `Matcher.add(key, [pattern], greedy="LONGEST")` run on the whole
doc, which is how the pack's patterns were written and tested. The specification is:

- every pattern of the pack that the matcher accepts, on every rule example and every
  corpus post, parsed by the project's own pipeline (so NORM, entities and sentence starts
  are the ones the checker sees): the same spans in the same order;
- small patterns showing the operators' edge cases, with the spans written out;
- seeded random patterns and docs over a tiny vocabulary, where quantifiers overlap most.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from typing import Any

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from policy_check.evidence.hits import TokenArrays
from policy_check.evidence.patterns import PatternEvidence
from policy_check.evidence.token_match import PostColumns, compile_pattern, unsupported_reason
from policy_check.ruletest import ExampleRunner, example_cases
from policy_check.text.normalise import normalise

from .conftest import ROOT

#: Every column a pattern may read, so that a test never depends on which ones were declared.
ALL_EXTRA = ["ENT_TYPE", "IS_SENT_START", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
             "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL"]  # fmt: skip


def ours(pattern: list[dict[str, Any]], doc: Doc) -> list[tuple[int, int]] | None:
    compiled = compile_pattern(pattern, doc.vocab.strings)
    if compiled is None:
        return None
    return compiled.find(PostColumns(doc, TokenArrays(doc), ALL_EXTRA), len(doc))


def spacys(pattern: list[dict[str, Any]], doc: Doc) -> list[tuple[int, int]]:
    matcher = Matcher(doc.vocab)
    matcher.add("P", [pattern], greedy="LONGEST")
    return [(start, end) for _, start, end in matcher(doc)]


# ---------------------------------------------------------------- the pack, on real posts


def _texts_by_profile(pack) -> dict[str, list[str]]:
    """Rule examples under the profile each names; tuning-set posts under the corpus's profile.

    Not the held-out posts: nothing in the project reads them except the accuracy measure.
    """
    texts: dict[str, list[str]] = defaultdict(list)
    for case in example_cases(pack):
        texts[case.example.profile or pack.manifest.example_profile].append(case.example.text)
    for path in sorted((ROOT / "corpora").glob("dev*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts["eastbrook"].append(json.loads(line)["text"])
    return texts


def _required_words(pattern: list[dict[str, Any]]) -> list[tuple[str, set[int]]]:
    """(attribute, word hashes) for each spec a match must use and that names its words: a
    pattern can only match a doc that has one of each, so both matchers are asked only there
    (asking spaCy about every pattern on every post would take minutes)."""
    out = []
    for spec in pattern:
        if spec.get("OP", "1") not in ("1", "+"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            value = spec.get(attr)
            if isinstance(value, str):
                out.append(("ORTH" if attr == "TEXT" else attr, {get_string_id(value)}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                out.append(("ORTH" if attr == "TEXT" else attr, {get_string_id(v) for v in value["IN"]}))
    return out


def test_every_pack_pattern_matches_as_spacy_does_on_examples_and_corpora(pack):
    """Each pattern on its own, and each evidence's hits as the pipeline's PatternEvidence finds them."""
    owners = [ev.id for ev in pack.evidence.values() for _ in ev.patterns or []]
    patterns = [p for ev in pack.evidence.values() for p in ev.patterns or []]
    required = [_required_words(p) for p in patterns]
    # (attribute, word hash) -> patterns whose first required spec may be that word
    by_word: dict[tuple[str, int], set[int]] = defaultdict(set)
    always = set()
    for i, needs in enumerate(required):
        if not needs:
            always.add(i)
        for word in needs[0][1] if needs else ():
            by_word[needs[0][0], word].add(i)
    runner = ExampleRunner(pack)
    compared = matched = 0
    for profile, texts in _texts_by_profile(pack).items():
        nlp = runner.checker(profile).nlp
        evidence = PatternEvidence(nlp)
        for ev in pack.evidence.values():
            if ev.patterns:
                evidence.add(ev.id, ev.patterns)
        compiled = {i: compile_pattern(p, nlp.vocab.strings) for i, p in enumerate(patterns)}
        references = []
        for pattern in patterns:
            references.append(Matcher(nlp.vocab))
            references[-1].add("P", [pattern], greedy="LONGEST")
        for text, doc in zip(texts, nlp.pipe(normalise(t) for t in texts)):
            arrays = TokenArrays(doc)
            words = {"LOWER": set(arrays.lower), "ORTH": set(arrays.orth), "NORM": set(arrays.norm)}
            candidates = set(always).union(*(by_word.get((a, w), ()) for a in words for w in words[a]))
            post = PostColumns(doc, arrays, ALL_EXTRA)
            expected_hits: dict[str, set[tuple[int, int]]] = defaultdict(set)
            for i in sorted(candidates):
                if any(words[attr].isdisjoint(values) for attr, values in required[i]):
                    continue
                expected = [(start, end) for _, start, end in references[i](doc)]
                expected_hits[owners[i]].update(expected)
                if compiled[i] is not None:
                    got = compiled[i].find(post, len(doc))
                    assert got == expected, f"pattern {patterns[i]} on {text!r}"
                    compared += 1
                    matched += bool(got)
            found = {name: {(h.start, h.end) for h in hits} for name, hits in evidence.find(doc, arrays).items()}
            assert found == {name: spans for name, spans in expected_hits.items() if spans}, text
    assert compared > 20_000 and matched > 2_000, (compared, matched)


def test_the_pack_patterns_are_nearly_all_in_the_subset(pack):
    """Falling back to spaCy is for the odd pattern; if many did, the speed-up would be gone."""
    vocab = spacy.blank("en").vocab
    patterns = [p for ev in pack.evidence.values() for p in ev.patterns or []]
    outside = {repr(p): unsupported_reason(p, vocab.strings) for p in patterns}
    outside = {p: reason for p, reason in outside.items() if reason}
    assert len(outside) <= len(patterns) // 20, outside


# ---------------------------------------------------------------- operator edge cases

NLP = spacy.blank("en")


def doc_of(text: str, sent_starts: list[int] = (), ents: list[tuple[int, int, str]] = ()) -> Doc:
    words = text.split()
    doc = Doc(NLP.vocab, words=words, sent_starts=[i == 0 or i in sent_starts for i in range(len(words))] if words else None)
    if ents:
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def both(pattern: list[dict[str, Any]], doc: Doc) -> list[tuple[int, int]]:
    """Our spans, after checking that spaCy's are the same."""
    got = ours(pattern, doc)
    assert got is not None, unsupported_reason(pattern, doc.vocab.strings)
    assert got == spacys(pattern, doc), pattern
    return got


A, B, C = {"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}


def op(spec: dict[str, Any], quantifier: str) -> dict[str, Any]:
    return {**spec, "OP": quantifier}


@pytest.mark.parametrize(
    "pattern, text, spans",
    [
        # `?` at either end: the longer match wins, and only one per token.
        ([A, op(B, "?")], "a b a c", [(0, 2), (2, 3)]),
        ([op(A, "?"), B], "a b b", [(0, 2), (2, 3)]),
        # A pattern of optional specs never matches nothing.
        ([op(A, "?"), op(B, "?")], "c c", []),
        ([op(A, "?"), op(B, "?")], "c b a b", [(2, 4), (1, 2)]),
        # `*` in the middle and at the end; `+`.
        ([A, op({}, "*"), B], "a c c b c b", [(0, 6)]),
        ([A, op(B, "*")], "a b b a", [(0, 3), (3, 4)]),
        ([op(A, "+"), B], "a a b a b", [(0, 3), (3, 5)]),
        ([op(A, "+")], "a a c a", [(0, 2), (3, 4)]),
        # {m,n}, {n}, {n,}, {,m}
        ([op(A, "{2,3}")], "a a a a a", [(0, 3), (3, 5)]),
        ([op(A, "{2}"), B], "a a a b", [(1, 4)]),
        ([op(A, "{2,}")], "a c a a a a", [(2, 6)]),
        ([op(A, "{,2}"), B], "a a a b", [(1, 4)]),
        ([A, op({"IS_ALPHA": True}, "{0,2}"), C], "a x y z c a c", [(5, 7)]),
        # LONGEST: of two equally long overlapping matches, the earlier start is kept.
        ([{"LOWER": {"IN": ["a", "b"]}}, {"LOWER": {"IN": ["a", "b"]}}], "a b a", [(0, 2)]),
        ([{"LOWER": {"IN": ["a", "b"]}}, {"LOWER": {"IN": ["a", "b"]}}], "a b a b", [(0, 2), (2, 4)]),
        # NOT_IN and REGEX together, as the pack writes them.
        ([{"LOWER": {"NOT_IN": ["the", "a"], "REGEX": "^[a-z]+$"}}, {"LOWER": "estate"}], "the estate x estate 9 estate", [(2, 4)]),
        ([{"IS_TITLE": True, "LOWER": {"NOT_IN": ["the"]}}, {"LOWER": "lot"}], "The lot Millford lot", [(2, 4)]),
        # LENGTH and LIKE_NUM
        ([{"LENGTH": {">=": 3, "<=": 4}}], "ab abc abcd abcde", [(1, 2), (2, 3)]),
        ([{"LIKE_NUM": True}, {"LOWER": "times"}], "ten times 3 times", [(0, 2), (2, 4)]),
    ],
)
def test_operator_edge_cases(pattern, text, spans):
    assert both(pattern, doc_of(text)) == spans


def test_is_sent_start_holds_at_every_marked_sentence_start():
    doc = doc_of("a b . a b", sent_starts=[3])
    assert both([{"IS_SENT_START": True}, B], doc) == [(0, 2), (3, 5)]
    assert both([{"IS_SENT_START": False, "LOWER": "b"}], doc) == [(1, 2), (4, 5)]


def test_ent_type():
    doc = doc_of("at Eastbrook Council today", ents=[(1, 3, "EMPLOYER")])
    assert both([{"LOWER": "at"}, op({"ENT_TYPE": "EMPLOYER"}, "+")], doc) == [(0, 3)]
    assert both([{"ENT_TYPE": {"IN": ["EMPLOYER", "PERSON"]}}], doc) == [(1, 2), (2, 3)]


def test_empty_doc_and_pattern_longer_than_doc():
    assert both([A, B, C], doc_of("a b")) == []
    assert ours([A], Doc(NLP.vocab, words=[])) == []


@pytest.mark.parametrize(
    "pattern",
    [
        [op(A, "!"), B],  # negation
        [{"LOWER": {"FUZZY": "a"}}],
        [{"_": {"thing": True}}],
        [{"lower": "a"}],  # spaCy takes lower-case keys; we leave them to it
        [{"LOWER": {"IN": [1, 2]}}],
        [{"POS": "NOUN"}],
        [op(A, "{0}"), B],
    ],
)
def test_outside_the_subset_is_left_to_spacy(pattern):
    assert compile_pattern(pattern, NLP.vocab.strings) is None


def test_pattern_evidence_reads_a_single_extra_column():
    evidence = PatternEvidence(NLP)
    evidence.add("E", [[{"IS_TITLE": True}, B]])
    doc = doc_of("A b a b")
    found = evidence.find(doc, TokenArrays(doc))
    assert [(h.start, h.end) for h in found["E"]] == [(0, 2)]


@pytest.mark.parametrize("validate", [True, False], ids=["compiled from YAML", "from the disk cache"])
def test_patterns_outside_the_subset_still_match_through_spacy(validate):
    evidence = PatternEvidence(NLP, validate=validate)
    evidence.add("E", [[op(A, "!"), B], [B, C]])
    doc = doc_of("c b a b b c")
    found = evidence.find(doc, TokenArrays(doc))
    assert [(h.start, h.end) for h in found["E"]] == [(0, 2), (3, 5), (4, 6)]


def test_a_checked_pattern_our_matcher_runs_gets_no_spacy_matcher():
    """Building spaCy's Matchers for a cached pack's 658 patterns took about a quarter of a second."""
    evidence = PatternEvidence(NLP, validate=False)
    evidence.add("E", [[B, C], [op(A, "!"), B]])
    assert [p.matcher is None for p in evidence._patterns] == [True, False]


# ---------------------------------------------------------------- random patterns

_WORDS = ["a", "b", "A", "B", "ab", "Ab", "1", ".", "the"]
_SPECS: list[dict[str, Any]] = [
    {},
    {"LOWER": "a"},
    {"ORTH": "A"},
    {"TEXT": {"IN": ["a", "ab"]}},
    {"LOWER": {"IN": ["a", "b"]}},
    {"LOWER": {"NOT_IN": ["a", "the"]}},
    {"NORM": {"IN": ["b", "ab"]}},
    {"LOWER": {"REGEX": "^a"}},
    {"IS_TITLE": True},
    {"IS_ALPHA": False},
    {"IS_UPPER": True, "LENGTH": 1},
    {"LENGTH": {">=": 2}},
    {"LIKE_NUM": True},
    {"IS_PUNCT": True},
    {"IS_SENT_START": True},
    {"IS_SENT_START": False, "IS_ALPHA": True},
    {"ENT_TYPE": "ORG"},
    {"SHAPE": {"IN": ["x", "X"]}},
]
_OPS = ["", "", "?", "?", "*", "+", "{2}", "{0,2}", "{1,3}", "{2,}", "{,2}"]


def test_random_patterns_match_as_spacy_does():
    rng = random.Random(20240611)
    checked = matched = 0
    for _ in range(1500):
        pattern = []
        for _ in range(rng.randint(1, 4)):
            spec, quantifier = dict(rng.choice(_SPECS)), rng.choice(_OPS)
            if quantifier:
                spec["OP"] = quantifier
            pattern.append(spec)
        for _ in range(4):
            length = rng.randint(0, 9)
            words = [rng.choice(_WORDS) for _ in range(length)]
            doc = Doc(NLP.vocab, words=words, sent_starts=[True] + [rng.random() < 0.3 for _ in words[1:]] if words else None)
            if length >= 2 and rng.random() < 0.5:
                start = rng.randrange(length - 1)
                doc.ents = [Span(doc, start, start + rng.randint(1, 2), label="ORG")]
            got = ours(pattern, doc)
            assert got is not None, pattern
            assert got == spacys(pattern, doc), (pattern, words)
            checked += 1
            matched += bool(got)
    assert matched > checked // 4  # the patterns do match often enough to mean something
