"""Token-pattern evidence: spaCy Matcher patterns, written in the pack as YAML.

spaCy's Matcher tries every pattern at every token, so its cost grows with the number of
patterns in the pack. Most patterns name literal words (`{NORM: {IN: [...]}}`), and a
pattern can only match a post that holds a word from each of its required literal tokens.
Each pattern gets its own small Matcher, and a post runs only those whose required words
it holds, found from the post's NORM, LOWER and ORTH values in one array.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .hits import Hit

_ATTRS = (NORM, LOWER, ORTH)
_ATTR_INDEX = {"NORM": 0, "LOWER": 1, "ORTH": 2, "TEXT": 2}
_OPTIONAL = ("?", "*", "!")

#: A required token of a pattern: which attribute (index into _ATTRS), and the hashes it may have.
Literal = tuple[int, frozenset[int]]


def required_literals(pattern: list[dict[str, Any]], hash_of: Any) -> list[Literal]:
    """The attribute values each required, literal token of a pattern may take."""
    out: list[Literal] = []
    for spec in pattern:
        op = str(spec.get("OP", ""))
        if op in _OPTIONAL or op.startswith(("{0", "{,")):
            continue
        for key, index in _ATTR_INDEX.items():
            value = spec.get(key)
            if isinstance(value, str):
                out.append((index, frozenset({hash_of(value)})))
                break
            if isinstance(value, dict) and isinstance(value.get("IN"), list) and "NOT_IN" not in value:
                out.append((index, frozenset(hash_of(str(v)) for v in value["IN"])))
                break
    return out


class PatternEvidence:
    def __init__(self, nlp: Language):
        self._vocab = nlp.vocab
        self._strings = nlp.vocab.strings
        self._stop_hashes = frozenset(self._strings.add(w) for w in nlp.Defaults.stop_words)
        self._patterns: list[tuple[str, Matcher, list[Literal]]] = []
        #: (attribute index, hash) -> patterns whose most selective literal allows it.
        self._index: dict[tuple[int, int], list[int]] = {}
        self._always: list[int] = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Raises ValueError naming the pattern when spaCy rejects it."""
        for i, pattern in enumerate(patterns):
            matcher = Matcher(self._vocab, validate=True)
            try:
                matcher.add(key, [pattern], greedy="LONGEST")
            except Exception as exc:  # spaCy raises MatchPatternError or ValueError with details
                raise ValueError(f"patterns[{i}]: {str(exc).strip()}") from None
            number = len(self._patterns)
            literals = required_literals(pattern, self._strings.add)
            self._patterns.append((key, matcher, literals))
            if not literals:
                self._always.append(number)
                continue
            attr, rarest = min(literals, key=lambda lit: (len(lit[1] & self._stop_hashes), len(lit[1])))
            for value in rarest:
                self._index.setdefault((attr, value), []).append(number)

    def find(self, doc: Doc) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        if not self._patterns or not len(doc):
            return found
        columns = doc.to_array(_ATTRS).T
        present = [set(column.tolist()) for column in columns]
        candidates = set(self._always)
        index = self._index
        for attr, values in enumerate(present):
            for value in values:
                candidates.update(index.get((attr, value), ()))
        for number in sorted(candidates):
            key, matcher, literals = self._patterns[number]
            if not all(not present[attr].isdisjoint(values) for attr, values in literals):
                continue
            for _, start, end in matcher(doc):
                span = doc[start:end]
                fuzzy = any(t.norm_ != t.lower_ for t in span)
                found.setdefault(key, []).append(Hit(start, end, span.start_char, span.end_char, fuzzy))
        return found
