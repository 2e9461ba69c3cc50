"""Fitting a `LinearModel` to labelled posts: one logistic regression per label, fitted together.

Posts come from two places, both written by the project: labelled corpus files (every
label of a post is known: a topic not listed is a "no") and rule examples (a rule's `raise`
and `ok` examples say yes or no about that rule's topic only, so the other labels are left
out of the loss for them).

Full-batch gradient descent with Adam, so the run is repeatable (no shuffling), on a sparse
matrix: a post has some tens of the tens of thousands of features, so memory and time grow
with the features posts hold, not with posts times features.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluation import TopicScore, macro
from ..text.normalise import normalise
from .features import features_of
from .linear import LinearModel


@dataclass(frozen=True)
class LabelledPost:
    features: frozenset[str]
    labels: frozenset[str]
    #: When set, only this label is known for the post (a rule example); otherwise all are.
    only: str | None = None


@dataclass(frozen=True)
class Settings:
    #: A feature must occur in this many training posts to be kept.
    min_count: int = 2
    l2: float = 0.01
    epochs: int = 400
    step: float = 0.2

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fit(posts: Sequence[LabelledPost], labels: Sequence[str], settings: Settings = Settings()) -> LinearModel:
    counts = Counter(f for post in posts for f in post.features)
    vocabulary = sorted(f for f, n in counts.items() if n >= settings.min_count)
    column = {f: j for j, f in enumerate(vocabulary)}
    x = _SparseRows([[column[f] for f in post.features if f in column] for post in posts], len(vocabulary))
    y = np.array([[label in post.labels for label in labels] for post in posts], np.float32)
    known_labels = np.array([[post.only is None or post.only == label for label in labels] for post in posts], np.float32)

    # The weights of the features, and the bias (a feature every post has, unscaled) on its own.
    w = np.zeros((len(vocabulary), len(labels)), np.float32)
    b = np.zeros(len(labels), np.float32)
    moments = {name: (np.zeros_like(value), np.zeros_like(value)) for name, value in (("w", w), ("b", b))}
    for epoch in range(1, settings.epochs + 1):
        p = 1.0 / (1.0 + np.exp(-(x.times(w) + b)))
        error = (p - y) * known_labels
        for name, value, gradient in (
            ("w", w, (x.transposed_times(error) + settings.l2 * w) / len(posts)),
            ("b", b, (error.sum(axis=0) + settings.l2 * b) / len(posts)),
        ):
            m, v = moments[name]
            m *= 0.9
            m += 0.1 * gradient
            v *= 0.999
            v += 0.001 * gradient * gradient
            value -= settings.step * (m / (1 - 0.9**epoch)) / (np.sqrt(v / (1 - 0.999**epoch)) + 1e-8)
    weights = {f: tuple(float(value) for value in w[j]) for f, j in column.items()}
    return LinearModel(tuple(labels), tuple(float(value) for value in b), weights)


class _SparseRows:
    """The posts' feature matrix, kept as its non-zero entries: a post holds some tens of the
    tens of thousands of features, so the dense matrix (gigabytes) was almost all zeros.
    Every entry of a row is 1/sqrt(the row's number of features), as `LinearModel.scores`
    divides, so a row is kept as its columns and one scale."""

    def __init__(self, features: list[list[int]], n_columns: int):
        sizes = [len(f) for f in features]
        rows = np.repeat(np.arange(len(features)), sizes)
        columns = np.array([j for f in features for j in f], dtype=np.int64)
        self.shape = (len(features), n_columns)
        self.scale = np.array([1.0 / np.sqrt(n) if n else 0.0 for n in sizes], np.float32)[:, None]
        # Entries grouped by row and by column, so each product is one gather and one
        # segmented sum (`reduceat`) rather than a Python loop or an unbuffered `add.at`.
        self._columns = columns
        self._row_starts, self._row_ids = _segments(rows)
        by_column = np.argsort(columns, kind="stable")
        self._rows_by_column = rows[by_column]
        self._column_starts, self._column_ids = _segments(columns[by_column])

    def times(self, dense: Any) -> Any:
        """This matrix times `dense` (a row per column of this one)."""
        out = np.zeros((self.shape[0], dense.shape[1]), dense.dtype)
        if len(self._columns):
            out[self._row_ids] = np.add.reduceat(dense[self._columns], self._row_starts)
        return out * self.scale

    def transposed_times(self, dense: Any) -> Any:
        """This matrix, transposed, times `dense` (a row per row of this one)."""
        out = np.zeros((self.shape[1], dense.shape[1]), dense.dtype)
        if len(self._columns):
            out[self._column_ids] = np.add.reduceat((dense * self.scale)[self._rows_by_column], self._column_starts)
        return out


def _segments(sorted_keys: Any) -> tuple[Any, Any]:
    """Where each run of equal keys starts in `sorted_keys`, and the key of each run."""
    if not len(sorted_keys):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return starts, sorted_keys[starts]


def corpus_posts(checker: Any, paths: Iterable[Path]) -> Iterator[LabelledPost]:
    """Every post of labelled corpus files (JSONL with `text` and `expected`)."""
    for path in paths:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts = (normalise(r["text"]) for r in records)
        for record, doc in zip(records, checker.nlp.pipe(texts)):
            yield LabelledPost(frozenset(features_of(doc._.evidence)), frozenset(record.get("expected") or ()))


def example_posts(checker: Any) -> Iterator[LabelledPost]:
    """Every rule example written for the checker's profile: a yes or a no about its rule's topic.

    Not the examples of rules resting on learned evidence: those test the model, so it must
    not have learned them.
    """
    pack = checker.pack
    profile_name = pack.manifest.example_profile
    for rule in pack.rules:
        if any(pack.evidence[name].learned for name in rule.match or () if name in pack.evidence):
            continue
        topic = rule.topic.value
        for says_yes, examples in ((True, rule.examples.raise_), (False, rule.examples.ok)):
            for example in examples:
                if (example.profile or profile_name) != profile_name:
                    continue
                doc = checker.nlp(normalise(example.text))
                yield LabelledPost(frozenset(features_of(doc._.evidence)), frozenset({topic} if says_yes else ()), only=topic)


@dataclass(frozen=True)
class HeldOutScore:
    """How a model trained without one group of posts scores that group, per label."""

    group: str
    labels: dict[str, TopicScore]

    @property
    def macro(self) -> tuple[float, float]:
        return macro(self.labels.values())


def leave_one_group_out(
    groups: dict[str, list[LabelledPost]],
    extra: Sequence[LabelledPost],
    labels: Sequence[str],
    threshold: float,
    settings: Settings = Settings(),
) -> list[HeldOutScore]:
    """Train on every group but one (plus `extra`), score the one left out; for each group in turn.

    Each corpus file was written by different people, so this estimates how the model does
    on posts by writers it has never read, which is what a new user's posts are.
    """
    results = []
    for name, held_out in groups.items():
        training = [p for other, posts in groups.items() if other != name for p in posts] + list(extra)
        model = fit(training, labels, settings)
        counts = {label: TopicScore() for label in labels}
        for post in held_out:
            for label, score in zip(labels, model.scores(post.features)):
                said, truth = score >= threshold, label in post.labels
                counts[label].tp += said and truth
                counts[label].fp += said and not truth
                counts[label].fn += truth and not said
        results.append(HeldOutScore(name, counts))
    return results
