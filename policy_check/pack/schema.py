"""The policy pack as data: what a pack author writes in YAML.

A pack is a folder::

    pack.yaml              id, title, which profile the examples use
    versions/*.yaml        one file per adopted version: metadata and numbered clauses
    evidence/*.yaml        named evidence: phrase lists, token patterns, identifiers
    rules/*.yaml           rules: which evidence, under which conditions, breaches which clause
    profiles/*.yaml        example organisation profiles (used by the rule examples)

The models here are the single source of the schema: the loader validates against them and
`policy-check rules schema` exports them as JSON Schema for editors.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..topics import Severity, Topic

_SLUG = r"^[a-z0-9][a-z0-9-]*$"
#: Evidence the engine finds itself, from the organisation profile or the text's shape.
BUILTIN_EVIDENCE: dict[str, str] = {
    "EMPLOYER": "the employer's name or an alias from the profile, misspellings and obfuscations included",
    "OFFICIAL_HANDLE": "one of the council's official @handles from the profile",
    "HANDLE": "an @handle that is not one of the council's official handles",
    "HASHTAG": "a #hashtag",
    "CODENAME": "a confidential project code name from the profile",
    "CODENAME_WORD": "the distinctive last word of a profile code name on its own ('Kestrel' of 'Project Kestrel'): "
    "it may be an ordinary word, so rules ask for context",
    "COLLEAGUE": "a colleague's name listed in the profile",
    "PERSON": "a person's name found by a trained named-entity model, when one is installed",
    "PUBLIC_NUMBER": "one of the council's published phone numbers from the profile",
    "OFFICIAL_LINK": "a web address or e-mail address at one of the council's official domains",
    "URL": "a web address",
    "EMAIL": "an e-mail address",
    "QUOTED": "words inside quotation marks",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LearnedSource(_Strict):
    """A label of a model in the pack's `models/` folder, counted as evidence above a score."""

    model: str = Field(pattern=_SLUG, description="The model's file name in models/, without '.json'.")
    label: str = Field(description="Which of the model's labels (for the shipped model, a topic code).")
    threshold: float = Field(gt=0, lt=1, description="The score, 0..1, at or above which the post holds this evidence.")


class Evidence(_Strict):
    """A named kind of evidence. Sources are combined: a hit from any of them counts."""

    id: str = Field(pattern=_SLUG, description="Name rules use to refer to this evidence.")
    description: str = ""
    phrases: list[str] = Field(default=[], description="Words or phrases, matched on normalised tokens.")
    attr: Literal["NORM", "LOWER", "ORTH"] = Field(
        default="NORM",
        description="Token attribute phrases are matched on: NORM (normalised, case-free, de-obfuscated "
        "when fuzzy), LOWER, or ORTH (exact case, e.g. for names).",
    )
    inflect: bool = Field(default=True, description="Also match simple plurals of one-word phrases.")
    fuzzy: bool = Field(
        default=False,
        description="Match misspelt, masked and obfuscated spellings of one-word phrases (w@nker, f***, idiiot).",
    )
    patterns: list[list[dict[str, Any]]] = Field(
        default=[], description="spaCy Matcher token patterns (https://spacy.io/usage/rule-based-matching)."
    )
    regex: list[str] = Field(default=[], description="Regular expressions over the post text (case-insensitive).")
    validator: str | None = Field(default=None, description="Check each regex match, e.g. a checksum.")
    learned: LearnedSource | None = Field(
        default=None,
        description="A learned model's score for a label; its words are those that weighed most in the score.",
    )
    include: list[str] = Field(default=[], description="Other evidence, named or built-in, counted as this one.")
    exclude: list[str] = Field(
        default=[],
        description="Hits that overlap a hit of this evidence do not count (e.g. the council's name "
        "in 'my manager at the council' is where someone works, not who is insulted).",
    )

    @model_validator(mode="after")
    def _has_a_source(self) -> Evidence:
        if not (self.phrases or self.patterns or self.regex or self.include or self.learned):
            raise ValueError("evidence needs at least one of phrases, patterns, regex, learned or include")
        if self.validator and not self.regex:
            raise ValueError("a validator checks regex matches, so it needs 'regex'")
        seen: set[str] = set()
        for i, phrase in enumerate(self.phrases):
            key = phrase if self.attr == "ORTH" else phrase.lower()
            if key in seen:  # an authoring slip, usually two lists merged: the second copy does nothing
                raise ValueError(f"phrases[{i}] {phrase!r} is listed twice")
            seen.add(key)
        return self

    @field_validator("phrases", "patterns", mode="before")
    @classmethod
    def _no_yaml_booleans(cls, value: Any) -> Any:
        _reject_yaml_booleans(value, "")
        return value

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for i, expr in enumerate(value):
            try:
                re.compile(expr)
            except re.error as exc:
                raise ValueError(f"regex[{i}] does not compile: {exc}") from None
        return value


