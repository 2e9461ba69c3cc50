"""Reports as CSV for spreadsheets: one row per finding (a clear post or an error gets one row)."""

from __future__ import annotations

import csv
import io

from ..report import ErrorReport, Report

COLUMNS = [
    "row", "id", "verdict", "score", "policy_version", "rule", "topic", "clause_id", "clause_title",
    "severity", "finding_score", "words", "message", "guidance", "error",
]


def csv_header() -> str:
    return _row(COLUMNS)


def render_csv_rows(report: Report | ErrorReport, row: int) -> str:
    """`row` is the post's 1-based position in the input, so a reader (or --resume) can group rows."""
    if isinstance(report, ErrorReport):
        return _row([str(row), report.id or "", "error"] + [""] * 11 + [report.error])
    base = [str(row), report.id or "", report.verdict, f"{report.score:.2f}", report.policy.version]
    if not report.findings:
        return _row(base + [""] * (len(COLUMNS) - len(base)))
    return "".join(
        _row(
            base
            + [
                f.rule, f.topic, f.clause.id, f.clause.title, f.severity.value, f"{f.score:.2f}",
                " | ".join(s.text for s in f.spans), f.message, f.guidance, "",
            ]
        )
        for f in report.findings
    )


def _row(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
