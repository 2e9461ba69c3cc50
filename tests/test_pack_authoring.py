"""A pack author adds a rule by writing YAML only, and a broken pack names file, rule and field."""

from __future__ import annotations

import json

import pytest

from policy_check import Checker, PackError, load_pack
from policy_check.evidence import Hit

from .helpers import minimal_pack

NEW_RULE = """
rules:
  - id: cake-boast
    title: Boasting about office cake during a diet challenge
    clause: respect-for-colleagues
    topic: colleague-conduct
    severity: advice
    confidence: 0.6
    match: cake
    requires:
      - {evidence: colleague-ref, within: 6}
    unless:
      - {evidence: negation, before: 3}
    message: The post mentions {words} near a colleague.
    guidance: Be kind; see {clause}.
    examples:
      raise: ["My manager brought in a Victoria sponge again", "the team ate all the cake", "my boss hid the brownies"]
      ok: ["No cake for my manager", "Cake is great", "I baked a sponge at home"]
"""
NEW_EVIDENCE = """
evidence:
  - id: cake
    phrases: [cake, victoria sponge, brownie, traybake]
"""


def test_a_rule_written_only_in_yaml_is_applied_with_its_clause(tmp_path):
    pack = load_pack(minimal_pack(tmp_path, NEW_RULE, NEW_EVIDENCE))
    report = Checker(pack, "eastbrook").check("My manager brought in a Victoria sponge again")
    (finding,) = report.findings
    assert finding.rule == "cake-boast"
    assert finding.clause.id == "6.1"
    assert finding.severity.value == "advice"
    assert finding.spans[0].text == "Victoria sponge"
    assert finding.guidance == "Be kind; see clause 6.1 (Respect for colleagues)."
    assert Checker(pack, "eastbrook").check("No cake for my manager").verdict == "clear"


def test_the_new_rules_examples_run_as_tests(tmp_path):
    from policy_check.ruletest import run_examples

    results = run_examples(load_pack(minimal_pack(tmp_path, NEW_RULE, NEW_EVIDENCE)))
    assert len(results) == 6 and all(r.passed for r in results), [r.detail for r in results if not r.passed]


def test_a_failing_example_is_reported_with_its_reason(tmp_path):
    from policy_check.ruletest import run_examples

    broken = NEW_RULE.replace('"Cake is great"', '"my manager loves cake"')
    results = run_examples(load_pack(minimal_pack(tmp_path, broken, NEW_EVIDENCE)))
    (failure,) = [r for r in results if not r.passed]
    assert failure.case.name == "cake-boast:ok[1]"
    assert "raised on 'cake'" in failure.detail


def _problems(tmp_path, rules_yaml, evidence_yaml=NEW_EVIDENCE) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(minimal_pack(tmp_path, rules_yaml, evidence_yaml))
    return caught.value.problems


def test_a_wrong_field_type_names_file_rule_and_field(tmp_path):
    (problem,) = _problems(tmp_path, NEW_RULE.replace("within: 6", "within: near"))
    assert "rules/new.yaml" in problem and "rule 'cake-boast'" in problem and "'requires[0].within'" in problem


def test_an_unknown_severity_is_named(tmp_path):
    (problem,) = _problems(tmp_path, NEW_RULE.replace("severity: advice", "severity: terrible"))
    assert "rule 'cake-boast'" in problem and "field 'severity'" in problem and "advice" in problem


def test_unknown_evidence_and_clause_are_named(tmp_path):
    rules = NEW_RULE.replace("match: cake", "match: pie").replace("clause: respect-for-colleagues", "clause: no-such-clause")
    problems = _problems(tmp_path, rules)
    assert any("field 'match[0]': unknown evidence 'pie'" in p for p in problems)
    assert any("field 'clause[0]': no version has a clause with ref 'no-such-clause'" in p for p in problems)


def test_a_topic_the_clause_does_not_cover_is_refused(tmp_path):
    (problem,) = _problems(tmp_path, NEW_RULE.replace("topic: colleague-conduct", "topic: branding"))
    assert "field 'topic'" in problem and "respect-for-colleagues" in problem


def test_unknown_keys_are_refused_not_ignored(tmp_path):
    (problem,) = _problems(tmp_path, NEW_RULE.replace("confidence: 0.6", "confidence: 0.6\n    severty: breach"))
    assert "field 'severty'" in problem


