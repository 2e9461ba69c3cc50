"""Phrase evidence: word lists matched on normalised tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.strings import hash_string
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


#: The token attributes a phrase list may be matched on, and their column in `TokenArrays`.
ATTRS = ("NORM", "LOWER", "ORTH")

#: The words run together in a hashtag: capitalised words, capitals, lower-case runs, numbers.
_HASHTAG_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_HASH = hash_string("#")


#: A trie node: [children by value hash, the keys whose forms end here]. Lists and dicts
#: only, so a compiled trie pickles and loads at the speed of plain data.
_Node = list  # [dict[int, _Node], list[str]]


@dataclass
class CompiledPhrases:
    """Every phrase list tokenised: plain data, so it can be kept on disk between runs."""

    #: attribute column -> the trie's root: value hash -> node.
    tries: dict[int, dict[int, _Node]] = field(default_factory=dict)


class PhraseEvidence:
    """Phrase lists matched on one token attribute each (NORM unless the evidence says otherwise).

    The forms make a trie over token values, one per attribute, walked from every token:
    every occurrence of every form is found, overlapping ones included, as spaCy's
    PhraseMatcher would find them, without building a `Doc` per phrase when the compiled
    lists are loaded.
    """

    def __init__(self, nlp: Language, compiled: CompiledPhrases | None = None, hashtag_keys: Iterable[str] = ()):
        self._nlp = nlp
        self._strings = nlp.vocab.strings
        self.compiled = compiled if compiled is not None else CompiledPhrases()
        #: The keys also looked for among the words a hashtag runs together (`_find_in_hashtags`).
        self.hashtag_keys = frozenset(hashtag_keys)

    def add(self, key: str, phrases: Iterable[str], attr: str = "NORM", inflect: bool = True) -> None:
        forms: list[str] = []
        for phrase in phrases:
            forms.extend(inflections(phrase) if inflect else [phrase])
        # make_doc runs only the tokenizer: the phrase is tokenised exactly as posts are.
        # Tokenizer exceptions are case-sensitive ("id" splits like "I'd", "ID" does not), so
        # case-free phrases are also tokenised as capitals would write them.
        if attr != "ORTH":
            forms = [variant for form in forms for variant in self._case_variants(form)]
        column = ATTRS.index(attr)
        for form in dict.fromkeys(forms):
            doc = self._nlp.make_doc(form)
            if not len(doc):
                continue
            values = tuple((t.norm_, t.lower_, t.text)[column] for t in doc)
            self._index_entry(attr, key, values)

    def _index_entry(self, attr: str, key: str, values: tuple[str, ...]) -> None:
        """Add one form to its trie (once per key, however many spellings give its values)."""
        children = self.compiled.tries.setdefault(ATTRS.index(attr), {})
        node: _Node = [children, []]
        for value in values:
            value_hash = self._strings.add(value)
            node = children.setdefault(value_hash, [{}, []])
            children = node[0]
        if key not in node[1]:
            node[1].append(key)

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
        columns = (arrays.norm, arrays.lower, arrays.orth)
        for column, root in self.compiled.tries.items():
            for start, end, keys in _walk(root, columns[column]):
                hit = Hit(start, end, *arrays.chars(start, end), column == 0 and arrays.changed(start, end))
                for key in keys:
                    found.setdefault(key, []).append(hit)
        self._find_in_hashtags(doc, arrays, found)
        return found

    def _find_in_hashtags(self, doc: Doc, arrays: TokenArrays, found: dict[str, list[Hit]]) -> None:
        """Names among the words a hashtag runs together (`#ProjectHeron`, `#Kestrel2026`),
        each hit on the whole hashtag word: the tokenizer keeps it one token, and splitting
        every camel-cased word (`LinkedIn`, `McDonald`) would cost more than it found.

        Only `hashtag_keys` (the profile's names): a name means the same in a hashtag, but a
        common phrase there is a label, not a statement. Looking for every phrase list in
        hashtags changed three reports of the 4,260 tuning posts, each to a false alarm
        (`#InternalAudit` as an internal document, `#EarlyHelp` as a cared-for child)."""
        orth = arrays.orth
        if not self.hashtag_keys or _HASH not in orth:
            return
        for i in range(1, len(orth)):
            if orth[i - 1] != _HASH or arrays.idx[i - 1] + 1 != arrays.idx[i]:
                continue
            words = _HASHTAG_WORD.findall(doc[i].text)
            if len(words) < 2:
                continue  # a single word is a token of its own, already matched
            lower = [hash_string(w.lower()) for w in words]
            by_column = (lower, lower, [hash_string(w) for w in words])
            hit = Hit(i, i + 1, *arrays.chars(i, i + 1), False)
            for column, root in self.compiled.tries.items():
                for _start, _end, keys in _walk(root, by_column[column]):
                    for key in self.hashtag_keys.intersection(keys):
                        if hit not in found.get(key, ()):
                            found.setdefault(key, []).append(hit)


def _walk(root: dict[int, _Node], values: list[int]) -> Iterator[tuple[int, int, list[str]]]:
    """Every (start, end, keys) where the values[start:end] spell a form in the trie."""
    length = len(values)
    for start in range(length):
        node = root.get(values[start])
        end = start + 1
        while node is not None:
            children, keys = node
            if keys:
                yield start, end, keys
            if end == length:
                break
            node = children.get(values[end])
            end += 1
