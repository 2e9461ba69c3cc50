"""Identifier evidence: regular expressions over the post text, each match checked by a validator."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from .hits import Hit
from .prefilter import TextScan, requirement_of
from .validators import VALIDATORS


class IdentifierExpression:
    """One expression of an identifier, compiled the first time a text meets its requirement."""

    __slots__ = ("key", "source", "requirement", "_compiled")

    def __init__(self, key: str, source: str):
        self.key = key
        self.source = source
        self.requirement = requirement_of(source)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.IGNORECASE)
        return self._compiled


_TRIGRAM = 3


class _FirstNeeds:
    """The expressions indexed by the atoms of their rarest need, so that one pass over a
    text's atoms names the few expressions worth judging in full."""

    def __init__(self, expressions: list[IdentifierExpression]):
        by_atom: dict[str, list[int]] = {}
        by_digits: dict[int, list[int]] = {}
        always: list[int] = []
        for number, expression in enumerate(expressions):
            if not expression.requirement.needs:
                always.append(number)
                continue
            strings, digits = expression.requirement.checks[0]
            for atom in strings:
                by_atom.setdefault(atom, []).append(number)
            if digits:
                by_digits.setdefault(digits, []).append(number)
        # Hundreds of atoms asked one by one cost a tenth of a post's time; an atom can only be
        # in a text holding its first three characters, so the text's trigrams, met with the
        # atoms' in one set intersection, name the few worth asking.
        self.by_trigram: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {}
        short: list[tuple[str, tuple[int, ...]]] = []
        for atom, numbers in by_atom.items():
            if len(atom) < _TRIGRAM:
                short.append((atom, tuple(numbers)))
            else:
                self.by_trigram[atom[:_TRIGRAM]] = (*self.by_trigram.get(atom[:_TRIGRAM], ()), (atom, tuple(numbers)))
        self.short = tuple(short)
        self.trigrams = frozenset(self.by_trigram)
        self.by_digits = tuple(sorted((d, tuple(numbers)) for d, numbers in by_digits.items()))
        self.always = tuple(always)


class IdentifierEvidence:
    """The pack's identifier expressions, each compiled when a text first meets its requirement.

    Compiling them all took about a quarter of a second of every command's start, and most
    posts (and most single checks) never need most of them. The pack's schema has already
    checked that each expression compiles.
    """

    def __init__(self) -> None:
        #: Every expression, in the order added; and per key, the validator of its matches.
        self._expressions: list[IdentifierExpression] = []
        self._validators: dict[str, Callable[[str], bool] | None] = {}
        self._index: _FirstNeeds | None = None

    def add(self, key: str, expressions: list[str], validator: str | None) -> None:
        if validator is not None and validator not in VALIDATORS:
            raise ValueError(f"validator: unknown {validator!r} (known: {', '.join(sorted(VALIDATORS))})")
        self._expressions.extend(IdentifierExpression(key, e) for e in expressions)
        self._validators[key] = VALIDATORS.get(validator) if validator else None
        self._index = None

    def __contains__(self, key: str) -> bool:
        return key in self._validators

    def searchable(self, scan: TextScan) -> dict[str, list[IdentifierExpression]]:
        """Per key, the expressions whose requirement the text meets: the only ones worth searching.

        One pre-scan of the text answers every later ask: a rule asking for an identifier
        the text cannot hold costs a dictionary lookup, not a call per expression.
        """
        index = self._index
        if index is None:
            index = self._index = _FirstNeeds(self._expressions)
        folded = scan.folded
        numbers = set(index.always)
        for atom, holders in index.short:
            if atom in folded:
                numbers.update(holders)
        trigrams = {folded[i : i + _TRIGRAM] for i in range(len(folded) - _TRIGRAM + 1)}
        for trigram in index.trigrams.intersection(trigrams):
            for atom, holders in index.by_trigram[trigram]:
                if atom in folded:
                    numbers.update(holders)
        if index.by_digits and scan.digit_run:
            run = scan.digit_run
            for digits, holders in index.by_digits:
                if digits > run:
                    break
                numbers.update(holders)
        found: dict[str, list[IdentifierExpression]] = {}
        for number in sorted(numbers):
            expression = self._expressions[number]
            if expression.requirement.met_by(scan):
                found.setdefault(expression.key, []).append(expression)
        return found

    def find(self, doc: Doc, text: str, key: str, expressions: list[IdentifierExpression]) -> list[Hit]:
        """Hits of one identifier, searching only `expressions` (its share of `searchable`)."""
        check = self._validators[key]
        found: list[Hit] = []
        for expression in expressions:
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
