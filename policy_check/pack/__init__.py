"""Policy packs: the policy written down as data."""

from .loader import PackError, load_pack
from .pack import PolicyPack
from .schema import BUILTIN_EVIDENCE, Clause, Condition, Evidence, PolicyVersion, Rule

__all__ = [
    "BUILTIN_EVIDENCE",
    "Clause",
    "Condition",
    "Evidence",
    "PackError",
    "PolicyPack",
    "PolicyVersion",
    "Rule",
    "load_pack",
]
