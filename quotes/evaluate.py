"""Score predicted quotes against attribution gold (PolNeAR converted to JSONL): pure functions, no models.

What is measured (see `score`):

- quoted material: gold and predicted quotes of kind direct or mixed; a predicted span and a gold span
  match when their overlap covers at least half of each, after trimming spaces, quote marks and edge
  punctuation; also exact-span matching after the same trimming;
- speaker accuracy on matched quoted material, at mention level (the predicted speaker mention overlaps
  the gold speaker span) and at entity level (any mention of the predicted source entity does);
- reported speech: recall over gold indirect attributions whose cue is a speech verb, precision of
  predicted indirect quotes against every gold attribution (PolNeAR also annotates beliefs and
  intentions, "X wants", "polls show", which the engine is not meant to find);
- all attributions: half-overlap F1, exact content-span F1 and exact speaker-mention F1, the figures
  published PolNeAR results report.

Gold `kind` is not a PolNeAR label: the converter derived it from quotation marks, and it did not read
the two-apostrophe marks of older newspaper style (''...'', the New York Times) as marks. Content quoted
that way is given its kind again here, by the same rule (`gold_kind`), using the engine's mark pairing.

Matching is one-to-one and greedy: candidate pairs are taken best first (highest Dice coefficient of the
trimmed character sets), so a span identical to a gold span always wins over a partial one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import orjson
from tabulate import tabulate

from quotes.errors import InputError
from quotes.marks import Region, find_regions
from quotes.model import ArticleResult, Quote, QuoteKind, Source, Span
from quotes.pipeline import attribution_groups
from quotes.report import result_from_json

Pieces = tuple[tuple[int, int], ...]
"""Sorted, disjoint, non-empty character intervals [start, end) into an article's text."""

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
ERROR_TITLES: dict[ErrorCategory, str] = {
    "missed_quoted": "missed quoted material",
    "spurious_quoted": "spurious quoted material",
    "wrong_speaker": "wrong speaker",
    "missed_reported": "missed reported speech",
    "spurious_reported": "spurious reported speech",
}

QUOTED_KINDS: frozenset[str] = frozenset({"direct", "mixed"})
_KINDS: frozenset[str] = frozenset({"direct", "mixed", "indirect"})

# Published exact-match F1 on PolNeAR (percent), for the "all attributions" rows: source is the speaker
# mention, content the attributed content. They come from sentence-level sequence taggers, so they are
# a point of reference, not a like-for-like comparison with a whole-article pipeline.
REFERENCE_F1: dict[str, dict[str, float]] = {
    "CofeNet (BERT tagger)": {"source": 83.2, "content": 72.9},
    "CoreNLP": {"source": 13.9, "content": 17.5},
}

CONTEXT_CHARS = 80


# --------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold attribution: the content (possibly in several pieces), its speaker mention and cue."""

    kind: QuoteKind
    start: int
    end: int
    text: str
    spans: tuple[Span, ...]
    speaker: Span | None = None
    speaker_spans: tuple[Span, ...] = ()
    cue: Span | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...] = ()


def _span(text: str, start: object, end: object, what: str) -> Span:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        raise InputError(f"{what}: expected offsets 0 <= start <= end <= {len(text)}, got {start!r}, {end!r}")
    return Span(start, end, text[start:end])


def _spans(text: str, pairs: object, what: str) -> tuple[Span, ...]:
    if pairs is None:
        return ()
    if not isinstance(pairs, list):
        raise InputError(f"{what}: expected a list of [start, end] pairs, got {pairs!r}")
    out = []
    for pair in pairs:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise InputError(f"{what}: expected a [start, end] pair, got {pair!r}")
        out.append(_span(text, pair[0], pair[1], what))
    return tuple(out)


DIRECT_FRACTION = 0.9  # the converter's rule: none quoted -> indirect, >= 90% quoted -> direct, else mixed


