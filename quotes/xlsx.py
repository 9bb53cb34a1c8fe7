"""ArticleResults out as an Excel workbook: a quotes sheet, a sources sheet and a summary sheet.

The quotes and sources sheets hold exactly the rows and columns of quotes.csv and sources.csv
(`report.quote_rows`, `report.source_rows`); the summary sheet holds a run's figures
(`quotes.summary.RunSummary`) as one table. Each sheet has a frozen header row and an autofilter.

Article text is untrusted, and a spreadsheet runs a cell that holds a formula. Here no cell can be
one: every text cell is written with `write_string`, as a string, whatever it starts with (so,
unlike the CSV, it needs no leading apostrophe and is shown as it is), and numbers with
`write_number`; the workbook is also told never to turn strings into formulas, links or numbers.
The workbook is written row by row (XlsxWriter's constant-memory mode), so a whole archive's rows
never sit in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from quotes.model import ArticleResult
from quotes.report import QUOTE_COLUMNS, SOURCE_COLUMNS, quote_rows, source_rows
from quotes.summary import RunSummary, Tally

MAX_ROWS = 1_048_576
"""Excel's rows per sheet, the header included; rows past it are left out and counted in the summary."""
MAX_CELL = 32_767
"""Excel's characters per cell: a longer text (only a pathological quote) is cut, as Excel would."""

SUMMARY_COLUMNS = (
    "figure",
    "name",
    "type",
    "articles",
    "sources",
    "quotes",
    "anonymous_quotes",
    "anonymous_quote_share",
)
"""The summary sheet: one row per figure of summary.json, e.g. ("outlet", "AFP", "", 2, "", 6, 2, 0.3333);
a figure fills the columns it has and leaves the others empty."""

WIDTHS = {
    "quote_text": 80,
    "article_title": 40,
    "article_url": 40,
    "article_author": 20,
    "source_name": 30,
    "source_descriptor": 30,
    "name": 30,
    "figure": 22,
}
"""Column widths in characters; other columns are as wide as their header, at least `MIN_WIDTH`."""
MIN_WIDTH = 10


def write_xlsx(
    results: Iterable[ArticleResult], target: str | Path | IO[bytes], *, summary: RunSummary
) -> tuple[int, int]:
    """Write the workbook to `target` (a path or a binary file); return the quote and source rows written.

    `results` is read once. `summary` fills the summary sheet (`quotes.summary.summarise` of the same
    results, with the run's failures).
    """
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    workbook = xlsxwriter.Workbook(target, options)
    header = workbook.add_format({"bold": True})
    quotes = _Sheet(workbook.add_worksheet("quotes"), QUOTE_COLUMNS, header)
    sources = _Sheet(workbook.add_worksheet("sources"), SOURCE_COLUMNS, header)
    totals = _Sheet(workbook.add_worksheet("summary"), SUMMARY_COLUMNS, header)
    for result in results:
        for row in quote_rows(result):
            quotes.add([row[column] for column in QUOTE_COLUMNS])
        for row in source_rows(result):
            sources.add([row[column] for column in SOURCE_COLUMNS])
    for line in summary_rows(summary):
        totals.add(line)
    for sheet in (quotes, sources):
        if sheet.left_out:
            totals.add(_row("rows left out", sheet.name, quotes=sheet.left_out))
    for sheet in (quotes, sources, totals):
        sheet.finish()
    workbook.close()
    return quotes.rows, sources.rows


class _Sheet:
    """One worksheet written row by row below a bold, frozen header."""

    def __init__(self, worksheet: Any, columns: Sequence[str], header: Any) -> None:
        self.worksheet = worksheet
        self.name: str = worksheet.get_name()
        self.columns = columns
        self.rows = 0  # data rows written
        self.left_out = 0  # data rows past Excel's limit
        for index, column in enumerate(columns):
            width = WIDTHS.get(column, max(MIN_WIDTH, len(column) + 2))
            worksheet.set_column(index, index, width)
            worksheet.write_string(0, index, column, header)
        worksheet.freeze_panes(1, 0)

    def add(self, values: Sequence[object]) -> None:
        if self.rows + 1 >= MAX_ROWS:
            self.left_out += 1
            return
        self.rows += 1
        for index, value in enumerate(values):
            _write_cell(self.worksheet, self.rows, index, value)

    def finish(self) -> None:
        self.worksheet.autofilter(0, 0, max(self.rows, 1), len(self.columns) - 1)


def _write_cell(worksheet: Any, row: int, column: int, value: object) -> None:
    if value is None or value == "":
        return  # an empty cell, as in the CSV
    if isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        worksheet.write_number(row, column, value)
    else:
        # a string is a string: write_string never makes a formula, a link or a number of it
        worksheet.write_string(row, column, str(value)[:MAX_CELL])


def summary_rows(summary: RunSummary) -> Iterator[list[object]]:
    """The summary sheet's rows (`SUMMARY_COLUMNS`), in the order of summary.json's keys."""
    yield _tally_row("run", "all articles", summary)
    failed = summary.failed
    for name, count in (("total", failed.total), ("read", failed.read), ("analyse", failed.analyse)):
        yield _row("failed", name, articles=count)
    kinds = summary.quotes_by_kind
    for name, count in (("direct", kinds.direct), ("mixed", kinds.mixed), ("indirect", kinds.indirect)):
        yield _row("quotes by kind", name, quotes=count)
    yield _row("unattributed quotes", "", quotes=summary.unattributed_quotes)
    for kind, count in summary.sources_by_type.items():
        yield _row("sources by type", kind, type=kind, sources=count)
    for figure, groups in (("outlet", summary.by_outlet), ("month", summary.by_month)):
        for name, tally in groups.items():
            yield _tally_row(figure, name, tally)
    for figure, top in (
        ("most quoted", summary.top_sources),
        ("most quoted anonymous", summary.top_anonymous_sources),
    ):
        for source in top:
            yield _row(figure, source.name, type=source.type, articles=source.articles, quotes=source.quotes)
    for conduit in summary.conduits:
        yield _row("via", conduit.name, articles=conduit.articles, quotes=conduit.quotes)


def _row(figure: str, name: str, **values: object) -> list[object]:
    cells: dict[str, object] = {"figure": figure, "name": name, **values}
    return [cells.get(column, "") for column in SUMMARY_COLUMNS]


def _tally_row(figure: str, name: str, tally: Tally | RunSummary) -> list[object]:
    share = tally.anonymous_quote_share
    return _row(
        figure,
        name,
        articles=tally.articles,
        quotes=tally.quotes,
        anonymous_quotes=tally.anonymous_quotes,
        anonymous_quote_share="" if share is None else share,
    )
