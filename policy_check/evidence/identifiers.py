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
        #: Per key, a cheap search without whose find none of its expressions can match.
        self._prefilters: dict[str, Callable[[str], object] | None] = {}
        self._entries: dict[str, tuple[list[re.Pattern[str]], Callable[[str], bool] | None]] = {}

    def add(self, key: str, expressions: list[str], validator: str | None) -> None:
        if validator is not None and validator not in VALIDATORS:
            raise ValueError(f"validator: unknown {validator!r} (known: {', '.join(sorted(VALIDATORS))})")
        compiled = [re.compile(e, re.IGNORECASE) for e in expressions]
        self._entries[key] = (compiled, VALIDATORS.get(validator) if validator else None)
        self._prefilters[key] = prefilter(expressions)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def find(self, doc: Doc, text: str, key: str) -> list[Hit]:
        """Hits of one identifier in a doc whose text is `text`; run only when a rule asks for it."""
        expressions, check = self._entries[key]
        found: list[Hit] = []
        ready = self._prefilters[key]
        if ready is not None and not ready(text):
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


def prefilter(expressions: list[str]) -> Callable[[str], object] | None:
    """A cheap search that finds something in every text any of the expressions can match.

    From each expression's parse, the most telling thing every match must contain (a rare
    character such as `@`, or a run of digits); None when some expression needs nothing the
    analysis can name. The prefilter is sound: where it finds nothing, no expression matches.
    """
    needs = [_needs_of(e) for e in expressions]
    if not needs or any(n is None for n in needs):
        return None
    return re.compile("|".join(dict.fromkeys(n[1] for n in needs)), re.IGNORECASE).search  # type: ignore[index]


def _needs_of(expression: str) -> Need | None:
    try:
        parsed = sre_parse.parse(expression)
    except Exception:  # an expression the analysis does not follow is simply never skipped
        return None
    return _seq_needs(parsed)


#: How often a character turns up in ordinary posts, roughly: a need made of rare ones tells most.
def _commonness(char_class: str) -> float:
    if char_class == r"\d":
        return 10.0
    weight = 0.0
    for char in char_class:
        weight += 6 if char.isalpha() else 10 if char.isspace() else 3 if char in ".,'!?" else 1 if char.isdigit() else 0.5
    return weight


Need = tuple[float, str]  # (commonness, a regular expression for what must be present)


def _seq_needs(items) -> Need | None:  # type: ignore[no-untyped-def]
    needs = [n for n in (_item_needs(op, av) for op, av in items) if n is not None]
    return min(needs) if needs else None


def _item_needs(op, av) -> Need | None:  # type: ignore[no-untyped-def]
    if op is sre_parse.LITERAL:
        char = chr(av)
        return (_commonness(char.lower()), re.escape(char))
    if op is sre_parse.IN:
        char_class = _class_of(av)
        return (_commonness(char_class), f"[{char_class}]") if char_class else None
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, _high, body = av
        if low < 1:
            return None
        if len(body) == 1 and body[0][0] in (sre_parse.IN, sre_parse.LITERAL) and low > 1:
            single = _item_needs(*body[0])  # a run: "\d{3}" needs three digits together
            if single is not None:
                run = min(low, 4)
                return (single[0] / run**2, f"(?:{single[1]}){{{run}}}")
        return _seq_needs(body)
    if op is sre_parse.SUBPATTERN:
        return _seq_needs(av[-1])
    if op is sre_parse.BRANCH:
        branches = [_seq_needs(branch) for branch in av[1]]
        if any(b is None for b in branches):
            return None
        return (sum(b[0] for b in branches), "|".join(f"(?:{b[1]})" for b in branches))  # type: ignore[index]
    return None


def _class_of(members) -> str | None:  # type: ignore[no-untyped-def]
    """A character class body for a set of literals, ranges and digits; None if negated or wider."""
    parts: list[str] = []
    for op, av in members:
        if op is sre_parse.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre_parse.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre_parse.CATEGORY and av in _DIGIT_CATEGORIES:
            parts.append(r"\d")
        else:
            return None
    return "".join(parts)


_DIGIT_CATEGORIES = {sre_parse.CATEGORY_DIGIT}
