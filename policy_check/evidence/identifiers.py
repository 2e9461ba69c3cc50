"""Identifier evidence: regular expressions over the post text, each match checked by a validator."""

from __future__ import annotations

import re
from collections.abc import Callable

try:  # the regular-expression parser: public as sre_parse, re._parser since 3.11
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

from spacy.tokens import Doc

from .hits import Hit
from .validators import VALIDATORS


class IdentifierEvidence:
    def __init__(self) -> None:
        #: Keys all of whose expressions can only match text with a digit in it.
        self._needs_digit: dict[str, bool] = {}
        self._entries: dict[str, tuple[list[re.Pattern[str]], Callable[[str], bool] | None]] = {}

    def add(self, key: str, expressions: list[str], validator: str | None) -> None:
        if validator is not None and validator not in VALIDATORS:
            raise ValueError(f"validator: unknown {validator!r} (known: {', '.join(sorted(VALIDATORS))})")
        compiled = [re.compile(e, re.IGNORECASE) for e in expressions]
        self._entries[key] = (compiled, VALIDATORS.get(validator) if validator else None)
        self._needs_digit[key] = all(needs_digit(e) for e in expressions)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def find(self, doc: Doc, text: str, key: str) -> list[Hit]:
        """Hits of one identifier in a doc whose text is `text`; run only when a rule asks for it."""
        expressions, check = self._entries[key]
        found: list[Hit] = []
        if self._needs_digit[key] and not _HAS_DIGIT(text):
            return found
        for expr in expressions:
            for m in expr.finditer(text):
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


_HAS_DIGIT = re.compile(r"\d").search
_DIGIT_CATEGORIES = {sre_parse.CATEGORY_DIGIT}


def needs_digit(expression: str) -> bool:
    """Whether every match of the expression must contain a digit (a sound, cheap prefilter).

    Read from the parsed expression: a sequence needs a digit if some element that must occur
    does; an alternation only if every branch does; a class only if it holds nothing but digits.
    """
    try:
        return _seq_needs_digit(sre_parse.parse(expression))
    except Exception:  # an expression the analysis does not follow is simply never skipped
        return False


def _seq_needs_digit(items) -> bool:  # type: ignore[no-untyped-def]
    return any(_item_needs_digit(op, av) for op, av in items)


def _item_needs_digit(op, av) -> bool:  # type: ignore[no-untyped-def]
    if op is sre_parse.LITERAL:
        return chr(av).isdigit()
    if op is sre_parse.IN:
        return bool(av) and all(_member_is_digit(m_op, m_av) for m_op, m_av in av)
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, _high, body = av
        return low >= 1 and _seq_needs_digit(body)
    if op is sre_parse.SUBPATTERN:
        return _seq_needs_digit(av[-1])
    if op is sre_parse.BRANCH:
        return all(_seq_needs_digit(branch) for branch in av[1])
    return False


def _member_is_digit(op, av) -> bool:  # type: ignore[no-untyped-def]
    if op is sre_parse.LITERAL:
        return chr(av).isdigit()
    if op is sre_parse.RANGE:
        return ord("0") <= av[0] and av[1] <= ord("9")
    if op is sre_parse.CATEGORY:
        return av in _DIGIT_CATEGORIES
    return False