def test_a_bad_regex_names_the_evidence(tmp_path):
    evidence = NEW_EVIDENCE + "  - id: broken\n    regex: ['(unclosed']\n"
    (problem,) = _problems(tmp_path, NEW_RULE, evidence)
    assert "evidence/new.yaml" in problem and "evidence 'broken'" in problem and "regex" in problem


def test_a_bad_token_pattern_is_named_when_the_pipeline_is_built(tmp_path):
    evidence = NEW_EVIDENCE + "  - id: odd\n    patterns: [[{NOT_AN_ATTR: x}]]\n"
    pack = load_pack(minimal_pack(tmp_path, NEW_RULE, evidence))
    with pytest.raises(PackError) as caught:
        Checker(pack, "eastbrook")
    (problem,) = caught.value.problems
    assert "evidence 'odd'" in problem and "patterns[0]" in problem


def test_invalid_yaml_names_the_line(tmp_path):
    (problem,) = _problems(tmp_path, "rules:\n  - id: x\n    title: [unclosed\n")
    assert "rules/new.yaml" in problem and "line" in problem


def test_the_schema_exports_as_json_schema():
    from policy_check.pack.schema import RuleFile

    schema = RuleFile.model_json_schema(by_alias=True)
    rule = schema["$defs"]["Rule"]
    assert {"id", "clause", "topic", "severity", "match", "requires", "unless", "examples"} <= set(rule["properties"])
    json.dumps(schema)


def test_evidence_with_both_phrases_and_patterns_finds_both(tmp_path):
    evidence = """
evidence:
  - id: cake
    phrases: [cake]
    patterns: [[{NORM: victoria}, {NORM: sponge}]]
"""
    rules = NEW_RULE.replace("within: 6", "within: 12")
    report = Checker(load_pack(minimal_pack(tmp_path, rules, evidence)), "eastbrook").check(
        "My manager ate the cake and then the Victoria sponge"
    )
    (finding,) = report.findings
    assert [s.text for s in finding.spans] == ["cake", "Victoria sponge"]


def test_an_unquoted_yaml_boolean_in_a_word_list_gets_a_hint(tmp_path):
    evidence = NEW_EVIDENCE + "  - id: refusals\n    phrases: [never, no, nope]\n"
    (problem,) = _problems(tmp_path, NEW_RULE, evidence)
    assert "evidence 'refusals'" in problem and "[1]" in problem and "quotes" in problem


def test_a_phrase_listed_twice_is_named(tmp_path):
    evidence = NEW_EVIDENCE + "  - id: sweets\n    phrases: [flapjack, Tiffin, tiffin]\n"
    (problem,) = _problems(tmp_path, NEW_RULE, evidence)
    assert "evidence 'sweets'" in problem and "phrases[2] 'tiffin' is listed twice" in problem


def test_a_phrase_already_counted_through_an_include_is_named(tmp_path):
    evidence = NEW_EVIDENCE + """  - id: bakes
    phrases: [scone]
  - id: treats
    include: [sweets]
    phrases: [fudge, Scone]
  - id: sweets
    include: [bakes]
    phrases: [flapjack]
"""
    (problem,) = _problems(tmp_path, NEW_RULE, evidence)
    assert "evidence 'treats'" in problem and "phrases[1]" in problem and "'scone' is already counted through include 'bakes'" in problem


def test_the_same_phrase_may_be_matched_differently_through_an_include(tmp_path):
    # fuzzy matching is a setting of the evidence kind: the copy here also finds "sc0ne"
    evidence = NEW_EVIDENCE + """  - id: bakes
    phrases: [scone]
  - id: treats
    include: [bakes]
    fuzzy: true
    phrases: [scone]
"""
    assert load_pack(minimal_pack(tmp_path, NEW_RULE, evidence)).evidence["treats"].phrases == ["scone"]


def test_names_in_exact_case_may_differ_only_in_case(tmp_path):
    evidence = NEW_EVIDENCE + "  - id: names\n    attr: ORTH\n    phrases: [Will, will]\n"
    assert load_pack(minimal_pack(tmp_path, NEW_RULE, evidence)).evidence["names"].phrases == ["Will", "will"]


EXCLUDED_IDIOM = """
  - id: cake-idiom
    phrases: [piece of cake]
"""


