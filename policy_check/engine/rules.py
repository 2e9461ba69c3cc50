"""Applying rules to a post's evidence: which matches survive, and the findings they make."""

from __future__ import annotations

from collections.abc import Iterable

from ..evidence import EvidenceStore, Hit
from ..pack import Clause, PolicyPack, PolicyVersion, Rule
from ..profile import OrgProfile
from ..report import ClauseRef, ContextSpan, Finding, Span
from .conditions import holds, witnesses
from .facts import PostFacts
from .gates import GateIndex, gates_for
from .scoring import finding_score
from .wording import fill


class RuleEngine:
    """The pack's rules for one organisation, ready to apply to posts."""

    def __init__(self, pack: PolicyPack, profile: OrgProfile, gated: bool = True):
        self.pack = pack
        self.profile = profile
        #: Off only to prove the gates change nothing (tests).
        self.gated = gated
        #: The rules that suppress others, in pack order (the order suppression is applied in).
        self._suppressing = [r for r in pack.rules if r.suppresses]
        self._cited: dict[str, dict[str, tuple[Rule, Clause]]] = {}
        #: Rules are applied in pack order (suppression and the report's order depend on it).
        self._order = {rule.id: number for number, rule in enumerate(pack.rules)}
        #: Identifiers and built-ins are searched for only when a gate asks about them: the costly
        #: sources. (Learned labels are scored all at once, and known to the store's `present`.)
        named = {n for r in pack.rules for n in [*(r.match or []), *(e for c in r.requires if c.evidence for e in c.evidence)]}
        asked = frozenset(s for s in pack.closure(named) if s not in pack.evidence or pack.evidence[s].regex)
        identifiers = frozenset(s for s in asked if s in pack.evidence)
        self._yielding = {r.id: frozenset(t.value for t in r.yields_to) for r in pack.rules if r.yields_to}
        self._gates = GateIndex(gates_for(pack, pack.rules, costly=asked).values(), profile, prejudged=identifiers)

    def rules_in_force(self, version: PolicyVersion) -> dict[str, tuple[Rule, Clause]]:
        """Each rule, by id in pack order, with the clause it cites in this version; rules whose
        clauses are absent drop out."""
        cited = self._cited.get(version.version)
        if cited is None:
            clauses = self.pack.clauses(version, self.profile)
            cited = {}
            for rule in self.pack.rules:
                clause = next((clauses[ref] for ref in rule.clause if ref in clauses), None)
                if clause is not None:
                    cited[rule.id] = (rule, clause)
            self._cited[version.version] = cited
        return cited

    def findings(self, text: str, store: EvidenceStore, facts: PostFacts, version: PolicyVersion) -> list[Finding]:
        """The findings for a post; `text` is the post as written, which spans quote."""
        in_force = self.rules_in_force(version)
        if self.gated:
            opened = {gate.rule.id for gate in self._gates.opening(facts, store.present, store.has, store.possible_identifiers)}
            tried = sorted(opened & in_force.keys(), key=self._order.__getitem__)
        else:
            tried = list(in_force)
        found: dict[str, Finding] = {}
        for rule_id in tried:
            rule, clause = in_force[rule_id]
            finding = self._apply(rule, clause, text, store, facts)
            if finding is not None:
                found[rule_id] = finding
        self._suppress(found)
        self._yield(found)
        return sorted(_once_per_clause_and_words(found.values()), key=_finding_order)

    def _apply(self, rule: Rule, clause: Clause, text: str, store: EvidenceStore, facts: PostFacts) -> Finding | None:
        profile = self.profile
        if rule.match is None:
            if all(holds(c, store, facts, profile, None) for c in rule.requires) and not any(
                holds(c, store, facts, profile, None) for c in rule.unless
            ):
                return self._finding(rule, clause, text, [], [])
            return None
        candidates: list[Hit] = []
        for name in rule.match:
            candidates.extend(store.get(name))
        kept: list[Hit] = []
        context: dict[tuple[int, int, str], tuple[Hit, str]] = {}
        for hit in sorted(set(candidates)):
            support: list[tuple[Hit, str]] = []
            for cond in rule.requires:
                if cond.evidence is None:
                    if not holds(cond, store, facts, profile, hit):
                        break
                    continue
                seen = witnesses(cond, store, hit)
                if not seen:
                    break
                nearest = min(seen, key=lambda w: abs(w.start - hit.start))
                support.append((nearest, cond.evidence[0] if len(cond.evidence) == 1 else "+".join(cond.evidence)))
            else:
                if not any(holds(c, store, facts, profile, hit) for c in rule.unless):
                    kept.append(hit)
                    for w, name in support:
                        context.setdefault((w.start_char, w.end_char, name), (w, name))
        if not kept:
            return None
        return self._finding(rule, clause, text, _merge(kept), list(context.values()))

    def _finding(
        self, rule: Rule, clause: Clause, text: str, hits: list[Hit], context: list[tuple[Hit, str]]
    ) -> Finding:
        spans = [Span(start=h.start_char, end=h.end_char, text=text[h.start_char : h.end_char]) for h in hits]
        span_keys = {(s.start, s.end) for s in spans}
        context_spans = [
            ContextSpan(start=h.start_char, end=h.end_char, text=text[h.start_char : h.end_char], evidence=name)
            for h, name in sorted(context, key=lambda c: (c[0].start_char, c[1]))
            if (h.start_char, h.end_char) not in span_keys
        ]
        values = {
            "clause": f"clause {clause.id} ({clause.title})",
            "clause_id": clause.id,
            "clause_title": clause.title,
            "employer": self.profile.name,
            "words": ", ".join(f"“{s.text}”" for s in spans),
        }
        return Finding(
            rule=rule.id,
            topic=rule.topic.value,
            clause=ClauseRef(id=clause.id, title=clause.title, ref=clause.ref),
            severity=rule.severity,
            score=finding_score(rule, hits),
            spans=spans,
            message=fill(rule.message, values),
            guidance=fill(rule.guidance, values),
            context=context_spans,
        )

    def _yield(self, found: dict[str, Finding]) -> None:
        """A rule with `yields_to` drops its finding when a rule without it found one of those topics."""
        yielding = [rule_id for rule_id in found if rule_id in self._yielding]
        if not yielding:
            return
        covered = {f.topic for rule_id, f in found.items() if rule_id not in self._yielding}
        for rule_id in yielding:
            if not self._yielding[rule_id].isdisjoint(covered):
                del found[rule_id]

    def _suppress(self, found: dict[str, Finding]) -> None:
        """A rule that `suppresses` another replaces that rule's findings where their words overlap."""
        if len(found) < 2:
            return
        for rule in self._suppressing:
            winner = found.get(rule.id)
            if winner is None:
                continue
            for loser_id in rule.suppresses:
                loser = found.get(loser_id)
                if loser is None:
                    continue
                if not winner.spans or not loser.spans:
                    del found[loser_id]
                    continue
                left = [s for s in loser.spans if not any(s.start < w.end and w.start < s.end for w in winner.spans)]
                if not left:
                    del found[loser_id]
                elif len(left) != len(loser.spans):
                    found[loser_id] = loser.model_copy(update={"spans": left})


