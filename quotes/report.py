"""ArticleResults out: a terminal table, JSON, JSON lines and CSV, one implementation per format.

JSON is the contract (`quotes/result.schema.json`): `to_json`/`to_jsonl` write the dataclasses of
`quotes.model` as they are (tuples as lists) and `result_from_json` (`quotes.contract.decode`) reads
them back, so results round-trip for resume and
evaluation. The CSV columns are fixed and documented in `QUOTE_COLUMNS` and `SOURCE_COLUMNS`;
cells are never shortened, but a text cell that a spreadsheet would run as a formula is written with a
leading apostrophe. Only the table shortens quote text, to fit the terminal, and it shows control
characters escaped, so article text cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Literal

import orjson
from tabulate import tabulate

from quotes import contract
from quotes.errors import ContractError
from quotes.model import ArticleResult, Quote, Source

ARTICLE_COLUMNS = (
    "article_id",
    "article_title",
    "article_outlet",
    "article_date",
    "article_url",
    "article_author",
)
"""The article's metadata, the first columns of both CSVs (empty where the input did not give it)."""

SOURCE_FIELDS = ("source_id", "source_name", "source_type", "source_title", "source_descriptor")
"""The source, in both CSVs: in quotes.csv the source the quote is attributed to (empty if none)."""

QUOTE_COLUMNS = (
    *ARTICLE_COLUMNS,
    "quote_id",
    "quote_kind",
    "quote_text",
    "quote_start",
    "quote_end",
    "quote_cue",
    "quote_speaker",
    "quote_via",
    "quote_pattern",
    "quote_confidence",
    *SOURCE_FIELDS,
)
"""quotes.csv: one row per quote. A column is named `<record>_<field>` after the JSON contract's
record (article, quote, source) and field, so the same thing has the same name in both CSVs:
`quote_speaker` is the speaker mention's text, `quote_via` joins the conduits with "; ",
`quote_start`/`quote_end` are character offsets."""

SOURCE_COLUMNS = (
    *ARTICLE_COLUMNS,
    *SOURCE_FIELDS,
    "source_via",
    "source_direct",
    "source_mixed",
    "source_indirect",
    "source_quotes",
    "source_quote_share",
)
"""sources.csv: one row per source per article, named as `QUOTE_COLUMNS`; source_quote_share is the
source's share of the article's quotes (4 decimals). Join it to quotes.csv on (article_id, source_id)."""

BOM = "\ufeff"
KIND_COLORS = {"direct": "32", "mixed": "33", "indirect": "36"}
MIN_QUOTE_WIDTH = 20
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV text cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection list)."""
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: a terminal acts on them, never shows them


# -- text helpers shared by the formats ---------------------------------------------------------


def _sources_by_id(result: ArticleResult) -> dict[str, Source]:
    return {source.id: source for source in result.sources}


def _via_names(via: Iterable[str], sources: Mapping[str, Source]) -> list[str]:
    # `via` may hold source ids of the conduits or their names: show names either way
    return [sources[item].name if item in sources else item for item in via]


def _source_label(quote: Quote, sources: Mapping[str, Source]) -> str:
    source = sources.get(quote.source) if quote.source else None
    if source is None:
        return quote.source or "(unattributed)"
    return source.name or source.descriptor or source.id


def _join_english(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _counts(result: ArticleResult) -> dict[str, Counter[str]]:
    """Quotes per source id and kind, counted from the quotes themselves so every table agrees."""
    counts: dict[str, Counter[str]] = {}
    for quote in result.quotes:
        if quote.source is not None:
            counts.setdefault(quote.source, Counter())[quote.kind] += 1
    return counts


def verdict(result: ArticleResult) -> str:
    """One line on the article's sourcing, e.g. "11 quotes from 3 sources; 8 of 11 quotes (73%) ..."."""
    total = len(result.quotes)
    if total == 0:
        return "no quotes found"
    sources = _sources_by_id(result)
    quoted = {quote.source for quote in result.quotes if quote.source is not None}
    line = f"{total} quote{'s' * (total != 1)} from {len(quoted)} source{'s' * (len(quoted) != 1)}"
    unattributed = sum(1 for quote in result.quotes if quote.source is None)
    if unattributed:
        line += f" ({unattributed} unattributed)"
    anonymous = [
        quote
        for quote in result.quotes
        if quote.source in sources and sources[quote.source].type == "anonymous"
    ]
    if anonymous:
        line += f"; {len(anonymous)} of {total} quotes ({round(100 * len(anonymous) / total)}%)"
        line += " from anonymous sources"
        conduits: list[str] = []
        for quote in anonymous:
            via = quote.via or sources[quote.source or ""].via
            conduits.extend(name for name in _via_names(via, sources) if name not in conduits)
        if conduits:
            line += f", via {_join_english(conduits)}"
    return line


