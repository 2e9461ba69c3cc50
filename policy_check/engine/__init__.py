"""From evidence to findings: conditions, rules, scores."""

from .facts import PostFacts, facts_for
from .rules import RuleEngine

__all__ = ["PostFacts", "RuleEngine", "facts_for"]