def gold_kind(text: str, spans: Sequence[Span], kind: QuoteKind, regions: Sequence[Region]) -> QuoteKind:
    """The kind of gold content, derived again from quotation marks when it holds a passage quoted with
    two apostrophes (''...''), which the converter did not count as quoted; otherwise `kind` as given."""
    parts = pieces(text, ((s.start, s.end) for s in spans))
    double = [r for r in regions if r.open_len == 2 or r.close_len == 2]
    # only content the converter misread is touched: every other kind stays as the gold has it
    if not any(overlap(parts, ((r.content_start, r.content_end),)) for r in double):
        return kind
    inside = [(r.content_start, r.content_end) for r in regions]
    counted = [i for s, e in parts for i in range(s, e) if not text[i].isspace()]
    quoted = sum(1 for i in counted if any(s <= i < e for s, e in inside))
    if not counted or quoted == 0:
        return "indirect"
    return "direct" if quoted >= DIRECT_FRACTION * len(counted) else "mixed"


def gold_from_dict(obj: Mapping[str, Any]) -> GoldArticle:
    """Build a `GoldArticle` from one decoded line of the gold JSONL (format in the data README)."""
    try:
        article_id, text, quotes = obj["id"], obj["text"], obj.get("quotes") or []
    except (KeyError, AttributeError) as exc:
        raise InputError(f"gold article: expected an object with 'id' and 'text', got {obj!r:.80}") from exc
    if not isinstance(article_id, str) or not isinstance(text, str) or not isinstance(quotes, list):
        raise InputError(f"gold article {article_id!r}: 'id' and 'text' must be strings, 'quotes' a list")
    gold = []
    regions = find_regions(text)[0] if "''" in text else ()
    for number, q in enumerate(quotes):
        where = f"gold article {article_id!r}, quote {number}"
        if not isinstance(q, dict):
            raise InputError(f"{where}: expected an object, got {q!r:.80}")
        kind = q.get("kind")
        if kind not in _KINDS:
            raise InputError(f"{where}: kind must be direct, mixed or indirect, got {kind!r}")
        content = _span(text, q.get("start"), q.get("end"), where)
        content_spans = _spans(text, q.get("spans"), where) or (content,)
        speaker = None
        if q.get("speaker_start") is not None:
            speaker = _span(text, q.get("speaker_start"), q.get("speaker_end"), where + " speaker")
        speaker_pieces = _spans(text, q.get("speaker_spans"), where + " speaker") or (
            (speaker,) if speaker else ()
        )
        cue = None
        if q.get("cue_start") is not None:
            cue = _span(text, q.get("cue_start"), q.get("cue_end"), where + " cue")
        gold.append(
            GoldQuote(
                kind=gold_kind(text, content_spans, cast(QuoteKind, kind), regions),
                start=content.start,
                end=content.end,
                text=content.text,
                spans=content_spans,
                speaker=speaker,
                speaker_spans=speaker_pieces,
                cue=cue,
            )
        )
    return GoldArticle(id=article_id, text=text, quotes=tuple(gold))


def _lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """The non-empty lines of a file and their numbers (from 1), read as a stream."""
    try:
        with Path(path).open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, line
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror}") from exc


def _jsonl(path: str | Path) -> Iterator[tuple[int, Any]]:
    for number, line in _lines(path):
        try:
            yield number, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not a JSON object ({exc})") from exc


def read_gold(path: str | Path) -> Iterator[GoldArticle]:
    """Stream the gold articles of a JSONL file, one `GoldArticle` per non-empty line."""
    for number, obj in _jsonl(path):
        try:
            yield gold_from_dict(obj)
        except InputError as exc:
            raise InputError(f"{path}:{number}: {exc}") from exc


def gold_to_result(article: GoldArticle) -> ArticleResult:
    """The gold attributions written as a prediction (one source entity per speaker text)."""
    quotes: list[Quote] = []
    mentions: dict[str, tuple[str, list[Span]]] = {}
    for number, q in enumerate(article.quotes):
        source = None
        if q.speaker is not None:
            source = "s-" + q.speaker.text.casefold()
            mentions.setdefault(source, (q.speaker.text, []))[1].append(q.speaker)
        quotes.append(
            Quote(
                id=f"q{number}",
                kind=q.kind,
                start=q.start,
                end=q.end,
                text=q.text,
                cue=q.cue,
                speaker=q.speaker,
                source=source,
            )
        )
    sources = tuple(
        Source(id=key, name=name, type="unknown", mentions=tuple(spans))
        for key, (name, spans) in mentions.items()
    )
    return ArticleResult(id=article.id, title=None, quotes=tuple(quotes), sources=sources)


