"""The `spelled_words` component: a term spelt out letter by letter becomes one token.

"i d i o t", "i-d-i-o-t" and "H-E-R-O-N" reach the pipeline as five tokens or more, so no
phrase list could match them (the tokenizer already keeps "i.d.i.o.t" whole). Where the
letters spell a term the vocabulary's NORM getter resolves (an insult, the employer's name,
a code name: see `Canonicaliser`), the run is merged into one token whose NORM is that term,
so every phrase list meets it as if it were written out, marked as de-obfuscated. A run that
spells nothing known is left as it was: "G O A L" stays four tokens.

Runs in before `policy_evidence`, so evidence of every kind sees the merged tokens.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..text.canonical import SPELLED_LETTERS
from .tokenizer import text_of

#: The canonicaliser's spelt-out letters, not part of a longer word or number.
_SPELLED_RUN = re.compile(r"(?<![\w.-])" + SPELLED_LETTERS + r"(?![\w-])")


@Language.component("spelled_words")
def join_spelled_words(doc: Doc) -> Doc:
    text = text_of(doc)
    runs = [match.span() for match in _SPELLED_RUN.finditer(text)]
    if not runs:
        return doc
    vocab = doc.vocab
    with doc.retokenize() as retokenizer:
        for start_char, end_char in runs:
            # "expand" takes in a full stop the tokenizer left on the last letter ("N.").
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is None or len(span) < 2:
                continue  # already one token: its NORM is resolved as it stands
            lexeme = vocab[span.text]
            if lexeme.norm_ != lexeme.lower_:
                retokenizer.merge(span)
    return doc
