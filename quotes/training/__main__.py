"""`python -m quotes.training`: the same as `quotes models train`, without the CLI's dependencies."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from quotes.training.recipes import PROCESSORS
from quotes.training.run import train


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m quotes.training", description=__doc__)
    parser.add_argument(
        "--data", type=Path, required=True, help="folder with UD_English-EWT, UD_English-GUM, GUM_NER"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="bundle folder to write (en/<processor>/quotes.pt)"
    )
    parser.add_argument(
        "--work", type=Path, required=True, help="scratch folder: prepared data, checkpoints, logs"
    )
    parser.add_argument("--pretrain", type=Path, help="Stanza pretrain .pt of word vectors")
    parser.add_argument("--only", default=",".join(PROCESSORS), help="comma-separated processors to train")
    parser.add_argument("--time-limit", type=float, default=3600.0, help="seconds of training per model")
    parser.add_argument("--parallel", action="store_true", help="train the models at the same time (GPU)")
    parser.add_argument(
        "--quick", action="store_true", help="a few steps per model: checks the training path"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    train(
        data=args.data,
        out=args.out,
        work=args.work,
        pretrain=args.pretrain,
        processors=tuple(p for p in args.only.split(",") if p),
        time_limit=args.time_limit,
        parallel=args.parallel,
        quick=args.quick,
    )


if __name__ == "__main__":
    main()
