"""A batch review as one self-contained HTML file: riskiest first, filterable, nothing fetched.

Every piece of post text passes through `html.escape`; the page's Content-Security-Policy
forbids loading anything, so a post containing markup can neither run nor call home.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..report import ErrorReport, Report
from ..topics import TOPICS
from .marks import pieces

_RANK = {"error": 4, "breach": 3, "review": 2, "advice": 1, "clear": 0}


@dataclass(frozen=True)
class ReviewItem:
    """What the review page needs of one post; built where the report is made."""

    index: int
    report: Report | ErrorReport
    text: str

    @property
    def verdict(self) -> str:
        return "error" if isinstance(self.report, ErrorReport) else self.report.verdict

    @property
    def sort_key(self) -> tuple[int, float, int]:
        score = 0.0 if isinstance(self.report, ErrorReport) else self.report.score
        return (-_RANK[self.verdict], -score, self.index)


def _marked_text(item: ReviewItem) -> str:
    if isinstance(item.report, ErrorReport):
        return html.escape(item.text)
    out = []
    for piece in pieces(item.text, item.report):
        chunk = html.escape(piece.text)
        if piece.findings:
            titles = "; ".join(
                f"{f.clause.id} {f.clause.title}" for f in (item.report.findings[n - 1] for n in piece.findings)
            )
            sup = ",".join(str(n) for n in piece.findings)
            chunk = f'<mark title="{html.escape(titles)}">{chunk}</mark><sup>{sup}</sup>'
        out.append(chunk)
    return "".join(out)


def _card(item: ReviewItem) -> str:
    report = item.report
    pid = html.escape(str(report.id))
    if isinstance(report, ErrorReport):
        return (
            f'<article class="post v-error" data-verdict="error" data-topics="">'
            f'<header><span class="badge error">error</span> <b>#{pid}</b></header>'
            f'<p class="error-text">Could not read this post: {html.escape(report.error)}</p></article>'
        )
    topics = " ".join(sorted({f.topic for f in report.findings}))
    findings = "".join(
        f'<li><span class="badge {f.severity.value}">{f.severity.value}</span> '
        f"<b>Clause {html.escape(f.clause.id)}, {html.escape(f.clause.title)}</b> "
        f'<span class="topic">{html.escape(f.topic)}</span>'
        f"<p>{html.escape(f.message)}</p><p class=\"guidance\"><b>Instead:</b> {html.escape(f.guidance)}</p></li>"
        for f in report.findings
    )
    return (
        f'<article class="post v-{report.verdict}" data-verdict="{report.verdict}" data-topics="{topics}">'
        f'<header><span class="badge {report.verdict}">{report.verdict}</span> <b>#{pid}</b> '
        f'<span class="score">risk {report.score:.2f}</span> '
        f'<span class="version">policy {html.escape(report.policy.version)}</span></header>'
        f'<blockquote class="text">{_marked_text(item)}</blockquote>'
        + (f"<ol>{findings}</ol>" if findings else "")
        + "</article>"
    )


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
main{max-width:60rem;margin:auto;padding:1rem}
h1{font-size:1.4rem} .summary{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
.filters{position:sticky;top:0;background:#f6f6f4;padding:.5rem 0;border-bottom:1px solid #ccc;z-index:1}
.filters label{margin-right:1rem;white-space:nowrap}
.post{background:#fff;border-left:6px solid #999;margin:1rem 0;padding:.75rem 1rem;border-radius:4px}
.v-breach{border-color:#b00020}.v-review{border-color:#c77700}.v-advice{border-color:#00799e}.v-clear{border-color:#2e7d32}.v-error{border-color:#555}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:.8em;text-transform:uppercase}
.badge.breach{background:#b00020}.badge.review{background:#a35f00}.badge.advice{background:#00799e}.badge.clear{background:#2e7d32}.badge.error{background:#555}
.text{white-space:pre-wrap;margin:.5rem 0;padding:.5rem;background:#fafafa;border:1px solid #eee}
mark{background:#ffd54f;padding:0 .1em} .topic{color:#555;font-size:.85em}
.guidance{color:#234} .score,.version{color:#555;font-size:.85em}
@media print{.filters{display:none}.post{break-inside:avoid}}
"""

_SCRIPT = """
const boxes=[...document.querySelectorAll('input[name=verdict]')],topic=document.getElementById('topic');
function apply(){const on=new Set(boxes.filter(b=>b.checked).map(b=>b.value)),t=topic.value;let n=0;
for(const p of document.querySelectorAll('.post')){const show=on.has(p.dataset.verdict)&&(!t||p.dataset.topics.split(' ').includes(t));
p.hidden=!show;if(show)n++}document.getElementById('shown').textContent=n}
boxes.forEach(b=>b.addEventListener('change',apply));topic.addEventListener('change',apply);apply();
"""


def render_review(items: Iterable[ReviewItem], clear_count: int, title: str, summary: dict[str, object]) -> str:
    ordered = sorted(items, key=lambda i: i.sort_key)
    verdicts = Counter(i.verdict for i in ordered)
    verdicts["clear"] += clear_count
    topics = Counter(f.topic for i in ordered if isinstance(i.report, Report) for f in i.report.findings)
    boxes = "".join(
        f'<label><input type="checkbox" name="verdict" value="{v}" {"checked" if v != "clear" else ""}> '
        f"{v} ({verdicts.get(v, 0)})</label>"
        for v in ("breach", "review", "advice", "clear", "error")
    )
    options = '<option value="">all topics</option>' + "".join(
        f'<option value="{t}">{t} ({topics[t]})</option>' for t in TOPICS if topics.get(t)
    )
    facts = "".join(f"<span><b>{html.escape(str(k))}:</b> {html.escape(str(v))}</span>" for k, v in summary.items())
    omitted = (
        f"<p>{clear_count} clear posts are counted but not listed.</p>" if clear_count else ""
    )
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'\">"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1><div class=\"summary\">{facts}</div>"
        f'<form class="filters" aria-label="Filter posts">{boxes}'
        f'<label>Topic <select id="topic">{options}</select></label> '
        f'<span><span id="shown">{len(ordered)}</span> shown</span></form>'
        f"{omitted}"
        + "".join(_card(i) for i in ordered)
        + f"<script>{_SCRIPT}</script></main></body></html>\n"
    )


__all__ = ["ReviewItem", "render_review"]
