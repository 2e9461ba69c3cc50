"""Masking personal data in a report and its post, for outputs that travel further than the checker."""

from __future__ import annotations

from .report import ContextSpan, Finding, Report, Span

#: Findings of these topics flag words that identify or describe a person.
PERSONAL_TOPICS = frozenset({"personal-data", "safeguarding", "service-user-boundaries"})
MASK = "█"


def redact(report: Report, text: str) -> tuple[Report, str]:
    """The report and text with personal data masked, one mask character per character.

    Lengths are kept, so every span still indexes the (masked) text.
    """
    ranges = sorted(
        (s.start, s.end)
        for f in report.findings
        if f.topic in PERSONAL_TOPICS
        for s in [*f.spans, *f.context]
    )
    if not ranges:
        return report, text
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = MASK * (end - start)
    masked = "".join(chars)
    secrets = sorted({text[a:b] for a, b in ranges if b > a}, key=len, reverse=True)

    def scrub(words: str) -> str:
        for secret in secrets:
            words = words.replace(secret, MASK * len(secret))
        return words

    findings = [
        Finding(
            **{
                **f.model_dump(exclude={"spans", "context", "message", "guidance"}),
                "spans": [Span(start=s.start, end=s.end, text=masked[s.start : s.end]) for s in f.spans],
                "context": [
                    ContextSpan(start=c.start, end=c.end, text=masked[c.start : c.end], evidence=c.evidence)
                    for c in f.context
                ],
                "message": scrub(f.message),
                "guidance": scrub(f.guidance),
            }
        )
        for f in report.findings
    ]
    return report.model_copy(update={"findings": findings}), masked
