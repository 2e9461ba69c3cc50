"""A conservative pre-screen: posts that no rule could raise skip the spaCy parse.

Most real posts are clean, and the parse is most of the cost of checking one. Before
parsing, the screen asks each rule's gate (`engine/gates.py`) whether it *could* open:

- a phrase matches only where each of its words does, and a token pattern only where each
  of its required literal tokens does. So each becomes a *requirement*: a list of word sets,
  every one of which must meet the post's words (canonicalised as the tokenizer's NORM would
  be). A source with a pattern that has no literal token is always taken as possible;
- identifier expressions are searched for in the text; built-in evidence needs its
  character (`@`, `#`, a quote, a digit);
- the rule's post and profile conditions must hold, and every one of its evidence sets (the
  `match`, each evidence condition in `requires`) must have a source that could be present.
  An insult with no one it could be aimed at skips the parse.

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

from .engine.facts import PostFacts
from .engine.gates import GateIndex, gates_for
from .evidence.identifiers import prefilter
from .evidence.phrases import PhraseForm
from .pack import PolicyPack, Rule
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
_CACHE_LIMIT = 200_000

Requirement = tuple[frozenset[str], ...]


class Screen:
    def __init__(self, nlp: Language, pack: PolicyPack, profile: OrgProfile, rules: Iterable[Rule]):
        self._canon: Callable[[str], str] = nlp.vocab.lex_attr_getters[NORM]
        self._profile = profile
        self._stop_words: frozenset[str] = frozenset(nlp.Defaults.stop_words)
        self._special = _special_case_norms(nlp)
        self._forms: dict[str, frozenset[str]] = {}
        self._expanded: dict[tuple[str, str], frozenset[str]] = {}
        self._added: set[tuple[str, Requirement]] = set()
        self.requirements: list[Requirement] = []
        #: The evidence source each requirement stands for.
        self.owners: list[str] = []
        #: Each requirement's sets other than the one it is indexed by.
        self.rest: list[Requirement] = []
        #: word -> the requirements whose most selective set holds it.
        self.index: dict[str, list[int]] = {}
        #: source -> text a phrase with no word in it needs (emoji, punctuation), lower case.
        self.substrings: dict[str, set[str]] = {}
        #: source -> expressions one of which must match the text (identifiers, built-in triggers),
        #: each with its cheap prefilter, if it has one.
        self.expressions: dict[str, list[tuple[re.Pattern[str], Callable[[str], object] | None]]] = {}
        #: Sources that cannot be screened (a pattern with no literal, PERSON): always possible.
        self.unscreened: set[str] = set()
        #: False when the whole screen is off (a trained NER may find what no word shows).
        self.enabled = "ner" not in nlp.pipe_names
        all_rules = list(rules)
        sources = {s for gate in gates_for(pack, all_rules).values() for group in gate.evidence for s in group}
        component = nlp.get_pipe("policy_evidence")
        for name in sorted(sources):
            if name in _BUILTIN_TRIGGERS:
                self.expressions[name] = [(_BUILTIN_TRIGGERS[name], None)]
                continue
            for form in component.phrase_forms(name):
                self._add_phrase(name, form)
            if name in ("EMPLOYER", "COLLEAGUE", "CODENAME", "CODENAME_WORD"):
                continue
            evidence = pack.evidence.get(name)
            if evidence is None:  # PERSON and the like: only a trained model finds them
                self.unscreened.add(name)
                continue
            for pattern in evidence.patterns:
                literals = _pattern_requirement(pattern)
                # A token that is only punctuation or emoji shows in no word; it must still
                # show in the text as written, so a pattern with nothing else asks for that.
                requirement = tuple(self._expand(values) for values in literals if all(_RUNS.search(v) for v in values))
                symbols = [values for values in literals if not any(_RUNS.search(v) for v in values)]
                if requirement:
                    self._add_requirement(name, requirement)
                elif symbols:
                    self.substrings.setdefault(name, set()).update(min(symbols, key=len))
                else:
                    self.unscreened.add(name)
            for expression in evidence.regex:
                compiled = re.compile(expression, re.IGNORECASE)
                self.expressions.setdefault(name, []).append((compiled, prefilter([expression])))
        # Expressions are searched only when a gate's words leave the question open.
        self.gate_index = GateIndex(gates_for(pack, all_rules, costly=frozenset(self.expressions)).values(), profile)
        every_substring = {sub for subs in self.substrings.values() for sub in subs}
        self._any_substring = re.compile("|".join(map(re.escape, sorted(every_substring)))) if every_substring else None

    def _add_phrase(self, name: str, form: PhraseForm) -> None:
        words = [(norm, lower) for norm, lower, _orth, is_alpha in form.tokens if is_alpha]
        if not words:
            self.substrings.setdefault(name, set()).add(form.text.lower())
            return
        requirement = tuple(self._expand_word(norm, lower) for norm, lower in words)
        if (name, requirement) not in self._added:  # case variants of a form ask for the same words
            self._added.add((name, requirement))
            self._add_requirement(name, requirement)

    def _expand_word(self, norm: str, lower: str) -> frozenset[str]:
        expanded = self._expanded.get((norm, lower))
        if expanded is None:
            expanded = self._expanded[(norm, lower)] = self._expand({norm, lower})
        return expanded

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

    def _add_requirement(self, name: str, requirement: Requirement) -> None:
        number = len(self.requirements)
        self.requirements.append(requirement)
        self.owners.append(name)
        rarest = min(requirement, key=lambda s: (sum(v in self._stop_words for v in s), len(s)))
        self.rest.append(tuple(s for s in requirement if s is not rarest))
        for word in rarest:
            self.index.setdefault(word, []).append(number)

    def might_raise(self, text: str, facts: PostFacts) -> bool:
        """False only when no rule could raise anything on this post."""
        if not self.enabled:
            return True
        if not self.gate_index.live(facts):
            return False
        low = text.lower()
        words: set[str] = set()
        for chunk in low.split():
            words |= self._word_forms(chunk)
        possible = set(self.unscreened)
        rest, owners = self.rest, self.owners
        for word in words:
            for number in self.index.get(word, ()):
                owner = owners[number]
                if owner in possible:
                    continue
                for needed in rest[number]:
                    if words.isdisjoint(needed):
                        break
                else:
                    possible.add(owner)
        if self._any_substring is not None and self._any_substring.search(low):
            for name, substrings in self.substrings.items():
                if name not in possible and any(sub in low for sub in substrings):
                    possible.add(name)
        searched: dict[str, bool] = {}

        def could_be_present(name: str) -> bool:
            found = searched.get(name)
            if found is None:
                found = searched[name] = any((ready is None or ready(text)) and e.search(text) for e, ready in self.expressions[name])
            return found

        return bool(self.gate_index.opening(facts, possible, could_be_present, first_only=True))

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
