"""summary.json: the counts over a batch run, as typed records that orjson writes in field order.

    {"articles", "quotes", "anonymous_quotes", "anonymous_quote_share",
     "failed": {"total", "read", "analyse"},
     "quotes_by_kind": {"direct", "mixed", "indirect"},
     "unattributed_quotes",
     "sources_by_type": {TYPE: count},
     "by_outlet": {OUTLET: Tally}, "by_month": {"YYYY-MM": Tally},
     "top_sources": [{"name", "type", "quotes", "articles"}],
     "conduits": [{"name", "quotes", "articles"}],
     "top_anonymous_sources": [{"name", "type", "quotes", "articles"}]}

where a Tally is {"articles", "quotes", "anonymous_quotes", "anonymous_quote_share"}; a share is
rounded to 4 places, and null when there are no quotes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from quotes.flow import Failure
from quotes.model import ArticleResult, Source

TOP_SOURCES = 20
MONTH = re.compile(r"^(\d{4})-(\d{2})")
NAMED = ("person", "organisation", "group")  # the source types that count as named in top_sources


@dataclass(frozen=True, slots=True)
class Tally:
    articles: int = 0
    quotes: int = 0
    anonymous_quotes: int = 0
    anonymous_quote_share: float | None = None  # of all quotes, attributed or not


@dataclass(frozen=True, slots=True)
class FailedCounts:
    total: int = 0
    read: int = 0
    analyse: int = 0


@dataclass(frozen=True, slots=True)
class QuotesByKind:
    direct: int = 0
    mixed: int = 0
    indirect: int = 0


@dataclass(frozen=True, slots=True)
class TopSource:
    name: str
    type: str
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class Conduit:
    name: str
    quotes: int
    articles: int


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The whole of summary.json; the field order is the key order of the file."""

    articles: int = 0
    quotes: int = 0
    anonymous_quotes: int = 0
    anonymous_quote_share: float | None = None
    failed: FailedCounts = field(default_factory=FailedCounts)
    quotes_by_kind: QuotesByKind = field(default_factory=QuotesByKind)
    unattributed_quotes: int = 0
    sources_by_type: dict[str, int] = field(default_factory=dict)
    by_outlet: dict[str, Tally] = field(default_factory=dict)
    by_month: dict[str, Tally] = field(default_factory=dict)
    top_sources: tuple[TopSource, ...] = ()
    conduits: tuple[Conduit, ...] = ()
    top_anonymous_sources: tuple[TopSource, ...] = ()  # schema 1.1: new keys go last

    def to_json(self) -> bytes:
        return orjson.dumps(self, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)

    def as_dict(self) -> dict[str, Any]:
        """The plain JSON value, as summary.json holds it."""
        value: dict[str, Any] = orjson.loads(orjson.dumps(self))
        return value


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(slots=True)
class _Count:
    articles: int = 0
    quotes: int = 0
    anonymous_quotes: int = 0

    def add(self, quotes: int, anonymous: int) -> None:
        self.articles += 1
        self.quotes += quotes
        self.anonymous_quotes += anonymous

    def tally(self) -> Tally:
        share = _share(self.anonymous_quotes, self.quotes)
        return Tally(self.articles, self.quotes, self.anonymous_quotes, share)


