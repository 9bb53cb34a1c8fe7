"""Reading the inputs of an evaluation: attribution gold (PolNeAR converted to JSONL) and saved predictions.

Gold `kind` is not a PolNeAR label: the converter derived it from quotation marks, and it did not read
the two-apostrophe marks of older newspaper style (''...'', the New York Times) as marks. Content quoted
that way is given its kind again here, by the same rule (`gold_kind`), using the engine's mark pairing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson

from quotes.errors import InputError
from quotes.evaluate.match import overlap, pieces
from quotes.marks import Region, find_regions
from quotes.model import ArticleResult, Quote, QuoteKind, Source, Span
from quotes.report import result_from_json

KINDS: frozenset[str] = frozenset({"direct", "mixed", "indirect"})

DIRECT_FRACTION = 0.9  # the converter's rule: none quoted -> indirect, >= 90% quoted -> direct, else mixed


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


def _optional_span(text: str, q: Mapping[str, Any], name: str, what: str) -> Span | None:
    """The span of `q[name + "_start"]`, `q[name + "_end"]`, or None when there is no start."""
    if q.get(name + "_start") is None:
        return None
    return _span(text, q.get(name + "_start"), q.get(name + "_end"), what)


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


def _gold_quote(text: str, q: object, where: str, regions: Sequence[Region]) -> GoldQuote:
    """One gold attribution from its decoded JSON object; `where` names it in error messages."""
    if not isinstance(q, dict):
        raise InputError(f"{where}: expected an object, got {q!r:.80}")
    kind = q.get("kind")
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be direct, mixed or indirect, got {kind!r}")
    content = _span(text, q.get("start"), q.get("end"), where)
    content_spans = _spans(text, q.get("spans"), where) or (content,)
    speaker = _optional_span(text, q, "speaker", where + " speaker")
    speaker_pieces = _spans(text, q.get("speaker_spans"), where + " speaker") or (
        (speaker,) if speaker else ()
    )
    return GoldQuote(
        kind=gold_kind(text, content_spans, cast(QuoteKind, kind), regions),
        start=content.start,
        end=content.end,
        text=content.text,
        spans=content_spans,
        speaker=speaker,
        speaker_spans=speaker_pieces,
        cue=_optional_span(text, q, "cue", where + " cue"),
    )


def gold_from_dict(obj: Mapping[str, Any]) -> GoldArticle:
    """Build a `GoldArticle` from one decoded line of the gold JSONL (format in the data README)."""
    try:
        article_id, text, quotes = obj["id"], obj["text"], obj.get("quotes") or []
    except (KeyError, AttributeError) as exc:
        raise InputError(f"gold article: expected an object with 'id' and 'text', got {obj!r:.80}") from exc
    if not isinstance(article_id, str) or not isinstance(text, str) or not isinstance(quotes, list):
        raise InputError(f"gold article {article_id!r}: 'id' and 'text' must be strings, 'quotes' a list")
    regions = find_regions(text)[0] if "''" in text else ()
    gold = tuple(
        _gold_quote(text, q, f"gold article {article_id!r}, quote {number}", regions)
        for number, q in enumerate(quotes)
    )
    return GoldArticle(id=article_id, text=text, quotes=gold)


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
