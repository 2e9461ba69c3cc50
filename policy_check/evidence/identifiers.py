"""Identifier evidence: regular expressions over the post text, each match checked by a validator."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from .hits import Hit
from .prefilter import TextScan, requirement_of
from .validators import VALIDATORS


class _Expression:
    """One expression, compiled the first time a text meets its requirement."""

    __slots__ = ("source", "requirement", "_compiled")

    def __init__(self, source: str):
        self.source = source
        self.requirement = requirement_of(source)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.IGNORECASE)
        return self._compiled


class IdentifierEvidence:
    """The pack's identifier expressions, each compiled when a text first meets its requirement.

    Compiling them all took about a quarter of a second of every command's start, and most
    posts (and most single checks) never need most of them. The pack's schema has already
    checked that each expression compiles.
    """

    def __init__(self) -> None:
        #: Per key, its expressions and the validator.
        self._entries: dict[str, tuple[list[_Expression], Callable[[str], bool] | None]] = {}

    def add(self, key: str, expressions: list[str], validator: str | None) -> None:
        if validator is not None and validator not in VALIDATORS:
            raise ValueError(f"validator: unknown {validator!r} (known: {', '.join(sorted(VALIDATORS))})")
        self._entries[key] = ([_Expression(e) for e in expressions], VALIDATORS.get(validator) if validator else None)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def find(self, doc: Doc, scan: TextScan, key: str) -> list[Hit]:
        """Hits of one identifier in a doc whose text `scan` was made from; run only when a rule asks for it."""
        expressions, check = self._entries[key]
        text = scan.text
        found: list[Hit] = []
        for expression in expressions:
            if not expression.requirement.met_by(scan):
                continue
            for m in expression.compiled.finditer(text):
                if m.start() == m.end() or (check is not None and not check(m.group())):
                    continue
                hit = char_hit(doc, m.start(), m.end())
                if hit is not None:
                    found.append(hit)
        return found


def char_hit(doc: Doc, start_char: int, end_char: int) -> Hit | None:
    """A hit for a character range, on the tokens that cover it."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return None
    return Hit(span.start, span.end, start_char, end_char)
