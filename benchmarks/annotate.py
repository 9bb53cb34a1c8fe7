"""Speed and memory of the annotation and the whole analysis, against plain Stanza on the same texts.

    python benchmarks/annotate.py                       # the seed article, repeated
    python benchmarks/annotate.py --polnear ../shared/data/polnear/dev.jsonl --limit 20

Prints words/s for: plain `stanza.Pipeline` with the same models, `quotes.annotate.Annotator` (Stanza
plus our conversion to AnnotatedDoc), and the full analysis (annotation plus the quote rules), the
ratio of each to plain Stanza, and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import stanza
import torch

from quotes.annotate import Annotator
from quotes.model import Article
from quotes.models import pipeline_options, resolve
from quotes.pipeline import analyse_doc

T = TypeVar("T")
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_df30cf6afb0c0192.txt"


def texts(args: argparse.Namespace) -> list[str]:
    if args.polnear:
        with open(args.polnear, encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle][: args.limit]
    return [SEED.read_text(encoding="utf-8")] * args.repeat


def timed(run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def line(label: str, seconds: float, words: int, baseline: float | None) -> None:
    ratio = f"  {seconds / baseline:.2f}x plain Stanza's time" if baseline else ""
    print(f"{label:<30} {seconds:8.1f} s  {words / seconds:8.0f} words/s{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", default="bundled", help="bundled, stanza or a stanza_resources directory")
    parser.add_argument("--polnear", help="a PolNeAR JSONL file whose texts to use instead of the seed")
    parser.add_argument("--limit", type=int, default=20, help="how many PolNeAR texts")
    parser.add_argument("--repeat", type=int, default=10, help="how many copies of the seed article")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads(), help="torch threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    corpus = texts(args)
    source = resolve(args.models)
    nlp = stanza.Pipeline(**pipeline_options(source), logging_level="WARN")
    annotator = Annotator(source)
    annotator.annotate("Warm up the pipeline.")
    nlp("Warm up the pipeline.")
    plain, docs = timed(lambda: nlp([stanza.Document([], text=t) for t in corpus]))
    words = sum(len(sentence.words) for doc in docs for sentence in doc.sentences)
    print(f"{len(corpus)} texts, {words} words, models: {source.kind}, {args.threads} torch thread(s)")
    line("plain stanza.Pipeline", plain, words, None)
    seconds, annotated = timed(lambda: annotator.annotate_many(corpus))
    line("quotes Annotator", seconds, words, plain)
    seconds, _ = timed(
        lambda: [analyse_doc(d, article=Article(id=str(i), text=d.text)) for i, d in enumerate(annotated)]
    )
    line("quote rules alone", seconds, words, plain)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
