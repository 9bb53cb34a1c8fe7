"""Predicted quotes as attributions to score: a quote grouped with the quotes that continue it or
share its cue (`attribution_groups`), its content in pieces, the way gold content can be."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.model import Quote, QuoteKind, Span
from quotes.pipeline import attribution_groups


def pattern_key(quote: Quote) -> str:
    """The name a quote's pattern is counted under: its kind and its pattern ("direct after")."""
    return f"{quote.kind} {quote.pattern}" if quote.pattern else quote.kind


@dataclass(frozen=True, slots=True)
class PredictedAttribution:
    """One predicted attribution as scored: a group of quotes that make one attribution (a quote, its
    continuation paragraphs, the parts of a quote split by its cue; see `attribution_groups`), its
    content in pieces, the way gold content can be."""

    kind: QuoteKind
    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    speaker: Span | None = None
    source: str | None = None
    cue: Span | None = None
    pattern: str | None = None  # `pattern_key` of its first quote


def predicted_attributions(
    text: str, quotes: Sequence[Quote], *, group: bool = True
) -> tuple[PredictedAttribution, ...]:
    """The predicted quotes of an article as attributions to score, grouped unless `group` is False;
    quotes whose offsets fall outside `text` are left out."""
    inside = [q for q in quotes if 0 <= q.start < q.end <= len(text)]
    groups = attribution_groups(inside) if group else tuple((q,) for q in inside)
    out = []
    for parts in groups:
        first = parts[0]
        out.append(
            PredictedAttribution(
                # a group never mixes reported speech with quoted material; all direct stays direct
                kind="direct" if all(q.kind == "direct" for q in parts) else first.kind,
                start=min(q.start for q in parts),
                end=max(q.end for q in parts),
                spans=tuple((q.start, q.end) for q in parts),
                speaker=next((q.speaker for q in parts if q.speaker is not None), None),
                source=next((q.source for q in parts if q.source is not None), None),
                cue=next((q.cue for q in parts if q.cue is not None), None),
                pattern=pattern_key(first),
            )
        )
    return tuple(out)