_STRING_ATTRS = frozenset({"ORTH", "TEXT", "NORM", "LOWER", "LEMMA", "SHAPE", "POS", "TAG", "DEP", "ENT_TYPE", "PREFIX", "SUFFIX"})


def _yaml_boolean_error(where: str, value: bool) -> ValueError:
    return ValueError(
        f"{where} is {str(value).lower()}: YAML read an unquoted word such as no, yes, on or off "
        "as true/false; put it in quotes"
    )


def _reject_yaml_booleans(value: Any, where: str) -> None:
    """YAML 1.1 reads unquoted no, yes, on, off as booleans; where a word is meant, say so."""
    if isinstance(value, bool):
        raise _yaml_boolean_error(where or "a value", value)
    if isinstance(value, list):
        for i, item in enumerate(value):
            _reject_yaml_booleans(item, f"{where}[{i}]")
    elif isinstance(value, dict):  # a token pattern: only word-valued attributes must be text
        for key, item in value.items():
            if key not in _STRING_ATTRS:
                continue
            if isinstance(item, bool):
                raise _yaml_boolean_error(f"{where}.{key}", item)
            if isinstance(item, dict):
                for op in ("IN", "NOT_IN"):
                    for i, word in enumerate(item.get(op) or []):
                        if isinstance(word, bool):
                            raise _yaml_boolean_error(f"{where}.{key}.{op}[{i}]", word)


PostField = Literal["platform", "device", "account", "politically_restricted", "working_time", "election_period"]
ProfileField = Literal["own_time_own_device", "emergency"]


