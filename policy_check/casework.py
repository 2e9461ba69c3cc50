"""Casework extracts: a report put into the form a manager needs, with a reproducible fingerprint.

The extract holds the clause text of the version in force when the post was made, the
points a fair process weighs, and a fingerprint over the tool version, the pack, the
organisation profile, the input and the report. Anyone with the same pack and profile can
re-run the stored input and get the same fingerprint (`policy-check verify`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from . import __version__
from .checker import Checker
from .pack import Clause, PolicyVersion
from .post import Post
from .redact import redact
from .report import Report

_MARKER = re.compile(r"<!-- policy-check:(input|fingerprint) (\{.*?\}) -->", re.DOTALL)


def _sha(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Fingerprint:
    tool: str
    pack_id: str
    pack_sha256: str
    profile_name: str
    profile_sha256: str
    input_sha256: str
    report_sha256: str

    @property
    def digest(self) -> str:
        return _sha(
            "\n".join([self.tool, self.pack_sha256, self.profile_sha256, self.input_sha256, self.report_sha256])
        )

    def as_dict(self) -> dict[str, str]:
        return {**self.__dict__, "fingerprint": self.digest}


@dataclass(frozen=True)
class ExtractInput:
    """What is re-run to reproduce an extract: the post and the version option."""

    post: dict[str, Any]
    version: str | None = None

    def canonical(self) -> str:
        return _canonical({"post": self.post, "version": self.version})


@dataclass(frozen=True)
class CaseworkExtract:
    post: Post
    text: str  # the post as shown: verbatim, or masked when redacted
    report: Report
    version: PolicyVersion
    clauses: list[Clause]  # the full clause of each finding, in finding order
    considerations: list[tuple[str, list[str]]]  # (heading, points)
    fingerprint: Fingerprint
    input: ExtractInput
    redacted: bool
    organisation: str
    pack_title: str


def build_extract(checker: Checker, post: Post, version: str | None = None, redacted: bool = False) -> CaseworkExtract:
    report = checker.check(post, version=version)
    policy = checker.pack.version(report.policy.version)
    by_ref = {c.ref: c for c in policy.clauses}
    clauses = [by_ref[f.clause.ref] for f in report.findings]
    extract_input = ExtractInput(post.model_dump(mode="json", exclude_none=True), version)
    fingerprint = Fingerprint(
        tool=f"policy-check {__version__}",
        pack_id=checker.pack.id,
        pack_sha256=checker.pack.checksum,
        profile_name=checker.profile.name,
        profile_sha256=_sha(_canonical(checker.profile.model_dump(mode="json"))),
        input_sha256=_sha(extract_input.canonical()),
        report_sha256=_sha(report.model_dump_json()),
    )
    text = post.text
    if redacted:
        report, text = redact(report, text)
    guide = checker.pack.casework
    topics = list(dict.fromkeys(f.topic for f in report.findings))
    considerations = [(f"For {t}", guide.topics.get(t, [])) for t in topics if guide.topics.get(t)]  # type: ignore[call-overload]
    if report.findings:
        considerations.append(("In every case", guide.general))
    return CaseworkExtract(
        post=post,
        text=text,
        report=report,
        version=policy,
        clauses=clauses,
        considerations=considerations,
        fingerprint=fingerprint,
        input=extract_input,
        redacted=redacted,
        organisation=checker.profile.name,
        pack_title=checker.pack.manifest.title,
    )


def _comment_safe(value: Any) -> str:
    # "<" and ">" escaped as JSON \u escapes: a post containing "-->" cannot end the comment.
    return _canonical(value).replace("<", "\\u003c").replace(">", "\\u003e")


def markers(extract: CaseworkExtract) -> str:
    """Machine-readable copies of the input and fingerprint, as comments valid in Markdown and HTML."""
    out = []
    if not extract.redacted:
        out.append(f"<!-- policy-check:input {_comment_safe({'post': extract.input.post, 'version': extract.input.version})} -->")
    out.append(f"<!-- policy-check:fingerprint {_comment_safe(extract.fingerprint.as_dict())} -->")
    return "\n".join(out)


@dataclass(frozen=True)
class StoredExtract:
    input: ExtractInput | None
    fingerprint: dict[str, str]


def read_extracts(document: str) -> list[StoredExtract]:
    """The inputs and fingerprints stored in a casework document, in order."""
    found: list[StoredExtract] = []
    pending: ExtractInput | None = None
    for kind, payload in _MARKER.findall(document):
        data = json.loads(payload)
        if kind == "input":
            pending = ExtractInput(data["post"], data.get("version"))
        else:
            found.append(StoredExtract(pending, data))
            pending = None
    return found
