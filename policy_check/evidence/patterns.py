"""Token-pattern evidence: spaCy Matcher patterns, written in the pack as YAML."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .hits import Hit


class PatternEvidence:
    def __init__(self, nlp: Language):
        self._strings = nlp.vocab.strings
        self._matcher = Matcher(nlp.vocab, validate=True)

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Raises ValueError naming the pattern when spaCy rejects it."""
        for i, pattern in enumerate(patterns):
            try:
                self._matcher.add(key, [pattern], greedy="LONGEST")
            except Exception as exc:  # spaCy raises MatchPatternError or ValueError with details
                raise ValueError(f"patterns[{i}]: {str(exc).strip()}") from None

    def find(self, doc: Doc) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        if not len(self._matcher):
            return found
        for key, start, end in self._matcher(doc):
            span = doc[start:end]
            fuzzy = any(t.norm_ != t.lower_ for t in span)
            found.setdefault(self._strings[key], []).append(Hit(start, end, span.start_char, span.end_char, fuzzy))
        return found
