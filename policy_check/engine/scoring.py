"""How sure a finding is: the rule's confidence, adjusted by what its evidence looked like."""

from __future__ import annotations

from ..evidence import Hit
from ..pack import Rule

#: An obfuscated or misspelt match is a little less certain than the word spelt out.
FUZZY_FACTOR = 0.9
#: Each further match of the same rule in one post adds a little certainty.
REPEAT_BONUS = 0.03


def finding_score(rule: Rule, hits: list[Hit]) -> float:
    score = rule.confidence
    if hits and all(h.fuzzy for h in hits):
        score *= FUZZY_FACTOR
    if len(hits) > 1:
        score += REPEAT_BONUS * (len(hits) - 1)
    return round(min(score, 1.0), 2)
