"""A report for a person at a terminal: the post with flagged words marked, then each finding."""

from __future__ import annotations

import textwrap

import click

from ..report import ErrorReport, Finding, Report
from .marks import pieces

_COLOURS = {"clear": "green", "advice": "cyan", "review": "yellow", "breach": "red"}
_VERDICT_LINES = {
    "clear": "Nothing in this post appears to engage the policy.",
    "advice": "Fine to post, but consider the advice below.",
    "review": "Check with your manager or the communications team before posting.",
    "breach": "Likely to breach the policy: do not post this as it stands.",
}


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def render_text(report: Report | ErrorReport, text: str, colour: bool = False) -> str:
    def style(s: str, **kw: object) -> str:
        return click.style(s, **kw) if colour else s  # type: ignore[arg-type]

    if isinstance(report, ErrorReport):
        return style(f"Could not check post {report.id}: {report.error}", fg="red") + "\n"
    lines = [
        style(f"Verdict: {report.verdict.upper()}", fg=_COLOURS[report.verdict], bold=True)
        + f"  ({report.policy.title}, version {report.policy.version})",
        _VERDICT_LINES[report.verdict],
        "",
    ]
    marked = "".join(
        p.text if not p.findings else style(f"[{p.text}]", fg="red", bold=True) + _superscript(p.findings[0])
        for p in pieces(text, report)
    )
    lines += ["  " + line for line in marked.splitlines() or [""]]
    for n, f in enumerate(report.findings, 1):
        lines += [
            "",
            style(f"{n}. {f.severity.value.upper()}", fg=_COLOURS[f.severity.value], bold=True)
            + f"  Clause {f.clause.id}, {f.clause.title}  [{f.topic}; {_rules(f)}; score {f.score:.2f}]",
        ]
        if f.spans:
            lines.append("   Words: " + ", ".join(f"“{s.text}”" for s in f.spans))
        lines += textwrap.wrap(f.message, 88, initial_indent="   Why: ", subsequent_indent="        ")
        lines += textwrap.wrap(f.guidance, 88, initial_indent="   Instead: ", subsequent_indent="            ")
    return "\n".join(lines) + "\n"


def _rules(finding: Finding) -> str:
    if finding.also_raised_by:
        return "rules " + ", ".join(finding.rules)
    return f"rule {finding.rule}"
