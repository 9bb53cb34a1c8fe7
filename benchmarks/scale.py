"""Archives at scale: does memory stay flat as a batch run grows, and what does Dask cost?

    python benchmarks/scale.py [--small 1000] [--large 10000] [--workers 2] [--no-dask]

Builds two JSONL archives of short news articles (the fixtures' texts, each article with an id, a
title and a date of its own, so the run's summary has outlets and months to count), warms an annotation
cache of its own with the fixtures' texts (so the figures are the run's own: reading, the rules,
writing results, CSVs, the workbook and the summary, not Stanza's time, which speed.py measures), then
runs `quotes batch` over each archive in a fresh process and prints, for each run: wall seconds,
articles/s and the peak resident memory of the largest process. The ratio large/small of peak memory
is the issue's check (flat: at most 1.2x); `--scheduler local` against the process pool on the same
archive is the cost of running on Dask. One torch thread a process; quote the load (/proc/loadavg).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from speed import child_env, load, quotes_command  # the benchmarks folder is this script's own

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ("Reuters", "AFP", "AP", "BBC")


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").glob("*.txt"))]
    if not found:
        raise SystemExit("no fixtures/*.txt to build articles from")
    return found


def archive(path: Path, count: int, bodies: list[str]) -> Path:
    """`count` articles cycling over `bodies`, each with its own id, title, outlet and month."""
    with path.open("wb") as out:
        for n in range(count):
            record = {
                "id": f"a{n:06d}",
                "title": f"Article {n}",
                "outlet": OUTLETS[n % len(OUTLETS)],
                "date": f"{2015 + n % 3}-{1 + n % 12:02d}-15",
                "text": bodies[n % len(bodies)],
            }
            out.write(orjson.dumps(record) + b"\n")
    return path


def batch(source: Path, out: Path, cache: Path, workers: int, *extra: str) -> tuple[float, float, float]:
    """Run `quotes batch`: wall seconds, the peak resident MB of the `quotes` process itself (the one
    that reads the inputs and writes the results) and of its largest worker, sampled from /proc."""
    args = ["batch", str(source), "--out", str(out), "--workers", str(workers), "--cache", str(cache)]
    start = time.perf_counter()
    child = subprocess.Popen(
        [*quotes_command(), *args, *extra], env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    own = worker = 0.0
    while child.poll() is None:
        own = max(own, peak_mb(child.pid))
        worker = max([worker, *(peak_mb(pid) for pid in descendants(child.pid))])
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):
        message = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"quotes {' '.join(args)} failed ({child.returncode}): {message}")
    return seconds, own, worker


def peak_mb(pid: int) -> float:
    """A live process's own peak resident memory (VmHWM), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(x.split()[1]) / 1024 for x in status.splitlines() if x.startswith("VmHWM:")), 0.0)


def descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):  # a child belongs to the thread that started it
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return children + [d for c in children for d in descendants(c)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    args = parser.parse_args()
    bodies = texts()
    with tempfile.TemporaryDirectory(prefix="quotes-scale-") as scratch:
        work = Path(scratch)
        cache = work / "cache"
        warm, _, _ = batch(archive(work / "warm.jsonl", len(bodies), bodies), work / "warm", cache, 1)
        print(f"{len(bodies)} distinct texts, annotation cache warmed in {warm:.1f} s (load {load()})")
        peaks = {}
        for count in (args.small, args.large):
            source = archive(work / f"{count}.jsonl", count, bodies)
            seconds, own, worker = batch(source, work / f"pool{count}", cache, args.workers)
            peaks[count] = own
            print(
                f"process pool, {args.workers} workers, {count:6d} articles  {seconds:7.1f} s  "
                f"{count / seconds:7.1f} articles/s  peak memory: quotes {own:4.0f} MB, largest worker "
                f"{worker:4.0f} MB  (load {load()})"
            )
        ratio = peaks[args.large] / peaks[args.small]
        print(f"peak memory of the quotes process, {args.large} articles / {args.small}: {ratio:.2f}x")
        if not args.no_dask:
            source = work / f"{args.small}.jsonl"
            seconds, own, worker = batch(source, work / "dask", cache, args.workers, "--scheduler", "local")
            pool = (work / f"pool{args.small}" / "results.jsonl").read_bytes()
            same = (work / "dask" / "results.jsonl").read_bytes() == pool
            print(
                f"Dask LocalCluster, {args.workers} workers, {args.small:6d} articles  {seconds:7.1f} s  "
                f"{args.small / seconds:7.1f} articles/s  peak memory: quotes {own:4.0f} MB, largest worker "
                f"{worker:4.0f} MB  "
                f"results.jsonl {'identical to' if same else 'DIFFERENT from'} the pool's  (load {load()})"
            )
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