def _once_per_clause_and_words(findings: Iterable[Finding]) -> list[Finding]:
    """Two rules citing the same clause, for the same topic and exactly the same words, make one
    finding: the stronger.

    A reader is told once that these words may breach this clause; the rules folded in are
    listed in `also_raised_by`. Findings without words (facts about the post) are all kept.
    """
    groups: dict[tuple[str, str, tuple[tuple[int, int], ...]], list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.spans:
            groups.setdefault((finding.clause.id, finding.topic, tuple((s.start, s.end) for s in finding.spans)), []).append(finding)
        else:
            kept.append(finding)
    for group in groups.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        # The strongest; among equals `max` keeps the first, which is the first rule in the pack.
        strongest = max(group, key=lambda f: (f.severity.rank, f.score))
        others = [f.rule for f in group if f is not strongest]
        kept.append(strongest.model_copy(update={"also_raised_by": others}))
    return kept


def _merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one span ("useless idiot" rather than "useless idiot" and "idiot")."""
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start_char, -h.end_char)):
        if merged and hit.start_char < merged[-1].end_char:
            last = merged[-1]
            if hit.end_char > last.end_char:
                merged[-1] = Hit(last.start, hit.end, last.start_char, hit.end_char, last.fuzzy or hit.fuzzy)
            elif hit.fuzzy and not last.fuzzy:
                merged[-1] = last._replace(fuzzy=True)
            continue
        merged.append(hit)
    return merged


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return (-f.severity.rank, f.spans[0].start if f.spans else -1, f.rule)
