"""Our own matcher for the token patterns the pack writes, with spaCy's Matcher semantics.

Every call to spaCy's `Matcher` costs several microseconds however small the pattern, and a
post tries a dozen or more patterns. Most patterns are a handful of tokens with literal
words (`{LOWER: {IN: [...]}}`), word flags (`{IS_TITLE: true}`) and `?`, `*`, `+` or
`{m,n}`, so they are matched here in plain Python over the post's token attributes, read
once as lists. `compile_pattern` returns None for anything outside that subset, and the
caller keeps spaCy's Matcher for it.

What spaCy's `Matcher.add(key, [pattern], greedy="LONGEST")` returns, and so what this
returns:

- every (start, end) with end > start whose tokens match the pattern read as a regular
  expression over tokens (a spec with `{m,n}` repeated m to n times, `?` 0-1, `*` 0 or
  more, `+` 1 or more): spaCy's state machine tries every path and keeps each span once,
  and drops empty matches;
- then the LONGEST filter: matches sorted by length, longest first, the earlier start first
  among equals, each kept only if none of its tokens is in a match already kept.

A spec's attributes all have to hold: string attributes (`ORTH`/`TEXT`, `LOWER`, `NORM`,
`SHAPE`, `ENT_TYPE`) compare string hashes, so `IN` and `NOT_IN` are set lookups; `REGEX`
searches the attribute's string; lexical flags and `IS_SENT_START` (true only for a token
marked as a sentence start) compare 1 or 0; `LENGTH` compares numbers.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from itertools import product
from typing import Any

from spacy.attrs import IDS
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from .hits import TokenArrays

#: Attributes whose values are strings (compared as hashes); TEXT is spaCy's name for ORTH too.
_STRING_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "SHAPE": "SHAPE", "ENT_TYPE": "ENT_TYPE"}
#: Lexical flags: true or false, read with `Doc.to_array` exactly as the Matcher reads them.
_FLAGS = frozenset(
    {
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
        "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
        "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
    }
)  # fmt: skip
_COMPARISONS = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
_OP_RANGE = re.compile(r"\{([0-9]*)(?:,([0-9]*))?\}")
#: Columns `TokenArrays` already holds; any other is read from the doc when first needed.
BASE_COLUMNS = ("NORM", "LOWER", "ORTH", "SHAPE", "LENGTH")

#: A token test: (the pattern's columns, token index) -> whether the token fits the spec.
Test = Callable[[Sequence[Sequence[int]], int], bool]


class Unsupported(Exception):
    """The pattern uses something this matcher does not do; spaCy's Matcher is used for it."""


class PostColumns:
    """One post's token attributes as lists, each read from the doc at most once.

    NORM, LOWER, ORTH, SHAPE and LENGTH come from `TokenArrays`. The others (flags, ENT_TYPE,
    IS_SENT_START) are read together, in one `Doc.to_array`, the first time a pattern needs
    one: after the component has set entities and sentence starts.
    """

    __slots__ = ("_doc", "_extra", "_columns")

    def __init__(self, doc: Doc, arrays: TokenArrays, extra: Sequence[str]):
        self._doc = doc
        self._extra = tuple(extra)
        self._columns: dict[str, list[int]] = {
            "NORM": arrays.norm, "LOWER": arrays.lower, "ORTH": arrays.orth, "SHAPE": arrays.shape, "LENGTH": arrays.length,
        }  # fmt: skip

    def get(self, name: str) -> list[int]:
        column = self._columns.get(name)
        if column is None:
            self._read_extra(name)
            column = self._columns[name]
        return column

    def _read_extra(self, wanted: str) -> None:
        names = self._extra if wanted in self._extra else (*self._extra, wanted)
        ids = [IDS["SENT_START"] if name == "IS_SENT_START" else IDS[name] for name in names]
        # (to_array gives a flat array for a single attribute: reshape it to one column)
        rows = self._doc.to_array(ids).reshape(len(self._doc), len(ids)).T.tolist()
        for name, row in zip(names, rows):
            # The Matcher counts a sentence start only where it is set to 1 (not -1 or unset).
            self._columns[name] = [1 if value == 1 else 0 for value in row] if name == "IS_SENT_START" else row


