"""The rule stages in their order: detect -> attribute -> coref -> sources and events -> summary.

`analyse_doc` takes an annotated doc (see `annotate.py`) and returns the `ArticleResult` that the
reports print. Every stage is a plain function; this module only wires them and numbers the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from quotes.attribute import Attribution, attribute
from quotes.confidence import confidence
from quotes.coref import Chain, resolve
from quotes.detect import detect
from quotes.lexicon import Lexicon, load_lexicon
from quotes.model import AnnotatedDoc, Article, ArticleResult, Event, Quote, Source, Span, Summary
from quotes.sources import EventCandidate, conduits, find_events, profiles
from quotes.tokens import TokenIndex

_PRIORITY = {"direct": 0, "mixed": 1, "indirect": 2}


def _without_overlaps(attributions: Sequence[Attribution]) -> list[Attribution]:
    """Keep quotes that do not overlap, preferring direct over mixed over reported speech."""
    kept: list[Attribution] = []
    for att in sorted(attributions, key=lambda a: (_PRIORITY[a.candidate.kind], a.candidate.start)):
        c = att.candidate
        if c.end > c.start and not any(k.candidate.start < c.end and c.start < k.candidate.end for k in kept):
            kept.append(att)
    return sorted(kept, key=lambda a: a.candidate.start)


def _summary(quotes: Sequence[Quote], sources: Sequence[Source]) -> Summary:
    kinds = {s.id: s.type for s in sources}
    anonymous = sum(1 for q in quotes if q.source and kinds.get(q.source) == "anonymous")
    return Summary(
        quotes=len(quotes),
        direct=sum(1 for q in quotes if q.kind == "direct"),
        mixed=sum(1 for q in quotes if q.kind == "mixed"),
        indirect=sum(1 for q in quotes if q.kind == "indirect"),
        sources=len(sources),
        named_sources=sum(1 for s in sources if s.type in {"person", "organisation"}),
        anonymous_sources=sum(1 for s in sources if s.type == "anonymous"),
        anonymous_quote_share=round(anonymous / len(quotes), 4) if quotes else 0.0,
        unattributed=sum(1 for q in quotes if q.source is None),
    )


def _chain_lookup(mentions: Sequence[Span], chain_of: Sequence[int]) -> dict[tuple[int, int], int]:
    return {(m.start, m.end): c for m, c in zip(mentions, chain_of, strict=True)}


def analyse_doc(
    doc: AnnotatedDoc, *, article: Article | None = None, lexicon: Lexicon | None = None
) -> ArticleResult:
    """Find the quotes of one annotated article, who said them, and through whom."""
    lexicon = lexicon or load_lexicon()
    text = doc.text
    index = TokenIndex(doc)  # built once: detect, attribute and find_events all look tokens up
    detection = detect(doc, lexicon=lexicon, index=index)
    found, attribution_notes = attribute(doc, detection.candidates, lexicon=lexicon, index=index)
    attributions = _without_overlaps(found)
    events = find_events(doc, lexicon=lexicon, index=index)
    mentions = [a.speaker for a in attributions if a.speaker is not None]
    mentions += [e.subject for e in events if e.subject is not None]
    chains, chain_of = resolve(doc, mentions, lexicon=lexicon)
    chain_at = _chain_lookup(mentions, chain_of)

    via_of_chain: dict[int, tuple[str, ...]] = {}
    quote_via: list[tuple[str, ...]] = []
    for att in attributions:
        via = conduits(doc, att.candidate, lexicon=lexicon)
        quote_via.append(via)
        if att.speaker is not None:
            c = chain_at[(att.speaker.start, att.speaker.end)]
            via_of_chain[c] = tuple(dict.fromkeys(via_of_chain.get(c, ()) + via))

    used = _used_chains(attributions, events, chain_at)
    ids = {c: f"s{n}" for n, c in enumerate(used, start=1)}
    quotes = _quotes(text, attributions, quote_via, chain_at, ids, via_of_chain)
    sources = _sources(doc, chains, used, ids, via_of_chain, quotes, lexicon)
    result_events = tuple(
        Event(
            e.type,
            ids.get(chain_at[(e.subject.start, e.subject.end)]) if e.subject else None,
            e.start,
            e.end,
            text[e.start : e.end],
        )
        for e in events
    )
    # what the reader and the annotator noticed (a cut text, a cut sentence) first, then the rules' notes
    diagnostics = (article.diagnostics if article else ()) + doc.diagnostics + detection.diagnostics
    diagnostics += attribution_notes
    return ArticleResult(
        id=article.id if article else "",
        title=article.title if article else None,
        quotes=quotes,
        sources=sources,
        events=result_events,
        diagnostics=diagnostics,
        summary=_summary(quotes, sources),
        outlet=article.outlet if article else None,
        date=article.date if article else None,
        url=article.url if article else None,
        author=article.author if article else None,
    )


def _used_chains(
    attributions: Sequence[Attribution],
    events: Sequence[EventCandidate],
    chain_at: dict[tuple[int, int], int],
) -> list[int]:
    """Chains that said something or declined to, numbered in order of first appearance."""
    used: list[int] = []
    spans = [a.speaker for a in attributions] + [e.subject for e in events]
    for span in sorted((s for s in spans if s is not None), key=lambda s: s.start):
        c = chain_at[(span.start, span.end)]
        if c not in used:
            used.append(c)
    return used


def _quotes(
    text: str,
    attributions: Sequence[Attribution],
    quote_via: Sequence[tuple[str, ...]],
    chain_at: dict[tuple[int, int], int],
    ids: dict[int, str],
    via_of_chain: dict[int, tuple[str, ...]],
) -> tuple[Quote, ...]:
    quotes = []
    for n, (att, via) in enumerate(zip(attributions, quote_via, strict=True), start=1):
        c = att.candidate
        chain = chain_at[(att.speaker.start, att.speaker.end)] if att.speaker else None
        # a quote with no channel of its own came the way its source's other quotes came
        if not via and chain is not None:
            via = via_of_chain.get(chain, ())
        quotes.append(
            Quote(
                id=f"q{n}",
                kind=c.kind,
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                cue=c.cue,
                speaker=att.speaker,
                source=ids.get(chain) if chain is not None else None,
                via=via,
                continuation=att.follows is not None,
                pattern=c.pattern,
                confidence=confidence(c.kind, c.pattern),
            )
        )
    return tuple(quotes)


def _sources(
    doc: AnnotatedDoc,
    chains: Sequence[Chain],
    used: Sequence[int],
    ids: dict[int, str],
    via_of_chain: dict[int, tuple[str, ...]],
    quotes: Sequence[Quote],
    lexicon: Lexicon,
) -> tuple[Source, ...]:
    found = profiles(doc, [chains[c] for c in used], lexicon=lexicon)
    sources = []
    for c, prof in zip(used, found, strict=True):
        mine = [q for q in quotes if q.source == ids[c]]
        sources.append(
            Source(
                id=ids[c],
                name=prof.name,
                type=prof.type,
                descriptor=prof.descriptor,
                title=prof.title,
                via=via_of_chain.get(c, ()),
                mentions=chains[c].mentions,
                direct=sum(1 for q in mine if q.kind == "direct"),
                mixed=sum(1 for q in mine if q.kind == "mixed"),
                indirect=sum(1 for q in mine if q.kind == "indirect"),
            )
        )
    return tuple(sources)


def attribution_groups(quotes: Sequence[Quote]) -> tuple[tuple[Quote, ...], ...]:
    """Quotes that make one attribution: a quote with the quotes that continue it (a paragraph of
    quote with no cue of its own) or share its cue (“Q1,” he said, “Q2.”). Attribution corpora such
    as PolNeAR annotate these as one attribution with discontinuous content."""
    groups: list[list[Quote]] = []
    for quote in sorted(quotes, key=lambda q: q.start):
        last = groups[-1][-1] if groups else None
        same_cue = last is not None and quote.cue is not None and quote.cue == last.cue
        joins = last is not None and quote.source == last.source and (quote.continuation or same_cue)
        if joins and last is not None and last.kind != "indirect" and quote.kind != "indirect":
            groups[-1].append(quote)
        else:
            groups.append([quote])
    return tuple(tuple(group) for group in groups)


def keep_confident(result: ArticleResult, *, minimum: float) -> ArticleResult:
    """The result with only the quotes whose confidence is at least `minimum` (a quote of a pattern
    never measured has none, and goes); a source left with no quote goes too, unless it said
    something else (an event: "declined to comment") or carried another source's words (a conduit).
    Ids stay as they were, so a filtered result still lines up with the unfiltered one."""
    quotes = tuple(q for q in result.quotes if q.confidence is not None and q.confidence >= minimum)
    before = {q.source for q in result.quotes}
    after = {q.source for q in quotes}
    needed = after | {e.source for e in result.events} | {v for q in quotes for v in q.via}
    sources = []
    for source in result.sources:
        mine = [q for q in quotes if q.source == source.id]
        if source.id in before and source.id not in needed:
            continue
        sources.append(
            replace(
                source,
                direct=sum(1 for q in mine if q.kind == "direct"),
                mixed=sum(1 for q in mine if q.kind == "mixed"),
                indirect=sum(1 for q in mine if q.kind == "indirect"),
            )
        )
    return replace(result, quotes=quotes, sources=tuple(sources), summary=_summary(quotes, sources))