@pytest.mark.parametrize(
    "evidence",
    [
        "evidence:\n  - id: cake\n    phrases: [cake, traybake]\n    exclude: [cake-idiom]\n" + EXCLUDED_IDIOM,
        # `include` takes what the other evidence is, after its exclusions, at any depth
        "evidence:\n  - id: cake\n    include: [bakes]\n  - id: bakes\n    include: [sweet-things]\n"
        "  - id: sweet-things\n    phrases: [cake, traybake]\n    exclude: [cake-idiom]\n" + EXCLUDED_IDIOM,
    ],
    ids=["its-own", "through-includes"],
)
def test_exclude_drops_hits_that_overlap_another_evidence(tmp_path, evidence):
    checker = Checker(load_pack(minimal_pack(tmp_path, NEW_RULE, evidence)), "eastbrook")
    assert checker.check("My manager finds audits a piece of cake").verdict == "clear"
    assert checker.check("My manager ate my traybake").findings[0].rule == "cake-boast"


def test_patterns_can_ask_for_the_employers_name_as_an_entity(tmp_path):
    evidence = """
evidence:
  - id: cake
    patterns: [[{LOWER: at}, {ENT_TYPE: EMPLOYER, OP: "+"}]]
"""
    report = Checker(load_pack(minimal_pack(tmp_path, NEW_RULE, evidence)), "eastbrook").check(
        "My manager at Eastbrook District Council"
    )
    assert [s.text for s in report.findings[0].spans] == ["at Eastbrook District Council"]


def test_a_rule_may_require_built_in_evidence_directly(tmp_path):
    """Built-ins (QUOTED, HANDLE...) are found on demand: a rule naming them must still ask."""
    rule = NEW_RULE.replace("      - {evidence: colleague-ref, within: 6}", "      - {evidence: QUOTED, overlaps: true}")
    checker = Checker(load_pack(minimal_pack(tmp_path, rule, NEW_EVIDENCE)), "eastbrook")
    assert [f.rule for f in checker.check('I bought a "victoria sponge" for the raffle').findings] == ["cake-boast"]
    assert checker.check("I bought a victoria sponge for the raffle").findings == []


def test_a_dotted_handle_is_one_handle_not_the_official_one_it_starts_with(checker):
    doc = checker.nlp("follow @eastbrookdc.bsky.social and @EastbrookDC.")
    handles = doc._.evidence.get("HANDLE")
    official = doc._.evidence.get("OFFICIAL_HANDLE")
    text = doc.text
    assert [text[h.start_char : h.end_char] for h in handles] == ["@eastbrookdc.bsky.social"]
    assert [text[h.start_char : h.end_char] for h in official] == ["@EastbrookDC"]


def test_sentences_end_at_terminal_punctuation_but_not_after_dotted_initials(checker):
    text = "E.D.C. = a joke. Then again, who isn't"
    store = checker.nlp(text)._.evidence
    words = {w: text.index(w) for w in ("E.D.C.", "joke", "Then")}
    sentence = {w: store.sentence_of(Hit(0, 0, start, start + 1)) for w, start in words.items()}
    assert sentence["E.D.C."] == sentence["joke"] != sentence["Then"]


def test_token_patterns_see_every_sentence_start_not_only_the_posts_first(tmp_path):
    evidence = """
evidence:
  - id: cake
    patterns: [[{IS_SENT_START: true, LOWER: cake}]]
"""
    checker = Checker(load_pack(minimal_pack(tmp_path, NEW_RULE, evidence)), "eastbrook")
    found = lambda text: [s.text for f in checker.check(text).findings for s in f.spans]  # noqa: E731
    assert found("Cake again from my manager") == ["Cake"]
    assert found("Fun day. Cake again from my manager!") == ["Cake"]
    assert found("Fun day\nCake again from my manager") == ["Cake"]
    assert found("My manager brought cake again") == []
    assert found("J. Cake is my manager") == []  # a dotted initial ends no sentence


def test_single_quotes_pair_across_apostrophes_inside_words(checker):
    text = "A resident complained that 'women can't drive bin lorries' today"
    store = checker.nlp(text)._.evidence
    assert [text[h.start_char : h.end_char] for h in store.get("QUOTED")] == ["'women can't drive bin lorries'"]
