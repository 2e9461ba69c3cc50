"""Judging a rule's conditions: evidence in relation to a matched span, or facts about the post."""

from __future__ import annotations

from ..evidence import EvidenceStore, Hit
from ..pack import Condition
from ..profile import OrgProfile
from .facts import PostFacts


def _related(cond: Condition, anchor: Hit, other: Hit) -> bool:
    if cond.overlaps:
        return other.start < anchor.end and anchor.start < other.end
    if cond.within is not None:
        gap = max(other.start - anchor.end, anchor.start - other.end, 0)
        return gap <= cond.within
    if cond.before is not None:
        return other.end <= anchor.start and anchor.start - other.end <= cond.before
    if cond.after is not None:
        return other.start >= anchor.end and other.start - anchor.end <= cond.after
    return True


def witnesses(cond: Condition, store: EvidenceStore, anchor: Hit | None) -> list[Hit]:
    """The evidence hits that satisfy an evidence condition (relative to `anchor` if given)."""
    hits: list[Hit] = []
    for name in cond.evidence or ():
        hits.extend(store.get(name))
    if anchor is None or not cond.is_relative:
        return hits
    out = [h for h in hits if _related(cond, anchor, h)]
    if cond.sentence:
        sentence = store.sentence_of(anchor)
        out = [h for h in out if store.sentence_of(h) == sentence]
    return out


def holds(cond: Condition, store: EvidenceStore, facts: PostFacts, profile: OrgProfile, anchor: Hit | None) -> bool:
    if cond.post is not None:
        return facts.satisfies(cond.post)
    if cond.profile is not None:
        return all(getattr(profile, k) == v for k, v in cond.profile.items())
    return bool(witnesses(cond, store, anchor))
