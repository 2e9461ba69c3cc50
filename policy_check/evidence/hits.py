"""A piece of evidence found in a post."""

from __future__ import annotations

from typing import NamedTuple

from spacy.attrs import IDX, LENGTH, LOWER, NORM, ORTH, SHAPE
from spacy.tokens import Doc


class Hit(NamedTuple):
    """Evidence at tokens [start, end) and characters [start_char, end_char) of the post."""

    start: int
    end: int
    start_char: int
    end_char: int
    #: The words only match once obfuscation or a misspelling is undone (`w@nker`).
    fuzzy: bool = False


class TokenArrays:
    """A post's token attributes read once, as plain lists: no Python Token objects needed."""

    __slots__ = ("norm", "lower", "orth", "shape", "idx", "length")

    def __init__(self, doc: Doc):
        columns = doc.to_array([NORM, LOWER, ORTH, SHAPE, IDX, LENGTH]).T.tolist() if len(doc) else [[]] * 6
        self.norm, self.lower, self.orth, self.shape, self.idx, self.length = columns

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens [start, end)."""
        return self.idx[start], self.idx[end - 1] + self.length[end - 1]

    def changed(self, start: int, end: int) -> bool:
        """Whether any token's NORM differs from its lower case (it was de-obfuscated)."""
        return any(self.norm[i] != self.lower[i] for i in range(start, end))
