"""A conservative pre-screen: posts that no rule could raise skip the spaCy parse.

Most real posts are clean, and the parse is most of the cost of checking one. Before
parsing, the screen asks whether any rule *could* fire:

- a phrase matches only where each of its words does, and a token pattern only where each
  of its required literal tokens does. So each becomes a *requirement*: a list of word sets,
  every one of which must meet the post's words (canonicalised as the tokenizer's NORM would
  be). A pattern with no literal token at all disables the screen;
- identifier expressions are searched for in the text; built-in evidence needs its
  character (`@`, `#`, a quote, a digit);
- a rule with no `match` could fire if its post and profile conditions hold.

If none could, the report is `clear` without parsing. The screen may let through a post
that turns out clear (a false alarm costs a parse), but it must never stop one that a rule
would raise: `tests/test_screen.py` holds it to that on every labelled post and example.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .engine.facts import PostFacts
from .evidence.identifiers import needs_digit
from .pack import Condition, PolicyPack, Rule
from .profile import OrgProfile

_STRIP = "\"'`.,;:!?()[]{}<>«»…-–—/\\|~^"
_RUNS = re.compile(r"[^\W_]+")
#: Characters without which a built-in kind of evidence cannot be found.
_BUILTIN_TRIGGERS: dict[str, re.Pattern[str]] = {
    "HANDLE": re.compile("@"),
    "OFFICIAL_HANDLE": re.compile("@"),
    "EMAIL": re.compile("@"),
    "HASHTAG": re.compile("#"),
    "QUOTED": re.compile("[\"']"),
    "PUBLIC_NUMBER": re.compile(r"\d"),
    "URL": re.compile(r"[.:/]\w"),
    "OFFICIAL_LINK": re.compile(r"[.:/@]\w"),
}
_PATTERN_LITERALS = ("NORM", "LOWER", "ORTH", "TEXT")
_HAS_DIGIT = re.compile(r"\d").search
_CACHE_LIMIT = 200_000

Requirement = tuple[frozenset[str], ...]


class Screen:
    def __init__(self, nlp: Language, pack: PolicyPack, profile: OrgProfile, rules: Iterable[Rule]):
        self._canon: Callable[[str], str] = nlp.vocab.lex_attr_getters[NORM]
        self._profile = profile
        self._stop_words: frozenset[str] = frozenset(nlp.Defaults.stop_words)
        self._special = _special_case_norms(nlp)
        self._forms: dict[str, frozenset[str]] = {}
        self.requirements: list[Requirement] = []
        #: word -> the requirements whose most selective set holds it.
        self.index: dict[str, list[int]] = {}
        self.substrings: set[str] = set()
        self.expressions: list[re.Pattern[str]] = []
        #: Expressions that can only match where there is a digit: tried only then.
        self.digit_expressions: list[re.Pattern[str]] = []
        self.metadata_rules: list[Rule] = []
        #: False when some rule cannot be screened (a pattern with no literal, a trained NER).
        self.enabled = "ner" not in nlp.pipe_names
        names: set[str] = set()
        for rule in rules:
            if rule.match is None:
                self.metadata_rules.append(rule)
            else:
                names.update(rule.match)
        component = nlp.get_pipe("policy_evidence")
        for name in sorted(pack.closure(names)):
            if name in _BUILTIN_TRIGGERS:
                self.expressions.append(_BUILTIN_TRIGGERS[name])
                continue
            for form in component.phrase_forms(name):
                self._add_phrase(form)
            if name in ("EMPLOYER", "COLLEAGUE", "CODENAME"):
                continue
            evidence = pack.evidence.get(name)
            if evidence is None:  # PERSON and the like: only a trained model finds them
                self.enabled = False
                continue
            for pattern in evidence.patterns:
                # A token that is only punctuation (":") shows in no word: it constrains nothing.
                requirement = tuple(
                    self._expand(values) for values in _pattern_requirement(pattern) if all(_RUNS.search(v) for v in values)
                )
                if requirement:
                    self._add_requirement(requirement)
                else:
                    self.enabled = False
            for expression in evidence.regex:
                compiled = re.compile(expression, re.IGNORECASE)
                (self.digit_expressions if needs_digit(expression) else self.expressions).append(compiled)

    def _add_phrase(self, form: Doc) -> None:
        words = [t for t in form if t.is_alpha]
        if not words:
            self.substrings.add(form.text.lower())
            return
        self._add_requirement(tuple(self._expand({t.norm_, t.lower_}) for t in words))

    def _expand(self, values: Iterable[str]) -> frozenset[str]:
        """The ways a token's values can show in the text's words.

        A value with an apostrophe shows as letter runs ("'ll" in "I'll" is "ll"), and a NORM a
        tokenizer special case gives ("will" for "'ll", "have" for "'ve") shows as the letters
        of that special case.
        """
        out = set(values)
        for value in values:
            out.update(_RUNS.findall(value))
            for piece in self._special.get(value, ()):
                out.update(_RUNS.findall(piece))
        return frozenset(out)

    def _add_requirement(self, requirement: Requirement) -> None:
        number = len(self.requirements)
        self.requirements.append(requirement)
        rarest = min(requirement, key=lambda s: (sum(v in self._stop_words for v in s), len(s)))
        for word in rarest:
            self.index.setdefault(word, []).append(number)

    def might_raise(self, text: str, facts: PostFacts) -> bool:
        """False only when no rule could raise anything on this post."""
        if not self.enabled:
            return True
        for rule in self.metadata_rules:
            if all(_meta_holds(c, facts, self._profile) for c in rule.requires):
                return True
        low = text.lower()
        if any(s in low for s in self.substrings):
            return True
        if any(e.search(text) for e in self.expressions):
            return True
        if self.digit_expressions and _HAS_DIGIT(text) and any(e.search(text) for e in self.digit_expressions):
            return True
        words: set[str] = set()
        for chunk in low.split():
            words |= self._word_forms(chunk)
        requirements, index = self.requirements, self.index
        for word in words:
            for number in index.get(word, ()):
                if all(not words.isdisjoint(s) for s in requirements[number]):
                    return True
        return False

    def _word_forms(self, chunk: str) -> frozenset[str]:
        """The forms a chunk of text may take as tokens: itself, stripped, its letter runs, canonical."""
        forms = self._forms.get(chunk)
        if forms is None:
            stripped = chunk.strip(_STRIP)
            raw = {chunk, stripped}
            if not stripped.isalpha():
                raw.update(_RUNS.findall(chunk))
            raw.discard("")
            forms = frozenset(raw | {self._canon(w) for w in raw})
            if len(self._forms) > _CACHE_LIMIT:  # bound memory on very long runs
                self._forms.clear()
            self._forms[chunk] = forms
        return forms


def _meta_holds(cond: Condition, facts: PostFacts, profile: OrgProfile) -> bool:
    """Whether a condition may hold before any evidence is known (evidence is assumed absent)."""
    if cond.post is not None:
        return facts.satisfies(cond.post)
    if cond.profile is not None:
        return all(getattr(profile, k) == v for k, v in cond.profile.items())
    return False


def _pattern_requirement(pattern: list[dict[str, Any]]) -> Requirement:
    """The literal values of each required token of a pattern (empty if it has none)."""
    sets: list[frozenset[str]] = []
    for spec in pattern:
        op = str(spec.get("OP", ""))
        if op in ("?", "*", "!") or op.startswith("{0") or op.startswith("{,"):
            continue
        for key in _PATTERN_LITERALS:
            value = spec.get(key)
            if isinstance(value, str):
                sets.append(frozenset({value.lower()}))
                break
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                sets.append(frozenset(str(v).lower() for v in value["IN"]))
                break
    return tuple(sets)


def _special_case_norms(nlp: Language) -> dict[str, set[str]]:
    """NORM -> the special-case strings whose tokens carry it (e.g. 'not' <- "n't", "cannot")."""
    out: dict[str, set[str]] = {}
    for pieces in (nlp.tokenizer.rules or {}).values():
        for piece in pieces:
            norm, text = piece.get(NORM), str(piece.get(ORTH, ""))
            if norm and text and norm != text.lower():
                out.setdefault(norm.lower(), set()).add(text.lower())
    return out
