"""Token look-ups over an annotated doc, shared by the rules: the tokens in text order with look-up by
character offset, each sentence's dependents, a token's subtree, and the tag classes the rules test."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from quotes.model import AnnotatedDoc, Span, Token

# part-of-speech tags (Universal and Penn), not words
FINITE_XPOS = frozenset({"VBD", "VBZ", "VBP", "MD"})
VERB_UPOS = frozenset({"VERB", "AUX"})


class TokenIndex:
    """The doc's tokens in text order, with fast look-up by character offset."""

    def __init__(self, doc: AnnotatedDoc) -> None:
        self.doc = doc
        self.refs: list[tuple[int, int]] = [
            (s, t) for s, sentence in enumerate(doc.sentences) for t in range(len(sentence.tokens))
        ]
        self.refs.sort(key=lambda ref: self.token(ref).start)
        self.starts = [self.token(ref).start for ref in self.refs]
        # without any VERB tag the doc was not tagged (or badly): trust word forms alone
        self.tagged = any(tok.upos == "VERB" for sentence in doc.sentences for tok in sentence.tokens)
        # each sentence's dependents by head, built once: rules ask for them per cue
        self.children: list[dict[int, list[int]]] = []
        for sentence in doc.sentences:
            kids: dict[int, list[int]] = {}
            for position, tok in enumerate(sentence.tokens):
                kids.setdefault(tok.head, []).append(position)
            self.children.append(kids)
        # whether each token asked so far is a cue (`cues.is_cue`, for the one lexicon a run uses)
        self.cues: dict[tuple[int, int], bool] = {}

    def dependents(self, s: int, t: int) -> list[Token]:
        """The tokens whose head is token `t` of sentence `s`."""
        tokens = self.doc.sentences[s].tokens
        return [tokens[i] for i in self.children[s].get(t, []) if i != t]

    def token(self, ref: tuple[int, int]) -> Token:
        return self.doc.sentences[ref[0]].tokens[ref[1]]

    def between(self, start: int, end: int) -> list[tuple[int, int]]:
        """Tokens lying entirely within [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [ref for ref in self.refs[lo:hi] if self.token(ref).end <= end]

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.doc.text[start:end])


def is_word(tok: Token) -> bool:
    """Whether a token is a word (letters or digits), not punctuation."""
    return tok.upos != "PUNCT" and any(c.isalnum() for c in tok.text)


def subtree(
    tokens: Sequence[Token],
    root: int,
    *,
    skip: frozenset[str] = frozenset(),
    children: dict[int, list[int]] | None = None,
) -> list[Token]:
    """`root` and every token under it (arcs whose deprel is in `skip` are not followed)."""
    if children is None:
        children = {}
        for position, tok in enumerate(tokens):
            children.setdefault(tok.head, []).append(position)
    found, todo = [], [root]
    while todo:
        i = todo.pop()
        if not 0 <= i < len(tokens):
            continue
        found.append(tokens[i])
        todo += [c for c in children.get(i, []) if c != i and tokens[c].deprel not in skip and c not in todo]
        if len(found) > len(tokens):  # a cycle in a bad parse
            break
    return sorted(set(found), key=lambda tok: tok.index)