# -------------------------------------------------------------------------------------- predictions


def read_predictions(path: str | Path) -> dict[str, ArticleResult]:
    """Read a JSONL of `ArticleResult` objects (as `quotes --format jsonl` writes them) into a mapping by
    article id; a later line with the same id replaces an earlier one."""
    out: dict[str, ArticleResult] = {}
    for number, line in _lines(path):
        try:
            result = result_from_json(line)
        except InputError as exc:
            raise InputError(f"{path}:{number}: {exc}") from exc
        out[result.id] = result
    return out


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
            )
        )
    return tuple(out)


# ------------------------------------------------------------------------------------- speech verbs

# Used when the engine's lexicon (quotes/lexicon/reporting_verbs.txt) cannot be loaded: verbs of
# saying only, since PolNeAR's "wants", "shows", "found" cues are attributions the engine need not find.
BUILTIN_SPEECH_VERBS: tuple[str, ...] = (
    "acknowledge", "add", "admit", "allege", "announce", "answer", "argue", "ask", "assert", "blast",
    "boast", "call", "caution", "charge", "cite", "claim", "comment", "complain", "concede", "confirm",
    "contend", "continue", "counter", "criticize", "criticise", "declare", "deny", "describe",
    "disclose", "emphasize", "emphasise", "explain", "insist", "joke", "maintain", "mention", "note",
    "observe", "point", "praise", "predict", "promise", "quip", "recall", "reiterate", "remark",
    "repeat", "reply", "report", "respond", "retort", "reveal", "say", "speak", "state", "stress",
    "suggest", "tell", "testify", "tweet", "urge", "vow", "warn", "write",
)  # fmt: skip

