"""The canonical form of a token: lower case, with obfuscation undone where it hides a term.

Installed as the vocabulary's NORM getter, so it runs once per distinct string in the
process, never once per token: spaCy caches the result on the lexeme. Phrase evidence is
matched on NORM, so `w@nker`, `f***`, `idiiot` and `T3ndring` match the terms they hide.

A token is only ever rewritten *to a known term*. The rewrites are tried from the most to
the least certain; a plain misspelling must also not be an ordinary English word
("tendering" is a word, not a misspelt "Tendring").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "+": "t"})
_LEET_ALT = str.maketrans({"1": "l", "!": "l", "0": "o", "3": "e", "4": "a", "5": "s", "7": "t",
                           "@": "a", "$": "s", "|": "i"})
_LEET_CHARS = frozenset("013457 8@$!|€+".replace(" ", ""))
_MASK_CHARS = frozenset("*#_.%")
_RUNS = re.compile(r"(.)\1+")
#: A word spelt out letter by letter, three letters or more with one separator throughout
#: ("i.d.i.o.t", "h-e-r-o-n", "i d i o t"); `spelled_words` finds the same runs in a post.
SPELLED_LETTERS = r"[A-Za-z](?:([-. ])[A-Za-z])(?:\1[A-Za-z])+"
#: One token spelt out (the spaced kind once `spelled_words` has merged it); a sentence's
#: full stop may follow.
_SPELLED = re.compile(SPELLED_LETTERS + r"\.?")
#: Below this Zipf frequency a word is rare enough to be a misspelling (wordfreq's scale:
#: 3 is about once per million words).
_COMMON_WORD_ZIPF = 1.5
_FUZZY_CUTOFF = 88.0
_FUZZY_MIN_LEN = 5


@lru_cache(maxsize=1)
def _zipf() -> Callable[[str, str], float]:
    # Loaded only when a near-miss needs checking: it costs a third of a second.
    from wordfreq import zipf_frequency

    return zipf_frequency


def is_common_word(word: str) -> bool:
    return _zipf()(word, "en") >= _COMMON_WORD_ZIPF


def _collapse(word: str) -> str:
    return _RUNS.sub(r"\1", word)


class Canonicaliser:
    """Maps a token's text to its canonical form, resolving obfuscations of `targets`."""

    def __init__(self, targets: Iterable[str], base: Callable[[str], str] | None = None):
        self.targets = frozenset(t for t in targets if t and " " not in t)
        self._ordered = sorted(self.targets)
        self._by_collapse: dict[str, str] = {}
        #: Near-miss candidates by (first letter, length): a misspelling keeps the first letter.
        self._near: dict[tuple[str, int], list[str]] = {}
        for term in self._ordered:
            self._by_collapse.setdefault(_collapse(term), term)
            for length in range(len(term) - 2, len(term) + 3):
                self._near.setdefault((term[0], length), []).append(term)
        self._base = base or str.lower
        #: While the pack's own phrases are being compiled, their words are taken as written:
        #: a word an author put in a list is vocabulary, not a misspelling of another term.
        self.compiling = False
        #: Those words, remembered, so that a pipeline built from compiled lists (no phrase
        #: tokenised again) treats them the same.
        self.vocabulary: set[str] = set()

    def __call__(self, orth: str) -> str:
        low = self._base(orth)
        if not self.targets or low in self.targets or len(low) < 3:
            return low
        if low in self.vocabulary:
            return low
        if self.compiling and low.isalpha():
            self.vocabulary.add(low)
            return low
        has_alpha = any(c.isalpha() for c in low)
        if not has_alpha:
            return low
        found = self._resolve(low)
        return found if found is not None else low

    def _resolve(self, low: str) -> str | None:
        if _SPELLED.fullmatch(low):
            letters = low.rstrip(".")[::2]
            # Only the exact term: spelling out is deliberate, so no misspelling is guessed at.
            return letters if letters in self.targets else None
        chars = set(low)
        if chars & _LEET_CHARS:
            for table in (_LEET, _LEET_ALT):
                candidate = low.translate(table)
                if candidate in self.targets:
                    return candidate
                collapsed = self._by_collapse.get(_collapse(candidate))
                if collapsed:
                    return collapsed
        if chars & _MASK_CHARS and low[0].isalpha():
            return self._unmask(low)
        if not low.isalpha():
            return None
        collapsed = self._by_collapse.get(_collapse(low))
        if collapsed and collapsed != low and not is_common_word(low):
            return collapsed
        if len(low) >= _FUZZY_MIN_LEN:
            return self._near_miss(low)
        return None

    def _unmask(self, low: str) -> str | None:
        """`f***`, `sh*t`, `b#llend`: the first target of that length with those letters."""
        pattern = re.compile("".join("." if c in _MASK_CHARS else re.escape(c) for c in low) + r"\Z")
        visible = sum(c not in _MASK_CHARS for c in low)
        if visible < 1 or visible == len(low):
            return None
        for term in self._ordered:
            if len(term) == len(low) and pattern.match(term):
                return term
        return None

    def _near_miss(self, low: str) -> str | None:
        candidates = self._near.get((low[0], len(low)))
        if not candidates:
            return None
        best = process.extractOne(low, candidates, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if best is None or is_common_word(low):
            return None
        return best[0]
