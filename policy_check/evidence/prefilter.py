"""What every match of a regular expression must contain, so that most texts are never searched.

Python's `re` tries an expression at every position of a text; with dozens of identifier
expressions, searching each post with each would cost more than everything else a post
needs. Most expressions name something a match cannot do without: a word (`aged`, `dot`),
one of a few words (`she|he|they`), a character such as `@`, or a run of digits. Asking a
text for those is a substring test or one number, far cheaper than a search.

From an expression's parse, its `Requirement` is a few `Need`s that all hold in every text
it matches; each need is a set of atoms of which at least one holds:

- a string: the text, lower-cased, contains it;
- a number n: the text has a run of at least n digits.

The analysis is sound (where a requirement fails, the expression has no match) and
deliberately partial: what it does not follow (lookarounds, back-references, classes of
letters) it leaves out, which only means a text is searched when it need not be.
"""

from __future__ import annotations

import math
import re
from typing import Any, Union

try:  # the regular-expression parser: public as sre_parse, re._parser since 3.11
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

Atom = Union[str, int]
Need = frozenset  # of Atom: at least one holds

#: Characters that `re.IGNORECASE` matches to an ASCII letter although `str.lower` does not
#: give that letter (dotted and dotless i, long s); folded first so a substring test agrees.
_FOLDED = ("\u0130", "\u0131", "\u017f")
_FOLD = str.maketrans(dict(zip(_FOLDED, "iis")))
_DIGIT_RUN = re.compile(r"\d+")
#: Needs checked per expression: the rarest few say almost all the others would.
_MOST_NEEDS = 3
#: A need with more atoms than this costs more to ask than a search saves.
_MOST_ATOMS = 32


class TextScan:
    """What requirements ask of one text, worked out once and on first use."""

    __slots__ = ("text", "folded", "_digit_run")

    def __init__(self, text: str):
        self.text = text
        if not text.isascii() and any(c in text for c in _FOLDED):
            text = text.translate(_FOLD)
        self.folded = text.lower()
        self._digit_run: int | None = None

    @property
    def digit_run(self) -> int:
        """The length of the longest run of digits (any script, as `\\d` counts them)."""
        if self._digit_run is None:
            self._digit_run = max(map(len, _DIGIT_RUN.findall(self.text)), default=0)
        return self._digit_run


class Requirement:
    """Needs that hold in every text the expression matches; none known means search always."""

    __slots__ = ("needs", "checks")

    def __init__(self, needs: tuple[Need, ...]):
        self.needs = needs
        #: Each need as (its strings, its shortest digit run or 0): plain loops, no calls per atom.
        self.checks = tuple(
            (tuple(a for a in need if isinstance(a, str)), min((a for a in need if isinstance(a, int)), default=0))
            for need in needs
        )

    def met_by(self, scan: TextScan) -> bool:
        folded = scan.folded
        for strings, digits in self.checks:
            for string in strings:
                if string in folded:
                    break
            else:
                if not digits or scan.digit_run < digits:
                    return False
        return True

    def __repr__(self) -> str:
        return f"Requirement({[sorted(map(str, need)) for need in self.needs]})"


def requirement_of(expression: str) -> Requirement:
    try:
        parsed = sre_parse.parse(expression)
    except Exception:  # an expression the analysis does not follow is simply always searched
        return Requirement(())
    needs = sorted(dict.fromkeys(n for n in _sequence(list(parsed)) if _telling(n)), key=_rarity, reverse=True)
    return Requirement(tuple(needs[:_MOST_NEEDS]))


