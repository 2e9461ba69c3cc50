"""A piece of evidence found in a post."""

from __future__ import annotations

from typing import NamedTuple


class Hit(NamedTuple):
    """Evidence at tokens [start, end) and characters [start_char, end_char) of the post."""

    start: int
    end: int
    start_char: int
    end_char: int
    #: The words only match once obfuscation or a misspelling is undone (`w@nker`).
    fuzzy: bool = False
