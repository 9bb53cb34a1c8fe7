"""A batch run's report.html: the run's summary with bar charts, then a section per article.

The charts are plain HTML and CSS (a bar is a `<span>` as wide as its share): the anonymous share
of quotes per outlet and per month, the most quoted named sources and the most quoted anonymous
ones, and the conduits. Each source in the charts links to the sections of the articles that quote
it. A run folder does not keep the articles' texts, so an article's section lists its quotes in
their sources' colours, with the legend; `quotes analyse ARTICLE --format html` shows one in place.

The page is written as a stream (two passes over results.jsonl: links first, then sections), and
at most `MAX_SECTIONS` articles get a section, so that a huge archive still gives a page a browser
can open; the summary covers every article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import IO

from quotes.html import article_section, escape, page_head, page_tail
from quotes.model import ArticleResult
from quotes.summary import RunSummary, Tally, TopSource, counted_as, person_folds

MAX_SECTIONS = 2000
MAX_LINKS = 12  # article links shown per source in the charts


def write_run_report(
    results: Callable[[], Iterable[ArticleResult]], summary: RunSummary, out: IO[str]
) -> None:
    """Write report.html to `out`; `results` gives a fresh pass over the run's results each call."""
    folds = person_folds(_person_uses(results()))
    links = _article_links(results(), summary, folds)
    body = [_headline(summary), _charts(summary, links)]
    out.write(page_head("quotes batch run") + "\n".join(body) + "\n")
    shown = 0
    for number, result in enumerate(results(), start=1):
        if number > MAX_SECTIONS:
            break
        out.write(article_section(result, None, anchor=f"a{number}") + "\n")
        shown = number
    if summary.articles > shown:
        out.write(
            f'<p class="meta">{_plural(summary.articles - shown, "more article")} in results.jsonl, '
            "quotes.csv and quotes.xlsx.</p>\n"
        )
    out.write(page_tail())


def _key(name: str, kind: str, folds: Mapping[str, str] | None = None) -> tuple[str, str]:
    # anonymous sources are counted by description whatever its case, people under one spelling
    # of their name (quotes.summary)
    return (name.casefold(), kind) if kind == "anonymous" else counted_as(name, kind, folds or {})


def _person_uses(results: Iterable[ArticleResult]) -> Counter[str]:
    """How many quotes each person name has over the run, as quotes.summary counts them."""
    uses: Counter[str] = Counter()
    for result in results:
        people = {s.id: s.name for s in result.sources if s.type == "person"}
        uses.update(people[q.source] for q in result.quotes if q.source in people)
    return uses


def _article_links(
    results: Iterable[ArticleResult], summary: RunSummary, folds: Mapping[str, str]
) -> dict[tuple[str, str], list[int]]:
    """For each source in the charts, the numbers of the first articles (with a section) quoting it."""
    wanted = {_key(s.name, s.type) for s in (*summary.top_sources, *summary.top_anonymous_sources)}
    links: dict[tuple[str, str], list[int]] = {key: [] for key in wanted}
    for number, result in enumerate(results, start=1):
        if number > MAX_SECTIONS:
            break
        quoted = {q.source for q in result.quotes}
        for source in result.sources:
            key = _key(source.name, source.type, folds)
            if source.id in quoted and key in links and len(links[key]) < MAX_LINKS:
                links[key].append(number)
    return links


def _headline(summary: RunSummary) -> str:
    kinds = summary.quotes_by_kind
    share = summary.anonymous_quote_share
    return (
        "<h1>quotes batch run</h1>"
        f"<p>{summary.articles} articles, {summary.quotes} quotes ({kinds.direct} direct, "
        f"{kinds.mixed} mixed, {kinds.indirect} reported), {summary.failed.total} failed.</p>"
        f"<p><strong>{summary.anonymous_quotes} quotes ({_percent(share)}) from anonymous sources</strong>, "
        f"{summary.unattributed_quotes} unattributed.</p>"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _charts(summary: RunSummary, links: dict[tuple[str, str], list[int]]) -> str:
    parts = []
    for title, groups in (
        ("Anonymous share per outlet", summary.by_outlet),
        ("Anonymous share per month", summary.by_month),
    ):
        if groups:
            parts.append(_share_chart(title, groups))
    for title, top in (
        ("Most quoted sources", summary.top_sources),
        ("Most quoted anonymous sources", summary.top_anonymous_sources),
    ):
        if top:
            parts.append(_top_chart(title, top, links))
    if summary.conduits:
        most = max(conduit.quotes for conduit in summary.conduits)
        rows = [
            _bar_row(
                escape(c.name),
                c.quotes / most,
                f"{_plural(c.quotes, 'quote')} in {_plural(c.articles, 'article')}",
                "",
            )
            for c in summary.conduits
        ]
        parts.append(_chart("Conduits (via)", rows))
    return "\n".join(parts)


def _share_chart(title: str, groups: dict[str, Tally]) -> str:
    rows = [
        _bar_row(
            escape(name),
            tally.anonymous_quote_share or 0.0,
            f"{_percent(tally.anonymous_quote_share)} of {_plural(tally.quotes, 'quote')} "
            f"in {_plural(tally.articles, 'article')}",
            "anon",
        )
        for name, tally in groups.items()
    ]
    return _chart(title, rows)


def _top_chart(title: str, top: Iterable[TopSource], links: dict[tuple[str, str], list[int]]) -> str:
    sources = list(top)
    most = max(source.quotes for source in sources)
    rows = []
    for source in sources:
        numbers = links.get(_key(source.name, source.type), [])
        anchors = " ".join(f'<a href="#a{number}">#{number}</a>' for number in numbers)
        label = f"{escape(source.name)} <small>({escape(source.type)})</small>"
        detail = f"{_plural(source.quotes, 'quote')} in {_plural(source.articles, 'article')}"
        detail += f": {anchors}" if anchors else ""
        rows.append(_bar_row(label, source.quotes / most, detail, "anon" * (source.type == "anonymous")))
    return _chart(title, rows)


def _bar_row(label: str, fraction: float, detail: str, style: str) -> str:
    """One row of a chart; `label` and `detail` are HTML already escaped."""
    width = f"{max(0.0, min(1.0, fraction)) * 100:.1f}%"
    return (
        f'<tr><td>{label}</td><td class="bar"><span class="fill {style}" style="width:{width}"></span></td>'
        f"<td>{detail}</td></tr>"
    )


def _chart(title: str, rows: list[str]) -> str:
    return f'<h2>{escape(title)}</h2><table class="bars"><tbody>{"".join(rows)}</tbody></table>'
