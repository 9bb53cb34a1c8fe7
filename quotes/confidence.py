"""How far to trust a quote: the precision its pattern had on PolNeAR train.

`quotes/confidence.tsv` holds, for every pattern a quote can be found by (its kind and its rule,
"direct after", "indirect ccomp"), how many quotes that pattern found in a run over PolNeAR train
and how many of them were right (content and speaker, `quotes.evaluate.patterns`). The confidence
of a quote is that precision, smoothed towards one half for patterns seen only a few times. The
table is data, measured and written by `quotes evaluate GOLD --calibrate quotes/confidence.tsv`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

from quotes.errors import InputError
from quotes.model import Pattern, QuoteKind

PRIOR = 2
"""Pseudo-counts, half right and half wrong, added to each pattern's counts."""


def smoothed(right: int, total: int) -> float:
    """Precision pulled towards 0.5 by `PRIOR` pseudo-counts: 3 right of 3 is 0.8, not 1.0."""
    return round((right + PRIOR / 2) / (total + PRIOR), 3)


def parse_table(lines: Iterable[str]) -> dict[str, float]:
    """Read a confidence table: `key<TAB>right<TAB>total` lines, `#` comments."""
    table = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 3 or not fields[1].isdigit() or not fields[2].isdigit():
            expected = "'pattern<TAB>right<TAB>total'"
            raise InputError(f"confidence table line {number}: expected {expected}, got {line!r}")
        table[fields[0]] = smoothed(int(fields[1]), int(fields[2]))
    return table


@functools.cache
def _table() -> dict[str, float]:
    text = resources.files("quotes").joinpath("confidence.tsv").read_text(encoding="utf-8")
    return parse_table(text.splitlines())


def confidence(kind: QuoteKind, pattern: Pattern | None) -> float | None:
    """The confidence of a quote of this kind found by this pattern; None where never measured."""
    if pattern is None:
        return None
    return _table().get(f"{kind} {pattern}")
