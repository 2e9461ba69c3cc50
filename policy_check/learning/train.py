"""Fitting a `LinearModel` to labelled posts: one logistic regression per label, fitted together.

Posts come from two places, both written by the project: labelled corpus files (every
label of a post is known: a topic not listed is a "no") and rule examples (a rule's `raise`
and `ok` examples say yes or no about that rule's topic only, so the other labels are left
out of the loss for them).

Full-batch gradient descent with Adam on a dense matrix: a few thousand posts and some
tens of thousands of features fit in memory, and the run is repeatable (no shuffling).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    import numpy as np  # spaCy's own dependency; needed only to train

    counts = Counter(f for post in posts for f in post.features)
    vocabulary = sorted(f for f, n in counts.items() if n >= settings.min_count)
    column = {f: j for j, f in enumerate(vocabulary)}
    x = np.zeros((len(posts), len(vocabulary) + 1), np.float32)
    x[:, -1] = 1.0  # the bias column
    for i, post in enumerate(posts):
        known = [column[f] for f in post.features if f in column]
        if known:
            x[i, known] = 1.0 / np.sqrt(len(known))
    y = np.array([[label in post.labels for label in labels] for post in posts], np.float32)
    known_labels = np.array([[post.only is None or post.only == label for label in labels] for post in posts], np.float32)

    w = np.zeros((x.shape[1], len(labels)), np.float32)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for epoch in range(1, settings.epochs + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = (x.T @ ((p - y) * known_labels) + settings.l2 * w) / len(posts)
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient * gradient
        w -= settings.step * (m / (1 - 0.9**epoch)) / (np.sqrt(v / (1 - 0.999**epoch)) + 1e-8)
    weights = {f: tuple(float(value) for value in w[j]) for f, j in column.items()}
    return LinearModel(tuple(labels), tuple(float(b) for b in w[-1]), weights)


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
