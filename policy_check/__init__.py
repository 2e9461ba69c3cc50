"""policy-check: a council's Employee Social Media Policy, applied to a draft post.

    >>> from policy_check import Checker
    >>> report = Checker(profile="eastbrook").check("My manager is a useless idiot")
    >>> report.verdict
    'breach'
"""

from .spacy_import import import_spacy

import_spacy()  # first, before any module below imports spaCy: see spacy_import

from .checker import Checker
from .pack import PackError, PolicyPack, load_pack
from .post import Post, PostError
from .profile import OrgProfile, load_profile
from .report import ErrorReport, Finding, Report

__version__ = "0.1.0"

__all__ = [
    "Checker",
    "ErrorReport",
    "Finding",
    "OrgProfile",
    "PackError",
    "PolicyPack",
    "Post",
    "PostError",
    "Report",
    "__version__",
    "load_pack",
    "load_profile",
]
