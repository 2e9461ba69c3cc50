"""What a post must hold before a rule is worth trying: necessary conditions, never sufficient.

A rule fires only if its post and profile conditions hold, some source of its `match`
evidence has hits, and so does some source of each evidence condition in `requires` (every
condition is "at least one hit, perhaps near the match"). A rule whose gate is shut cannot
fire, so skipping it changes no report; a post asks only the gates its evidence could open,
and the costly kinds of evidence (identifiers, built-ins) only when a gate needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from itertools import chain

from ..pack import Condition, PolicyPack, Rule
from ..profile import OrgProfile
from .facts import PostFacts


@dataclass(frozen=True)
class Gate:
    rule: Rule
    #: Post and profile conditions from `requires`: known before any evidence.
    facts: tuple[Condition, ...]
    #: Evidence sources, one set per `match` and per evidence condition; each set needs a hit.
    evidence: tuple[frozenset[str], ...]
    #: Per set, its sources that are costly to ask about (searched for, not looked up).
    costly: tuple[tuple[str, ...], ...]

    def facts_hold(self, facts: PostFacts, profile: OrgProfile) -> bool:
        return all(fact_holds(c, facts, profile) for c in self.facts)

    def open(self, present: Collection[str], ask: Callable[[str], bool]) -> bool:
        """Whether every evidence set has a source in `present`, or a costly one that `ask` finds."""
        for sources, costly in zip(self.evidence, self.costly):
            if present.isdisjoint(sources):  # type: ignore[attr-defined]
                for source in costly:
                    if ask(source):
                        break
                else:
                    return False
        return True


def fact_holds(cond: Condition, facts: PostFacts, profile: OrgProfile) -> bool:
    """A post or profile condition; an evidence condition is not a fact and does not hold."""
    if cond.post is not None:
        return facts.satisfies(cond.post)
    if cond.profile is not None:
        return all(getattr(profile, k) == v for k, v in cond.profile.items())
    return False


def by_facts(gates: list[Gate]) -> list[tuple[Gate, frozenset[int]]]:
    """Gates grouped by identical post and profile conditions, so each is judged once per post.

    Each group is led by its first gate (ask it `facts_hold`), with the numbers of all its gates.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for number, gate in enumerate(gates):
        groups.setdefault(tuple(c.model_dump_json() for c in gate.facts), []).append(number)
    return [(gates[numbers[0]], frozenset(numbers)) for numbers in groups.values()]


def gates_for(pack: PolicyPack, rules: Iterable[Rule], costly: frozenset[str] = frozenset()) -> dict[str, Gate]:
    """Each rule's gate; evidence sets holding a `costly` source are tried last."""
    gates: dict[str, Gate] = {}
    for rule in rules:
        sets = [frozenset(pack.closure(rule.match))] if rule.match else []
        sets += [frozenset(pack.closure(c.evidence)) for c in rule.requires if c.evidence]
        sets = sorted(dict.fromkeys(sets), key=lambda s: not s.isdisjoint(costly))  # stable: `match` first
        facts = tuple(c for c in rule.requires if c.evidence is None)
        gates[rule.id] = Gate(rule, facts, tuple(sets), tuple(tuple(sorted(s & costly)) for s in sets))
    return gates


class GateIndex:
    """The gates of a pack's rules, indexed so that a post asks only those it could open.

    A gate is tried only if its facts hold and a source of its first evidence set is present,
    or is a costly source the post may hold. A costly source is `prejudged` when a post can
    say cheaply which of them it may hold (identifiers, by one pre-scan of the text); a gate
    whose first set holds any other costly source (a built-in) is always tried, as is a gate
    with no evidence sets.
    """

    def __init__(self, gates: Iterable[Gate], profile: OrgProfile, prejudged: frozenset[str] = frozenset()):
        self.gates = list(gates)
        self._profile = profile
        self._by_source: dict[str, list[int]] = {}
        self._always: list[int] = []
        for number, gate in enumerate(self.gates):
            if not gate.evidence or not prejudged.issuperset(gate.costly[0]):
                self._always.append(number)
                continue
            for source in gate.evidence[0]:
                self._by_source.setdefault(source, []).append(number)
        self._fact_groups = by_facts(self.gates)
        #: Facts take few values (platform, device, account, times as booleans): judged once each.
        self._live_for: dict[PostFacts, frozenset[int]] = {}

    def live(self, facts: PostFacts) -> frozenset[int]:
        """The gates (by number) whose post and profile conditions hold for these facts."""
        live = self._live_for.get(facts)
        if live is None:
            live = frozenset().union(*(members for lead, members in self._fact_groups if lead.facts_hold(facts, self._profile)))
            self._live_for[facts] = live
        return live

    def opening(
        self, facts: PostFacts, present: Collection[str], ask: Callable[[str], bool], possible: Iterable[str] = ()
    ) -> list[Gate]:
        """The gates that open: `present` sources are known to have hits, costly ones are `ask`ed;
        `possible` names the prejudged costly sources the post may hold."""
        live = self.live(facts)
        opened: list[Gate] = []
        if not live:
            return opened
        gates, by_source = self.gates, self._by_source
        tried: set[int] = set()
        for source in chain(present, possible):
            for number in by_source.get(source, ()):
                if number in live and number not in tried:
                    tried.add(number)
                    if gates[number].open(present, ask):
                        opened.append(gates[number])
        for number in self._always:
            if number in live and number not in tried and gates[number].open(present, ask):
                opened.append(gates[number])
        return opened
