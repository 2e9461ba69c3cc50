"""The tokenizer: spaCy's English rules, except that a masked or obfuscated word stays one token.

spaCy splits `f***` into four tokens; for `f***` to be matched as the word it hides, the
tokenizer must keep it whole, as it already does `sh*t` and `w@nker`. Registered as
`policy_check.Tokenizer.v1`, so a blank pipeline is built with it from the start (setting
`token_match` afterwards would rebuild every special case a second time).

It also keeps the text it was given on the Doc (`text_of`): spaCy's `doc.text` rebuilds the
text from a Token object per token on every read, and more than one component reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy import util
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

_TEXT = "policy_check.text"

_MASKED_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9]*[*#@$%]+[A-Za-z0-9*#@$%]*$")


def _token_match(previous: Callable[[str], object] | None) -> Callable[[str], object]:
    def token_match(text: str) -> object:
        return _MASKED_WORD.match(text) or (previous(text) if previous else None)

    return token_match


class TextKeepingTokenizer(Tokenizer):
    """spaCy's tokenizer, leaving the text it tokenised in `doc.user_data`."""

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        doc.user_data[_TEXT] = text
        return doc


def text_of(doc: Doc) -> str:
    """The post's text, as given to the tokenizer (retokenizing never changes it)."""
    text = doc.user_data.get(_TEXT)
    return text if text is not None else doc.text  # a loaded trained pipeline's own tokenizer


@util.registry.tokenizers("policy_check.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return TextKeepingTokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=util.compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
            infix_finditer=util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
            token_match=_token_match(defaults.token_match),
            url_match=defaults.url_match,
        )

    return tokenizer_factory


def keep_masked_words_whole(nlp: Language) -> None:
    """The same for a pipeline that was loaded (a trained model) rather than built blank."""
    nlp.tokenizer.token_match = _token_match(nlp.tokenizer.token_match)