# Not verbs, but cues of reported speech all the same ("according to officials"), whichever list is used.
SPEECH_PHRASES: tuple[tuple[str, ...], ...] = (("according", "to"),)

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def verb_forms(lemma: str) -> frozenset[str]:
    """The lemma and its regular (and a few irregular) inflections; over-generation is harmless here."""
    lemma = lemma.casefold()
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in set("aeiou"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        plural = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s"
        forms |= {plural, lemma + "ed", lemma + "ing"}
        # "admit" -> "admitted": double a final consonant after a single vowel
        vowels = "aeiou"
        if (
            len(lemma) >= 3
            and lemma[-1] not in vowels + "wxy"
            and lemma[-2] in vowels
            and lemma[-3] not in vowels
        ):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    """Word forms ("said", "tells") and phrases ("according to") that make a cue one of speech, and
    where the list came from."""

    forms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = SPEECH_PHRASES
    origin: str = "builtin"

    def matches(self, cue: str) -> bool:
        """Whether a cue ("said", "has said", "according to", "pointed out:") holds a speech verb."""
        words = tuple(w.casefold() for w in _WORD.findall(cue))
        if any(word in self.forms for word in words):
            return True
        return any(words[i : i + len(phrase)] == phrase for phrase in self.phrases for i in range(len(words)))


def builtin_speech_verbs() -> SpeechVerbs:
    forms = frozenset().union(*(verb_forms(lemma) for lemma in BUILTIN_SPEECH_VERBS))
    return SpeechVerbs(forms=forms, origin="builtin")


def load_speech_verbs() -> SpeechVerbs:
    """The reporting verbs of the engine's lexicon (`quotes.lexicon.load_lexicon()`), or the builtin
    list when that cannot be loaded."""
    try:
        from quotes.lexicon import load_lexicon

        lexicon = load_lexicon()
    except (ImportError, OSError):
        return builtin_speech_verbs()
    return SpeechVerbs(forms=lexicon.reporting_forms, origin="quotes/lexicon/reporting_verbs.txt")


# ------------------------------------------------------------------------------- trimming, matching


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
    sources_exact: PRF
    speech_verbs: str
    errors: tuple[ErrorExample, ...] = ()
    by_kind: tuple[KindRecall, ...] = ()
    grouped: bool = True  # predicted quotes scored as attribution groups (see `predicted_attributions`)


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


def _speaker(article: GoldArticle, q: GoldQuote) -> Target:
    return target(article.text, ((s.start, s.end) for s in q.speaker_spans))


def _mention_hits(text: str, mentions: Iterable[Span | None], gold_speaker: Pieces) -> bool:
    return any(
        m is not None and overlap(target(text, [(m.start, m.end)]).pieces, gold_speaker) > 0 for m in mentions
    )


def _score_article(
    article: GoldArticle, result: ArticleResult, tally: _Tally, speech_verbs: SpeechVerbs, *, group: bool
) -> None:
    text = article.text
    gold = article.quotes
    pred = predicted_attributions(text, result.quotes, group=group)
    gold_p = [target(text, ((s.start, s.end) for s in q.spans)) for q in gold]
    pred_p = [target(text, q.spans) for q in pred]
    sources = {s.id: s for s in result.sources}

    def gold_error(category: ErrorCategory, g: int, pred_speaker: str | None = None) -> ErrorExample:
        q = gold[g]
        return ErrorExample(
            category=category,
            article_id=article.id,
            start=q.start,
            end=q.end,
            gold=_one_line(q.text),
            pred=None,
            context=context(text, q.start, q.end),
            gold_speaker=q.speaker.text if q.speaker else None,
            pred_speaker=pred_speaker,
            cue=q.cue.text if q.cue else None,
        )

    def pred_error(category: ErrorCategory, p: int) -> ErrorExample:
        q = pred[p]
        return ErrorExample(
            category=category,
            article_id=article.id,
            start=q.start,
            end=q.end,
            gold=None,
            pred=_one_line(text[q.start : q.end]),
            context=context(text, q.start, q.end),
            pred_speaker=q.speaker.text if q.speaker else None,
            cue=q.cue.text if q.cue else None,
        )

    # quoted material: direct and mixed on both sides
    gq = [i for i, q in enumerate(gold) if q.kind in QUOTED_KINDS]
    pq = [i for i, q in enumerate(pred) if q.kind in QUOTED_KINDS]
    pairs = [(gq[g], pq[p]) for g, p in match([gold_p[i] for i in gq], [pred_p[i] for i in pq])]
    tally.add("quoted", len(pairs), len(pq), len(pairs), len(gq))
    exact = exact_matches((gold_p[i].key for i in gq), (pred_p[i].key for i in pq))
    tally.add("quoted_exact", exact, len(pq), exact, len(gq))
    for kind in _KINDS:
        tally.counts["gold_kind." + kind] += sum(1 for q in gold if q.kind == kind)
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    for g in gq:
        if g not in matched_g:
            tally.error(gold_error("missed_quoted", g))
    for p in pq:
        if p not in matched_p:
            tally.error(pred_error("spurious_quoted", p))

    # speaker accuracy on matched quoted material, gold quotes without a speaker left out
    for g, p in pairs:
        if not gold[g].speaker_spans:
            continue
        gold_speaker = _speaker(article, gold[g]).pieces
        predicted = pred[p]
        mention_ok = _mention_hits(text, [predicted.speaker], gold_speaker)
        entity = sources.get(predicted.source) if predicted.source is not None else None
        entity_ok = mention_ok or (entity is not None and _mention_hits(text, entity.mentions, gold_speaker))
        tally.counts["speaker.total"] += 1
        tally.counts["speaker.mention"] += mention_ok
        tally.counts["speaker.entity"] += entity_ok
        if not mention_ok:
            tally.error(
                gold_error(
                    "wrong_speaker", g, pred_speaker=predicted.speaker.text if predicted.speaker else None
                )
            )

    # reported speech: recall on speech-verb indirect gold, precision against any gold attribution
    gi = [
        i for i, q in enumerate(gold)
        if q.kind == "indirect" and q.cue is not None and speech_verbs.matches(q.cue.text)
    ]  # fmt: skip
    pi = [i for i, q in enumerate(pred) if q.kind == "indirect"]
    found = match([gold_p[i] for i in gi], [pred_p[i] for i in pi])
    correct = match(gold_p, [pred_p[i] for i in pi])
    tally.add("reported", len(correct), len(pi), len(found), len(gi))
    found_g = {gi[g] for g, _ in found}
    correct_p = {pi[p] for _, p in correct}
    for g in gi:
        if g not in found_g:
            tally.error(gold_error("missed_reported", g))
    for p in pi:
        if p not in correct_p:
            tally.error(pred_error("spurious_reported", p))

    # all attributions, every kind
    all_pairs = match(gold_p, pred_p)
    tally.add("attributions", len(all_pairs), len(pred), len(all_pairs), len(gold))
    for g, _ in all_pairs:
        tally.counts["found_kind." + gold[g].kind] += 1
    exact = exact_matches((t.key for t in gold_p), (t.key for t in pred_p))
    tally.add("attributions_exact", exact, len(pred), exact, len(gold))
    # speaker mentions as a set of spans, as a span tagger would find them (one mention may serve
    # several attributions)
    gold_sources = {_speaker(article, q).key for q in gold if q.speaker_spans}
    pred_sources = {
        trim(text, q.speaker.start, q.speaker.end)
        for q in pred
        if q.speaker is not None and q.speaker.end > q.speaker.start
    }
    shared = len(gold_sources & pred_sources)
    tally.add("sources_exact", shared, len(pred_sources), shared, len(gold_sources))


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
    for article in gold:
        articles += 1
        result = pred.get(article.id)
        if result is None:
            missing.append(article.id)
            result = ArticleResult(id=article.id, title=None)
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
        sources_exact=tally.prf("sources_exact"),
        speech_verbs=verbs.origin,
        errors=tuple(tally.errors),
        by_kind=tuple(
            KindRecall(kind, c["found_kind." + kind], c["gold_kind." + kind])
            for kind in cast(tuple[QuoteKind, ...], ("direct", "mixed", "indirect"))
        ),
        grouped=group,
    )


