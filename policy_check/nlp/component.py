"""The `policy_evidence` component: every kind of evidence in the pack, found in one pass.

It compiles the pack's evidence into one PhraseMatcher per token attribute, one Matcher,
a set of identifier expressions and the learned evidence of the pack's models, adds the profile's names (employer, colleagues, code
names), and leaves an `EvidenceStore` on `doc._.evidence`. Employer and colleague names
also become entities, as an entity ruler would make them.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import diskcache
from ..evidence.builtins import BuiltinEvidence
from ..evidence.hits import TokenArrays
from ..evidence.identifiers import IdentifierEvidence
from ..evidence.learned import LearnedEvidence
from ..evidence.patterns import PatternEvidence
from ..evidence.phrases import CompiledPhrases, PhraseEvidence
from ..evidence.store import EvidenceStore, SearchedEvidence
from ..pack import BUILTIN_EVIDENCE, PackError, PolicyPack
from ..pack.cache import cached_pack
from ..profile import OrgProfile
from ..text.canonical import Canonicaliser
from ..text.sentences import sentence_starts
from .tokenizer import text_of

if not Doc.has_extension("evidence"):
    Doc.set_extension("evidence", default=None)

#: Built-in evidence found with the phrase matcher, from the profile; these also become entities.
_PROFILE_PHRASES = ("EMPLOYER", "COLLEAGUE", "CODENAME")
#: The profile's names, also found run together in a hashtag (`#EastbrookDC`, `#Kestrel2026`).
_NAMES_IN_HASHTAGS = (*_PROFILE_PHRASES, "CODENAME_WORD")


class PolicyEvidence:
    def __init__(self, nlp: Language, pack: PolicyPack, profile: OrgProfile):
        self.pack = pack
        self.profile = profile
        # Tokenising every phrase is most of the compile: a run with the same pack, profile and
        # pipeline loads the tries (and the words they made vocabulary) from the disk cache.
        canonical = nlp.vocab.lex_attr_getters.get(NORM)
        cache_key = diskcache.key_of(
            "phrases", diskcache.folder_fingerprint(pack.root), profile.model_dump_json(), nlp.meta.get("name", ""), nlp.meta.get("version", "")
        )
        cached = diskcache.load("phrases", cache_key) if isinstance(canonical, Canonicaliser) else None
        if not (isinstance(cached, tuple) and len(cached) == 2):
            cached = None
        self._phrases = PhraseEvidence(nlp, hashtag_keys=_NAMES_IN_HASHTAGS)
        if cached is not None:
            vocabulary, tries = cached
            canonical.vocabulary.update(vocabulary)
            self._phrases = PhraseEvidence(nlp, CompiledPhrases(tries=tries), hashtag_keys=_NAMES_IN_HASHTAGS)
        # Patterns in a cached pack were checked against spaCy's schema when it was compiled.
        self._patterns = PatternEvidence(nlp, validate=cached is None)
        self._identifiers = IdentifierEvidence()
        self._learned = LearnedEvidence(pack.models)
        self._builtins = BuiltinEvidence(profile)
        problems: list[str] = []
        for ev in pack.evidence.values():
            where = f"{pack.sources.get('evidence:' + ev.id, pack.root)}: evidence '{ev.id}'"
            try:
                if ev.patterns:
                    self._patterns.add(ev.id, ev.patterns)
                if ev.regex:
                    self._identifiers.add(ev.id, ev.regex, ev.validator)
                if ev.learned:
                    self._learned.add(ev.id, ev.learned)
            except ValueError as exc:  # the message is "FIELD: what spaCy or re said"
                field, _, reason = str(exc).partition(": ")
                problems.append(f"{where}: field '{field}': {reason}")
        if problems:
            raise PackError(problems)
        if cached is None:
            _add_phrases(self._phrases, pack, profile)
            if isinstance(canonical, Canonicaliser):
                diskcache.store("phrases", cache_key, (set(canonical.vocabulary), self._phrases.compiled.tries))
        self._searched = SearchedEvidence(
            self._identifiers,
            self._builtins,
            self._learned,
            sources={name: pack.closure([name]) for name in [*pack.evidence, *BUILTIN_EVIDENCE]},
            includes={name: tuple(ev.include) for name, ev in pack.evidence.items()},
            exclusions={name: tuple(ev.exclude) for name, ev in pack.evidence.items() if ev.exclude},
        )

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        arrays = TokenArrays(doc)
        matched = self._phrases.find(doc, arrays)
        # Entities and sentence starts first, so that token patterns can ask for
        # {ENT_TYPE: EMPLOYER} and {IS_SENT_START: true}.
        if any(label in matched for label in _PROFILE_PHRASES):
            self._set_entities(doc, matched)
        starts = sentence_starts(text)
        _mark_sentence_starts(doc, arrays, starts)
        for name, hits in self._patterns.find(doc, arrays).items():  # an evidence may have both kinds
            matched.setdefault(name, []).extend(hits)
        doc._.evidence = EvidenceStore(doc, arrays, text, starts, matched, self._searched)
        return doc

    @staticmethod
    def _set_entities(doc: Doc, matched: dict[str, Any]) -> None:
        spans = [Span(doc, h.start, h.end, label=label) for label in _PROFILE_PHRASES for h in matched.get(label, ())]
        doc.ents = filter_spans([*doc.ents, *spans])


def _mark_sentence_starts(doc: Doc, arrays: TokenArrays, starts: list[int]) -> None:
    """The token at each sentence start begins a sentence; no other token does (a blank
    pipeline has no sentence splitter, and spaCy would otherwise know only the first)."""
    if not len(doc):
        return
    doc[0].is_sent_start = True
    for start_char in starts:
        i = bisect_left(arrays.idx, start_char)
        if i < len(doc):
            doc[i].is_sent_start = True


def _add_phrases(phrases: PhraseEvidence, pack: PolicyPack, profile: OrgProfile) -> None:
    """Every phrase list of the pack, then the profile's names."""
    for ev in pack.evidence.values():
        if ev.phrases:
            phrases.add(ev.id, ev.phrases, attr=ev.attr, inflect=ev.inflect)
    names = {
        "EMPLOYER": profile.employer_names,
        "COLLEAGUE": profile.colleagues,
        "CODENAME": profile.codenames,
        "CODENAME_WORD": [name.split()[-1] for name in profile.codenames if len(name.split()) > 1],
    }
    for label, words in names.items():
        if words:
            phrases.add(label, words, inflect=False)


@Language.factory("policy_evidence", default_config={"pack": None, "profile": None})
def make_policy_evidence(nlp: Language, name: str, pack: str, profile: dict[str, Any]) -> PolicyEvidence:
    return PolicyEvidence(nlp, cached_pack(pack), OrgProfile.model_validate(profile))
