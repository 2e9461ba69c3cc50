"""Accuracy side by side: policy-check and public baselines on the same public posts, in one run.

    .venv-bench/bin/python bench/accuracy.py          (make bench sets it up)

- Davidson et al. (2017) tweets: offensive or hateful (class 0 or 1) should raise a conduct
  topic, neither (class 2) should raise none. policy-check against alt-profanity-check and
  better-profanity. Precision, recall and F1 for each class, and their macro-F1.
- Presidio's UK recognizer cases: every expected span, exactly, and nothing else; twice for
  policy-check: what a user is shown (personal-data findings, after the policy's exceptions
  such as the writer's own details) and what its recognizers find (the identifier evidence
  for the case's entity, before any rule), which is what Presidio's recognizers are asked.
- Presidio research's synthetic sentences: contact identifiers (phone, e-mail, card, street
  address), sentence-level and span-level, against Presidio's own pattern recognizers.

The datasets live in ../shared/datasets (see its README). Nothing here is a test: it prints.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
CONDUCT = {"discrimination", "colleague-conduct", "public-conduct", "disrepute"}
PERSONAL = {"personal-data"}
#: Presidio's entity -> the pack's identifier evidence that recognises it.
RECOGNIZES = {
    "UK_NHS": "pii-nhs-number",
    "UK_NINO": "pii-ni-number",
    "UK_POSTCODE": "pii-postcode",
    "EMAIL_ADDRESS": "pii-email",
    "PHONE_NUMBER": "pii-phone",
}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def binary_scores(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    tn = len(gold) - tp - fp - fn
    pos = prf(tp, fp, fn)
    neg = prf(tn, fn, fp)
    return {"pos_p": pos[0], "pos_r": pos[1], "pos_f": pos[2], "neg_p": neg[0], "neg_r": neg[1], "neg_f": neg[2],
            "macro_f1": (pos[2] + neg[2]) / 2}


def print_table(title: str, rows: dict[str, dict[str, float]], extra: dict[str, str] | None = None) -> None:
    print(f"\n{title}")
    print(f"{'tool':28} {'P(pos)':>7} {'R(pos)':>7} {'F1(pos)':>7} {'P(neg)':>7} {'R(neg)':>7} {'F1(neg)':>7} {'macro-F1':>8}  time")
    for name, s in rows.items():
        print(f"{name:28} {s['pos_p']:7.3f} {s['pos_r']:7.3f} {s['pos_f']:7.3f} {s['neg_p']:7.3f} {s['neg_r']:7.3f} "
              f"{s['neg_f']:7.3f} {s['macro_f1']:8.3f}  {(extra or {}).get(name, '')}")


def timed(fn: Callable[[], list[bool]]) -> tuple[list[bool], str]:
    start = time.perf_counter()
    out = fn()
    return out, f"{time.perf_counter() - start:.1f}s"


def davidson(limit: int | None) -> None:
    from policy_check import Checker

    with open(DATA / "davidson" / "labeled_data.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    texts = [r["tweet"] for r in rows]
    gold = [r["class"] in ("0", "1") for r in rows]
    checker = Checker(profile="eastbrook")
    results: dict[str, dict[str, float]] = {}
    times: dict[str, str] = {}

    def ours() -> list[bool]:
        return [bool(CONDUCT & {f.topic for f in rep.findings}) for rep in checker.check_many(texts)]

    pred, times["policy-check"] = timed(ours)
    results["policy-check"] = binary_scores(gold, pred)
    try:
        from profanity_check import predict

        pred, times["alt-profanity-check"] = timed(lambda: [bool(x) for x in predict(texts)])
        results["alt-profanity-check"] = binary_scores(gold, pred)
    except ImportError:
        print("alt-profanity-check not installed (pip install -r bench/requirements.txt)", file=sys.stderr)
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        pred, times["better-profanity"] = timed(lambda: [profanity.contains_profanity(t) for t in texts])
        results["better-profanity"] = binary_scores(gold, pred)
    except ImportError:
        print("better-profanity not installed", file=sys.stderr)
    print_table(f"Davidson tweets: {len(texts)} posts, {sum(gold)} offensive or hateful (positive = raise a conduct topic)", results, times)
    print("note: alt-profanity-check was trained partly on this set, so it scores optimistically here.")


def _presidio_recognizers() -> dict[str, object]:
    try:
        # Presidio's e-mail recognizer asks tldextract, which would fetch the public suffix
        # list from the network; use the snapshot the package ships instead.
        import tldextract

        tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
        from presidio_analyzer import predefined_recognizers as pr
    except ImportError:
        print("presidio-analyzer not installed", file=sys.stderr)
        return {}
    wanted = {
        "UK_NHS": "NhsRecognizer",
        "UK_NINO": "UkNinoRecognizer",
        "UK_POSTCODE": "UkPostcodeRecognizer",
        "EMAIL_ADDRESS": "EmailRecognizer",
        "PHONE_NUMBER": "PhoneRecognizer",
        "CREDIT_CARD": "CreditCardRecognizer",
    }
    found = {}
    for entity, name in wanted.items():
        cls = getattr(pr, name, None)
        if cls is not None:
            found[entity] = cls(supported_regions=("GB", "US")) if name == "PhoneRecognizer" else cls()
    return found


def _presidio_spans(recognizers: dict[str, object], text: str, entities: set[str]) -> list[tuple[int, int]]:
    spans = []
    for entity, recognizer in recognizers.items():
        if entity in entities:
            for result in recognizer.analyze(text, [entity], None):  # type: ignore[attr-defined]
                spans.append((result.start, result.end))
    return sorted(set(spans))


def uk_cases() -> None:
    from policy_check import Checker
    from policy_check.text.normalise import normalise

    checker = Checker(profile="eastbrook")
    recognizers = _presidio_recognizers()
    with open(DATA / "presidio" / "presidio_recognizer_test_cases.csv", encoding="utf-8") as handle:
        cases = list(csv.DictReader(handle))
    # exact hits, missed, unexpected
    tallies = {"policy-check": [0, 0, 0], "policy-check recognizers": [0, 0, 0], "presidio patterns": [0, 0, 0]}
    misses: list[str] = []
    for case in cases:
        expected = {tuple(s) for s in json.loads(case["expected_spans"])}
        report = checker.check(case["text"])
        ours = {(s.start, s.end) for f in report.findings if f.topic in PERSONAL for s in f.spans}
        # Normalising keeps every offset, so evidence hits index the case's text as it is.
        evidence = checker.nlp(normalise(case["text"]))._.evidence
        entities = set(case["entity"].split("|"))  # a case with two spans names an entity per span
        recognized = {(h.start_char, h.end_char) for entity in entities for h in evidence.get(RECOGNIZES[entity])}
        theirs = set(_presidio_spans(recognizers, case["text"], entities)) if recognizers else set()
        for name, got in (("policy-check", ours), ("policy-check recognizers", recognized), ("presidio patterns", theirs)):
            tallies[name][0] += len(expected & got)
            tallies[name][1] += len(expected - got)
            tallies[name][2] += len(got - expected)
        if ours != expected or recognized != expected:
            misses.append(
                f"  {case['entity']:14} {case['text']!r}: expected {sorted(expected)}, shown {sorted(ours)}, recognised {sorted(recognized)}"
            )
    total = sum(int(c["expected_count"]) for c in cases)
    print(f"\nPresidio UK recognizer cases: {len(cases)} texts, {total} expected spans")
    print(f"{'tool':28} {'found':>6} {'missed':>7} {'unexpected':>10}")
    for name, (hit, miss, extra) in tallies.items():
        if name.startswith("policy-check") or recognizers:
            print(f"{name:28} {hit:6d} {miss:7d} {extra:10d}")
    if misses:
        print("policy-check differences:\n" + "\n".join(misses))


def synthetic(limit: int | None) -> None:
    from policy_check import Checker

    covered = {"PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "STREET_ADDRESS"}
    sentences = json.loads((DATA / "presidio" / "synth_dataset_v2.json").read_text(encoding="utf-8"))[:limit]
    texts = [s["full_text"] for s in sentences]
    gold_spans = [[(x["start_position"], x["end_position"]) for x in s["spans"] if x["entity_type"] in covered] for s in sentences]
    gold = [bool(g) for g in gold_spans]
    checker = Checker(profile="eastbrook")
    recognizers = _presidio_recognizers()

    def overlap_counts(predicted: list[list[tuple[int, int]]]) -> tuple[int, int, int]:
        tp = fp = fn = 0
        for pred, ref in zip(predicted, gold_spans):
            tp += sum(any(a < d and c < b for c, d in pred) for a, b in ref)
            fn += sum(not any(a < d and c < b for c, d in pred) for a, b in ref)
            fp += sum(not any(a < d and c < b for a, b in ref) for c, d in pred)
        return tp, fp, fn

    start = time.perf_counter()
    ours = [[(s.start, s.end) for f in r.findings if f.topic in PERSONAL for s in f.spans] for r in checker.check_many(texts)]
    ours_time = f"{time.perf_counter() - start:.1f}s"
    results = {"policy-check": binary_scores(gold, [bool(x) for x in ours])}
    spans = {"policy-check": overlap_counts(ours)}
    times = {"policy-check": ours_time}
    if recognizers:
        wanted = {"PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD"}
        start = time.perf_counter()
        theirs = [_presidio_spans(recognizers, t, wanted) for t in texts]
        times["presidio patterns"] = f"{time.perf_counter() - start:.1f}s"
        results["presidio patterns"] = binary_scores(gold, [bool(x) for x in theirs])
        spans["presidio patterns"] = overlap_counts(theirs)
    print_table(f"Presidio synthetic sentences: {len(texts)} sentences, {sum(gold)} with a phone, e-mail, card or street address", results, times)
    print(f"{'span level (overlap)':28} {'P':>7} {'R':>7} {'F1':>7}")
    for name, (tp, fp, fn) in spans.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{name:28} {p:7.3f} {r:7.3f} {f:7.3f}")
    print("note: the sentences are mostly US-style; policy-check's street and phone patterns are written for the UK,"
          " and Presidio has no street-address pattern recognizer.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N rows of each set.")
    args = parser.parse_args()
    davidson(args.limit)
    uk_cases()
    synthetic(args.limit)


if __name__ == "__main__":
    main()