# -- table --------------------------------------------------------------------------------------


def _printable(text: str) -> str:
    """`text` safe for a terminal: each whitespace run (newlines, tabs) one space, other controls escaped."""
    flat = re.sub(r"\s+", " ", text)
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", flat)


class _Painted(str):
    """Text `_paint` has escaped and coloured: its own escape sequences are kept."""

    __slots__ = ()


def _cells(row: Iterable[object]) -> list[object]:
    # numbers stay numbers, so that tabulate still aligns them to the right
    return [
        _printable(cell) if isinstance(cell, str) and not isinstance(cell, _Painted) else cell for cell in row
    ]


def _tabulate(rows: Iterable[Iterable[object]], headers: list[str]) -> str:
    """tabulate with every cell and header made printable: the one door to the terminal for tables."""
    return tabulate(
        [_cells(row) for row in rows], headers=[_printable(header) for header in headers], tablefmt="simple"
    )


def _shorten(text: str, width: int) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= width else flat[: max(width - 1, 1)].rstrip() + "…"


def _paint(text: str, code: str, color: bool) -> str:
    text = _printable(text)
    return _Painted(f"\x1b[{code}m{text}\x1b[0m" if color else text)


def _fit(rows: list[list[object]], headers: list[str], flexible: dict[int, int], width: int) -> str:
    """Render rows, shortening the `flexible` columns (index -> narrowest width, in order of
    preference) until the table fits in `width` or every flexible column is at its narrowest."""
    rows = [_cells(row) for row in rows]  # escaped before measuring: an escape is wider than its character
    caps = {column: max((len(str(row[column])) for row in rows), default=0) for column in flexible}
    while True:
        shown = [
            [_shorten(str(cell), caps[index]) if index in caps else cell for index, cell in enumerate(row)]
            for row in rows
        ]
        table = _tabulate(shown, headers)
        overflow = max(len(_strip_ansi(line)) for line in table.splitlines()) - width
        cuts = {column: min(caps[column] - least, overflow) for column, least in flexible.items()}
        column = next((column for column, cut in cuts.items() if cut > 0), None)
        if overflow <= 0 or column is None:
            return table
        caps[column] -= cuts[column]


def _quotes_table(result: ArticleResult, *, width: int, color: bool) -> str:
    sources = _sources_by_id(result)
    rows: list[list[object]] = []
    for number, quote in enumerate(result.quotes, start=1):
        source = sources.get(quote.source or "")
        rows.append(
            [
                number,
                _paint(quote.kind, KIND_COLORS.get(quote.kind, "0"), color),
                _source_label(quote, sources),
                source.type if source else "",
                ", ".join(_via_names(quote.via, sources)),
                quote.cue.text if quote.cue else "",
                "" if quote.confidence is None else f"{quote.confidence:.2f}",
                re.sub(r"\s+", " ", quote.text).strip(),
            ]
        )
    headers = ["#", "kind", "source", "type", "via", "cue", "conf", "quote"]
    # the quote gives way first, down to MIN_QUOTE_WIDTH; then the source and the via columns
    return _fit(rows, headers, {7: MIN_QUOTE_WIDTH, 2: 12, 4: 8}, width)


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _sources_table(result: ArticleResult, *, width: int) -> str:
    total = len(result.quotes)
    counts = _counts(result)
    rows: list[list[object]] = []
    for source in result.sources:
        count = counts.get(source.id, Counter())
        quoted = sum(count.values())
        rows.append(
            [
                source.name or source.id,
                source.type,
                " / ".join(
                    part for part in (source.title, source.descriptor) if part and part != source.name
                ),
                ", ".join(_via_names(source.via, _sources_by_id(result))),
                count["direct"],
                count["mixed"],
                count["indirect"],
                f"{round(100 * quoted / total)}%" if total else "",
            ]
        )
    headers = ["source", "type", "title/descriptor", "via", "direct", "mixed", "reported", "share"]
    return _fit(rows, headers, {2: 16, 0: 12, 3: 8}, width)


