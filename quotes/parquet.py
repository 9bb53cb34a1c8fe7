"""A batch run's quotes and sources as a Parquet dataset, for Spark, DuckDB, pandas and friends.

`write_dataset(results, folder)` writes `folder/quotes` and `folder/sources`, the rows and columns of
quotes.csv and sources.csv (`report.quote_rows`, `report.source_rows`), hive-partitioned by the
year and month of the article's date: `year=2016/month=09/part-0.parquet`, and `year=unknown`
(`month=unknown`) where the date is missing or not YYYY-MM...; `year=2016/month=unknown` for a bare
year. Within a file the rows are in input order.

The cells are the CSV's, typed: offsets and counts are integers, a confidence or share is a float
or null where the CSV cell is empty, every other column a string ("" where the CSV has nothing). A
text cell is never given the CSV's formula-guarding apostrophe: Parquet goes to no spreadsheet.

The dataset is built in a hidden folder beside `folder` and moved into place when whole, so a
crash leaves the previous one (or none), never half of one.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quotes.model import ArticleResult
from quotes.outdir import guarded
from quotes.report import QUOTE_COLUMNS, SOURCE_COLUMNS, quote_rows, source_rows

PARQUET = "parquet"  # the dataset's folder in a batch run's output folder
UNKNOWN = "unknown"
ROW_GROUP = 10_000  # rows a partition holds in memory before they are written as a row group

INTEGERS = {"quote_start", "quote_end", "source_direct", "source_mixed", "source_indirect", "source_quotes"}
FLOATS = {"quote_confidence", "source_quote_share"}
DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")

Rows = Callable[[ArticleResult], Iterator[dict[str, object]]]


def schema(columns: Iterable[str]) -> Any:
    """The Parquet schema of a table with these CSV columns."""
    return pa.schema([(name, _type(name)) for name in columns])


def _type(name: str) -> Any:
    if name in INTEGERS:
        return pa.int64()
    return pa.float64() if name in FLOATS else pa.string()


def partition(date: str | None) -> tuple[str, str]:
    """(year, month) of an article's date as the partition names it, "unknown" for what is not known."""
    match = DATE.match(date or "")
    if match is None:
        return UNKNOWN, UNKNOWN
    return match[1], match[2] or UNKNOWN


def write_dataset(results: Callable[[], Iterable[ArticleResult]], folder: Path) -> None:
    """Write `folder/quotes` and `folder/sources` from `results` (called once a table, streamed), in
    place of what `folder` held."""
    building = folder.with_name("." + folder.name + ".tmp")
    old = folder.with_name("." + folder.name + ".old")
    with guarded(folder):
        for leftover in (building, old):  # what a crash left behind
            shutil.rmtree(leftover, ignore_errors=True)
        building.mkdir()
        _write_table(results(), building / "quotes", QUOTE_COLUMNS, quote_rows)
        _write_table(results(), building / "sources", SOURCE_COLUMNS, source_rows)
        if folder.exists():
            folder.rename(old)
        building.rename(folder)
        shutil.rmtree(old, ignore_errors=True)


def _write_table(
    results: Iterable[ArticleResult], folder: Path, columns: tuple[str, ...], rows: Rows
) -> None:
    table_schema = schema(columns)
    writers: dict[tuple[str, str], Any] = {}
    buffers: dict[tuple[str, str], list[dict[str, object]]] = {}

    def flush(key: tuple[str, str]) -> None:
        if key not in writers:
            year, month = key
            path = folder / f"year={year}" / f"month={month}" / "part-0.parquet"
            path.parent.mkdir(parents=True)
            writers[key] = pq.ParquetWriter(path, table_schema)
        writers[key].write_table(pa.Table.from_pylist(buffers.pop(key, []), schema=table_schema))

    try:
        for result in results:
            key = partition(result.date)
            for row in rows(result):
                buffers.setdefault(key, []).append({name: _cell(name, row[name]) for name in columns})
                if len(buffers[key]) >= ROW_GROUP:
                    flush(key)
        for key in list(buffers):
            flush(key)
        if not writers:  # no rows: an empty file still tells a reader the columns
            flush((UNKNOWN, UNKNOWN))
    finally:
        for writer in writers.values():
            writer.close()


def _cell(name: str, value: object) -> object:
    # an empty numeric cell of the CSV (no confidence, no quotes to share) is a null here
    if (name in FLOATS or name in INTEGERS) and value == "":
        return None
    return value
