"""Tokenizer adjustments: a masked or obfuscated word stays one token.

spaCy splits `f***` into four tokens; for `f***` to be matched as the word it hides, the
tokenizer must keep it whole, as it already does `sh*t` and `w@nker`.
"""

from __future__ import annotations

import re

from spacy.language import Language

_MASKED_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9]*[*#@$%]+[A-Za-z0-9*#@$%]*$")


def keep_masked_words_whole(nlp: Language) -> None:
    previous = nlp.tokenizer.token_match

    def token_match(text: str) -> re.Match[str] | None:
        return _MASKED_WORD.match(text) or (previous(text) if previous else None)

    nlp.tokenizer.token_match = token_match
