"""A post's evidence: every kind found once, looked up by name, with `include` unions resolved."""

from __future__ import annotations

from spacy.tokens import Doc

from .builtins import BuiltinEvidence
from .hits import Hit
from .identifiers import IdentifierEvidence

__all__ = ["EvidenceStore", "Hit"]


class EvidenceStore:
    """Hits by evidence name for one parsed post.

    Phrase and pattern hits come from the single matcher pass; identifiers and built-ins
    are found on first use. `sources` maps each evidence name to the names whose hits
    count as it (itself and its `include`s, transitively).
    """

    __slots__ = ("_doc", "_matched", "_identifiers", "_builtins", "_sources", "_memo", "_sent_ids")

    def __init__(
        self,
        doc: Doc,
        matched: dict[str, list[Hit]],
        identifiers: IdentifierEvidence,
        builtins: BuiltinEvidence,
        sources: dict[str, tuple[str, ...]],
    ):
        self._doc = doc
        self._matched = matched
        self._identifiers = identifiers
        self._builtins = builtins
        self._sources = sources
        self._memo: dict[str, list[Hit]] = {}
        self._sent_ids: list[int] | None = None

    @property
    def doc(self) -> Doc:
        return self._doc

    def _own(self, name: str) -> list[Hit]:
        hits = list(self._matched.get(name, ()))
        if name in self._identifiers:
            hits.extend(self._identifiers.find(self._doc, name))
        finder = self._builtins.finders.get(name)
        if finder is not None:
            hits.extend(finder(self._doc))
        return hits

    def get(self, name: str) -> list[Hit]:
        """All hits of the named evidence, in text order, without duplicates."""
        hits = self._memo.get(name)
        if hits is None:
            collected: list[Hit] = []
            for source in self._sources.get(name, (name,)):
                collected.extend(self._own(source))
            hits = self._memo[name] = sorted(set(collected))
        return hits

    def sentence_of(self, token_index: int) -> int:
        """The index of the sentence that holds a token."""
        if self._sent_ids is None:
            ids, current = [], -1
            for token in self._doc:
                if token.is_sent_start or current < 0:
                    current += 1
                ids.append(current)
            self._sent_ids = ids
        return self._sent_ids[token_index] if self._sent_ids else 0
