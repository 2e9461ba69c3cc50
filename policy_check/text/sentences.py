"""Where the sentences of a post start.

Terminal punctuation (and closing quotes or brackets) before a space, or a line break,
ends a sentence; the dot after a lone capital does not ("E.D.C. said", "J. Smith").
Social posts rarely need more, and a statistical sentence splitter would cost more than
the whole of the rest of the pipeline.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"""(?<!\b[A-Z])[.!?…]+['")\]]*\s+|\n+""")


def sentence_starts(text: str) -> list[int]:
    """The character offsets at which the second and later sentences start."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]
