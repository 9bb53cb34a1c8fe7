"""Lay out the training data the way Stanza's training code expects it.

EWT and GUM are concatenated into one treebank, `en_quotes` (Stanza's own English default combines
them too); the GUM-derived NER set is used as it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from quotes.errors import TrainingError

SHORT = "en_quotes"
TREEBANK = "UD_English-Quotes"
SPLITS = ("train", "dev", "test")
SOURCES = {"UD_English-EWT": "en_ewt", "UD_English-GUM": "en_gum"}


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the prepared files live under a work directory."""

    work: Path

    @property
    def ud(self) -> Path:
        return self.work / "ud"

    @property
    def stanza_data(self) -> Path:
        return self.work / "data"

    def conllu(self, split: str) -> Path:
        return self.stanza_data / "pos" / f"{SHORT}.{split}.in.conllu"

    def tokenize(self, name: str) -> Path:
        return self.stanza_data / "tokenize" / name

    def mwt(self, name: str) -> Path:
        return self.stanza_data / "mwt" / name

    def ner(self, split: str) -> Path:
        return self.stanza_data / "ner" / f"en_gumner.{split}.json"


def check_data_dir(data: Path) -> None:
    missing = [
        str(data / tb / f"{short}-ud-{split}.conllu")
        for tb, short in SOURCES.items()
        for split in SPLITS
        if not (data / tb / f"{short}-ud-{split}.conllu").is_file()
    ]
    missing += [
        str(data / "GUM_NER" / f"en_gumner.{s}.json")
        for s in SPLITS
        if not (data / "GUM_NER" / f"en_gumner.{s}.json").is_file()
    ]
    if missing:
        raise TrainingError(f"training data incomplete under {data}: missing {', '.join(missing)}")


def prepare(data: Path, layout: Layout, *, processors: tuple[str, ...]) -> None:
    """Combine the treebanks and run Stanza's own data preparation for the processors asked for."""
    check_data_dir(data)
    combined = layout.ud / TREEBANK
    combined.mkdir(parents=True, exist_ok=True)
    # remember where EWT's test sentences end, to score each treebank on its own
    ewt_test = (data / "UD_English-EWT" / "en_ewt-ud-test.conllu").read_text(encoding="utf-8")
    (combined / "ewt_sentences.txt").write_text(str(len(ewt_test.strip().split("\n\n"))))
    for split in SPLITS:
        with (combined / f"{SHORT}-ud-{split}.conllu").open("wb") as out:
            for tb, short in SOURCES.items():
                out.write((data / tb / f"{short}-ud-{split}.conllu").read_bytes().rstrip(b"\n") + b"\n\n")
    env = {**os.environ, "UDBASE": str(layout.ud), "DATA_ROOT": str(layout.stanza_data)}
    steps = {
        "tokenize": "prepare_tokenizer_treebank",
        "mwt": "prepare_mwt_treebank",
        "pos": "prepare_pos_treebank",
    }
    # the parser, lemmatizer and tagger all read the gold CoNLL-U copied by the POS step;
    # --gold stops prepare_depparse/lemma from downloading a tagger to retag the data
    wanted = {"pos"} | {p for p in processors if p in steps}
    for processor in sorted(wanted):
        command = [sys.executable, "-m", f"stanza.utils.datasets.{steps[processor]}", TREEBANK]
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise TrainingError(f"{steps[processor]} failed:\n{result.stderr[-2000:]}")
    ner_dir = layout.stanza_data / "ner"
    ner_dir.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        shutil.copyfile(data / "GUM_NER" / f"en_gumner.{split}.json", layout.ner(split))
