"""A post's evidence: every kind found once, looked up by name, with `include` unions resolved."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection

from spacy.tokens import Doc

from .builtins import BuiltinEvidence
from .hits import Hit, TokenArrays
from .identifiers import IdentifierEvidence, IdentifierExpression
from .learned import LearnedEvidence
from .prefilter import TextScan

__all__ = ["EvidenceStore", "Hit", "SearchedEvidence"]


class SearchedEvidence:
    """The evidence a post is searched for only when a rule asks: identifiers, built-ins and
    learned scores, with each name's `include`s and `exclude`s. One per pack, shared by every post."""

    def __init__(
        self,
        identifiers: IdentifierEvidence,
        builtins: BuiltinEvidence,
        learned: LearnedEvidence,
        sources: dict[str, tuple[str, ...]],
        includes: dict[str, tuple[str, ...]],
        exclusions: dict[str, tuple[str, ...]],
    ):
        self.identifiers = identifiers
        self.builtins = builtins
        self.learned = learned
        #: Each evidence name to the names whose hits count as it (itself and its `include`s, transitively).
        self.sources = sources
        #: The same, keeping only the names searched for: the others' hits are all the matcher pass's.
        self.searched_sources = {name: found for name, names in sources.items() if (found := tuple(n for n in names if self.searched_for(n)))}
        #: Each evidence name to the names it includes directly.
        self.includes = includes
        self.exclusions = exclusions
        #: Names including, at some depth, a name with `exclude`s: an included name's hits are
        #: what is left after its own exclusions, so these are gathered include by include.
        self.layered = frozenset(name for name, names in self.sources.items() if any(n != name and n in exclusions for n in names))

    def searched_for(self, name: str) -> bool:
        """Whether the name has hits beyond those of the matcher pass (and must be searched for)."""
        return name in self.identifiers or name in self.builtins.finders or name in self.learned


class EvidenceStore:
    """Hits by evidence name for one parsed post.

    Phrase and pattern hits come from the single matcher pass; identifiers, built-ins and
    learned evidence are found on first use.
    """

    __slots__ = ("_doc", "text", "_matched", "_searched", "_memo", "_found_memo", "_sentence_starts", "_searchable", "_learned_memo", "_present", "arrays")

    def __init__(
        self,
        doc: Doc,
        arrays: TokenArrays,
        text: str,
        sentence_starts: list[int],
        matched: dict[str, list[Hit]],
        searched: SearchedEvidence,
    ):
        self._doc = doc
        #: The token columns the matcher pass read: later readers need no Token objects.
        self.arrays = arrays
        #: The (normalised) text, kept once: spaCy rebuilds Doc.text from tokens on every access.
        self.text = text
        self._matched = matched
        self._searched = searched
        self._memo: dict[str, list[Hit]] = {}
        self._found_memo: dict[str, list[Hit]] = {}
        self._sentence_starts = sentence_starts
        #: Per identifier, the expressions the text could match (`_searchable_expressions`).
        self._searchable: dict[str, list[IdentifierExpression]] | None = None
        #: The post's model features and scores, made when the first learned evidence is asked for.
        self._learned_memo: dict[str, object] = {}
        #: See `present`.
        self._present: set[str] | None = None

    @property
    def doc(self) -> Doc:
        return self._doc

    def _found(self, name: str) -> list[Hit]:
        """The hits of a searched-for name beyond the matcher pass's, searched for once."""
        hits = self._found_memo.get(name)
        if hits is None:
            hits = self._found_memo[name] = self._search(name)
        return hits

    def _searchable_expressions(self) -> dict[str, list[IdentifierExpression]]:
        """Per identifier, the expressions this text could match: one pre-scan, made at the first ask."""
        if self._searchable is None:
            self._searchable = self._searched.identifiers.searchable(TextScan(self.text))
        return self._searchable

    def _search(self, name: str) -> list[Hit]:
        hits: list[Hit] = []
        searched = self._searched
        if name in searched.identifiers:
            expressions = self._searchable_expressions().get(name)
            if expressions:
                hits.extend(searched.identifiers.find(self._doc, self.text, name, expressions))
        if name in searched.learned:
            hits.extend(searched.learned.find(self, name, self._learned_memo))
        finder = searched.builtins.finders.get(name)
        if finder is not None:
            hits.extend(finder(self._doc, self.text))
        return hits

    @property
    def matched(self) -> Collection[str]:
        """Names with phrase or pattern hits: known without asking."""
        return self._matched.keys()

    @property
    def present(self) -> set[str]:
        """Names known to have hits without searching for them one by one: every name the
        matcher pass found, and each learned label the model scored at its threshold (the
        model scores every label at once). Identifiers and built-ins are not in it: ask `has`."""
        if self._present is None:
            learned = self._searched.learned
            self._present = {*self._matched, *(name for name in learned if self._found(name))}
        return self._present

    @property
    def possible_identifiers(self) -> Collection[str]:
        """The identifiers whose expressions the text's pre-scan could not rule out (a superset
        of those with hits)."""
        return self._searchable_expressions().keys()

    def matched_hits(self, name: str) -> list[Hit]:
        """The phrase and pattern hits of one source, as the matcher pass left them."""
        return self._matched.get(name, [])

    def has(self, name: str) -> bool:
        """Whether the source itself has hits (its `include`s and `exclude`s aside)."""
        if name in self._matched:
            return True
        return self._searched.searched_for(name) and bool(self._found(name))

    def get(self, name: str) -> list[Hit]:
        """All hits of the named evidence, in text order, without duplicates: its own, and those
        of each evidence it includes as that evidence's `get` gives them (its exclusions applied),
        less any overlapping a hit of what it excludes."""
        hits = self._memo.get(name)
        if hits is None:
            collected: list[Hit] = []
            matched = self._matched
            searched = self._searched
            if name in searched.layered:
                collected.extend(matched.get(name, ()))
                if searched.searched_for(name):
                    collected.extend(self._found(name))
                for included in searched.includes[name]:
                    collected.extend(self.get(included))
            else:
                for source in searched.sources.get(name, (name,)):
                    found = matched.get(source)
                    if found:
                        collected.extend(found)
                for source in searched.searched_sources.get(name, ()):
                    collected.extend(self._found(source))
            hits = sorted(set(collected))
            for other in searched.exclusions.get(name, ()):
                blocked = self.get(other)
                hits = [h for h in hits if not any(b.start < h.end and h.start < b.end for b in blocked)]
            self._memo[name] = hits
        return hits

    def sentence_of(self, hit: Hit) -> int:
        """The index of the sentence a hit starts in (see `text.sentences`)."""
        return bisect_right(self._sentence_starts, hit.start_char)
