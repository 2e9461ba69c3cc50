"""What the model sees of a post: its words, pairs of words, and the evidence kinds it holds.

Training and checking both call `features_of`, so a model can only ever be scored on
features made the way it was trained on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..evidence.hits import Hit

if TYPE_CHECKING:
    from ..evidence.store import EvidenceStore

#: Profile names become placeholders, so that a model trained with one council's profile
#: reads "my manager at Tendring" as it read "my manager at Eastbrook".
PLACEHOLDERS = {"EMPLOYER": "@employer", "COLLEAGUE": "@colleague", "CODENAME": "@codename"}

WORD = "w:"
EVIDENCE = "e:"


def words_of(norms: Sequence[str], matched: Mapping[str, Sequence[Hit]]) -> list[str]:
    """The post's normalised words, lower-cased, with profile names replaced by placeholders."""
    words = [n.lower() for n in norms]
    for label, placeholder in PLACEHOLDERS.items():
        for hit in matched.get(label, ()):
            for i in range(hit.start, hit.end):
                words[i] = placeholder
    return words


def post_features(words: Sequence[str], evidence: Iterable[str]) -> dict[str, tuple[int, int] | None]:
    """Each feature with the tokens it stands on (evidence features stand on their own hits: None).

    Single words and adjacent pairs, skipping white space; the first occurrence of a feature
    gives its place. Features are present or absent: counts are not kept.
    """
    features: dict[str, tuple[int, int] | None] = {}
    previous: tuple[int, str] | None = None
    for i, word in enumerate(words):
        if not word.strip():
            continue
        features.setdefault(WORD + word, (i, i + 1))
        if previous is not None:
            features.setdefault(f"{WORD}{previous[1]} {word}", (previous[0], i + 1))
        previous = (i, word)
    for name in sorted(evidence):
        features.setdefault(EVIDENCE + name, None)
    return features


def evidence_named(features: Collection[str]) -> set[str]:
    """The evidence names a set of features refers to."""
    return {f[len(EVIDENCE) :] for f in features if f.startswith(EVIDENCE)}


def features_of(store: EvidenceStore) -> dict[str, tuple[int, int] | None]:
    """The features of a parsed post, from the evidence found in its one matcher pass."""
    strings = store.doc.vocab.strings
    norms = [strings[h] for h in store.arrays.norm]
    words = words_of(norms, {label: store.matched_hits(label) for label in PLACEHOLDERS})
    return post_features(words, store.matched)