# ------------------------------------------------------------------------------------------- output


def _prf_dict(prf: PRF) -> dict[str, Any]:
    return {
        "precision": prf.precision,
        "recall": prf.recall,
        "f1": prf.f1,
        "pred_correct": prf.pred_correct,
        "pred_total": prf.pred_total,
        "gold_found": prf.gold_found,
        "gold_total": prf.gold_total,
    }


def _acc_dict(acc: Accuracy) -> dict[str, Any]:
    return {"accuracy": acc.value, "correct": acc.correct, "total": acc.total}


def scores_to_dict(scores: Scores, *, errors: bool = True) -> dict[str, Any]:
    """The JSON form of `Scores`: ratios in [0, 1] (null when over nothing) next to their counts."""
    out: dict[str, Any] = {
        "articles": scores.articles,
        "missing_predictions": list(scores.missing),
        "predictions": _PREDICTIONS[scores.grouped],
        "gold_kinds": "as converted, except content quoted with two apostrophes (''...''): derived again",
        "quoted_material": {**_prf_dict(scores.quoted), "exact": _prf_dict(scores.quoted_exact)},
        "speaker": {
            "mention": _acc_dict(scores.speaker_mention),
            "entity": _acc_dict(scores.speaker_entity),
        },
        "reported_speech": {**_prf_dict(scores.reported), "speech_verbs": scores.speech_verbs},
        "attributions": {
            **_prf_dict(scores.attributions),
            "content_exact": _prf_dict(scores.attributions_exact),
            "source_exact": _prf_dict(scores.sources_exact),
            "recall_by_gold_kind": {k.kind: {"found": k.found, "gold": k.gold} for k in scores.by_kind},
        },
        "reference_exact_f1": REFERENCE_F1,
    }
    if errors:
        out["errors"] = [
            {
                "category": e.category,
                "article_id": e.article_id,
                "start": e.start,
                "end": e.end,
                "gold": e.gold,
                "pred": e.pred,
                "gold_speaker": e.gold_speaker,
                "pred_speaker": e.pred_speaker,
                "cue": e.cue,
                "context": e.context,
            }
            for e in scores.errors
        ]
    return out


