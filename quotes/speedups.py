"""Stanza made faster with the same output, in place, on a loaded pipeline.

The parser's trees. Stanza turns the parser's arc scores into a tree with Chu-Liu-Edmonds, after
lowering every root arc so that one word only hangs on the root. Lowered, most words' best head
forms a cycle, so each sentence costs dozens of cycle contractions in Python: 40% of the parser's
time on news. Yet in most sentences each word's best head, taken on the scores as they are, already
makes a tree with one root; that tree is then the best of all single-rooted trees, exactly the one
Chu-Liu-Edmonds returns (the lowering takes the same amount from every single-rooted tree). So we
check that first; where the best heads make a cycle, the best tree of any kind (a few contractions
on the scores as they are) is again the answer when it has one root arc; every other sentence is
left to Stanza's own decoder.

The taggers' feature sets. Stanza spells each word's morphological features out of their ids, and
reads them back into ids for the parser, one string format at a time: a tenth of the tagger's time
on news, for a few hundred distinct sets. Both directions are kept in a table per vocabulary.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _is_tree(heads: np.ndarray) -> bool:
    """Whether `heads` (heads[i] is the head of word i + 1; 0 the root) hangs every word on the root
    through one root arc, with no cycle."""
    if int(np.count_nonzero(heads == 0)) != 1:
        return False
    state = np.zeros(len(heads) + 1, dtype=np.int8)  # 0 unseen, 1 on the current path, 2 reaches root
    state[0] = 2
    for start in range(1, len(heads) + 1):
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = int(heads[node - 1])
        if state[node] == 1:  # came back to the current path: a cycle
            return False
        state[path] = 2
    return True


def best_tree(scores: np.ndarray) -> np.ndarray:
    """The highest-scoring tree with one root arc, as `chuliu_edmonds_one_root` returns it: scores[d, h]
    scores head h for word d (0 the root); tree[d] is d's head, tree[0] is 0."""
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds, chuliu_edmonds_one_root

    size = scores.shape[0]
    if size > 1:
        words = np.array(scores[1:], dtype=np.float64)
        words[np.arange(size - 1), np.arange(1, size)] = -np.inf  # no word heads itself
        heads = np.argmax(words, axis=1)
        if _is_tree(heads):
            return np.concatenate(([0], heads))
        # best heads that make cycles: the best tree of any kind, found with few contractions, is the
        # answer when it has one root arc
        tree = np.asarray(chuliu_edmonds(np.array(scores, dtype=np.float64)))
        if int(np.count_nonzero(tree[1:] == 0)) == 1:
            return tree
    return np.asarray(chuliu_edmonds_one_root(scores))


def _decode(
    vocab: Any, batch_size: int, preds: Any, sentlens: Any, resolve_head_constraints: bool = False
) -> Any:
    """Stanza's `GraphParser.decode_graph_predictions`, with `best_tree` for its tree search."""
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse.head_constraints import resolve_head_constraint_violations

    head_seqs, deprel_seqs = [], []
    for i, length in enumerate(sentlens):
        scores = preds[0][i][:length, :length]
        labels = preds[1][i]
        tree = best_tree(scores)
        if resolve_head_constraints:
            label_log_probs = preds[2][i][:length, :length, :]
            tree, raw = resolve_head_constraint_violations(scores, label_log_probs, tree, vocab)
            deprels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])
        else:
            deprels = vocab.unmap([labels[j + 1][h] for j, h in enumerate(tree[1:])])
        head_seqs.append(tree[1:])
        deprel_seqs.append(deprels)
    return [[[head_seqs[i][j], deprel_seqs[i][j]] for j in range(sentlens[i] - 1)] for i in range(batch_size)]


def _remembered(vocab: Any) -> None:
    """Keep a composite vocabulary's lookups (feature sets to ids and back) in tables, in place."""
    id2unit, unit2id = vocab.id2unit, vocab.unit2id
    names: dict[Any, Any] = {}
    ids: dict[str, list[int]] = {}

    def cached_id2unit(ident: Any) -> Any:
        key = tuple(ident) if isinstance(ident, list | tuple) else ident
        if key not in names:
            names[key] = id2unit(ident)
        found = names[key]
        return list(found) if isinstance(found, list) else found

    def cached_unit2id(unit: str) -> list[int]:
        if unit not in ids:
            ids[unit] = unit2id(unit)
        return list(ids[unit])

    vocab.id2unit, vocab.unit2id = cached_id2unit, cached_unit2id  # this vocabulary only


def _composite_vocabs(nlp: Any) -> list[Any]:
    from stanza.models.common.vocab import CompositeVocab

    found: dict[int, Any] = {}
    for processor in nlp.processors.values():
        trainers = [getattr(processor, "_trainer", None), *(getattr(processor, "trainers", None) or ())]
        for trainer in trainers:
            vocabs = getattr(getattr(trainer, "vocab", None), "_vocabs", {})
            found.update({id(v): v for v in vocabs.values() if isinstance(v, CompositeVocab)})
    return list(found.values())


def speed_up(nlp: Any) -> bool:
    """Give the pipeline's graph parser the faster decoder and its taggers' feature vocabularies
    their tables, in place (these models only); False when the parser has no graph decoder (another
    kind of parser, or a Stanza whose parser no longer decodes this way)."""
    for vocab in _composite_vocabs(nlp):
        _remembered(vocab)
    processor = nlp.processors.get("depparse")
    model = getattr(getattr(processor, "_trainer", None), "model", None)
    if model is None or not callable(getattr(model, "decode_graph_predictions", None)):
        return False
    model.decode_graph_predictions = _decode  # an instance attribute: this pipeline's model only
    return True
