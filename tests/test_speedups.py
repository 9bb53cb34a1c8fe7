"""Stanza made faster gives Stanza's own output: trees, features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import stanza
from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

from quotes.annotate import Annotator, _pipeline
from quotes.models import pipeline_options
from quotes.speedups import _is_tree, best_tree

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


def test_real_annotations_are_unchanged(annotator: Annotator) -> None:
    """A real article through Stanza's own pipeline and through ours, sped up: the same tags,
    features, lemmas, heads and relations for every word."""
    text = (FIXTURES / "according_to.txt").read_text(encoding="utf-8")
    ours = _pipeline(annotator.source, use_gpu=False, threads=1)
    assert "decode_graph_predictions" in vars(ours.processors["depparse"]._trainer.model)
    plain = stanza.Pipeline(**pipeline_options(annotator.source), logging_level="WARN")

    def words(nlp: stanza.Pipeline) -> list[tuple[str, str, str, str, int, str]]:
        doc = nlp(text)
        return [(w.upos, w.xpos, w.feats, w.lemma, w.head, w.deprel) for s in doc.sentences for w in s.words]

    theirs = words(plain)
    assert len(theirs) > 100
    assert words(ours) == theirs
