"""Scoring predicted attributions against gold, article by article: the figures and the error examples.

Each article is scored in named steps (`_score_article`): quoted material, the speakers of matched quoted
material, reported speech, all attributions, speaker mentions; the source-level figures read the
predicted sources (`quotes.evaluate.sources`). Counts add up in a `_Tally` over the
articles and are frozen into `Scores` at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, cast

from quotes.evaluate.gold import KINDS, GoldArticle, GoldQuote
from quotes.evaluate.match import Pieces, Target, exact_matches, match, overlap, target, trim
from quotes.evaluate.patterns import PatternFigures, pattern_figures
from quotes.evaluate.predicted import PredictedAttribution, predicted_attributions
from quotes.evaluate.sources import SourceFigures, source_figures
from quotes.lexicon import Lexicon, load_lexicon
from quotes.model import ArticleResult, QuoteKind, Source, Span

ErrorCategory = Literal[
    "missed_quoted", "spurious_quoted", "wrong_speaker", "missed_reported", "spurious_reported"
]
ERROR_CATEGORIES: tuple[ErrorCategory, ...] = (
    "missed_quoted",
    "spurious_quoted",
    "wrong_speaker",
    "missed_reported",
    "spurious_reported",
)

QUOTED_KINDS: frozenset[str] = frozenset({"direct", "mixed"})

CONTEXT_CHARS = 80


# ------------------------------------------------------------------------------------- speech verbs

# Not verbs, but cues of reported speech all the same ("according to officials").
SPEECH_PHRASES: tuple[tuple[str, ...], ...] = (("according", "to"),)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    """What makes a gold cue one of speech: a form of one of the engine's reporting verbs ("said",
    "tells"; `Lexicon.is_reporting`) or a phrase ("according to"), and where the verbs came from."""

    lexicon: Lexicon
    phrases: tuple[tuple[str, ...], ...] = SPEECH_PHRASES
    origin: str = "quotes/lexicon/reporting_verbs.txt"

    def matches(self, cue: str) -> bool:
        """Whether a cue ("said", "has said", "according to", "pointed out:") holds a speech verb."""
        words = tuple(w.casefold() for w in _WORD.findall(cue))
        if any(self.lexicon.is_reporting(word) for word in words):
            return True
        return any(words[i : i + len(phrase)] == phrase for phrase in self.phrases for i in range(len(words)))


def load_speech_verbs() -> SpeechVerbs:
    """The reporting verbs of the engine's lexicon (`quotes.lexicon.load_lexicon()`) as speech cues."""
    return SpeechVerbs(lexicon=load_lexicon())


