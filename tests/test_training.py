"""The training entry point's pieces that run without training: commands, compaction, per-treebank scores."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from quotes.errors import TrainingError
from quotes.training.compact import compact_model
from quotes.training.data import Layout, check_data_dir
from quotes.training.recipes import PROCESSORS, QUICK, RECIPES
from quotes.training.run import per_treebank, train, train_command

SENTENCE = "# text = {w}\n1\t{w}\t{w}\tNOUN\tNN\t_\t0\troot\t_\t_\n"


@pytest.mark.parametrize("processor", PROCESSORS)
def test_each_processor_has_a_training_command(processor: str, tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    labels = layout.tokenize("en_quotes-ud-train.toklabels")
    labels.parent.mkdir(parents=True)
    labels.write_text("0001002" * 10)
    command = train_command(processor, layout, models=tmp_path / "m", pretrain=tmp_path / "v.pt", quick=True)
    assert command[1:4] == ["-m", RECIPES[processor].module, "--mode"]
    assert command[command.index("--save_name") + 1] == f"{processor}.pt"
    assert command[-len(QUICK[processor]) :] == list(QUICK[processor])  # argparse keeps the last value
    assert ("--wordvec_pretrain_file" in command) == RECIPES[processor].uses_pretrain


def test_models_with_word_vectors_need_a_pretrain(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="needs word vectors"):
        train_command("pos", Layout(tmp_path), models=tmp_path, pretrain=None)


def test_unknown_processor_and_missing_data_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="unknown processor"):
        train(data=tmp_path, out=tmp_path, work=tmp_path, pretrain=None, processors=("sentiment",))
    with pytest.raises(TrainingError, match=r"en_ewt-ud-train\.conllu"):
        check_data_dir(tmp_path)


def test_compaction_halves_weights_and_drops_optimizer_state(tmp_path: Path) -> None:
    state = {
        "model": {"w": torch.ones(64, 64), "ids": torch.arange(3)},
        "optimizer": {"m": torch.ones(64, 64)},
    }
    torch.save(state, tmp_path / "big.pt")
    before, after = compact_model(tmp_path / "big.pt", tmp_path / "small.pt")
    assert after < before / 2
    small = torch.load(tmp_path / "small.pt", weights_only=False)
    assert "optimizer" not in small
    assert small["model"]["w"].dtype == torch.float16
    assert small["model"]["ids"].dtype == torch.int64  # integer tensors stay as they are


def test_scores_per_treebank_split_the_combined_test_set(tmp_path: Path) -> None:
    words = ["alpha", "beta", "gamma"]
    gold = tmp_path / "gold.conllu"
    gold.write_text("\n".join(SENTENCE.format(w=w) for w in words) + "\n")
    pred = tmp_path / "pred.conllu"
    pred.write_text(
        "\n".join(SENTENCE.format(w=w).replace("NOUN", "VERB" if w == "gamma" else "NOUN") for w in words)
        + "\n"
    )
    scores = per_treebank(gold, pred, first=2, metrics={"upos": "UPOS"}, logs=tmp_path)
    assert scores == {"upos_ewt": 100.0, "upos_gum": 0.0}