_PREDICTIONS = {
    True: "grouped by attribution: a quote with its continuation paragraphs and the parts of a quote split"
    " by its cue are one predicted attribution with content in pieces",
    False: "each predicted quote scored on its own",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def score_rows(scores: Scores) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the scores table (percentages), for tabulate."""
    names = " / ".join(name.split(" ")[0] for name in REFERENCE_F1)
    header = ["measure", "P", "R", "F1", "acc", "counts", f"published F1 ({names})"]

    def reference(part: str) -> str:
        return " / ".join(f"{figures[part]:.1f}" for figures in REFERENCE_F1.values())

    def prf_row(name: str, prf: PRF, published: str = "") -> list[str]:
        if prf.pred_correct == prf.gold_found:
            counts = f"{prf.pred_correct} matched, {prf.pred_total} pred, {prf.gold_total} gold"
        else:
            right, found = f"{prf.pred_correct}/{prf.pred_total}", f"{prf.gold_found}/{prf.gold_total}"
            counts = f"{right} pred right, {found} gold found"
        return [name, _pct(prf.precision), _pct(prf.recall), _pct(prf.f1), "", counts, published]

    def acc_row(name: str, acc: Accuracy) -> list[str]:
        return [name, "", "", "", _pct(acc.value), f"{acc.correct} right of {acc.total}", ""]

    rows = [
        prf_row("quoted material", scores.quoted),
        prf_row("quoted material, exact span", scores.quoted_exact),
        acc_row("speaker of matched quoted: mention", scores.speaker_mention),
        acc_row("speaker of matched quoted: entity", scores.speaker_entity),
        prf_row("reported speech", scores.reported),
        prf_row("all attributions", scores.attributions),
        prf_row("all attributions, content exact", scores.attributions_exact, reference("content")),
        prf_row("all attributions, source exact", scores.sources_exact, reference("source")),
    ]
    return header, rows


def render_table(scores: Scores) -> str:
    """The scores as a plain-text table with a few lines saying what was measured."""
    header, rows = score_rows(scores)
    table = tabulate(rows, headers=header, disable_numparse=True, colalign=("left",) + ("right",) * 4)
    kinds = ", ".join(f"{k.kind} {k.found}/{k.gold}" for k in scores.by_kind)
    notes = [
        f"{scores.articles} articles"
        + (
            f", {len(scores.missing)} without a prediction (scored as finding nothing)"
            if scores.missing
            else ""
        ),
        "predictions " + _PREDICTIONS[scores.grouped],
        "gold kinds as converted, except content quoted with two apostrophes (''...''), which the"
        " converter did not read as quotation marks: its kind is derived again from the marks",
        "spans match when their overlap covers half of each, after trimming spaces, quote marks and"
        " edge punctuation; exact: equal after trimming",
        "reported speech: recall over gold indirect attributions with a speech-verb cue"
        f" ({scores.speech_verbs}), precision of predicted indirect quotes against any gold attribution",
        f"all attributions found, by gold kind: {kinds}",
        "source exact counts each speaker mention once; published figures come from sentence-level"
        " taggers and are a reference, not a like-for-like comparison",
    ]
    return table + "\n\n" + "\n".join(notes)


def error_counts(scores: Scores) -> dict[ErrorCategory, int]:
    """How many errors of each category there were (the examples kept may be fewer)."""
    return {
        "missed_quoted": scores.quoted.gold_total - scores.quoted.gold_found,
        "spurious_quoted": scores.quoted.pred_total - scores.quoted.pred_correct,
        "wrong_speaker": scores.speaker_mention.total - scores.speaker_mention.correct,
        "missed_reported": scores.reported.gold_total - scores.reported.gold_found,
        "spurious_reported": scores.reported.pred_total - scores.reported.pred_correct,
    }


def render_errors(scores: Scores) -> str:
    """The error examples kept in `scores`, grouped by category, each with its article and context."""
    counts = error_counts(scores)
    blocks = []
    for category in ERROR_CATEGORIES:
        examples = [e for e in scores.errors if e.category == category]
        lines = [f"{ERROR_TITLES[category]}: {counts[category]} (showing {len(examples)})"]
        for e in examples:
            facts = [f"{'gold' if e.gold is not None else 'pred'} {e.start}-{e.end}"]
            if e.gold_speaker is not None or category == "wrong_speaker":
                facts.append(f"gold speaker: {e.gold_speaker!r}")
            if e.pred_speaker is not None or category == "wrong_speaker":
                facts.append(f"pred speaker: {e.pred_speaker!r}")
            if e.cue is not None:
                facts.append(f"cue: {e.cue!r}")
            lines.append(f"  {e.article_id}  " + "; ".join(facts))
            lines.append(f"    {e.context}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_json(scores: Scores, *, errors: bool = False) -> bytes:
    """The scores as indented JSON (see `scores_to_dict`), newline included."""
    return orjson.dumps(
        scores_to_dict(scores, errors=errors), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    )
