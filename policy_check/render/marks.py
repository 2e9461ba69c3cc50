"""Where a report's flagged words sit in the post: shared by the text, HTML and casework views."""

from __future__ import annotations

from typing import NamedTuple

from ..report import Report


class Piece(NamedTuple):
    text: str
    #: 1-based numbers of the findings that flag these words; empty for unflagged text.
    findings: tuple[int, ...]


def pieces(text: str, report: Report) -> list[Piece]:
    """The post cut into runs of unflagged and flagged text, in order."""
    bounds = {0, len(text)}
    for finding in report.findings:
        for span in finding.spans:
            bounds.update((span.start, span.end))
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    out: list[Piece] = []
    for start, end in zip(cuts, cuts[1:]):
        owners = tuple(
            n
            for n, finding in enumerate(report.findings, 1)
            if any(s.start <= start and end <= s.end for s in finding.spans)
        )
        if out and out[-1].findings == owners:
            out[-1] = Piece(out[-1].text + text[start:end], owners)
        else:
            out.append(Piece(text[start:end], owners))
    return out
