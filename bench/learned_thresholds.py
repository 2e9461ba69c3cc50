"""Where to set the learned rules' threshold: rules and model together, each tuning file left out in turn.

    .venv/bin/python bench/learned_thresholds.py [--pack DIR] [--org PROFILE]

For each tuning file (corpora/dev*.jsonl): train the model without it (plus the rules'
examples), check the file with that model and every learned threshold lowered to a floor,
and keep, per post, the topics of hand-written findings and, per learned finding, the
model's score. A learned finding yields only to hand-written rules, so what the checker
would say at any threshold is known from that one pass:

    topics at t = hand-written topics + {learned topic whose score >= t}

It prints per-topic precision / recall / F1 pooled over the files at several thresholds,
and each file's macro at each threshold. Only a file the rules were never tuned on shows
what the model adds on new writers: every other file's rules already fit it. Never run
this on a held-out file. It takes about as long as training once per file.

With `--train-files N` the model learns from only the first N other files, in the order
they were written (dev, dev2, dev3...), and the rules' examples: run it for a few N on a
file the rules were never tuned on to see whether more writers' posts still help.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from pathlib import Path

from policy_check.checker import Checker
from policy_check.evaluation import TopicScore, macro
from policy_check.learning.train import Settings, corpus_posts, example_posts, fit
from policy_check.pack.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
FLOOR = 0.05
THRESHOLDS = (None, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pack", type=Path, default=ROOT / "rules" / "model-council")
    parser.add_argument("--org", type=Path, default=ROOT / "rules" / "model-council" / "profiles" / "eastbrook.yaml")
    parser.add_argument("--leave-out", action="append", metavar="FILE", help="Only these files in turn (e.g. dev7.jsonl); default: each.")
    parser.add_argument("--train-files", type=int, metavar="N", help="Train on only the first N other files, in the order written.")
    args = parser.parse_args()
    files = sorted((ROOT / "corpora").glob("dev*.jsonl"), key=_written_order)
    pack = load_pack(args.pack)
    base = Checker(pack, args.org)
    labels = list(pack.models["topics"].labels)
    learned_rules = {r.id for r in pack.rules if any(n in pack.evidence and pack.evidence[n].learned for n in r.match or ())}
    groups = {f.name: list(corpus_posts(base, [f])) for f in files}
    examples = list(example_posts(base))
    floored = {
        name: ev.model_copy(update={"learned": ev.learned.model_copy(update={"threshold": FLOOR})}) if ev.learned else ev
        for name, ev in pack.evidence.items()
    }
    rows = []
    for name in args.leave_out or groups:
        others = [other for other in groups if other != name][: args.train_files]
        model = fit([p for other in others for p in groups[other]] + examples, labels, Settings())
        checker = Checker(dataclasses.replace(pack, evidence=floored, models={**pack.models, "topics": model}), args.org)
        records = [json.loads(line) for line in (ROOT / "corpora" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        # The features were made once, for training (they do not depend on the model): no second parse.
        for record, post, report in zip(records, groups[name], checker.check_many(records)):
            scores = dict(zip(labels, model.scores(post.features)))
            rows.append(
                {
                    "file": name,
                    "expected": set(record.get("expected") or ()),
                    "rules": {f.topic for f in report.findings if f.rule not in learned_rules},
                    "learned": {f.topic: scores.get(f.topic, 0.0) for f in report.findings if f.rule in learned_rules},
                }
            )
        print(f"trained without {name}, on {', '.join(others)} and the rules' examples", flush=True)
    topics = sorted({t for row in rows for t in row["expected"] | row["rules"]})
    _print_topics(rows, topics)
    _print_files(rows, topics, args.leave_out or list(groups))


def _written_order(path: Path) -> int:
    """dev.jsonl is the first file, devN.jsonl the Nth."""
    return int(re.sub(r"\D", "", path.stem) or 1)


def _said(row: dict, topic: str, threshold: float | None) -> bool:
    return topic in row["rules"] or (threshold is not None and row["learned"].get(topic, -1.0) >= threshold)


def _scores(rows: list[dict], topics: list[str], threshold: float | None) -> dict[str, TopicScore]:
    counts = {t: TopicScore() for t in topics}
    for row in rows:
        for t in topics:
            said, truth = _said(row, t, threshold), t in row["expected"]
            counts[t].tp += said and truth
            counts[t].fp += said and not truth
            counts[t].fn += truth and not said
    return counts


def _f1(score: TopicScore) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def _label(threshold: float | None) -> str:
    return "rules only" if threshold is None else f"at {threshold}"


def _print_topics(rows: list[dict], topics: list[str]) -> None:
    table = {t: _scores(rows, topics, t) for t in THRESHOLDS}
    print("\nper topic, all files pooled: precision / recall / F1")
    print(f"{'topic':26s}" + "".join(f"{_label(t):>17s}" for t in THRESHOLDS))
    for topic in topics:
        cells = [table[t][topic] for t in THRESHOLDS]
        print(f"{topic:26s}" + "".join(f"{c.precision:>7.2f}/{c.recall:.2f}/{_f1(c):.2f}" for c in cells))


def _print_files(rows: list[dict], topics: list[str], names: list[str]) -> None:
    print("\nper file, macro precision / recall")
    print(f"{'file':14s}" + "".join(f"{_label(t):>14s}" for t in THRESHOLDS))
    for name in names:
        mine = [row for row in rows if row["file"] == name]
        cells = []
        for t in THRESHOLDS:
            p, r = macro(_scores(mine, topics, t).values())
            cells.append(f"{p:>8.3f}/{r:.3f}")
        print(f"{name:14s}" + "".join(cells))


if __name__ == "__main__":
    main()