def to_table(result: ArticleResult, *, width: int = 100, color: bool = False) -> str:
    """A human-readable report of one article for a terminal `width` columns wide."""
    heading = f"{result.id}" + (f" — {result.title}" if result.title else "")
    heading = _shorten(_printable(heading), width)
    parts = [_paint(heading, "1", color), textwrap.fill(_printable(verdict(result)), width)]
    if result.quotes:
        parts += ["", _quotes_table(result, width=width, color=color)]
    if result.sources:
        parts += ["", _sources_table(result, width=width)]
    if result.events:
        sources = _sources_by_id(result)
        events: list[list[object]] = [
            [
                event.type.replace("_", " "),
                sources[event.source].name if event.source in sources else (event.source or ""),
                re.sub(r"\s+", " ", event.text).strip(),
            ]
            for event in result.events
        ]
        parts += ["", _fit(events, ["event", "source", "text"], {2: MIN_QUOTE_WIDTH, 1: 12}, width)]
    if result.diagnostics:
        notes = ", ".join(
            diagnostic.code + (f"@{diagnostic.start}" if diagnostic.start is not None else "")
            for diagnostic in result.diagnostics
        )
        parts += ["", _printable(f"diagnostics: {notes}")]
    return "\n".join(parts)


# -- JSON ---------------------------------------------------------------------------------------


def to_json(result: ArticleResult) -> bytes:
    """The result as an indented JSON object (no trailing newline)."""
    return orjson.dumps(result, option=orjson.OPT_INDENT_2)


def to_jsonl(result: ArticleResult) -> bytes:
    """The result as one compact JSON line, newline included."""
    return orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE)


def result_from_json(data: bytes | str) -> ArticleResult:
    """Read back one result written by `to_json` or `to_jsonl`; raises ContractError (an InputError)
    naming the path of the bad value on anything else. See `quotes.contract.decode`."""
    return contract.decode(data)


