"""Learned evidence: a pack model's score for a label, with the words that weighed most as its hits.

A rule needs words to flag, and a reader needs to see why. So a post holds learned evidence
when the label's score reaches the evidence's threshold, and the hits are the places of
the features that pushed the score up most: a word, a pair of words, or a hit of one of the
pack's own evidence kinds that the model learned to count.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..learning.features import EVIDENCE, features_of
from ..learning.linear import LinearModel
from .hits import Hit

if TYPE_CHECKING:
    from ..pack.schema import LearnedSource
    from .store import EvidenceStore

#: How many of the strongest features become the flagged words.
SHOWN = 3


class LearnedEvidence:
    def __init__(self, models: Mapping[str, LinearModel]):
        self._models = models
        self._entries: dict[str, LearnedSource] = {}

    def add(self, key: str, source: LearnedSource) -> None:
        if source.model not in self._models:
            raise ValueError(f"learned.model: no models/{source.model}.json")
        self._entries[key] = source

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def find(self, store: EvidenceStore, key: str, memo: dict[str, object]) -> list[Hit]:
        """Hits of one learned evidence kind; `memo` is the post's, so features and scores are made once."""
        source = self._entries[key]
        model = self._models[source.model]
        features = memo.get("features")
        if features is None:
            features = memo["features"] = features_of(store)
        scores = memo.get(source.model)
        if scores is None:
            scores = memo[source.model] = model.scores(features)
        if scores[model.labels.index(source.label)] < source.threshold:
            return []
        hits: list[Hit] = []
        for feature, _ in model.contributions(features, source.label):
            hit = _place(store, feature, features[feature])
            if hit is not None:
                hits.append(hit)
                if len(hits) == SHOWN:
                    break
        return sorted(hits)


def _place(store: EvidenceStore, feature: str, tokens: tuple[int, int] | None) -> Hit | None:
    if tokens is None:
        if not feature.startswith(EVIDENCE):
            return None
        found = store.matched_hits(feature[len(EVIDENCE) :])
        return found[0] if found else None
    return Hit(*tokens, *store.arrays.chars(*tokens))
