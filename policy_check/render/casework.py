"""Casework extracts as Markdown (for case files) and printable HTML."""

from __future__ import annotations

import html
import textwrap

from ..casework import CaseworkExtract, markers
from .marks import pieces


def _when(extract: CaseworkExtract) -> str:
    posted = extract.post.posted_at
    return posted.isoformat() if posted else "not given (the current version was applied)"


def _facts(extract: CaseworkExtract) -> list[tuple[str, str]]:
    v, post = extract.version, extract.post
    return [
        ("Organisation", extract.organisation),
        ("Policy", f"{extract.pack_title}, version {v.version} (adopted {v.adopted}, in force from "
                   f"{v.effective_from}, approved by {v.approved_by}; review due {v.review_due})"),
        ("Posted", _when(extract)),
        ("Platform", post.platform or "not given"),
        ("Device", post.device or "not given"),
        ("Account", post.account or "not given"),
        ("Politically restricted post", "yes" if post.politically_restricted else "no or not given"),
        ("Verdict", f"{extract.report.verdict} (risk score {extract.report.score:.2f})"),
    ]


def render_markdown(extract: CaseworkExtract) -> str:
    report = extract.report
    lines = [f"# Casework extract: post {report.id}", ""]
    lines += [f"- **{k}:** {v}" for k, v in _facts(extract)]
    marked = "".join(
        p.text if not p.findings else f"⟦{p.text}⟧{''.join(f'[{n}]' for n in p.findings)}"
        for p in pieces(extract.text, report)
    )
    lines += ["", "## The post", "", "Verbatim; the words each finding engages are between ⟦ and ⟧, with the finding's number."
              + (" Personal data is masked (█)." if extract.redacted else ""), "", "```text", marked, "```", ""]
    lines += ["## Findings", ""]
    if not report.findings:
        lines += [f"No clause of version {extract.version.version} is engaged by this post.", ""]
    for n, (finding, clause) in enumerate(zip(report.findings, extract.clauses), 1):
        lines += [f"### {n}. Clause {clause.id}, {clause.title}: {finding.severity.value}", ""]
        if finding.spans:
            words = "; ".join(f"“{s.text}” (characters {s.start}–{s.end})" for s in finding.spans)
            lines += [f"- **Words:** {words}"]
        if finding.context:
            lines += ["- **Context:** " + "; ".join(f"“{c.text}” ({c.evidence})" for c in finding.context)]
        lines += [
            f"- **Why it was raised:** {finding.message}",
            f"- **Topic and rule:** {finding.topic}; rule `{finding.rule}`, score {finding.score:.2f}",
            f"- **What the employee could have done instead:** {finding.guidance}",
            "",
            f"Clause {clause.id} as it stood in version {extract.version.version}:",
            "",
        ]
        lines += ["> " + line if line else ">" for line in clause.text.strip().splitlines()]
        lines += [""]
    if extract.considerations:
        lines += ["## Points a fair process weighs", ""]
        for heading, points in extract.considerations:
            lines += [f"### {heading}", ""] + [f"- {p}" for p in points] + [""]
    lines += _fingerprint_lines(extract)
    return "\n".join(lines) + "\n"


def _fingerprint_lines(extract: CaseworkExtract) -> list[str]:
    fp = extract.fingerprint
    lines = [
        "## Fingerprint",
        "",
        f"- **Tool:** {fp.tool}",
        f"- **Policy pack:** {fp.pack_id}, sha256 {fp.pack_sha256}",
        f"- **Organisation profile:** {fp.profile_name}, sha256 {fp.profile_sha256}",
        f"- **Input:** sha256 {fp.input_sha256}",
        f"- **Report:** sha256 {fp.report_sha256}",
        f"- **Fingerprint:** {fp.digest}",
        "",
        "To reproduce: `policy-check verify THIS-FILE --org PROFILE.yaml` re-runs the stored input"
        + (" (this extract is redacted: pass the original post with `--post`)" if extract.redacted else "")
        + " and compares fingerprints.",
        "",
        markers(extract),
    ]
    return lines


