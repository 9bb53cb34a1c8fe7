"""How often each detection pattern is right, and whether the engine's confidence says so.

A predicted quote is right when the attribution it belongs to (`predicted_attributions`) matches a
gold attribution's content by half overlap (`match`) and, where the gold names a speaker, one mention
of the predicted source (or the speaker mention itself) overlaps it. Each quote is counted under its
pattern (`Quote.pattern`, with its kind: "direct after", "indirect ccomp"); the precision per pattern,
measured on PolNeAR train, is the confidence the engine gives its quotes (`quotes.confidence`).
`quotes evaluate --calibrate FILE` writes that table from a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quotes.evaluate.gold import GoldArticle
from quotes.evaluate.match import match, overlap, target
from quotes.evaluate.predicted import pattern_key, predicted_attributions
from quotes.model import ArticleResult, Quote

CONFIDENT = 0.9
"""Quotes at or above this confidence should be right at least this often (the calibration check)."""


@dataclass(frozen=True, slots=True)
class PatternCount:
    key: str
    right: int
    total: int

    @property
    def precision(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Calibration:
    """Quotes with confidence at or above `threshold`, and how many of them were right."""

    threshold: float
    right: int
    total: int

    @property
    def precision(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class PatternFigures:
    patterns: tuple[PatternCount, ...] = ()
    calibration: tuple[Calibration, ...] = ()


def _right_quotes(article: GoldArticle, result: ArticleResult) -> list[tuple[Quote, bool]]:
    """Each predicted quote of one article with whether its attribution is right."""
    text = article.text
    inside = [q for q in result.quotes if 0 <= q.start < q.end <= len(text)]
    groups = predicted_attributions(text, inside)
    gold_targets = [target(text, ((s.start, s.end) for s in q.spans)) for q in article.quotes]
    pairs = dict((p, g) for g, p in match(gold_targets, [target(text, a.spans) for a in groups]))
    sources = {s.id: s for s in result.sources}
    out: list[tuple[Quote, bool]] = []
    for p, group in enumerate(groups):
        right = p in pairs
        gold = article.quotes[pairs[p]] if right else None
        if gold is not None and gold.speaker_spans:
            spoken = target(text, ((s.start, s.end) for s in gold.speaker_spans)).pieces
            source = sources.get(group.source) if group.source is not None else None
            mentions = [group.speaker, *(source.mentions if source else ())]
            right = any(
                m is not None and overlap(target(text, [(m.start, m.end)]).pieces, spoken) for m in mentions
            )
        spans = set(group.spans)
        out.extend((q, right) for q in inside if (q.start, q.end) in spans)
    return out


def pattern_figures(
    gold: Iterable[GoldArticle],
    pred: Mapping[str, ArticleResult],
    *,
    thresholds: Sequence[float] = (0.5, 0.7, 0.8, CONFIDENT),
) -> PatternFigures:
    """Precision of every pattern over the articles, and of the quotes at each confidence threshold."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confident_right: Counter[float] = Counter()
    confident_total: Counter[float] = Counter()
    for article in gold:
        result = pred.get(article.id)
        if result is None:
            continue
        for quote, ok in _right_quotes(article, result):
            key = pattern_key(quote)
            total[key] += 1
            right[key] += ok
            for threshold in thresholds:
                if quote.confidence is not None and quote.confidence >= threshold:
                    confident_total[threshold] += 1
                    confident_right[threshold] += ok
    patterns = tuple(
        PatternCount(key, right[key], total[key]) for key in sorted(total, key=lambda k: (-total[k], k))
    )
    calibration = tuple(Calibration(t, confident_right[t], confident_total[t]) for t in sorted(thresholds))
    return PatternFigures(patterns, calibration)


def confidence_table(figures: PatternFigures, *, origin: str) -> str:
    """The figures as the confidence table `quotes.confidence` reads (`--calibrate`)."""
    lines = [
        f"# Quotes found by each pattern in a run over {origin}, and how many were right (content and",
        "# speaker; quotes.evaluate.patterns). Written by `quotes evaluate GOLD --calibrate FILE`.",
        "# pattern\tright\ttotal",
    ]
    lines += [f"{p.key}\t{p.right}\t{p.total}" for p in sorted(figures.patterns, key=lambda p: p.key)]
    return "\n".join(lines) + "\n"
