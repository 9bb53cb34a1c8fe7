"""Throughput, cold start, memory and parallel speed-up of `quotes`, against plain Stanza, in one run.

    python benchmarks/speed.py                          # PolNeAR dev (>= 50,000 words), ~15 minutes
    python benchmarks/speed.py --words 5000             # a quick sample
    python benchmarks/speed.py PATH.jsonl --quantize    # other news texts; int8-quantised models

The texts are read at run time from a JSONL file with a "text" field (default: the PolNeAR dev set
in ../shared/data/polnear/dev.jsonl beside the repository; never copy it into the repository),
taken in order until --words words; without that file the fixtures' articles are repeated instead.

Prints, all with one torch thread a process:
  - words/s of plain Stanza (the bundled models, or those of --plain-models; Stanza's own settings,
    all processors, one call)
    and of `quotes` end to end (annotation and the quote rules, one call), and their ratio; and of
    `quotes` parsing every sentence (no selective parse), to show what the focus saves;
  - cold start: wall seconds of `quotes analyse seeds/000_df30cf6afb0c0192.txt` in a fresh process,
    and that process's peak resident memory;
  - this process's peak resident memory (both pipelines loaded, all texts annotated);
  - `quotes batch` over the same texts with 1 and with 2 workers (wall seconds, model loading
    included) and the speed-up;
  - re-analysis from a warm annotation cache (`quotes batch --cache DIR`, run twice), or "n/a" when
    this version of `quotes batch` has no --cache option.
Words are Stanza's words (after multi-word-token expansion) for the in-process figures, whitespace
words for the `quotes batch` runs (which run first). State the machine's load (printed from
/proc/loadavg) with any figure you quote.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = Path("shared", "data", "polnear", "dev.jsonl")
# ../shared beside the repository; a git worktree one level deeper finds it further up
DEFAULT_TEXTS = next(
    (up / POLNEAR_DEV for up in ROOT.parents if (up / POLNEAR_DEV).is_file()), ROOT.parent / POLNEAR_DEV
)
SEED = ROOT / "seeds" / "000_df30cf6afb0c0192.txt"
T = TypeVar("T")


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 1)[0] if Path("/proc/loadavg").exists() else "?"


def sample(path: Path, words: int) -> tuple[list[str], str]:
    """Texts in order until `words` whitespace words, and where they came from."""
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            pool = [json.loads(line)["text"] for line in handle if line.strip()]
        origin = str(path)
    else:
        pool = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.txt"))]
        origin = f"the fixtures, repeated ({path} not found)"
    texts: list[str] = []
    count = 0
    while count < words and pool:
        text = pool[len(texts) % len(pool)]
        texts.append(text)
        count += len(text.split())
    return texts, origin


def timed(run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def child_env() -> dict[str, str]:
    return {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def quotes_command() -> list[str]:
    script = Path(sys.executable).parent / "quotes"
    return (
        [str(script)]
        if script.is_file()
        else [sys.executable, "-c", "from quotes.cli.app import main; main()"]
    )


def run_child(args: Sequence[str]) -> tuple[float, float, int]:
    """Run `quotes ARGS...`: wall seconds, peak resident MB of the process, exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [*quotes_command(), *args], env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        message = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"quotes {' '.join(args)} failed ({code}): {message}")
    return seconds, usage.ru_maxrss / 1024, code


def in_process(
    texts: list[str], models: str, quantize: bool, plain_models: str | None = None
) -> tuple[int, float, float, float]:
    """Words, plain Stanza seconds, `quotes` seconds, and `quotes` seconds parsing every sentence
    (`Annotator(parse="all")`) on `texts`, models loaded beforehand."""
    import stanza
    import torch

    from quotes import flow
    from quotes.annotate import Annotator
    from quotes.model import Article
    from quotes.models import pipeline_options, resolve

    torch.set_num_threads(1)
    source = resolve(models)
    # plain Stanza: the same models (or those named by --plain-models) with Stanza's own settings (its
    # batch sizes, not ours)
    plain_source = resolve(plain_models) if plain_models else source
    plain_options = {k: v for k, v in pipeline_options(plain_source).items() if not k.endswith("_batch_size")}
    nlp = stanza.Pipeline(**plain_options, logging_level="WARN")
    annotator = Annotator(source, threads=1, quantize=quantize)
    everything = Annotator(source, threads=1, quantize=quantize, parse="all")
    nlp("Warm up the pipeline.")
    annotator.annotate("Warm up the pipeline.")
    everything.annotate("Warm up the pipeline.")
    plain, docs = timed(lambda: nlp([stanza.Document([], text=t) for t in texts]))
    words = sum(len(sentence.words) for doc in docs for sentence in doc.sentences)
    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    ours, outcomes = timed(lambda: flow.analyse_articles(articles, annotator=annotator))
    failed = [o for o in outcomes if isinstance(o, flow.Failure)]
    if failed:
        raise SystemExit(f"{len(failed)} article(s) failed, e.g. {failed[0].reason}")
    full, _ = timed(lambda: flow.analyse_articles(articles, annotator=everything))
    return words, plain, ours, full