_CSS = """
body{font:11pt/1.5 Georgia,serif;color:#111;max-width:46rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:1.6rem}h3{font-size:1.05rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:bold}dd{margin:0}
.post{white-space:pre-wrap;border:1px solid #999;padding:.6rem;font-family:ui-monospace,monospace;font-size:10pt}
mark{background:#ffe08a;outline:1px solid #b58900}sup{font-size:.7em}
blockquote{margin:.4rem 0 .8rem;padding-left:.8rem;border-left:3px solid #888;color:#222}
.fp{font-family:ui-monospace,monospace;font-size:9pt;word-break:break-all}
section.extract{break-before:page}section.extract:first-of-type{break-before:auto}
@media print{body{margin:0;max-width:none}a{color:inherit}}
"""


def render_html_extract(extract: CaseworkExtract) -> str:
    report = extract.report
    e = html.escape
    facts = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _facts(extract))
    post = "".join(
        e(p.text) if not p.findings else f"<mark>{e(p.text)}</mark><sup>{','.join(map(str, p.findings))}</sup>"
        for p in pieces(extract.text, report)
    )
    parts = [f"<section class=\"extract\"><h1>Casework extract: post {e(str(report.id))}</h1><dl class=\"facts\">{facts}</dl>",
             "<h2>The post</h2><p>Verbatim; the words each finding engages are highlighted and numbered."
             + (" Personal data is masked (█)." if extract.redacted else "") + f"</p><div class=\"post\">{post}</div>",
             "<h2>Findings</h2>"]
    if not report.findings:
        parts.append(f"<p>No clause of version {e(extract.version.version)} is engaged by this post.</p>")
    for n, (finding, clause) in enumerate(zip(report.findings, extract.clauses), 1):
        words = "; ".join(f"“{e(s.text)}” (characters {s.start}–{s.end})" for s in finding.spans)
        text = "".join(f"<p>{e(' '.join(para.split()))}</p>" for para in clause.text.strip().split("\n\n"))
        parts.append(
            f"<h3>{n}. Clause {e(clause.id)}, {e(clause.title)}: {e(finding.severity.value)}</h3><ul>"
            + (f"<li><b>Words:</b> {words}</li>" if words else "")
            + f"<li><b>Why it was raised:</b> {e(finding.message)}</li>"
            f"<li><b>Topic and rule:</b> {e(finding.topic)}; rule <code>{e(finding.rule)}</code>, score {finding.score:.2f}</li>"
            f"<li><b>What the employee could have done instead:</b> {e(finding.guidance)}</li></ul>"
            f"<p>Clause {e(clause.id)} as it stood in version {e(extract.version.version)}:</p><blockquote>{text}</blockquote>"
        )
    if extract.considerations:
        parts.append("<h2>Points a fair process weighs</h2>")
        for heading, points in extract.considerations:
            parts.append(f"<h3>{e(heading)}</h3><ul>" + "".join(f"<li>{e(p)}</li>" for p in points) + "</ul>")
    fp = extract.fingerprint
    rows = [("Tool", fp.tool), ("Policy pack", f"{fp.pack_id}, sha256 {fp.pack_sha256}"),
            ("Organisation profile", f"{fp.profile_name}, sha256 {fp.profile_sha256}"),
            ("Input", f"sha256 {fp.input_sha256}"), ("Report", f"sha256 {fp.report_sha256}"), ("Fingerprint", fp.digest)]
    parts.append("<h2>Fingerprint</h2><dl class=\"facts fp\">" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows) + "</dl>")
    parts.append(f"<p>To reproduce: <code>policy-check verify THIS-FILE --org PROFILE.yaml</code>.</p>\n{markers(extract)}</section>")
    return "\n".join(parts)


def html_document(sections: list[str], title: str) -> str:
    return textwrap.dedent(f"""\
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>{html.escape(title)}</title><style>{_CSS}</style></head><body>
        """) + "\n".join(sections) + "\n</body></html>\n"
