"""Built-in evidence: what the organisation profile and the shape of the text give.

Everything here is found lazily: a post pays for handles or quotation marks only when a
rule asks about them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from ..profile import OrgProfile
from .hits import Hit
from .identifiers import char_hit

#: Double quotes pair freely; single quotes pair across apostrophes inside words ('can't').
_QUOTE_PAIRS = re.compile(r'"[^"\n]{1,400}"|(?<![\w])\'(?:[^\'\n]|(?<=\w)\'(?=\w)){1,400}\'(?![\w])')
_HANDLE = re.compile(r"(?<![\w@])@\w+(?:\.\w+)*")  # Bluesky and Mastodon handles have dots
_PHONE_LIKE = re.compile(r"\+?\d[\d ()-]{7,16}\d")


def _handle_text(text: str) -> str:
    return text.lower().lstrip("@")


class BuiltinEvidence:
    """Lazily computed built-in evidence for one organisation profile."""

    def __init__(self, profile: OrgProfile):
        self._official = {_handle_text(h) for h in profile.official_handles}
        self._public_numbers = {re.sub(r"\D", "", n) for n in profile.public_numbers}
        self._domains = tuple(d.lower() for d in profile.official_domains)
        # Each finder takes the doc and its text (Doc.text is rebuilt on every access).
        self.finders: dict[str, Callable[[Doc, str], list[Hit]]] = {
            "HANDLE": self._other_handles,
            "OFFICIAL_HANDLE": self._official_handles,
            "HASHTAG": self._hashtags,
            "URL": self._urls,
            "EMAIL": self._emails,
            "OFFICIAL_LINK": self._official_links,
            "QUOTED": self._quoted,
            "PUBLIC_NUMBER": self._public_number,
            "PERSON": self._people,
        }

    # Bound methods rather than lambdas: a compiled checker is pickled for the next cold start.
    def _other_handles(self, doc: Doc, text: str) -> list[Hit]:
        return self._handles(doc, text, official=False)

    def _official_handles(self, doc: Doc, text: str) -> list[Hit]:
        return self._handles(doc, text, official=True)

    @staticmethod
    def _urls(doc: Doc, text: str) -> list[Hit]:
        return [_token_hit(t) for t in doc if t.like_url] if _may_link(text) else []

    @staticmethod
    def _emails(doc: Doc, text: str) -> list[Hit]:
        return [_token_hit(t) for t in doc if t.like_email] if "@" in text else []

    @staticmethod
    def _people(doc: Doc, text: str) -> list[Hit]:
        return [Hit(e.start, e.end, e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]

    def _handles(self, doc: Doc, text: str, official: bool) -> list[Hit]:
        if "@" not in text:
            return []
        hits = (
            char_hit(doc, m.start(), m.end())
            for m in _HANDLE.finditer(text)
            if (_handle_text(m.group()) in self._official) == official
        )
        return [h for h in hits if h is not None]

    def _hashtags(self, doc: Doc, text: str) -> list[Hit]:
        if "#" not in text:
            return []
        out = []
        for t in doc[:-1]:
            nxt = doc[t.i + 1]
            if t.text == "#" and not t.whitespace_ and nxt.text[:1].isalnum():
                out.append(Hit(t.i, t.i + 2, t.idx, nxt.idx + len(nxt.text)))
        return out

    def _official_links(self, doc: Doc, text: str) -> list[Hit]:
        if not self._domains or not any(d in text.lower() for d in self._domains):
            return []
        return [_token_hit(t) for t in doc if (t.like_url or t.like_email) and any(d in t.lower_ for d in self._domains)]

    def _quoted(self, doc: Doc, text: str) -> list[Hit]:
        if '"' not in text and "'" not in text:
            return []
        hits = (char_hit(doc, m.start(), m.end()) for m in _QUOTE_PAIRS.finditer(text))
        return [h for h in hits if h is not None]

    def _public_number(self, doc: Doc, text: str) -> list[Hit]:
        if not self._public_numbers:
            return []
        hits = (
            char_hit(doc, m.start(), m.end())
            for m in _PHONE_LIKE.finditer(text)
            if re.sub(r"\D", "", m.group()) in self._public_numbers
        )
        return [h for h in hits if h is not None]


def _may_link(text: str) -> bool:
    return "." in text or ":" in text


def _token_hit(token) -> Hit:  # type: ignore[no-untyped-def]
    return Hit(token.i, token.i + 1, token.idx, token.idx + len(token.text))