def _sequence(items: list[tuple[Any, Any]]) -> list[Need]:
    """The needs of items matched one after another: runs of literals and digits, and each item's own."""
    needs: list[Need] = []
    literal = ""
    digits = 0

    def flush_literal() -> None:
        nonlocal literal
        if literal:
            needs.append(frozenset({literal.lower()}))
        literal = ""

    def flush_digits() -> None:
        nonlocal digits
        if digits:
            needs.append(frozenset({digits}))
        digits = 0

    for op, av in items:
        if op is sre_parse.LITERAL:
            char = chr(av)
            literal += char
            if char.isdigit():
                digits += 1
            else:
                flush_digits()
            continue
        flush_literal()
        run = _digit_run_of(op, av)
        if run:  # a digit class, or a repeat of one: nothing but digits, so the run goes on
            digits += run
            continue
        flush_digits()
        needs.extend(_item(op, av))
    flush_literal()
    flush_digits()
    return needs


def _item(op: Any, av: Any) -> list[Need]:
    if op is sre_parse.IN:
        chars = _small_class(av)
        return [frozenset(chars)] if chars else []
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, _high, body = av
        return _sequence(list(body)) if low >= 1 else []
    if op is sre_parse.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is sre_parse.BRANCH:
        need = _either(av[1])
        return [need] if need else []
    return []  # anchors, lookarounds, back-references: nothing required that we follow


def _either(branches: list[Any]) -> Need | None:
    """One need for alternatives: the rarest need of each, any of which will do."""
    atoms: set[Atom] = set()
    for branch in branches:
        needs = _sequence(list(branch))
        if not needs:
            return None
        atoms |= max(needs, key=_rarity)
    return _simplest(atoms)


def _simplest(atoms: set[Atom]) -> Need:
    """Drop atoms implied by another: a text containing `they` contains `he`; six digits include two."""
    strings = sorted((a for a in atoms if isinstance(a, str)), key=len)
    kept: list[Atom] = []
    for s in strings:
        if not any(isinstance(k, str) and k in s for k in kept):
            kept.append(s)
    numbers = [a for a in atoms if isinstance(a, int)]
    if numbers:
        kept.append(min(numbers))
    return frozenset(kept)


def _digit_run_of(op: Any, av: Any) -> int:
    """How many digits in a row this item surely matches (0 if it is not a digit item)."""
    if op is sre_parse.IN and _is_digit_class(av):
        return 1
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, _high, body = av
        if len(body) == 1 and body[0][0] is sre_parse.IN and _is_digit_class(body[0][1]):
            return low
    return 0


def _is_digit_class(members: Any) -> bool:
    if not members or members[0][0] is sre_parse.NEGATE:
        return False
    for op, av in members:
        if op is sre_parse.CATEGORY and av == sre_parse.CATEGORY_DIGIT:
            continue
        if op is sre_parse.RANGE and "0" <= chr(av[0]) and chr(av[1]) <= "9":
            continue
        if op is sre_parse.LITERAL and chr(av).isdigit() and chr(av).isascii():
            continue
        return False
    return True


def _small_class(members: Any) -> set[str] | None:
    """The characters of a short class of literals (`[@#]`); None for anything wider or negated."""
    chars: set[str] = set()
    for op, av in members:
        if op is not sre_parse.LITERAL:
            return None
        chars.add(chr(av).lower())
    return chars if 0 < len(chars) <= 4 else None


def _telling(need: Need) -> bool:
    """Worth asking: no atom is a letter, space or full stop on its own (nearly every post has those)."""
    return len(need) <= _MOST_ATOMS and not any(isinstance(a, str) and len(a) == 1 and (a.isalnum() or a in " .,") for a in need)


def _rarity(need: Need) -> float:
    """Roughly how seldom a need holds in an ordinary post: the commonest of its atoms decides."""
    return min(_atom_rarity(a) for a in need) - math.log2(len(need))


def _atom_rarity(atom: Atom) -> float:
    if isinstance(atom, int):  # a digit at all is telling in posts made of words
        return 0.5 + 1.5 * atom
    return sum(1.0 if c.isalpha() else 0.2 if c.isspace() else 0.5 if c in ".,'-" else 1.5 if c.isdigit() else 3.0 for c in atom)
