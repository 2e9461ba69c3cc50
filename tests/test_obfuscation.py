"""Obfuscated, masked and misspelt words are read as the terms they hide, and only those."""

from __future__ import annotations

import pytest

from policy_check.nlp.tokenizer import text_of
from policy_check.text.canonical import Canonicaliser
from policy_check.text.normalise import normalise

TARGETS = ["idiot", "idiots", "wanker", "pillock", "fuck", "shit", "tendring", "council", "muppet"]


@pytest.fixture(scope="module")
def canon() -> Canonicaliser:
    return Canonicaliser(TARGETS)


@pytest.mark.parametrize(
    "written, read",
    [
        ("w@nker", "wanker"),
        ("f***", "fuck"),
        ("sh*t", "shit"),
        ("1d10t", "idiot"),
        ("idiiot", "idiot"),
        ("IDIOOOT", "idiot"),
        ("pilock", "pillock"),
        ("T3ndring", "tendring"),
        ("C0uncil", "council"),
        ("Tendring", "tendring"),
        ("i.d.i.o.t", "idiot"),
        ("M-U-P-P-E-T", "muppet"),
        ("i d i o t", "idiot"),
        ("i-d-i-o-t.", "idiot"),
    ],
)
def test_obfuscations_resolve_to_the_hidden_term(canon, written, read):
    assert canon(written) == read


@pytest.mark.parametrize(
    "word", ["tendering", "puppet", "banker", "idiom", "sw1a", "2nd", "shirt", "counsel", "g.o.a.l", "i-d.i-o-t", "p.u.p.p.e.t"]
)
def test_ordinary_words_are_left_alone(canon, word):
    assert canon(word) == word.lower()


def test_normalisation_keeps_length_and_undoes_lookalikes():
    text = "Ｉｄｉｏｔ at Теndring\u200bCouncil “quoted”"
    out = normalise(text)
    assert len(out) == len(text)
    assert out.startswith("Idiot at Tendring Council")
    assert '"quoted"' in out


def test_html_character_references_read_as_their_characters_without_moving_any_offset():
    text = "my manager is an idiot&#128514; &amp; a liar &bogus;"
    out = normalise(text)
    assert len(out) == len(text)
    assert out.startswith("my manager is an idiot😂 ")
    assert "&     a liar" in out and out.endswith("&bogus;")  # unknown references are left alone


def test_a_post_exported_with_html_references_is_checked_like_the_original(checker):
    escaped = checker.check("My manager Dave is a useless idiot&#128514;&#128514;")
    assert escaped.verdict == "breach"
    assert [s.text for f in escaped.findings for s in f.spans][0] == "useless idiot"


def _evidence(checker, text):
    return checker.nlp(normalise(text))._.evidence


@pytest.mark.parametrize(
    "text, name, words",
    [
        ("#ProjectHeron is a shambles", "CODENAME", "ProjectHeron"),
        ("#Kestrel2026 is a shambles", "CODENAME_WORD", "Kestrel2026"),
        ("proud to work at #EastbrookDC", "EMPLOYER", "EastbrookDC"),
    ],
)
def test_words_run_together_in_a_hashtag_are_read_as_words(checker, text, name, words):
    hits = _evidence(checker, text).get(name)
    assert [text[h.start_char : h.end_char] for h in hits] == [words]


@pytest.mark.parametrize("text", ["ProjectHeron, written without a hash", "#Heronsgate fun run", "#projectheronry"])
def test_only_a_hashtag_is_split_and_only_at_its_word_boundaries(checker, text):
    evidence = _evidence(checker, text)
    assert not evidence.get("CODENAME") and not evidence.get("CODENAME_WORD")


@pytest.mark.parametrize("written", ["i d i o t", "i-d-i-o-t", "I-D-I-O-T.", "i.d.i.o.t"])
def test_a_term_spelt_out_letter_by_letter_is_read_as_the_term(checker, written):
    report = checker.check(f"My manager Dave is an absolute {written}")
    assert report.verdict == "breach"
    assert written in [s.text for f in report.findings for s in f.spans]


def test_spelt_out_letters_become_one_token_only_when_they_spell_a_term(checker):
    doc = checker.nlp("G O A L!! what a win, and the ref was an i d i o t")
    assert [t.text for t in doc[:4]] == ["G", "O", "A", "L"]
    assert "i d i o t" in [t.text for t in doc]
    assert [t.text for t in checker.nlp("a b c d e")] == ["a", "b", "c", "d", "e"]


def test_a_code_name_spelt_out_is_the_code_name(checker):
    text = "steering group on H-E-R-O-N all morning"
    hits = _evidence(checker, text).get("CODENAME_WORD")
    assert [text[h.start_char : h.end_char] for h in hits] == ["H-E-R-O-N"]
    assert all(h.fuzzy for h in hits)


def test_a_masked_word_stays_one_token_and_components_read_the_text_as_given(checker):
    text = "what a f*** up  by the i d i o t"
    doc = checker.nlp(text)
    assert "f***" in [t.text for t in doc]
    assert text_of(doc) == text == doc.text  # merging tokens moves no character