def has_cache_option() -> bool:
    found = subprocess.run(
        [*quotes_command(), "batch", "--help"], env=child_env(), capture_output=True, text=True, check=False
    )
    return "--cache" in found.stdout


def batches(texts: list[str], words: int, *, cache: bool) -> None:
    """`quotes batch` with 1 and 2 workers, then again from the warm cache when there is one."""
    with tempfile.TemporaryDirectory(prefix="quotes-speed-") as tmp:
        corpus = Path(tmp) / "texts.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for i, text in enumerate(texts):
                handle.write(json.dumps({"id": f"t{i}", "text": text}) + "\n")
        cached = ["--cache", str(Path(tmp) / "cache")] if cache else []
        seconds = {}
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}"
            extra = cached if workers == 1 else []  # the one-worker run fills the cache
            line = f"load {load()}"
            seconds[workers], rss, _ = run_child(
                ["batch", str(corpus), "--out", str(out), "--workers", str(workers), "--threads", "1", *extra]
            )
            print(
                f"quotes batch, {workers} worker(s)   {seconds[workers]:8.1f} s  "
                f"{words / seconds[workers]:8.0f} words/s  (models loading included; largest process "
                f"{rss:.0f} MB; {line})"
            )
            shutil.rmtree(out)
        print(f"2 workers / 1 worker          {seconds[1] / seconds[2]:8.2f}x")
        if not cache:
            print("re-analysis, warm cache       n/a (this quotes batch has no --cache option)")
            return
        line = f"load {load()}"
        warm, _, _ = run_child(
            ["batch", str(corpus), "--out", str(Path(tmp) / "warm"), "--threads", "1", *cached]
        )
        print(
            f"re-analysis, warm cache       {warm:8.1f} s  {seconds[1] / warm:8.1f}x faster "
            f"than from scratch ({line})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "texts", nargs="?", type=Path, default=DEFAULT_TEXTS, help="JSONL with a 'text' field"
    )
    parser.add_argument("--words", type=int, default=50_000, help="at least this many words (default 50,000)")
    parser.add_argument("--models", default="bundled", help="bundled, stanza or a stanza_resources directory")
    parser.add_argument(
        "--plain-models",
        help="models for plain Stanza, if not those of quotes: e.g. a copy of an earlier bundle (a folder "
        "with resources.json), to compare with the pipeline as it was",
    )
    parser.add_argument("--quantize", action="store_true", help="quotes with int8-quantised models")
    parser.add_argument("--no-batch", action="store_true", help="skip the 1/2-worker and cache runs")
    args = parser.parse_args()
    os.environ.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    texts, origin = sample(args.texts, args.words)
    print(f"{len(texts)} texts from {origin}; {os.cpu_count()} cores; load at start {load()}")

    # --no-cache: a cold start annotates; a warm annotation cache would skip loading the models
    cold, cold_rss, _ = run_child(["analyse", str(SEED), "--format", "json", "--no-cache"])
    print(
        f"cold start: quotes analyse {SEED.relative_to(ROOT)}  {cold:.1f} s, peak RSS {cold_rss:.0f} MB "
        f"(load {load()})"
    )

    # child processes first: a child's peak RSS starts from this process's size when it forks
    if not args.no_batch:
        batches(texts, sum(len(t.split()) for t in texts), cache=has_cache_option())
    words, plain, ours, full = in_process(texts, args.models, args.quantize, args.plain_models)
    plain_models = f", plain Stanza: {args.plain_models}" if args.plain_models else ""
    print(f"{words} words (Stanza's), models: {args.models}{plain_models}, one torch thread (load {load()})")
    print(f"plain Stanza                  {plain:8.1f} s  {words / plain:8.0f} words/s")
    print(f"quotes end to end             {ours:8.1f} s  {words / ours:8.0f} words/s")
    print(f"quotes / plain Stanza         {plain / ours:8.2f}x words/s")
    print(f"quotes, every sentence parsed {full:8.1f} s  {words / full:8.0f} words/s")
    print(f"selective parsing gains       {full / ours:8.2f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process      {peak:8.0f} MB (plain Stanza and quotes both loaded)")


if __name__ == "__main__":
    main()
