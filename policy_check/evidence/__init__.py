"""The kinds of evidence the engine can find, one module each, and the store that holds a post's hits.

- `phrases`: phrase lists on normalised tokens (spaCy PhraseMatcher), obfuscation-tolerant;
- `patterns`: spaCy Matcher token patterns;
- `identifiers`: regular expressions with validators (checksums);
- `builtins`: what the organisation profile and the text's shape give (employer, handles, quotes).
"""

from .store import EvidenceStore, Hit

__all__ = ["EvidenceStore", "Hit"]
