"""The full text of a clause, so a finding can point at what the policy actually says."""

from __future__ import annotations

import html
from typing import Any

from ..checker import Checker
from ..pack import PolicyVersion
from ..pack.schema import Clause
from .errors import ApiError


def find_version(checker: Checker, version: str | None) -> PolicyVersion:
    """The named version, or the one in force today."""
    if not version:
        return checker.pack.version_in_force(None)
    try:
        return checker.pack.version(version)
    except KeyError as exc:
        raise ApiError(404, str(exc.args[0])) from None


def find_clause(checker: Checker, key: str, version: PolicyVersion) -> Clause:
    """A clause by number ('6.1') or ref ('respect-for-colleagues').

    Some numbers have one text per kind of council (clause 3.1 differs with
    `own_time_own_device`), so the text that applies to this council's profile wins.
    """
    applicable = checker.pack.clauses(version, checker.profile).values()
    for clause in applicable:
        if key in (clause.id, clause.ref):
            return clause
    found = checker.pack.find_clause(version, key)
    if found is None:
        known = ", ".join(dict.fromkeys(c.id for c in version.clauses))
        raise ApiError(404, f"version {version.version} of the policy has no clause {key!r}; its clauses are {known}")
    return found


_MASTHEAD = (
    '<header class="masthead"><div class="page">'
    '<p class="service-name">Employee Social Media Policy: post checker</p></div></header>'
)


def clause_json(checker: Checker, clause: Clause, version: PolicyVersion) -> dict[str, Any]:
    return {
        "id": clause.id,
        "ref": clause.ref,
        "title": clause.title,
        "topics": [t.value for t in clause.topics],
        "text": clause.text.strip(),
        "policy": {"id": checker.pack.id, "version": version.version, "title": version.title},
        "effective_from": version.effective_from.isoformat(),
    }


def clause_page(checker: Checker, clause: Clause, version: PolicyVersion) -> str:
    """A plain page for one clause; every piece of pack text is escaped."""
    e = html.escape
    paragraphs = "".join(
        f"<p>{e(' '.join(p.split()))}</p>" for p in clause.text.strip().split("\n\n") if p.strip()
    )
    heading = f"Clause {clause.id}: {clause.title}"
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(heading)}</title><link rel="stylesheet" href="/static/app.css">'
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>'
        f"<body>{_MASTHEAD}"
        '<main class="page clause-page">'
        '<p><a href="/">Back to the post checker</a></p>'
        f"<h1>{e(heading)}</h1>"
        f'<p class="meta">{e(checker.pack.manifest.title)}, version {e(version.version)}, '
        f"in force from {e(version.effective_from.strftime('%-d %B %Y'))}</p>"
        f'<div class="clause-text">{paragraphs}</div>'
        "</main></body></html>\n"
    )


def not_found_page(message: str) -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Clause not found</title><link rel="stylesheet" href="/static/app.css"></head>'
        f'<body>{_MASTHEAD}<main class="page"><p><a href="/">Back to the post checker</a></p>'
        f"<h1>Clause not found</h1><p>{html.escape(message)}</p></main></body></html>\n"
    )
