"""Does selective parsing change any result? `quotes` with the parser on the chosen sentences only
(the default) against the parser on every sentence, article by article.

    python benchmarks/focus.py                     # PolNeAR dev, beside the repository
    python benchmarks/focus.py PATH.jsonl --limit 20

Both annotations go through the annotation cache (default folder, or --cache DIR), so a second run
after a rule change takes seconds. Prints how many sentences and words were parsed, and how many
articles' results differ (with the first differing fields); exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = Path("shared", "data", "polnear", "dev.jsonl")
DEFAULT_TEXTS = next(
    (up / POLNEAR_DEV for up in ROOT.parents if (up / POLNEAR_DEV).is_file()), ROOT.parent / POLNEAR_DEV
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "texts", nargs="?", type=Path, default=DEFAULT_TEXTS, help="JSONL with a 'text' field"
    )
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--cache", type=Path, help="annotation cache folder (default: the CLI's)")
    args = parser.parse_args()
    os.environ.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")

    from quotes.annotate import Annotator
    from quotes.cache import CachedAnnotator, default_dir
    from quotes.pipeline import analyse_doc

    with args.texts.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.limit]
    cache = args.cache or default_dir()
    focused = CachedAnnotator(Annotator(threads=1), cache).annotate_many(texts)
    full = CachedAnnotator(Annotator(threads=1, parse="all"), cache).annotate_many(texts)
    sentences = [s for doc in focused for s in doc.sentences]
    parsed = [s for s in sentences if not all(t.head == -1 and t.deprel == "dep" for t in s.tokens)]
    words = sum(len(s.tokens) for s in sentences)
    share = sum(len(s.tokens) for s in parsed) / max(1, words)
    print(
        f"{len(texts)} articles: parsed {len(parsed)} of {len(sentences)} sentences "
        f"({len(parsed) / max(1, len(sentences)):.1%}), {share:.1%} of words"
    )
    differ = 0
    for n, (mine, theirs) in enumerate(zip(focused, full, strict=True)):
        a, b = analyse_doc(mine), analyse_doc(theirs)
        if a != b:
            differ += 1
            parts = ("quotes", "sources", "events", "diagnostics")
            fields = [f for f in parts if getattr(a, f) != getattr(b, f)]
            print(f"  article {n}: differs in {', '.join(fields)}")
    print(f"results that differ from parsing every sentence: {differ} of {len(texts)}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
