"""Hyperparameters of the bundled models, as data: one recipe per Stanza processor.

The sizes are chosen to fit the 60 MB budget of the bundled files (see README, "Bundled models"):
default Stanza English uses hidden sizes of 400 and a charlm; we use 128-256 and no charlm.
"""

from __future__ import annotations

from dataclasses import dataclass

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")


@dataclass(frozen=True, slots=True)
class Recipe:
    processor: str
    module: str  # the stanza training module run as `python -m`
    options: tuple[str, ...]  # size and schedule options passed to it
    uses_pretrain: bool = False


RECIPES: dict[str, Recipe] = {
    "tokenize": Recipe(
        "tokenize",
        "stanza.models.tokenizer",
        ("--steps", "20000", "--eval_steps", "500", "--max_steps_before_stop", "5000"),
    ),
    "mwt": Recipe("mwt", "stanza.models.mwt_expander", ("--num_epoch", "30")),
    "pos": Recipe(
        "pos",
        "stanza.models.tagger",
        (
            "--hidden_dim",
            "200",
            "--char_hidden_dim",
            "200",
            "--deep_biaff_hidden_dim",
            "200",
            "--word_cutoff",
            "3",
            "--max_steps",
            "30000",
            "--eval_interval",
            "200",
            "--batch_size",
            "250",
            "--max_steps_before_stop",
            "3000",
        ),
        uses_pretrain=True,
    ),
    "lemma": Recipe("lemma", "stanza.models.lemmatizer", ("--num_epoch", "30", "--batch_size", "200")),
    # the parser is lean for speed: two LSTM layers of 160, a biaffine of 128 and no character model
    # gave a better LAS than three layers of 200 with characters, at 1.8x its speed (README, "Bundled
    # models")
    "depparse": Recipe(
        "depparse",
        "stanza.models.parser",
        (
            "--hidden_dim",
            "160",
            "--num_layers",
            "2",
            "--no_char",
            "--deep_biaff_hidden_dim",
            "128",
            "--word_cutoff",
            "3",
            "--max_steps",
            "30000",
            "--eval_interval",
            "250",
            "--batch_size",
            "5000",
            "--max_steps_before_stop",
            "3000",
        ),
        uses_pretrain=True,
    ),
    "ner": Recipe(
        "ner",
        "stanza.models.ner_tagger",
        ("--max_steps", "30000", "--eval_interval", "250", "--max_steps_no_improve", "3000"),
        uses_pretrain=True,
    ),
}


# A few steps of each model, to check the whole training path in minutes (`--quick`); argparse keeps
# the last value of a repeated option, so these override the recipes above.
QUICK: dict[str, tuple[str, ...]] = {
    "tokenize": ("--steps", "40", "--eval_steps", "20"),
    "mwt": ("--num_epoch", "1"),
    "pos": ("--max_steps", "40", "--eval_interval", "20"),
    "lemma": ("--num_epoch", "1"),
    "depparse": ("--max_steps", "40", "--eval_interval", "20"),
    "ner": ("--max_steps", "40", "--eval_interval", "20"),
}
