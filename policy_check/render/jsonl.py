"""Reports as JSON, the contract's shape, one object per line for batches."""

from __future__ import annotations

from ..report import ErrorReport, Report


def render_json(report: Report | ErrorReport, indent: int | None = None) -> str:
    return report.model_dump_json(indent=indent)
