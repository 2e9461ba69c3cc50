"""The cost of a check under two packs or two versions of the code, side by side.

    .venv/bin/python bench/side_by_side.py PACK_A PACK_B [--posts 20000] [--rounds 5]
    .venv/bin/python bench/side_by_side.py PACK@CODE_DIR PACK@OTHER_CODE_DIR

A side is a pack folder, optionally with `@` and the folder of another checkout whose
`policy_check` should run it (a `git worktree` of an older commit). Each round runs every
side once, in turn, in a fresh process with its own compiled-pack cache, and measures the
CPU time of `Checker.check_many` over the same posts (those of `bench/speed.py`) after a
warm-up; alternating is what makes figures taken on a busy machine comparable. Prints
each side's microseconds a post, every round and the median.

Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speed import PROFILE, load_posts

WARM_UP = 1000


def _measure(pack: str, posts: int) -> None:
    from policy_check.checker import Checker

    texts = load_posts(posts)
    checker = Checker(pack, profile=PROFILE)
    list(checker.check_many(texts[:WARM_UP]))
    start = time.process_time()
    n = sum(1 for _ in checker.check_many(texts))
    print(f"{(time.process_time() - start) / n * 1e6:.0f}")


def _run(side: str, posts: int, cache: Path) -> int:
    pack, _, code = side.partition("@")
    env = dict(os.environ, POLICY_CHECK_CACHE=str(cache))
    if code:
        env["PYTHONPATH"] = str(Path(code).resolve())
    # From a scratch folder, so that no checkout in the working directory shadows PYTHONPATH.
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(Path(pack).resolve()), "--posts", str(posts)],
        env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True,
    )
    return int(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sides", nargs="+", help="PACK or PACK@CODE_DIR")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.sides[0], args.posts)
        return
    figures: dict[str, list[int]] = {side: [] for side in args.sides}
    with tempfile.TemporaryDirectory() as scratch:
        caches = {side: Path(scratch) / f"cache-{i}" for i, side in enumerate(args.sides)}
        for round_ in range(1, args.rounds + 1):
            for side in args.sides:
                figures[side].append(_run(side, args.posts, caches[side]))
            print(f"round {round_}: " + ", ".join(f"{figures[s][-1]:,}" for s in args.sides), flush=True)
    print(f"\n{args.posts:,} posts, {args.rounds} alternations, CPU µs a post of check_many:")
    for side, values in figures.items():
        print(f"  {side}: median {statistics.median(values):,.0f} (range {min(values):,}-{max(values):,})")


if __name__ == "__main__":
    main()
