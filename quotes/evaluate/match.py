"""Span matching: trimming, merging spans into pieces, half-overlap and exact matching.

A predicted span and a gold span match when their overlap covers at least half of each, after trimming
spaces, quote marks and edge punctuation. Matching is one-to-one and greedy: candidate pairs are taken
best first (highest Dice coefficient of the trimmed character sets), so a span identical to a gold span
always wins over a partial one.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Pieces = tuple[tuple[int, int], ...]
"""Sorted, disjoint, non-empty character intervals [start, end) into an article's text."""


def _is_trimmable(char: str) -> bool:
    # spaces (including no-break spaces), quote marks, dashes, brackets and other punctuation
    return char.isspace() or char == "`" or unicodedata.category(char).startswith(("P", "Z"))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` and `end` inwards past spaces, quote marks and punctuation at the edges of
    `text[start:end]`; a span made only of such characters is returned unchanged."""
    s, e = max(0, start), min(len(text), end)
    while s < e and _is_trimmable(text[s]):
        s += 1
    while e > s and _is_trimmable(text[e - 1]):
        e -= 1
    if s == e:
        return start, end
    return s, e


def pieces(text: str, spans: Iterable[tuple[int, int]]) -> Pieces:
    """Trim each span and merge them into sorted, disjoint intervals (empty spans dropped)."""
    trimmed = sorted(trim(text, s, e) for s, e in spans)
    merged: list[tuple[int, int]] = []
    for s, e in trimmed:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return tuple(merged)


def size(a: Pieces) -> int:
    return sum(e - s for s, e in a)


def overlap(a: Pieces, b: Pieces) -> int:
    """Number of characters two sets of intervals share."""
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return total


def half_overlap(a: Pieces, b: Pieces) -> bool:
    """Whether the overlap covers at least half of each side."""
    return _dice(a, b) is not None


def _dice(a: Pieces, b: Pieces) -> float | None:
    """Dice coefficient of two half-overlapping spans, None when they do not half-overlap."""
    shared = overlap(a, b)
    if shared == 0 or 2 * shared < size(a) or 2 * shared < size(b):
        return None
    return 2 * shared / (size(a) + size(b))


@dataclass(frozen=True, slots=True)
class Target:
    """A span to match: its trimmed pieces, and its extent (from the first start to the last end,
    trimmed as a whole), which is the key of exact matching."""

    pieces: Pieces
    key: tuple[int, int]

    @property
    def whole(self) -> Pieces:
        return (self.key,)


def target(text: str, spans: Iterable[tuple[int, int]]) -> Target:
    """The `Target` of one or more (start, end) pieces of `text`."""
    spans = list(spans)
    key = trim(text, min(s for s, _ in spans), max(e for _, e in spans))
    return Target(pieces(text, spans) or (key,), key)


def _alternatives(t: Target) -> tuple[Pieces, ...]:
    return (t.pieces, t.whole) if t.pieces != t.whole else (t.pieces,)


def match(gold: Sequence[Target], pred: Sequence[Target]) -> list[tuple[int, int]]:
    """One-to-one greedy matching of half-overlapping spans, best pairs (by Dice coefficient) first.

    Content in several pieces (`"X," he said, "Y."`), gold or predicted, also matches as a whole, from
    its first piece to its last: a single span over the whole of it is a fair reading of the pieces.
    Returns (gold index, pred index) pairs.
    """
    candidates = []
    for g, gt in enumerate(gold):
        gold_alternatives = _alternatives(gt)
        for p, pt in enumerate(pred):
            combos = ((a, b) for a in gold_alternatives for b in _alternatives(pt))
            scores = [d for d in (_dice(a, b) for a, b in combos) if d is not None]
            if scores:
                candidates.append((-max(scores), g, p))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((g, p))
    return pairs


def exact_matches(gold: Iterable[tuple[int, int]], pred: Iterable[tuple[int, int]]) -> int:
    """Number of one-to-one matches between two multisets of (start, end) keys."""
    gold_counts, pred_counts = Counter(gold), Counter(pred)
    return sum(min(n, pred_counts[key]) for key, n in gold_counts.items())
