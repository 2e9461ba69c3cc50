"""Building the pipeline: `spacy.blank("en")` (or an installed trained model) plus our components.

Built once per (pack, profile) and reused for every post. Nothing is downloaded: a trained
model is used only when it is already installed and asked for.
"""

from __future__ import annotations

import spacy
from spacy.attrs import NORM
from spacy.language import Language

from ..pack import PolicyPack
from ..pack.cache import remember
from ..profile import OrgProfile
from ..text.canonical import Canonicaliser
from . import component, spelled  # noqa: F401  registers "policy_evidence" and "spelled_words"
from .tokenizer import keep_masked_words_whole


def _base(model: str | None) -> Language:
    if model is None:
        return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "policy_check.Tokenizer.v1"}}})
    # Only an installed package or a local path: spacy.load never downloads.
    nlp = spacy.load(model, exclude=["lemmatizer", "parser", "attribute_ruler", "tagger", "senter"])
    keep_masked_words_whole(nlp)
    return nlp


def fuzzy_targets(nlp: Language, pack: PolicyPack, profile: OrgProfile) -> set[str]:
    """The words an obfuscated token may be resolved to: fuzzy phrases, employer and code names."""
    from ..evidence.phrases import inflections

    phrases: list[str] = []
    for evidence in pack.evidence.values():
        if evidence.fuzzy:
            for phrase in evidence.phrases:
                phrases.extend(inflections(phrase) if evidence.inflect else [phrase])
    phrases.extend(profile.employer_names)
    phrases.extend(profile.codenames)
    targets: set[str] = set()
    for phrase in phrases:
        targets.update(t.lower_ for t in nlp.tokenizer(phrase) if t.is_alpha and len(t) >= 3)
    return targets


def build_pipeline(pack: PolicyPack, profile: OrgProfile, model: str | None = None) -> Language:
    nlp = _base(model)
    default_norm = nlp.vocab.lex_attr_getters[NORM]
    canonical = Canonicaliser(fuzzy_targets(nlp, pack, profile), base=default_norm)
    # Must be installed before any post is seen: spaCy caches NORM on each new lexeme.
    nlp.vocab.lex_attr_getters[NORM] = canonical
    remember(pack)  # the component names the pack by its folder; let it find this very object
    nlp.add_pipe("spelled_words")
    canonical.compiling = True
    try:
        nlp.add_pipe(
            "policy_evidence",
            config={"pack": str(pack.root), "profile": profile.model_dump(mode="json")},
        )
    finally:
        canonical.compiling = False
    return nlp