# ---------------------------------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts behind a precision / recall pair. `pred_correct` and `gold_found` are equal under
    one-to-one matching; they differ where precision and recall are measured on different sets
    (reported speech). A ratio over nothing is None."""

    pred_correct: int = 0
    pred_total: int = 0
    gold_found: int = 0
    gold_total: int = 0

    @property
    def precision(self) -> float | None:
        return self.pred_correct / self.pred_total if self.pred_total else None

    @property
    def recall(self) -> float | None:
        return self.gold_found / self.gold_total if self.gold_total else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            # nothing predicted, or nothing to find: F1 is 0 when what can be measured is 0, else unknown
            known = r if p is None else p
            return 0.0 if known == 0.0 else None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class ErrorExample:
    """One error, to read when improving rules: the span (gold or predicted) in a little context."""

    category: ErrorCategory
    article_id: str
    start: int
    end: int
    gold: str | None
    pred: str | None
    context: str
    gold_speaker: str | None = None
    pred_speaker: str | None = None
    cue: str | None = None
    pattern: str | None = None  # the predicted attribution's pattern ("direct after"); None for a miss


@dataclass(frozen=True, slots=True)
class KindRecall:
    """How many gold attributions of one kind were matched by a prediction of any kind."""

    kind: QuoteKind
    found: int
    gold: int


@dataclass(frozen=True, slots=True)
class Scores:
    articles: int
    missing: tuple[str, ...]  # gold article ids with no prediction (scored as predicting nothing)
    quoted: PRF
    quoted_exact: PRF
    speaker_mention: Accuracy
    speaker_entity: Accuracy
    reported: PRF
    attributions: PRF
    attributions_exact: PRF
    speaker_mentions_exact: PRF  # speaker-mention exact F1: the "source exact" of published results
    speech_verbs: str
    errors: tuple[ErrorExample, ...] = ()
    by_kind: tuple[KindRecall, ...] = ()
    grouped: bool = True  # predicted quotes scored as attribution groups (see `predicted_attributions`)
    sources: SourceFigures = field(
        default_factory=SourceFigures
    )  # typed unknown, named by a non-name (predictions alone)
    patterns: PatternFigures = field(default_factory=PatternFigures)  # precision by pattern, calibration


@dataclass(slots=True)
class _Tally:
    """Mutable counters filled article by article, frozen into `Scores` at the end."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[ErrorExample] = field(default_factory=list)
    per_category: Counter[str] = field(default_factory=Counter)
    max_errors: int | None = None

    def prf(self, name: str) -> PRF:
        c = self.counts
        return PRF(c[name + ".pc"], c[name + ".pt"], c[name + ".gf"], c[name + ".gt"])

    def add(self, name: str, pred_correct: int, pred_total: int, gold_found: int, gold_total: int) -> None:
        c = self.counts
        c[name + ".pc"] += pred_correct
        c[name + ".pt"] += pred_total
        c[name + ".gf"] += gold_found
        c[name + ".gt"] += gold_total

    def error(self, example: ErrorExample) -> None:
        self.per_category[example.category] += 1
        if self.max_errors is None or self.per_category[example.category] <= self.max_errors:
            self.errors.append(example)


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """`text[start:end]` in [[double brackets]] with up to `width` characters either side, on one line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    left = "…" if start - width > 0 else ""
    right = "…" if end + width < len(text) else ""
    shown = f"{left}{before}[[{text[start:end]}]]{after}{right}"
    return " ".join(shown.split())


def _one_line(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


# --------------------------------------------------------------------------------- one article


@dataclass(frozen=True, slots=True)
class _Article:
    """One article as it is scored: gold and predicted attributions, their spans to match, and the
    predicted source entities by id."""

    gold: GoldArticle
    pred: tuple[PredictedAttribution, ...]
    gold_targets: tuple[Target, ...]
    pred_targets: tuple[Target, ...]
    sources: Mapping[str, Source]

    @property
    def text(self) -> str:
        return self.gold.text

    def missed(
        self, category: ErrorCategory, g: int, pred_speaker: str | None = None, pattern: str | None = None
    ) -> ErrorExample:
        """An error about gold attribution `g`."""
        q = self.gold.quotes[g]
        return ErrorExample(
            category=category,
            article_id=self.gold.id,
            start=q.start,
            end=q.end,
            gold=_one_line(q.text),
            pred=None,
            context=context(self.text, q.start, q.end),
            gold_speaker=q.speaker.text if q.speaker else None,
            pred_speaker=pred_speaker,
            cue=q.cue.text if q.cue else None,
            pattern=pattern,
        )

    def spurious(self, category: ErrorCategory, p: int) -> ErrorExample:
        """An error about predicted attribution `p`."""
        q = self.pred[p]
        return ErrorExample(
            category=category,
            article_id=self.gold.id,
            start=q.start,
            end=q.end,
            gold=None,
            pred=_one_line(self.text[q.start : q.end]),
            context=context(self.text, q.start, q.end),
            pred_speaker=q.speaker.text if q.speaker else None,
            cue=q.cue.text if q.cue else None,
            pattern=q.pattern,
        )


def _article(article: GoldArticle, result: ArticleResult, *, group: bool) -> _Article:
    text = article.text
    pred = predicted_attributions(text, result.quotes, group=group)
    return _Article(
        gold=article,
        pred=pred,
        gold_targets=tuple(target(text, ((s.start, s.end) for s in q.spans)) for q in article.quotes),
        pred_targets=tuple(target(text, q.spans) for q in pred),
        sources={s.id: s for s in result.sources},
    )


def _speaker(text: str, q: GoldQuote) -> Target:
    return target(text, ((s.start, s.end) for s in q.speaker_spans))


def _mention_hits(text: str, mentions: Iterable[Span | None], gold_speaker: Pieces) -> bool:
    return any(
        m is not None and overlap(target(text, [(m.start, m.end)]).pieces, gold_speaker) > 0 for m in mentions
    )


def _score_quoted(a: _Article, tally: _Tally) -> list[tuple[int, int]]:
    """Quoted material, direct and mixed on both sides; returns the matched (gold, pred) pairs."""
    gq = [i for i, q in enumerate(a.gold.quotes) if q.kind in QUOTED_KINDS]
    pq = [i for i, q in enumerate(a.pred) if q.kind in QUOTED_KINDS]
    found = match([a.gold_targets[i] for i in gq], [a.pred_targets[i] for i in pq])
    pairs = [(gq[g], pq[p]) for g, p in found]
    tally.add("quoted", len(pairs), len(pq), len(pairs), len(gq))
    exact = exact_matches((a.gold_targets[i].key for i in gq), (a.pred_targets[i].key for i in pq))
    tally.add("quoted_exact", exact, len(pq), exact, len(gq))
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    for g in gq:
        if g not in matched_g:
            tally.error(a.missed("missed_quoted", g))
    for p in pq:
        if p not in matched_p:
            tally.error(a.spurious("spurious_quoted", p))
    return pairs


def _score_speakers(a: _Article, pairs: Iterable[tuple[int, int]], tally: _Tally) -> None:
    """Speaker accuracy on matched quoted material, gold quotes without a speaker left out: by mention
    (the predicted speaker overlaps the gold one) and by entity (any mention of its source does)."""
    for g, p in pairs:
        if not a.gold.quotes[g].speaker_spans:
            continue
        gold_speaker = _speaker(a.text, a.gold.quotes[g]).pieces
        predicted = a.pred[p]
        mention_ok = _mention_hits(a.text, [predicted.speaker], gold_speaker)
        entity = a.sources.get(predicted.source) if predicted.source is not None else None
        entity_ok = mention_ok or (
            entity is not None and _mention_hits(a.text, entity.mentions, gold_speaker)
        )
        tally.counts["speaker.total"] += 1
        tally.counts["speaker.mention"] += mention_ok
        tally.counts["speaker.entity"] += entity_ok
        if not mention_ok:
            speaker = predicted.speaker.text if predicted.speaker else None
            tally.error(a.missed("wrong_speaker", g, pred_speaker=speaker, pattern=predicted.pattern))


def _score_reported(a: _Article, tally: _Tally, speech_verbs: SpeechVerbs) -> None:
    """Reported speech: recall on indirect gold with a speech-verb cue, precision against any gold
    attribution (PolNeAR also annotates beliefs and intentions, which the engine is not meant to find)."""
    gi = [
        i for i, q in enumerate(a.gold.quotes)
        if q.kind == "indirect" and q.cue is not None and speech_verbs.matches(q.cue.text)
    ]  # fmt: skip
    pi = [i for i, q in enumerate(a.pred) if q.kind == "indirect"]
    found = match([a.gold_targets[i] for i in gi], [a.pred_targets[i] for i in pi])
    correct = match(a.gold_targets, [a.pred_targets[i] for i in pi])
    tally.add("reported", len(correct), len(pi), len(found), len(gi))
    found_g = {gi[g] for g, _ in found}
    correct_p = {pi[p] for _, p in correct}
    for g in gi:
        if g not in found_g:
            tally.error(a.missed("missed_reported", g))
    for p in pi:
        if p not in correct_p:
            tally.error(a.spurious("spurious_reported", p))


def _score_attributions(a: _Article, tally: _Tally) -> None:
    """All attributions, every kind: half-overlap and exact content span, and recall by gold kind."""
    gold = a.gold.quotes
    pairs = match(a.gold_targets, a.pred_targets)
    tally.add("attributions", len(pairs), len(a.pred), len(pairs), len(gold))
    for kind in KINDS:
        tally.counts["gold_kind." + kind] += sum(1 for q in gold if q.kind == kind)
    for g, _ in pairs:
        tally.counts["found_kind." + gold[g].kind] += 1
    exact = exact_matches((t.key for t in a.gold_targets), (t.key for t in a.pred_targets))
    tally.add("attributions_exact", exact, len(a.pred), exact, len(gold))


def _score_speaker_mentions(a: _Article, tally: _Tally) -> None:
    """Speaker-mention exact F1: speaker mentions as a set of exact spans after trimming, as a span
    tagger would find them (one mention may serve several attributions)."""
    gold_sources = {_speaker(a.text, q).key for q in a.gold.quotes if q.speaker_spans}
    pred_sources = {
        trim(a.text, q.speaker.start, q.speaker.end)
        for q in a.pred
        if q.speaker is not None and q.speaker.end > q.speaker.start
    }
    shared = len(gold_sources & pred_sources)
    tally.add("speaker_mentions_exact", shared, len(pred_sources), shared, len(gold_sources))


def _score_article(
    article: GoldArticle, result: ArticleResult, tally: _Tally, speech_verbs: SpeechVerbs, *, group: bool
) -> None:
    a = _article(article, result, group=group)
    pairs = _score_quoted(a, tally)
    _score_speakers(a, pairs, tally)
    _score_reported(a, tally, speech_verbs)
    _score_attributions(a, tally)
    _score_speaker_mentions(a, tally)


def score(
    gold: Iterable[GoldArticle],
    pred: Mapping[str, ArticleResult],
    *,
    max_errors: int | None = None,
    speech_verbs: SpeechVerbs | None = None,
    group: bool = True,
) -> Scores:
    """Score predictions (by article id) against gold articles; a gold article with no prediction counts
    as one where nothing was found. Keeps at most `max_errors` error examples per category (all when
    None). Predicted quotes are grouped by attribution (`predicted_attributions`) unless `group` is
    False, since gold corpora annotate a quote and its continuations as one attribution."""
    verbs = speech_verbs if speech_verbs is not None else load_speech_verbs()
    tally = _Tally(max_errors=max_errors)
    articles = 0
    missing = []
    scored: list[ArticleResult] = []
    golds: list[GoldArticle] = []
    for article in gold:
        articles += 1
        golds.append(article)
        result = pred.get(article.id)
        if result is None:
            missing.append(article.id)
            result = ArticleResult(id=article.id, title=None)
        scored.append(result)
        _score_article(article, result, tally, verbs, group=group)
    c = tally.counts
    return Scores(
        articles=articles,
        missing=tuple(missing),
        quoted=tally.prf("quoted"),
        quoted_exact=tally.prf("quoted_exact"),
        speaker_mention=Accuracy(c["speaker.mention"], c["speaker.total"]),
        speaker_entity=Accuracy(c["speaker.entity"], c["speaker.total"]),
        reported=tally.prf("reported"),
        attributions=tally.prf("attributions"),
        attributions_exact=tally.prf("attributions_exact"),
        speaker_mentions_exact=tally.prf("speaker_mentions_exact"),
        speech_verbs=verbs.origin,
        errors=tuple(tally.errors),
        by_kind=tuple(
            KindRecall(kind, c["found_kind." + kind], c["gold_kind." + kind])
            for kind in cast(tuple[QuoteKind, ...], ("direct", "mixed", "indirect"))
        ),
        grouped=group,
        sources=source_figures(scored, lexicon=verbs.lexicon, max_examples=max_errors),
        patterns=pattern_figures(golds, pred),
    )