@dataclass(slots=True)
class _Counts:
    """Running counts over the results of a run."""

    overall: _Count = field(default_factory=_Count)
    outlets: defaultdict[str, _Count] = field(default_factory=lambda: defaultdict(_Count))
    months: defaultdict[str, _Count] = field(default_factory=lambda: defaultdict(_Count))
    kinds: Counter[str] = field(default_factory=Counter)
    source_types: Counter[str] = field(default_factory=Counter)
    unattributed: int = 0
    named: Counter[tuple[str, str]] = field(default_factory=Counter)
    named_articles: defaultdict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    anonymous: Counter[str] = field(default_factory=Counter)  # by description, whatever its case
    anonymous_articles: Counter[str] = field(default_factory=Counter)
    anonymous_names: dict[str, str] = field(default_factory=dict)  # the first spelling seen
    conduits: Counter[str] = field(default_factory=Counter)
    conduit_articles: Counter[str] = field(default_factory=Counter)

    def add(self, result: ArticleResult) -> None:
        sources = {source.id: source for source in result.sources}
        self.source_types.update(source.type for source in result.sources)
        anonymous = sum(
            1 for q in result.quotes if q.source in sources and sources[q.source].type == "anonymous"
        )
        counts = [self.overall]
        if result.outlet:
            counts.append(self.outlets[result.outlet])
        month = MONTH.match(result.date or "")
        if month:
            counts.append(self.months[f"{month[1]}-{month[2]}"])
        for count in counts:
            count.add(len(result.quotes), anonymous)
        self.kinds.update(quote.kind for quote in result.quotes)
        self.unattributed += sum(1 for quote in result.quotes if quote.source is None)
        self._add_names(result, sources)

    def _add_names(self, result: ArticleResult, sources: Mapping[str, Source]) -> None:
        seen_named: set[tuple[str, str]] = set()
        seen_anonymous: set[str] = set()
        seen_conduits: set[str] = set()
        for quote in result.quotes:
            source = sources.get(quote.source or "")
            if source is not None and source.type in NAMED:
                key = (source.name, source.type)
                self.named[key] += 1
                seen_named.add(key)
            elif source is not None and source.type == "anonymous":
                # "A source" opening a sentence and "a source" inside one are one description
                described = source.name.casefold()
                self.anonymous_names.setdefault(described, source.name)
                self.anonymous[described] += 1
                seen_anonymous.add(described)
            for via in quote.via:
                name = sources[via].name if via in sources else via
                self.conduits[name] += 1
                seen_conduits.add(name)
        for named in seen_named:  # articles numbered as they are counted
            self.named_articles[named].add(self.overall.articles)
        self.anonymous_articles.update(seen_anonymous)
        self.conduit_articles.update(seen_conduits)

    def top_sources(self) -> tuple[TopSource, ...]:
        # "Trump" in one article and "Donald Trump" in another are one person when no other person
        # of the run bears the name (`person_folds`)
        folds = person_folds({name: n for (name, kind), n in self.named.items() if kind == "person"})
        quotes: Counter[tuple[str, str]] = Counter()
        articles: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
        for (name, kind), count in self.named.items():
            key = counted_as(name, kind, folds)
            quotes[key] += count
            articles[key] |= self.named_articles[(name, kind)]
        ranked = sorted(quotes.items(), key=lambda item: (-item[1], item[0]))[:TOP_SOURCES]
        return tuple(
            TopSource(name, kind, count, len(articles[(name, kind)])) for (name, kind), count in ranked
        )

    def top_anonymous(self) -> tuple[TopSource, ...]:
        ranked = sorted(self.anonymous.items(), key=lambda item: (-item[1], item[0]))[:TOP_SOURCES]
        return tuple(
            TopSource(self.anonymous_names[key], "anonymous", count, self.anonymous_articles[key])
            for key, count in ranked
        )

    def conduit_list(self) -> tuple[Conduit, ...]:
        ranked = sorted(self.conduits.items(), key=lambda item: (-item[1], item[0]))
        return tuple(Conduit(name, count, self.conduit_articles[name]) for name, count in ranked)


def counted_as(name: str, kind: str, folds: Mapping[str, str]) -> tuple[str, str]:
    """The name and type a named source is counted under in the run summary (`person_folds`)."""
    return (folds.get(name, name), kind) if kind == "person" else (name, kind)


def person_folds(uses: Mapping[str, int]) -> dict[str, str]:
    """The spelling each person name of a run is counted under, where it differs: spellings of one
    first and last name go under the most used one ("Donald J. Trump" under "Donald Trump"), and a
    last name written alone under the full name, where exactly one person of the run bears that last
    name ("Trump"; not "Clinton" in a run with Hillary and Bill Clinton). `uses`: how many quotes each
    name has; the most used spelling wins, then the shortest."""
    spellings: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for name in uses:
        words = name.split()
        if len(words) >= 2:
            spellings[(words[0].casefold(), words[-1].casefold())].append(name)
    folds: dict[str, str] = {}
    canonical: dict[tuple[str, str], str] = {}
    for identity, names_of in spellings.items():
        best = min(names_of, key=lambda n: (-uses[n], len(n), n))
        canonical[identity] = best
        folds.update({n: best for n in names_of if n != best})
    by_last: defaultdict[str, list[str]] = defaultdict(list)
    for (_, last), name in canonical.items():
        by_last[last].append(name)
    for name in uses:
        words = name.split()
        full = by_last.get(name.casefold(), []) if len(words) == 1 else []
        if len(full) == 1:
            folds[name] = full[0]
    return folds


def summarise(results: Iterable[ArticleResult], *, failures: Iterable[Failure] = ()) -> RunSummary:
    """Counts over a run: articles, quotes by kind, anonymous share (overall, per outlet, per month),
    the most quoted named sources, the most quoted anonymous ones (by their description, counted
    whatever its case) and the conduits ("via") quotes came through.

    Anonymous means a quote whose source has type "anonymous"; shares are of all quotes, attributed or not.
    """
    counts = _Counts()
    for result in results:
        counts.add(result)
    stages = Counter(failure.stage for failure in failures)
    overall = counts.overall.tally()
    return RunSummary(
        articles=overall.articles,
        quotes=overall.quotes,
        anonymous_quotes=overall.anonymous_quotes,
        anonymous_quote_share=overall.anonymous_quote_share,
        failed=FailedCounts(stages.total(), stages["read"], stages["analyse"]),
        quotes_by_kind=QuotesByKind(counts.kinds["direct"], counts.kinds["mixed"], counts.kinds["indirect"]),
        unattributed_quotes=counts.unattributed,
        sources_by_type=dict(sorted(counts.source_types.items())),
        by_outlet={name: count.tally() for name, count in sorted(counts.outlets.items())},
        by_month={name: count.tally() for name, count in sorted(counts.months.items())},
        top_sources=counts.top_sources(),
        top_anonymous_sources=counts.top_anonymous(),
        conduits=counts.conduit_list(),
    )