class TokenPattern:
    """A compiled pattern: a list of (test, fewest, most) elements, `most` None if unbounded.

    Matching starts from a pivot, an element that takes exactly one token: each token the
    pivot's test accepts is tried, the elements before it are matched leftwards and those
    after it rightwards, and every start found pairs with every end found. A required
    element that takes several tokens is split into one token and the rest, so only a
    pattern whose every element is optional has no pivot; it is tried from every token.
    """

    __slots__ = ("columns", "pivot", "_elements", "_pivot_test", "_before", "_after")

    def __init__(self, columns: tuple[str, ...], elements: list[tuple[Test, int, int | None]], pivot: int | None):
        #: The attribute columns the tests index, in order.
        self.columns = columns
        #: The index of the spec matching starts from (None: every spec is optional).
        self.pivot = pivot
        self._elements = elements
        self._pivot_test: Test | None = None
        self._before: list[tuple[Test, int, int | None]] = []
        self._after: list[tuple[Test, int, int | None]] = []
        if pivot is not None:
            test, fewest, most = elements[pivot]
            rest = (test, fewest - 1, None if most is None else most - 1)
            self._pivot_test = test
            self._before = elements[:pivot][::-1]
            self._after = ([rest] if rest[1:] != (0, 0) else []) + elements[pivot + 1 :]

    def find(self, post: PostColumns, length: int, near: Sequence[int] | None = None) -> list[tuple[int, int]]:
        """The (start, end) token spans spaCy's Matcher(greedy="LONGEST") finds, in its order.

        `near`, if given, are the only tokens the pivot spec can take: where the caller has
        already seen its literal word.
        """
        data = [post.get(name) for name in self.columns]
        spans: set[tuple[int, int]] = set()
        test = self._pivot_test
        if test is None:
            for start in range(length):
                spans.update((start, end) for end in _reach(self._elements, data, start, 1, length) if end > start)
        else:
            for i in range(length) if near is None else near:
                if test(data, i):
                    ends = _reach(self._after, data, i + 1, 1, length)
                    if ends:
                        starts = _reach(self._before, data, i - 1, -1, length)
                        spans.update(product([s + 1 for s in starts], ends))
        return longest(spans)


def longest(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's greedy="LONGEST" filter: longest first (earlier start among equals), no overlaps."""
    if len(spans) < 2:
        return list(spans)
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(spans, key=_longest_first):
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end))
            taken.update(range(start, end))
    return kept


def _longest_first(span: tuple[int, int]) -> tuple[int, int]:
    return span[0] - span[1], span[0]


def _reach(
    elements: Sequence[tuple[Test, int, int | None]], data: list[list[int]], first: int, step: int, length: int
) -> set[int]:
    """Where a walk can stop after matching `elements` in turn, from token `first` by `step`.

    The result is the index of the next token the walk would look at: the match's end going
    right (step 1), one before its start going left (step -1).
    """
    positions = {first}
    for test, fewest, most in elements:
        if most == 1:  # one token, or `?`: the common cases, without the general loop
            moved = set()
            for t in positions:
                if 0 <= t < length and test(data, t):
                    moved.add(t + step)
            positions = moved if fewest else positions | moved
        else:
            positions = _repeat(test, fewest, most, data, positions, step, length)
        if not positions:
            break
    return positions


def _repeat(
    test: Test, fewest: int, most: int | None, data: list[list[int]], positions: set[int], step: int, length: int
) -> set[int]:
    """Where a walk can stop after `fewest` to `most` tokens that pass `test`, from each of `positions`."""
    reached: set[int] = set()
    for t in positions:
        count = 0
        while count < fewest and 0 <= t < length and test(data, t):
            t += step
            count += 1
        if count < fewest:
            continue
        reached.add(t)
        while (most is None or count < most) and 0 <= t < length and test(data, t):
            t += step
            count += 1
            reached.add(t)
    return reached


def compile_pattern(pattern: Any, strings: StringStore, prefer: int | None = None) -> TokenPattern | None:
    """The pattern compiled for `TokenPattern.find`, or None if spaCy's Matcher must run it.

    `prefer` is the index of the spec to pivot on if it is required (the caller's most
    selective literal); otherwise the first required spec is.
    """
    try:
        return _compile(pattern, strings, prefer)
    except Unsupported:
        return None


