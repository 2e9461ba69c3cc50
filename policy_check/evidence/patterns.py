"""Token-pattern evidence: spaCy Matcher patterns, written in the pack as YAML.

Run naively, spaCy's Matcher tries every pattern at every token and builds a Python
`Token` for each token on each call, so its cost grows with patterns times tokens. Most
patterns name literal words (`{NORM: {IN: [...]}}`) or word shapes (`{SHAPE: Xdd}`), and a match must contain a word from
each required literal token. So each pattern gets its own small Matcher, and for a post:

1. the post's NORM, LOWER, ORTH and SHAPE values are read once, as arrays;
2. only patterns whose every required literal occurs in the post are tried;
3. each is run on a window around the occurrences of its most selective literal, as wide
   as the pattern can reach from there (the whole post if it has `*` or `+`).

The matches are exactly those the pattern has in the whole post.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .hits import Hit, TokenArrays

_ATTR_INDEX = {"NORM": 0, "LOWER": 1, "ORTH": 2, "TEXT": 2, "SHAPE": 3}
_UNBOUNDED = 10_000


@dataclass(frozen=True)
class Literal:
    """A required token of a pattern whose value is named: where it is and what it may be."""

    position: int
    attr: int  # index into _ATTRS
    values: frozenset[int]  # string hashes


def _reach(op: str) -> tuple[int, int]:
    """(fewest, most) tokens a pattern token with this operator consumes."""
    if op in ("", "!"):
        return (1, 1)
    if op == "?":
        return (0, 1)
    if op in ("*", "+"):
        return (0 if op == "*" else 1, _UNBOUNDED)
    if op.startswith("{") and op.endswith("}"):
        low, _, high = op[1:-1].partition(",")
        if not _:
            high = low
        return (int(low or 0), int(high) if high else _UNBOUNDED)
    return (0, _UNBOUNDED)


def required_literals(pattern: list[dict[str, Any]], hash_of: Any) -> list[Literal]:
    """The literal tokens a match of the pattern must contain."""
    out: list[Literal] = []
    for position, spec in enumerate(pattern):
        op = str(spec.get("OP", ""))
        if op == "!" or _reach(op)[0] == 0:
            continue
        for key, index in _ATTR_INDEX.items():
            value = spec.get(key)
            if isinstance(value, str):
                out.append(Literal(position, index, frozenset({hash_of(value)})))
                break
            if isinstance(value, dict) and isinstance(value.get("IN"), list) and "NOT_IN" not in value:
                out.append(Literal(position, index, frozenset(hash_of(str(v)) for v in value["IN"])))
                break
    return out


@dataclass(frozen=True)
class CompiledPattern:
    key: str
    matcher: Matcher
    literals: tuple[Literal, ...]
    anchor: Literal | None
    before: int  # how far before the anchor token a match may start
    after: int  # how far after the anchor token a match may end
    #: Other single-token literals with the range of token offsets from the anchor they must lie at.
    placed: tuple[tuple[Literal, int, int], ...] = ()


def _placed(literals: tuple[Literal, ...], anchor: Literal, reaches: list[tuple[int, int]]) -> tuple[tuple[Literal, int, int], ...]:
    """Each other literal that is exactly one token, with the offsets from the anchor's token it may take.

    Only when the anchor is itself exactly one token: then its token fixes where the others are.
    """
    if reaches[anchor.position] != (1, 1):
        return ()
    placed = []
    for lit in literals:
        if lit is anchor or reaches[lit.position] != (1, 1):
            continue
        low, high = sorted((lit.position, anchor.position))
        between = reaches[low + 1 : high]
        nearest, farthest = 1 + sum(r[0] for r in between), min(_UNBOUNDED, 1 + sum(r[1] for r in between))
        placed.append((lit, nearest, farthest) if lit.position > anchor.position else (lit, -farthest, -nearest))
    return tuple(placed)


class PatternEvidence:
    def __init__(self, nlp: Language, validate: bool = True):
        #: spaCy checks each pattern against its schema; a pack loaded from the compiled
        #: cache was checked when it was compiled.
        self._validate = validate
        self._vocab = nlp.vocab
        self._strings = nlp.vocab.strings
        self._stop_hashes = frozenset(self._strings.add(w) for w in nlp.Defaults.stop_words)
        self._patterns: list[CompiledPattern] = []
        #: (attribute index, hash) -> patterns whose anchor may take that value.
        self._index: dict[tuple[int, int], list[int]] = {}
        self._always: list[int] = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Raises ValueError naming the pattern when spaCy rejects it."""
        for i, pattern in enumerate(patterns):
            matcher = Matcher(self._vocab, validate=self._validate)
            try:
                matcher.add(key, [pattern], greedy="LONGEST")
            except Exception as exc:  # spaCy raises MatchPatternError or ValueError with details
                raise ValueError(f"patterns[{i}]: {str(exc).strip()}") from None
            literals = tuple(required_literals(pattern, self._strings.add))
            number = len(self._patterns)
            if not literals:
                self._patterns.append(CompiledPattern(key, matcher, (), None, 0, 0))
                self._always.append(number)
                continue
            anchor = min(literals, key=lambda lit: (len(lit.values & self._stop_hashes), len(lit.values)))
            reaches = [_reach(str(spec.get("OP", ""))) for spec in pattern]
            before = min(_UNBOUNDED, sum(r[1] for r in reaches[: anchor.position]))
            after = min(_UNBOUNDED, sum(r[1] for r in reaches[anchor.position + 1 :]))
            placed = _placed(literals, anchor, reaches)
            self._patterns.append(CompiledPattern(key, matcher, literals, anchor, before, after, placed))
            for value in anchor.values:
                self._index.setdefault((anchor.attr, value), []).append(number)

    def find(self, doc: Doc, arrays: TokenArrays) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        length = len(doc)
        if not self._patterns or not length:
            return found
        columns = [arrays.norm, arrays.lower, arrays.orth, arrays.shape]
        present = [set(column) for column in columns]
        candidates = set(self._always)
        for attr, values in enumerate(present):
            for value in values:
                candidates.update(self._index.get((attr, value), ()))
        seen: set[tuple[str, int, int]] = set()
        for number in sorted(candidates):
            pattern = self._patterns[number]
            if not all(not present[lit.attr].isdisjoint(lit.values) for lit in pattern.literals):
                continue
            for start, end in self._windows(pattern, columns, length):
                for _, m_start, m_end in pattern.matcher(doc[start:end] if (start, end) != (0, length) else doc):
                    s, e = start + m_start, start + m_end
                    if (pattern.key, s, e) in seen:
                        continue
                    seen.add((pattern.key, s, e))
                    found.setdefault(pattern.key, []).append(Hit(s, e, *arrays.chars(s, e), arrays.changed(s, e)))
        return found

    @staticmethod
    def _windows(pattern: CompiledPattern, columns: list[list[int]], length: int) -> list[tuple[int, int]]:
        """Merged token ranges around the anchor's occurrences that any match must lie within.

        An occurrence counts only if every placed literal is found at its distance from it.
        """
        anchor = pattern.anchor
        if anchor is None or pattern.before >= length and pattern.after >= length:
            return [(0, length)]
        windows: list[tuple[int, int]] = []
        for i, value in enumerate(columns[anchor.attr]):
            if value in anchor.values and all(
                any(columns[lit.attr][j] in lit.values for j in range(max(0, i + low), min(length, i + high + 1)))
                for lit, low, high in pattern.placed
            ):
                start, end = max(0, i - pattern.before), min(length, i + 1 + pattern.after)
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
                else:
                    windows.append((start, end))
        return windows
