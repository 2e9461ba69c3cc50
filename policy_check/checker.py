"""The one way through: a post is normalised once, parsed once, matched once, judged once.

    text -> normalise -> spaCy pipeline (tokens, sentences, evidence) -> rules -> Report

Renderers only ever see the `Report`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .engine import PostFacts, RuleEngine, facts_for
from .nlp import build_pipeline
from .pack import PolicyPack, PolicyVersion
from .pack.cache import cached_pack
from .post import Post, PostError, parse_post
from .profile import OrgProfile, load_profile
from .report import ErrorReport, PolicyRef, Report, risk_score, verdict_of
from .text.normalise import normalise

_HERE = Path(__file__).resolve().parent
#: Installed wheels carry the packs inside the package; a source checkout has them at the top.
_PACK_HOMES = (_HERE / "rules", _HERE.parent / "rules")
DEFAULT_PACK_NAME = "model-council"


def default_pack_path() -> Path:
    configured = os.environ.get("POLICY_CHECK_PACK")
    if configured:
        return Path(configured)
    for home in _PACK_HOMES:
        if (home / DEFAULT_PACK_NAME / "pack.yaml").is_file():
            return home / DEFAULT_PACK_NAME
    raise FileNotFoundError("the default policy pack is not installed; pass --pack")


def resolve_pack(pack: PolicyPack | str | Path | None) -> PolicyPack:
    if isinstance(pack, PolicyPack):
        return pack
    return cached_pack(pack if pack is not None else default_pack_path())


def resolve_profile(pack: PolicyPack, profile: OrgProfile | str | Path | None) -> OrgProfile:
    """A profile object, a path, a profile name from the pack, or the pack's example profile."""
    if isinstance(profile, OrgProfile):
        return profile
    if profile is None:
        return load_profile(pack.profiles[pack.manifest.example_profile])
    if str(profile) in pack.profiles:
        return load_profile(pack.profiles[str(profile)])
    return load_profile(profile)


class Checker:
    """Checks posts against one policy pack for one organisation. Build once, reuse."""

    def __init__(
        self,
        pack: PolicyPack | str | Path | None = None,
        profile: OrgProfile | str | Path | None = None,
        model: str | None = None,
    ):
        with collector_paused():
            self.pack = resolve_pack(pack)
            self.profile = resolve_profile(self.pack, profile)
            self.nlp = build_pipeline(self.pack, self.profile, model=model)
            self.engine = RuleEngine(self.pack, self.profile)

    def version_for(self, post: Post, version: str | None = None) -> PolicyVersion:
        return self.pack.version(version) if version else self.pack.version_in_force(post.posted_at)

    def check(self, post: Post | dict[str, Any] | str, *, version: str | None = None) -> Report:
        """The report for one post. Raises `PostError` if the post cannot be read."""
        post = _as_post(post)
        text, facts = self._prepare(post)
        return self._judge(post, facts, self.nlp(text), version)

    def check_many(
        self, posts: Iterable[Any], *, version: str | None = None, batch_size: int = 256, first_index: int = 0
    ) -> Iterator[Report | ErrorReport]:
        """One report per input, in input order; unreadable input yields an `ErrorReport` in its place.

        Items may be posts, mappings, plain text, or `PostError`s raised while reading the input.
        """
        readable: list[tuple[int, Post, PostFacts, str]] = []
        results: dict[int, Report | ErrorReport] = {}

        def flush() -> Iterator[Report | ErrorReport]:
            docs = self.nlp.pipe(text for _, _, _, text in readable)
            for (index, post, facts, _), doc in zip(readable, docs):
                results[index] = self._judge(post, facts, doc, version)
            for index in sorted(results):
                yield results[index]
            readable.clear()
            results.clear()

        for index, raw in enumerate(posts, first_index):
            default_id = str(index + 1)
            try:
                if isinstance(raw, PostError):
                    raise raw
                post = parse_post({"text": raw} if isinstance(raw, str) else raw, default_id)
            except PostError as exc:
                results[index] = ErrorReport(id=_raw_id(raw, default_id), error=str(exc))
            else:
                text, facts = self._prepare(post)
                readable.append((index, post, facts, text))
            if len(readable) >= batch_size or len(results) >= 4 * batch_size:
                yield from flush()
        yield from flush()

    def _prepare(self, post: Post) -> tuple[str, PostFacts]:
        """The normalised text and the post's facts."""
        return normalise(post.text), facts_for(post, self.profile)

    def _judge(self, post: Post, facts: PostFacts, doc: Doc, version: str | None) -> Report:
        policy = self.version_for(post, version)
        findings = self.engine.findings(post.text, doc._.evidence, facts, policy)
        return Report(
            id=post.id,
            verdict=verdict_of(findings),
            score=risk_score(findings),
            policy=PolicyRef(id=self.pack.id, version=policy.version, title=policy.title),
            findings=findings,
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building a checker makes a great many objects that live as long as it does (the pack,
    the vocabulary, the matchers); the cyclic collector would walk them hundreds of times for
    nothing, about 0.3 s of a command's start."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _as_post(post: Post | dict[str, Any] | str) -> Post:
    if isinstance(post, str):
        return parse_post({"text": post})
    return parse_post(post)


def _raw_id(raw: Any, default_id: str) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)) and not isinstance(raw.get("id"), bool):
        return str(raw["id"])
    return getattr(raw, "post_id", None) or default_id
