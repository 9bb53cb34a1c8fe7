"""The parser's faster tree decoding gives Stanza's own trees."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

from quotes.annotate import Annotator, _pipeline
from quotes.decode import _is_tree, best_tree

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def scores_for(heads: list[int], rng: np.random.Generator, margin: float) -> np.ndarray:
    """Random log-scores for a sentence of len(heads) words in which heads[d - 1] (0 the root) is word
    d's best head by `margin` (a negative margin makes it no better than chance)."""
    size = len(heads) + 1
    scores = rng.normal(size=(size, size)).astype(np.float32) - 3.0
    for word, head in enumerate(heads, start=1):
        scores[word, head] += margin
    return scores


@pytest.mark.parametrize(
    ("heads", "tree"),
    [
        ([0], True),
        ([2, 0, 2], True),
        ([0, 1, 2, 3], True),
        ([2, 1], False),  # a cycle, no root
        ([0, 0], False),  # two roots
        ([0, 3, 2], False),  # a root and a cycle beside it
        ([0, 1, 4, 5, 3], False),
    ],
)
def test_a_tree_is_told_from_a_cycle_and_from_two_roots(heads: list[int], tree: bool) -> None:
    assert _is_tree(np.array(heads)) is tree


@pytest.mark.parametrize("seed", range(40))
def test_the_best_tree_is_stanzas(seed: int) -> None:
    """Clear trees (the greedy path), two-rooted and cyclic best heads (Stanza's own search), and
    noise: every one gives the tree Chu-Liu-Edmonds gives."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 40))
    heads = [0] + [int(rng.integers(1, d + 1)) for d in range(1, size)]  # each word hangs on an earlier one
    if seed % 4 == 1 and size > 2:
        heads[-1] = 0  # two roots
    if seed % 4 == 2:
        rng.shuffle(heads)  # cycles, as a rule
    margin = [8.0, 8.0, 2.0, -5.0][seed % 4]
    scores = scores_for(heads, rng, margin)
    assert np.array_equal(best_tree(scores.copy()), chuliu_edmonds_one_root(scores.copy()))


def test_real_parses_are_unchanged(annotator: Annotator) -> None:
    """A real article parsed with Stanza's decoder and with ours: the same heads and relations."""
    text = (FIXTURES / "according_to.txt").read_text(encoding="utf-8")
    parser = Annotator(annotator.source, threads=1, parse="all")
    ours = parser.annotate(text)
    model = _pipeline(parser.source, use_gpu=False, threads=1).processors["depparse"]._trainer.model
    assert "decode_graph_predictions" in vars(model)  # the faster decoder is installed
    del model.decode_graph_predictions
    try:
        theirs = parser.annotate(text)
    finally:
        from quotes.decode import speed_up

        speed_up(_pipeline(parser.source, use_gpu=False, threads=1))
    assert len(ours.sentences) > 3
    assert [(t.head, t.deprel) for s in ours.sentences for t in s.tokens] == [
        (t.head, t.deprel) for s in theirs.sentences for t in s.tokens
    ]
