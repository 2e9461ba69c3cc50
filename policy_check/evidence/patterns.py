"""Token-pattern evidence: spaCy Matcher patterns, written in the pack as YAML.

Run naively, spaCy's Matcher tries every pattern at every token and builds a Python
`Token` for each token on each call, so its cost grows with patterns times tokens. Most
patterns name literal words (`{NORM: {IN: [...]}}`) or word shapes (`{SHAPE: Xdd}`), and a
match must contain a word from each required literal token. So for a post:

1. the post's NORM, LOWER, ORTH and SHAPE values are read once, as arrays, and the tokens
   where each pattern's most selective literal (its anchor) occurs are noted;
2. only patterns whose every required literal occurs in the post are tried;
3. a pattern written in the subset `token_match` understands (all of the bundled pack's)
   is matched by it in Python, starting from its anchor's tokens: a call to spaCy's
   Matcher costs several microseconds however small the pattern;
4. any other pattern has its own small Matcher, run on a window around the occurrences of
   its anchor, as wide as the pattern can reach from there (the whole post if it has `*`
   or `+`).

Either way the matches are exactly those spaCy's Matcher(greedy="LONGEST") finds in the
whole post. When a pack is compiled from its YAML, every pattern is also added to a Matcher
of its own: that checks it against spaCy's schema and gives the pack author spaCy's own
message. A pack from the disk cache was checked then, so only patterns that need spaCy's
Matcher get one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .hits import Hit, TokenArrays
from .token_match import BASE_COLUMNS, PostColumns, TokenPattern, Unsupported, compile_pattern, quantity

_ATTR_INDEX = {"NORM": 0, "LOWER": 1, "ORTH": 2, "TEXT": 2, "SHAPE": 3}
_UNBOUNDED = 10_000


@dataclass(frozen=True)
class Literal:
    """A required token of a pattern whose value is named: where it is and what it may be."""

    position: int
    attr: int  # index into _ATTRS
    values: frozenset[int]  # string hashes


def _reach(op: str) -> tuple[int, int]:
    """(fewest, most) tokens a pattern token with this operator consumes, as `token_match`
    reads OP; an operator it leaves to spaCy is taken to reach anywhere (a wider window is safe)."""
    if op in ("", "!"):
        return (1, 1)
    try:
        fewest, most = quantity(op)
    except Unsupported:
        return (0, _UNBOUNDED)
    return (fewest, _UNBOUNDED if most is None else min(most, _UNBOUNDED))


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
    #: spaCy's Matcher for the pattern: built when validating, or when `own` is None.
    matcher: Matcher | None
    literals: tuple[Literal, ...]
    anchor: Literal | None
    before: int  # how far before the anchor token a match may start
    after: int  # how far after the anchor token a match may end
    #: Other single-token literals with the range of token offsets from the anchor they must lie at.
    placed: tuple[tuple[Literal, int, int], ...] = ()
    #: The pattern compiled for our own matcher; None if only spaCy's Matcher can run it.
    own: TokenPattern | None = None


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
        #: For each attribute index, hash -> patterns whose anchor may take that value.
        self._index: list[dict[int, list[int]]] = [{} for _ in range(len(set(_ATTR_INDEX.values())))]
        self._always: set[int] = set()
        #: Columns beyond `TokenArrays` that compiled patterns read (flags, ENT_TYPE, IS_SENT_START).
        self._extra_columns: list[str] = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Raises ValueError naming the pattern when spaCy rejects it."""
        for i, pattern in enumerate(patterns):
            # Building spaCy's Matcher checks the pattern against its schema (validating) and
            # runs what our matcher cannot; a checked pattern our matcher runs needs neither.
            matcher = self._spacy_matcher(key, i, pattern) if self._validate else None
            literals = tuple(required_literals(pattern, self._strings.add))
            anchor = min(literals, key=self._commonness) if literals else None
            own = compile_pattern(pattern, self._strings, prefer=anchor.position if anchor else None)
            if own is None and matcher is None:
                matcher = self._spacy_matcher(key, i, pattern)
            number = len(self._patterns)
            self._note_columns(own)
            if anchor is None:
                self._patterns.append(CompiledPattern(key, matcher, (), None, 0, 0, own=own))
                self._always.add(number)
                continue
            reaches = [_reach(str(spec.get("OP", ""))) for spec in pattern]
            before = min(_UNBOUNDED, sum(r[1] for r in reaches[: anchor.position]))
            after = min(_UNBOUNDED, sum(r[1] for r in reaches[anchor.position + 1 :]))
            placed = _placed(literals, anchor, reaches)
            self._patterns.append(CompiledPattern(key, matcher, literals, anchor, before, after, placed, own))
            for value in anchor.values:
                self._index[anchor.attr].setdefault(value, []).append(number)

    def _commonness(self, literal: Literal) -> tuple[int, int]:
        """How often a literal's values turn up in posts, roughly: stop words and punctuation
        (a quote mark, a colon) are in most posts, so a pattern anchored on one is tried in most."""
        common = sum(1 for h in literal.values if h in self._stop_hashes or not any(c.isalnum() for c in self._strings[h]))
        return (common, len(literal.values))

    def _spacy_matcher(self, key: str, i: int, pattern: list[dict[str, Any]]) -> Matcher:
        matcher = Matcher(self._vocab, validate=self._validate)
        try:
            matcher.add(key, [pattern], greedy="LONGEST")
        except Exception as exc:  # spaCy raises MatchPatternError or ValueError with details
            raise ValueError(f"patterns[{i}]: {str(exc).strip()}") from None
        return matcher

    def _note_columns(self, own: TokenPattern | None) -> None:
        if own is not None:
            self._extra_columns.extend(c for c in own.columns if c not in BASE_COLUMNS and c not in self._extra_columns)

    def find(self, doc: Doc, arrays: TokenArrays) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        length = len(doc)
        if not self._patterns or not length:
            return found
        columns = [arrays.norm, arrays.lower, arrays.orth, arrays.shape]
        present = [set(column) for column in columns]
        # The tokens where each pattern's anchor occurs: the patterns worth trying, and where
        # our own matcher need look for the spec it starts from.
        anchored: dict[int, list[int]] = {}
        for attr, column in enumerate(columns):
            index = self._index[attr]
            for i, value in enumerate(column):
                for number in index.get(value, ()):
                    anchored.setdefault(number, []).append(i)
        seen: set[tuple[str, int, int]] = set()
        post = PostColumns(doc, arrays, self._extra_columns)
        for number in sorted(anchored.keys() | self._always):
            pattern = self._patterns[number]
            if not all(not present[lit.attr].isdisjoint(lit.values) for lit in pattern.literals):
                continue
            own = pattern.own
            if own is not None:
                near = anchored.get(number) if pattern.anchor is not None and own.pivot == pattern.anchor.position else None
                spans = own.find(post, length, near)
            else:
                matcher = pattern.matcher
                assert matcher is not None  # built by `add` for every pattern `own` cannot run
                spans = [
                    (start + m_start, start + m_end)
                    for start, end in self._windows(pattern, columns, length)
                    for _, m_start, m_end in matcher(doc[start:end] if (start, end) != (0, length) else doc)
                ]
            for s, e in spans:
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
