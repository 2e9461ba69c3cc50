"""Speed and size, side by side in one run: policy-check, the bare spaCy tokenizer, and baselines.

    .venv-bench/bin/python bench/speed.py [--posts 100000]      (make bench sets it up)

Posts are real-length public posts (Davidson tweets, Presidio's synthetic sentences and this
project's corpus), cycled to the requested count. Prints:

- whole-process `policy-check batch` rate, single process and --workers 2, with peak memory
  (the process tree's resident memory, sampled);
- the same posts in one process through the Python API and through a bare
  `spacy.blank("en")` tokenizer: the floor for any spaCy checker;
- cost against size (a quarter, half and all of the posts) to show it grows linearly;
- per-post latency of `Checker.check` (p50, p99) and the cold start of `policy-check check`;
- alt-profanity-check, better-profanity and Presidio's pattern recognizers on the same posts.

Nothing here is a test. Figures vary with the machine and its load; compare within one run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
BIN = Path(sys.executable).parent
PROFILE = ROOT / "rules" / "model-council" / "profiles" / "eastbrook.yaml"


def load_posts(n: int) -> list[str]:
    with open(DATA / "davidson" / "labeled_data.csv", encoding="utf-8") as handle:
        texts = [r["tweet"] for r in csv.DictReader(handle)]
    texts += [s["full_text"] for s in json.loads((DATA / "presidio" / "synth_dataset_v2.json").read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "corpora").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(islice(cycle(texts), n))


def write_jsonl(texts: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")


def run_measured(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds and peak memory (MB) of a command and all its children, sampled.

    Two peaks: resident memory summed over the processes, which counts pages that forked
    workers share with their parent once per process, and proportional memory (PSS), which
    splits each shared page between the processes sharing it: their sum is what the
    process tree costs the machine.
    """
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        try:
            procs = [p for p in (proc, *proc.children(recursive=True)) if p.is_running()]
            peak_rss = max(peak_rss, sum(p.memory_info().rss for p in procs))
            peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {proc.stderr.read().decode()[-2000:]}")
    return wall, peak_rss / 1e6, peak_pss / 1e6


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:10,.0f} posts/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--skip-baselines", action="store_true")
    args = parser.parse_args()
    n = args.posts
    texts = load_posts(n)
    words = sum(len(t.split()) for t in texts) / n
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"posts: {n:,} real-length posts, {words:.1f} words each on average\n")

    tmp = Path(tempfile.mkdtemp(prefix="policy-check-bench-"))
    files = {}
    for size in (n // 4, n // 2, n):
        files[size] = tmp / f"posts-{size}.jsonl"
        write_jsonl(texts[:size], files[size])

    # Whole processes run in the environment `make setup` builds, as users have it: this one
    # also holds the baselines, and Presidio registers spaCy factories that spaCy imports at
    # every start (about 0.8 s of each start on this project's machine).
    own = ROOT / ".venv" / "bin" / "policy-check"
    cli = str(own if own.exists() else BIN / "policy-check")
    print(f"Whole process (policy-check batch, JSONL in, JSONL out, default pack), with {cli}:")
    for workers in (1, 2):
        wall, rss, pss = run_measured([cli, "batch", str(files[n]), "--org", str(PROFILE), "--no-progress",
                                       "--workers", str(workers), "--output", str(tmp / "out.jsonl")])
        print(f"  --workers {workers}: {rate(n, wall)}  ({wall:.1f}s, peak memory {rss:.0f} MB resident summed, {pss:.0f} MB proportional)")
    print("Cost against size (single process):")
    for size, path in files.items():
        wall, rss, _ = run_measured([cli, "batch", str(path), "--org", str(PROFILE), "--no-progress", "--output", str(tmp / "out.jsonl")])
        print(f"  {size:>8,} posts: {wall:6.1f}s, {wall / size * 1e6:6.1f} µs/post, peak memory {rss:.0f} MB")

    import spacy

    from policy_check import Checker

    print("\nIn one process, the same posts:")
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts):
        pass
    floor = n / (time.perf_counter() - start)
    print(f"  bare spacy.blank('en') tokenizer : {floor:10,.0f} posts/s  (the floor for a spaCy checker)")
    checker = Checker(profile=PROFILE)
    start = time.perf_counter()
    for _ in checker.check_many(texts):
        pass
    ours = n / (time.perf_counter() - start)
    print(f"  {'policy-check Checker.check_many':33}: {ours:10,.0f} posts/s  ({ours / floor:.2f} of the tokenizer's rate)")

    checker = Checker(profile=PROFILE)
    sample = texts[: min(n, 20_000)]
    latencies = []
    for text in sample:
        t0 = time.perf_counter_ns()
        checker.check(text)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99)]
    print(f"\nPer-post latency of Checker.check over {len(sample):,} posts: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {latencies[-1]:.1f} ms")

    # The compiled pack is cached on disk between runs (diskcache.py): measure the usual
    # start (cache warm, after a first run) and the first start after a pack edit (no cache).
    command = [cli, "check", "My manager is a useless idiot", "--org", str(PROFILE)]
    with tempfile.TemporaryDirectory() as cache:
        for label, setting in (("compiled pack cached", cache), ("no cache: first run after a pack edit", "off")):
            env = {**os.environ, "POLICY_CHECK_CACHE": setting}
            subprocess.run(command, capture_output=True, check=True, env=env)  # fills the cache
            colds = []
            for _ in range(5):
                t0 = time.perf_counter()
                subprocess.run(command, capture_output=True, check=True, env=env)
                colds.append(time.perf_counter() - t0)
            print(f"Cold start of `policy-check check`, {label} (whole process, 5 runs): median {statistics.median(colds):.2f}s, best {min(colds):.2f}s")

    if not args.skip_baselines:
        baselines(texts)


def baselines(texts: list[str]) -> None:
    n = len(texts)
    print("\nBaselines on the same posts (one process):")
    try:
        from profanity_check import predict

        start = time.perf_counter()
        for i in range(0, n, 10_000):
            predict(texts[i : i + 10_000])
        print(f"  alt-profanity-check             : {rate(n, time.perf_counter() - start)}")
    except ImportError:
        print("  alt-profanity-check not installed")
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        subset = texts[: min(n, 20_000)]  # it is slow: measured on a subset
        start = time.perf_counter()
        for text in subset:
            profanity.contains_profanity(text)
        print(f"  better-profanity                : {rate(len(subset), time.perf_counter() - start)}  (on {len(subset):,} posts)")
    except ImportError:
        print("  better-profanity not installed")
    try:
        sys.path.insert(0, str(Path(__file__).parent))
        from accuracy import _presidio_recognizers

        recognizers = _presidio_recognizers()
        entities = list(recognizers)
        subset = texts[: min(n, 20_000)]
        start = time.perf_counter()
        for text in subset:
            for entity, recognizer in recognizers.items():
                recognizer.analyze(text, [entity], None)  # type: ignore[attr-defined]
        print(f"  presidio pattern recognizers    : {rate(len(subset), time.perf_counter() - start)}  (on {len(subset):,} posts; {', '.join(entities)})")
    except ImportError:
        print("  presidio-analyzer not installed")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