class Condition(_Strict):
    """One condition on a rule: evidence in some relation to the match, or a fact about the post.

    Exactly one of `evidence`, `post` or `profile`. With `evidence`, the relation to the matched
    words is at most one of `overlaps`, `within`, `before`, `after`; `sentence` further limits it to
    the same sentence. With none of them the evidence may be anywhere in the post.
    """

    evidence: list[str] | None = None
    overlaps: bool = False
    within: int | None = Field(default=None, ge=0, description="At most this many tokens away, either side.")
    before: int | None = Field(default=None, ge=0, description="Ends at most this many tokens before the match.")
    after: int | None = Field(default=None, ge=0, description="Starts at most this many tokens after the match.")
    sentence: bool = Field(default=False, description="In the same sentence as the match.")
    post: dict[PostField, Any] | None = Field(
        default=None,
        description="Facts about the post: platform, device, account, politically_restricted, "
        "working_time (posted in the council's working hours), election_period. A list means any of.",
    )
    profile: dict[ProfileField, bool] | None = None

    @field_validator("evidence", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        kinds = [k for k in ("evidence", "post", "profile") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a condition needs exactly one of 'evidence', 'post' or 'profile'")
        relations = [r for r in ("within", "before", "after") if getattr(self, r) is not None]
        if self.overlaps:
            relations.append("overlaps")
        if len(relations) > 1:
            raise ValueError(f"choose one relation, not {' and '.join(relations)}")
        if self.evidence is None and (relations or self.sentence):
            raise ValueError("relations (overlaps, within, before, after, sentence) apply to evidence only")
        return self

    @property
    def is_relative(self) -> bool:
        """Whether the condition is judged against each matched span rather than the post."""
        return self.overlaps or self.sentence or any(
            getattr(self, r) is not None for r in ("within", "before", "after")
        )


class Example(_Strict):
    """A post a rule must raise (`raise`) or must not raise (`ok`)."""

    text: str
    platform: str | None = None
    posted_at: str | None = None
    device: str | None = None
    account: str | None = None
    politically_restricted: bool = False
    profile: str | None = Field(default=None, description="Name of a profile in the pack's profiles/ folder.")
    version: str | None = Field(default=None, description="Check against this policy version.")
    spans: list[str] | None = Field(default=None, description="For `raise`: the exact words expected to be flagged.")
    note: str = ""

    def as_post(self) -> dict[str, Any]:
        return self.model_dump(
            include={"text", "platform", "posted_at", "device", "account", "politically_restricted"},
            exclude_none=True,
        )


class Examples(_Strict):
    raise_: list[Example] = Field(default=[], alias="raise")
    ok: list[Example] = []

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("raise_", "ok", mode="before")
    @classmethod
    def _text_shorthand(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value


class Rule(_Strict):
    """A rule: where its `match` evidence is found and its conditions hold, the clause is engaged."""

    id: str = Field(pattern=_SLUG)
    title: str
    clause: list[str] = Field(
        description="Clause ref, or refs in order of preference: the first one present in the "
        "policy version in force is cited."
    )
    topic: Topic
    severity: Severity
    confidence: float = Field(default=0.8, gt=0, le=1, description="How sure a match makes us, 0..1.")
    match: list[str] | None = Field(
        default=None,
        description="Evidence whose words are flagged. Without it the rule rests on its conditions alone.",
    )
    requires: list[Condition] = Field(default=[], description="All must hold.")
    unless: list[Condition] = Field(default=[], description="Any one of them clears the match.")
    suppresses: list[str] = Field(default=[], description="Rules whose overlapping findings this one replaces.")
    yields_to: list[Topic] = Field(
        default=[],
        description="For a last-resort rule, such as one resting on a learned model: its finding goes "
        "when a rule without `yields_to` found one of these topics in the post (usually its own).",
    )
    message: str = Field(description="Why this was raised, in plain English.")
    guidance: str = Field(description="What to do instead.")
    examples: Examples = Field(default_factory=Examples)
    enabled: bool = True

    @field_validator("clause", "match", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _relative_needs_match(self) -> Rule:
        for group in ("requires", "unless"):
            for i, cond in enumerate(getattr(self, group)):
                if cond.is_relative and not self.match:
                    raise ValueError(f"{group}[{i}] is relative to the match, but the rule has no 'match'")
        return self


class Clause(_Strict):
    ref: str = Field(pattern=_SLUG, description="Stable name of the clause across versions; rules cite it.")
    id: str = Field(description="The clause number as printed in this version, e.g. '6.1'.")
    title: str
    topics: list[Topic] = []
    text: str
    when: dict[ProfileField, bool] | None = Field(
        default=None, description="The clause applies only to councils whose profile has these values."
    )

    @field_validator("id", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


class PolicyVersion(_Strict):
    version: str
    title: str
    adopted: date
    effective_from: date
    review_due: date
    approved_by: str
    owner: str = ""
    change_summary: str = ""
    clauses: list[Clause]

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value


class PackManifest(_Strict):
    id: str = Field(pattern=_SLUG)
    title: str
    description: str = ""
    example_profile: str = Field(description="Profile (in profiles/) that rule examples use by default.")


class CaseworkGuide(_Strict):
    """What a fair process weighs, printed in casework extracts (casework.yaml in the pack)."""

    general: list[str] = []
    topics: dict[Topic, list[str]] = {}


class EvidenceFile(_Strict):
    evidence: list[Evidence]


class RuleFile(_Strict):
    rules: list[Rule]
