"""Measuring the checker on labelled posts: per-topic precision and recall, misses and false alarms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .checker import Checker
from .report import ErrorReport, Report
from .topics import TOPICS


@dataclass
class TopicScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    posts: int = 0
    errors: int = 0
    topics: dict[str, TopicScore] = field(default_factory=lambda: {t: TopicScore() for t in TOPICS})
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (post id, topic, text)
    false_alarms: list[tuple[str, str, str, str]] = field(default_factory=list)  # (+ words)
    clean_breaches: list[str] = field(default_factory=list)

    def add(self, record: dict[str, Any], report: Report | ErrorReport) -> None:
        self.posts += 1
        if isinstance(report, ErrorReport):
            self.errors += 1
            return
        expected = set(record.get("expected") or [])
        found = {f.topic: f for f in report.findings}
        for topic in TOPICS:
            score = self.topics[topic]
            if topic in expected and topic in found:
                score.tp += 1
            elif topic in found:
                score.fp += 1
                words = ", ".join(s.text for s in found[topic].spans)
                self.false_alarms.append((str(report.id), topic, record["text"], f"{found[topic].rule}: {words}"))
            elif topic in expected:
                score.fn += 1
                self.misses.append((str(report.id), topic, record["text"]))
        if not expected and report.verdict == "breach":
            self.clean_breaches.append(str(report.id))

    @property
    def macro(self) -> tuple[float, float]:
        return macro(self.topics.values())


def macro(scores: Iterable[TopicScore]) -> tuple[float, float]:
    """Mean precision and recall over the topics that occur (have a true label)."""
    used = [s for s in scores if s.tp + s.fn]
    if not used:
        return (1.0, 1.0)
    return (sum(s.precision for s in used) / len(used), sum(s.recall for s in used) / len(used))


def evaluate(checker: Checker, records: Iterable[dict[str, Any]]) -> Evaluation:
    records = list(records)
    result = Evaluation()
    for record, report in zip(records, checker.check_many(records)):
        result.add(record, report)
    return result