def unsupported_reason(pattern: Any, strings: StringStore) -> str | None:
    """Why `compile_pattern` gives None for the pattern (for reports and tests), else None."""
    try:
        _compile(pattern, strings, None)
    except Unsupported as exc:
        return str(exc)
    return None


def _compile(pattern: Any, strings: StringStore, prefer: int | None) -> TokenPattern:
    if not isinstance(pattern, list) or not pattern:
        raise Unsupported("not a non-empty list")
    columns: list[str] = []
    elements: list[tuple[Test, int, int | None]] = []
    for spec in pattern:
        if not isinstance(spec, dict):
            raise Unsupported("a token spec is not a mapping")
        fewest, most = quantity(spec["OP"]) if "OP" in spec else (1, 1)
        tests: list[Test] = []
        for key, value in spec.items():
            if key == "OP":
                continue
            if not isinstance(key, str):
                raise Unsupported(f"attribute {key!r}")
            name = _STRING_ATTRS.get(key, key)
            if name not in columns:
                columns.append(name)
            k = columns.index(name)
            tests.append(_attribute_test(key, value, k, strings))
        elements.append((_all(tests), fewest, most))
    required = [i for i, (_, fewest, _) in enumerate(elements) if fewest >= 1]
    pivot = None
    if required:
        pivot = prefer if prefer in required else required[0]
    return TokenPattern(tuple(columns), elements, pivot)


def quantity(op: Any) -> tuple[int, int | None]:
    """(fewest, most) tokens an OP lets a spec take, as spaCy reads it; most None if unbounded."""
    if op == "1":
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    found = _OP_RANGE.fullmatch(op) if isinstance(op, str) else None
    if found is None:  # "!" and anything spaCy would reject
        raise Unsupported(f"OP {op!r}")
    low, high = found.group(1), found.group(1) if found.group(2) is None else found.group(2)
    fewest, most = int(low or 0), int(high) if high else None
    if not low and not high or most is not None and (fewest > most or most == 0):
        # spaCy rejects the first two; a spec that takes no token at all is left to spaCy.
        raise Unsupported(f"OP {op!r}")
    return fewest, most


def _attribute_test(key: str, value: Any, k: int, strings: StringStore) -> Test:
    """The test for one `KEY: value` of a spec, on the pattern's column k."""
    if key in _STRING_ATTRS:
        if isinstance(value, str):
            return _member(k, frozenset({strings.add(value)}))
        if isinstance(value, dict) and value:
            tests: list[Test] = []
            for predicate, operand in value.items():
                if predicate in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
                    values = frozenset(get_string_id(v) for v in operand)
                    tests.append(_member(k, values) if predicate == "IN" else _not_member(k, values))
                elif predicate == "REGEX" and isinstance(operand, str):
                    tests.append(_regex(k, re.compile(operand), strings))
                else:
                    raise Unsupported(f"{key}: {{{predicate}: ...}}")
            return _all(tests)
    elif key in _FLAGS or key == "IS_SENT_START":
        if isinstance(value, bool):
            return _member(k, frozenset({int(value)}))
    elif key == "LENGTH":
        if type(value) is int:
            return _member(k, frozenset({value}))
        if isinstance(value, dict) and value and all(p in _COMPARISONS and type(v) is int for p, v in value.items()):
            return _all([_compare(k, _COMPARISONS[p], v) for p, v in value.items()])
    raise Unsupported(f"{key}: {value!r}")


def _member(k: int, values: frozenset[int]) -> Test:
    return lambda data, t: data[k][t] in values


def _not_member(k: int, values: frozenset[int]) -> Test:
    return lambda data, t: data[k][t] not in values


def _compare(k: int, compare: Callable[[int, int], bool], operand: int) -> Test:
    return lambda data, t: compare(data[k][t], operand)


def _regex(k: int, expression: re.Pattern[str], strings: StringStore) -> Test:
    return lambda data, t: expression.search(strings[data[k][t]]) is not None


def _all(tests: list[Test]) -> Test:
    if not tests:
        return lambda data, t: True
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda data, t: first(data, t) and second(data, t)
    return lambda data, t: all(test(data, t) for test in tests)
