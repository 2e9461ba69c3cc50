"""A linear model over present/absent features, one score per label, kept as plain JSON.

    score(label) = sigmoid(bias[label] + sum(weight[f][label] for f in features) / sqrt(n))

where `n` is the number of the post's features the model knows: long posts do not score
higher for being long. Every term of the sum is a feature of the post, so the words that
weighed most can be shown to the reader.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy

FORMAT = "policy-check linear model 1"


class ModelError(ValueError):
    """A model file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class LinearModel:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    #: feature -> one weight per label
    weights: Mapping[str, Sequence[float]]
    #: Provenance: what it was trained on, with which settings, and how it measured.
    about: dict[str, Any] = field(default_factory=dict)
    #: The weights as one matrix, a row per feature: summing a post's rows is one numpy call
    #: instead of a Python loop over features times labels.
    _rows: dict[str, int] = field(init=False, repr=False, compare=False)
    _matrix: Any = field(init=False, repr=False, compare=False)
    _bias: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        matrix = numpy.array(list(self.weights.values()), dtype=numpy.float64).reshape(len(self.weights), len(self.labels))
        self._derive(matrix)

    def _derive(self, matrix: Any) -> None:
        object.__setattr__(self, "_rows", {f: i for i, f in enumerate(self.weights)})
        object.__setattr__(self, "_matrix", matrix)
        object.__setattr__(self, "_bias", numpy.array(self.bias, dtype=numpy.float64))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (the disk cache) as the feature names and the matrix: loading that takes a
        # few milliseconds, where a dict of some 200,000 floats, pickled twice, took 100.
        return (_unpickle, (self.labels, self.bias, tuple(self._rows), self._matrix, self.about))

    def known(self, features: Collection[str]) -> list[str]:
        return [f for f in features if f in self._rows]

    def scores(self, features: Collection[str]) -> list[float]:
        """The probability-like score of each label, in `labels` order."""
        index = self._rows
        rows = [index[f] for f in features if f in index]
        totals = self._bias + self._matrix[rows].sum(axis=0) / math.sqrt(len(rows)) if rows else self._bias
        return (1.0 / (1.0 + numpy.exp(-totals))).tolist()

    def contributions(self, features: Collection[str], label: str) -> list[tuple[str, float]]:
        """The post's features that raised this label's score, strongest first."""
        i = self.labels.index(label)
        pushes = [(f, self.weights[f][i]) for f in self.known(features)]
        return sorted((p for p in pushes if p[1] > 0), key=lambda p: (-p[1], p[0]))

    def save(self, path: Path) -> None:
        """Written with one feature per line, so that a retrained model diffs line by line."""
        head = {"format": FORMAT, "about": self.about, "labels": list(self.labels), "bias": [round(b, 3) for b in self.bias]}
        lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {']
        rows = sorted(self.weights.items())
        for n, (feature, ws) in enumerate(rows):
            comma = "," if n < len(rows) - 1 else ""
            lines.append(f" {json.dumps(feature, ensure_ascii=False)}: [{','.join(_short(w) for w in ws)}]{comma}")
        lines.append("}}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: not a readable model: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"{path}: field 'format': expected {FORMAT!r}")
        labels = data.get("labels")
        bias = data.get("bias")
        weights = data.get("weights")
        if not (isinstance(labels, list) and isinstance(bias, list) and len(bias) == len(labels)):
            raise ModelError(f"{path}: fields 'labels' and 'bias': one bias per label is needed")
        if not isinstance(weights, dict):
            raise ModelError(f"{path}: field 'weights': expected a mapping of feature to weights")
        for feature, ws in weights.items():
            if not (isinstance(ws, list) and len(ws) == len(labels)):
                raise ModelError(f"{path}: field 'weights.{feature}': expected {len(labels)} weights")
        return cls(tuple(labels), tuple(float(b) for b in bias), {f: tuple(ws) for f, ws in weights.items()}, data.get("about") or {})


def _unpickle(labels: tuple[str, ...], bias: tuple[float, ...], features: tuple[str, ...], matrix: Any, about: dict[str, Any]) -> LinearModel:
    model = object.__new__(LinearModel)
    for name, value in (("labels", labels), ("bias", bias), ("about", about), ("weights", dict(zip(features, map(tuple, matrix.tolist()))))):
        object.__setattr__(model, name, value)
    model._derive(matrix)
    return model


def _short(weight: float) -> str:
    """A weight to three decimals, without a needless trailing zero or sign on zero."""
    text = f"{weight:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

