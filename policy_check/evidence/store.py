"""A post's evidence: every kind found once, looked up by name, with `include` unions resolved."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection

from spacy.tokens import Doc

from .builtins import BuiltinEvidence
from .hits import Hit, TokenArrays
from .identifiers import IdentifierEvidence
from .learned import LearnedEvidence
from .prefilter import TextScan

__all__ = ["EvidenceStore", "Hit"]

class EvidenceStore:
    """Hits by evidence name for one parsed post.

    Phrase and pattern hits come from the single matcher pass; identifiers, built-ins and
    learned evidence are found on first use. `sources` maps each evidence name to the names whose hits
    count as it (itself and its `include`s, transitively).
    """

    __slots__ = ("_doc", "text", "_matched", "_identifiers", "_builtins", "_learned", "_sources", "_exclusions", "_memo", "_own_memo", "_sentence_starts", "_scan", "_learned_memo", "arrays")

    def __init__(
        self,
        doc: Doc,
        arrays: TokenArrays,
        text: str,
        sentence_starts: list[int],
        matched: dict[str, list[Hit]],
        identifiers: IdentifierEvidence,
        builtins: BuiltinEvidence,
        sources: dict[str, tuple[str, ...]],
        exclusions: dict[str, tuple[str, ...]] | None = None,
        learned: LearnedEvidence | None = None,
    ):
        self._doc = doc
        #: The token columns the matcher pass read: later readers need no Token objects.
        self.arrays = arrays
        #: The (normalised) text, kept once: spaCy rebuilds Doc.text from tokens on every access.
        self.text = text
        self._matched = matched
        self._identifiers = identifiers
        self._builtins = builtins
        self._sources = sources
        self._exclusions = exclusions or {}
        self._memo: dict[str, list[Hit]] = {}
        self._own_memo: dict[str, list[Hit]] = {}
        self._sentence_starts = sentence_starts
        #: What identifier requirements ask of the text, made when the first identifier is asked for.
        self._scan: TextScan | None = None
        self._learned = learned
        #: The post's model features and scores, made when the first learned evidence is asked for.
        self._learned_memo: dict[str, object] = {}

    @property
    def doc(self) -> Doc:
        return self._doc

    def _own(self, name: str) -> list[Hit]:
        hits = self._own_memo.get(name)
        if hits is None:
            hits = self._own_memo[name] = self._find_own(name)
        return hits

    def _find_own(self, name: str) -> list[Hit]:
        hits = list(self._matched.get(name, ()))
        if name in self._identifiers:
            if self._scan is None:
                self._scan = TextScan(self.text)
            hits.extend(self._identifiers.find(self._doc, self._scan, name))
        if self._learned is not None and name in self._learned:
            hits.extend(self._learned.find(self, name, self._learned_memo))
        finder = self._builtins.finders.get(name)
        if finder is not None:
            hits.extend(finder(self._doc, self.text))
        return hits

    @property
    def matched(self) -> Collection[str]:
        """Names with phrase or pattern hits: known without asking."""
        return self._matched.keys()

    def matched_hits(self, name: str) -> list[Hit]:
        """The phrase and pattern hits of one source, as the matcher pass left them."""
        return self._matched.get(name, [])

    def has(self, name: str) -> bool:
        """Whether the source itself has hits (its `include`s and `exclude`s aside)."""
        if name in self._matched:
            return True
        if name in self._identifiers or name in self._builtins.finders or (self._learned is not None and name in self._learned):
            return bool(self._own(name))
        return False

    def get(self, name: str) -> list[Hit]:
        """All hits of the named evidence, in text order, without duplicates."""
        hits = self._memo.get(name)
        if hits is None:
            collected: list[Hit] = []
            for source in self._sources.get(name, (name,)):
                collected.extend(self._own(source))
            hits = sorted(set(collected))
            for other in self._exclusions.get(name, ()):
                blocked = self.get(other)
                hits = [h for h in hits if not any(b.start < h.end and h.start < b.end for b in blocked)]
            self._memo[name] = hits
        return hits

    def sentence_of(self, hit: Hit) -> int:
        """The index of the sentence a hit starts in (see `text.sentences`)."""
        return bisect_right(self._sentence_starts, hit.start_char)
