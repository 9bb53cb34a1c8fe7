"""Time and peak memory of articles built to hurt: one per line of the reliability issue.

    python benchmarks/pathological.py [--only NAME]

Each case runs in a fresh process (the models loaded once there) so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

CASES = {
    "quote_marks_10k": '"' * 10_000,
    "words_1000_no_stop": " ".join(f"word{i % 97}" for i in range(1_000)),
    "words_1600_no_stop": " ".join(f"word{i % 97}" for i in range(1_600)),
    "said_300k_chars": ("The minister said the plan would work, officials said. " * 5_500)[:300_000],
    "single_line_5mb": ("Smith said that the talks failed " * 160_000)[:5_000_000],
}


def _child(name: str) -> None:
    from quotes.annotate import Annotator
    from quotes.pipeline import analyse_doc

    annotator = Annotator(threads=1)
    annotator.annotate("Warm up.")
    start = time.perf_counter()
    doc = annotator.annotate(CASES[name])
    annotated = time.perf_counter()
    result = analyse_doc(doc)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    codes = sorted({d.code for d in result.diagnostics})
    print(
        f"{name:22s} {len(CASES[name]):>9,d} chars  annotate {annotated - start:7.1f} s  "
        f"rules {done - annotated:6.1f} s  peak RSS {peak:7.0f} MB  quotes {len(result.quotes):4d}  {codes}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(CASES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    for name in args.only or CASES:
        subprocess.run([sys.executable, __file__, "--child", name], env=env, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
