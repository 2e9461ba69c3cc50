"""Phrase evidence: word lists matched on normalised tokens with spaCy's PhraseMatcher."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .hits import Hit, TokenArrays


def inflections(phrase: str) -> list[str]:
    """The phrase and the simple plural of its last word (`idiot` -> `idiots`)."""
    words = phrase.split(" ")
    last = words[-1]
    if not last.isalpha() or len(last) < 3:
        return [phrase]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return [phrase, " ".join([*words[:-1], plural])]


class PhraseEvidence:
    """One PhraseMatcher per token attribute; each phrase list is a key."""

    def __init__(self, nlp: Language):
        self._nlp = nlp
        self._matchers: dict[str, PhraseMatcher] = {}
        #: The tokenised forms of each key's phrases, for whoever needs them after compiling.
        self.forms: dict[str, list[Doc]] = {}

    def add(self, key: str, phrases: Iterable[str], attr: str = "NORM", inflect: bool = True) -> None:
        forms: list[str] = []
        for phrase in phrases:
            forms.extend(inflections(phrase) if inflect else [phrase])
        matcher = self._matchers.get(attr)
        if matcher is None:
            matcher = self._matchers[attr] = PhraseMatcher(self._nlp.vocab, attr=attr)
        # make_doc runs only the tokenizer: the phrase is tokenised exactly as posts are.
        # Tokenizer exceptions are case-sensitive ("id" splits like "I'd", "ID" does not), so
        # case-free phrases are also tokenised as capitals would write them.
        if attr != "ORTH":
            forms = [variant for form in forms for variant in self._case_variants(form)]
        docs, seen = [], set()
        for form in dict.fromkeys(forms):
            doc = self._nlp.make_doc(form)
            key_tokens = tuple(t.norm_ if attr == "NORM" else t.lower_ for t in doc)
            if key_tokens not in seen:
                seen.add(key_tokens)
                docs.append(doc)
        matcher.add(key, docs)
        self.forms.setdefault(key, []).extend(docs)

    def _case_variants(self, form: str) -> tuple[str, ...]:
        """The form, and its capitalised spellings where a tokenizer exception could split them differently."""
        special = self._nlp.tokenizer.rules or {}
        variants = (form, form.upper(), form.capitalize())
        words = {w for variant in variants for w in variant.split()}
        if not any(w in special for w in words):
            return (form,)
        return variants

    def find(self, doc: Doc, arrays: TokenArrays) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        strings = self._nlp.vocab.strings
        for attr, matcher in self._matchers.items():
            for key, start, end in matcher(doc):
                fuzzy = attr == "NORM" and arrays.changed(start, end)
                found.setdefault(strings[key], []).append(Hit(start, end, *arrays.chars(start, end), fuzzy))
        return found