def results_from_json(data: bytes | str) -> list[ArticleResult]:
    """Read results from one JSON object, a JSON array of them, or JSON lines."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    stripped = text.lstrip()
    if stripped.startswith("["):
        return contract.decode_array(stripped)
    try:
        return [result_from_json(stripped)] if stripped else []
    except ContractError:
        # JSON lines end at "\n" alone: U+2028 or U+0085 inside a string is valid JSON, no line break
        lines = [(number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
        if len(lines) <= 1:
            raise
        return [contract.decode(line, where=f"line {number}") for number, line in lines]


# -- CSV ----------------------------------------------------------------------------------------


def _article_cells(result: ArticleResult) -> dict[str, object]:
    return {
        "article_id": result.id,
        "article_title": result.title or "",
        "article_outlet": result.outlet or "",
        "article_date": result.date or "",
        "article_url": result.url or "",
        "article_author": result.author or "",
    }


def _source_cells(source: Source | None) -> dict[str, object]:
    if source is None:
        return dict.fromkeys(SOURCE_FIELDS, "")
    return {
        "source_id": source.id,
        "source_name": source.name,
        "source_type": source.type,
        "source_title": source.title or "",
        "source_descriptor": source.descriptor or "",
    }


def quote_rows(result: ArticleResult) -> Iterator[dict[str, object]]:
    """The quotes.csv rows of one result, keyed by `QUOTE_COLUMNS`."""
    sources = _sources_by_id(result)
    article = _article_cells(result)
    for quote in result.quotes:
        source = sources.get(quote.source or "")
        yield {
            **article,
            "quote_id": quote.id,
            "quote_kind": quote.kind,
            "quote_text": quote.text,
            "quote_start": quote.start,
            "quote_end": quote.end,
            "quote_cue": quote.cue.text if quote.cue else "",
            "quote_speaker": quote.speaker.text if quote.speaker else "",
            "quote_via": "; ".join(_via_names(quote.via, sources)),
            "quote_pattern": quote.pattern or "",
            "quote_confidence": "" if quote.confidence is None else quote.confidence,
            # an id no source has (a malformed result) is still shown, as the table does
            **_source_cells(source),
            "source_id": quote.source or "",
        }


def source_rows(result: ArticleResult) -> Iterator[dict[str, object]]:
    """The sources.csv rows of one result, keyed by `SOURCE_COLUMNS`."""
    total = len(result.quotes)
    counts = _counts(result)
    sources = _sources_by_id(result)
    article = _article_cells(result)
    for source in result.sources:
        count = counts.get(source.id, Counter())
        quoted = sum(count.values())
        yield {
            **article,
            **_source_cells(source),
            "source_via": "; ".join(_via_names(source.via, sources)),
            "source_direct": count["direct"],
            "source_mixed": count["mixed"],
            "source_indirect": count["indirect"],
            "source_quotes": quoted,
            "source_quote_share": round(quoted / total, 4) if total else "",
        }


def write_csv(
    results: Iterable[ArticleResult],
    out: IO[str],
    *,
    table: Literal["quotes", "sources"] = "quotes",
    excel: bool = False,
) -> int:
    """Write quotes.csv or sources.csv rows to `out` (opened with newline=""); return the row count.

    `excel=True` starts with a UTF-8 byte order mark so that Excel reads the file as UTF-8. Every text
    cell that starts like a formula (`FORMULA_STARTS`) gets a leading apostrophe, excel or not.
    """
    columns, rows = (QUOTE_COLUMNS, quote_rows) if table == "quotes" else (SOURCE_COLUMNS, source_rows)
    if excel:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    count = 0
    for result in results:
        for row in rows(result):
            writer.writerow({column: _defused(value) for column, value in row.items()})
            count += 1
    return count


def _defused(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (CSV injection), made text by a leading apostrophe.

    Only strings: a number written as a number (an offset, a count) stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(results: Iterable[ArticleResult], *, excel: bool = False) -> str:
    """quotes.csv as a string: one row per quote, columns `QUOTE_COLUMNS`."""
    out = io.StringIO(newline="")
    write_csv(results, out, table="quotes", excel=excel)
    return out.getvalue()


def to_sources_csv(results: Iterable[ArticleResult], *, excel: bool = False) -> str:
    """sources.csv as a string: one row per source per article, columns `SOURCE_COLUMNS`."""
    out = io.StringIO(newline="")
    write_csv(results, out, table="sources", excel=excel)
    return out.getvalue()


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def summary_table(summary: Mapping[str, Any]) -> str:
    """The terminal summary of a batch run (the same figures as summary.json)."""
    kinds = summary.get("quotes_by_kind", {})
    failed = summary.get("failed", {})
    articles, quotes, anonymous = (summary.get(key, 0) for key in ("articles", "quotes", "anonymous_quotes"))
    lines = [
        f"{articles} article{'s' * (articles != 1)}, {quotes} quote{'s' * (quotes != 1)} "
        f"({kinds.get('direct', 0)} direct, {kinds.get('mixed', 0)} mixed, "
        f"{kinds.get('indirect', 0)} reported), {failed.get('total', 0)} failed",
        f"{anonymous} quote{'s' * (anonymous != 1)} "
        f"({_share(summary.get('anonymous_quotes', 0), summary.get('quotes', 0))}) from anonymous sources, "
        f"{summary.get('unattributed_quotes', 0)} unattributed",
    ]
    for key, label in (("by_outlet", "outlet"), ("by_month", "month")):
        groups = summary.get(key) or {}
        if groups:
            rows = [
                [name, g["articles"], g["quotes"], _share(g["anonymous_quotes"], g["quotes"])]
                for name, g in groups.items()
            ]
            lines += ["", _tabulate(rows, [label, "articles", "quotes", "anonymous"])]
    top = summary.get("top_sources") or []
    if top:
        rows = [[s["name"], s["type"], s["quotes"], s["articles"]] for s in top]
        lines += ["", _tabulate(rows, ["most quoted", "type", "quotes", "articles"])]
    anonymous = summary.get("top_anonymous_sources") or []
    if anonymous:
        rows = [[s["name"], s["quotes"], s["articles"]] for s in anonymous]
        lines += ["", _tabulate(rows, ["most quoted anonymous", "quotes", "articles"])]
    conduits = summary.get("conduits") or []
    if conduits:
        rows = [[c["name"], c["quotes"], c["articles"]] for c in conduits]
        lines += ["", _tabulate(rows, ["via", "quotes", "articles"])]
    return "\n".join(_printable(line) if index < 2 else line for index, line in enumerate(lines))
