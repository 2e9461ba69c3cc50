"""A conservative pre-screen: posts that no rule could raise skip the spaCy parse.

Most real posts are clean, and the parse is most of the cost of checking one. Before
parsing, the screen asks whether any rule *could* fire:

- every phrase a rule matches on needs all its words, so one word of each (the longest)
  is an anchor; the post's words, canonicalised exactly as the tokenizer's NORM would be,
  are looked up among the anchors;
- a token pattern needs its first required literal token; a pattern with none disables
  the screen;
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


class Screen:
    def __init__(self, nlp: Language, pack: PolicyPack, profile: OrgProfile, rules: Iterable[Rule]):
        self._canon: Callable[[str], str] = nlp.vocab.lex_attr_getters[NORM]
        self._profile = profile
        self._cache: dict[str, bool] = {}
        self.anchors: set[str] = set()
        self.substrings: set[str] = set()
        self.expressions: list[re.Pattern[str]] = []
        self.metadata_rules: list[Rule] = []
        #: False when some rule cannot be screened (a pattern with no literal, a trained NER).
        self.enabled = "ner" not in nlp.pipe_names
        special_norms = _special_case_norms(nlp)
        self._stop_words: frozenset[str] = frozenset(nlp.Defaults.stop_words)
        names = set()
        for rule in rules:
            if rule.match is None:
                self.metadata_rules.append(rule)
            else:
                names.update(rule.match)
        for name in _closure(pack, names):
            self._add_source(nlp, pack, name, special_norms)

    def _add_source(self, nlp: Language, pack: PolicyPack, name: str, special: dict[str, set[str]]) -> None:
        if name in _BUILTIN_TRIGGERS:
            self.expressions.append(_BUILTIN_TRIGGERS[name])
            return
        self._add_phrases(nlp.get_pipe("policy_evidence").phrase_forms(name), special)
        if name in ("EMPLOYER", "COLLEAGUE", "CODENAME"):
            return
        evidence = pack.evidence.get(name)
        if evidence is None:  # PERSON and the like: only a trained model finds them
            self.enabled = False
            return
        for pattern in evidence.patterns:
            literals = _pattern_anchor(pattern, self._stop_words)
            if literals is None:
                self.enabled = False
            else:
                self.anchors.update(literals)
        self.expressions.extend(re.compile(e, re.IGNORECASE) for e in evidence.regex)

    def _add_phrases(self, forms: Iterable[Doc], special: dict[str, set[str]]) -> None:
        for form in forms:
            alpha = [t for t in form if t.is_alpha]
            if not alpha:
                self.substrings.add(form.text.lower())
                continue
            # The rarest-looking word: not a stop word if possible, then the longest.
            anchor = max(alpha, key=lambda t: (t.lower_ not in self._stop_words, len(t.text)))
            self.anchors.update({anchor.norm_, anchor.lower_})
            # Tokenizer special cases ("I've" -> I + 've, NORM "have") show a NORM as other
            # letters; their letter runs become anchors too, compared word by word.
            for piece in special.get(anchor.norm_, ()):
                self.anchors.update(_RUNS.findall(piece))

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
        cache, anchors = self._cache, self.anchors
        for chunk in low.split():
            hit = cache.get(chunk)
            if hit is None:
                hit = cache[chunk] = self._word_hits(chunk, anchors)
                if len(cache) > 200_000:  # bound memory on very long runs
                    cache.clear()
            if hit:
                return True
        return False

    def _word_hits(self, chunk: str, anchors: set[str]) -> bool:
        stripped = chunk.strip(_STRIP)
        words = {chunk, stripped}
        if not stripped.isalpha():
            words.update(_RUNS.findall(chunk))
        return any(w in anchors or self._canon(w) in anchors for w in words if w)


def _meta_holds(cond: Condition, facts: PostFacts, profile: OrgProfile) -> bool:
    """Whether a condition may hold before any evidence is known (evidence is assumed absent)."""
    if cond.post is not None:
        return facts.satisfies(cond.post)
    if cond.profile is not None:
        return all(getattr(profile, k) == v for k, v in cond.profile.items())
    return False


def _closure(pack: PolicyPack, names: set[str]) -> set[str]:
    out: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in out:
            continue
        out.add(name)
        ev = pack.evidence.get(name)
        if ev:
            todo.extend(ev.include)
    return out


def _pattern_anchor(pattern: list[dict[str, Any]], stop_words: frozenset[str]) -> set[str] | None:
    """The literal values of the most selective required token; None if no required token has any.

    A pattern matches only where every required token does, so any one of them will do as
    the anchor: the one with the fewest stop words, then the fewest values, is the best.
    """
    candidates: list[set[str]] = []
    for spec in pattern:
        op = str(spec.get("OP", ""))
        if op in ("?", "*", "!") or op.startswith("{0") or op.startswith("{,"):
            continue
        for key in _PATTERN_LITERALS:
            value = spec.get(key)
            if isinstance(value, str):
                candidates.append({value.lower()})
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                candidates.append({str(v).lower() for v in value["IN"]})
    if not candidates:
        return None
    return min(candidates, key=lambda c: (sum(v in stop_words for v in c), len(c)))


def _special_case_norms(nlp: Language) -> dict[str, set[str]]:
    """NORM -> the special-case strings whose tokens carry it (e.g. 'not' <- "n't", "cannot")."""
    out: dict[str, set[str]] = {}
    for pieces in (nlp.tokenizer.rules or {}).values():
        for piece in pieces:
            norm, text = piece.get(NORM), str(piece.get(ORTH, ""))
            if norm and text and norm != text.lower():
                out.setdefault(norm.lower(), set()).add(text.lower())
    return out
