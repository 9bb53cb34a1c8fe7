"""`quotes analyse`: who is quoted, saying what, in a few articles, in any of the report formats.

For archives use `quotes batch`: it runs in parallel, survives crashes and writes every format at once.
"""

from __future__ import annotations

import functools
import io
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from quotes import flow
from quotes.errors import QuotesError
from quotes.html import to_html
from quotes.model import Article, ArticleResult
from quotes.pipeline import keep_confident
from quotes.report import to_json, to_jsonl, to_sources_csv, to_table, write_csv
from quotes.summary import summarise
from quotes.xlsx import write_xlsx

from .common import (
    BINARY_FORMATS,
    CacheOption,
    Format,
    FormatOption,
    IdColumnOption,
    ModelsOption,
    NoCacheOption,
    TextColumnOption,
    ThreadsOption,
    cache_dir,
    check_output_file,
    error,
    examples,
    fail,
)

PLAIN_WIDTH = 120  # table width when the output is not a terminal
EXAMPLES = examples(
    "quotes analyse article.txt",
    "quotes analyse news/ --format csv --output quotes.csv --sources-csv sources.csv",
    "cat feed.jsonl | quotes analyse - --format jsonl",
    "quotes analyse news/ --format xlsx --output quotes.xlsx",
    "quotes analyse article.txt --format html --output article.html",
    "quotes analyse page.html crawl.warc.gz --format json",
)


def analyse(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Articles: .txt or .html files, directories, .json/.jsonl/.csv files, .warc(.gz) files, "
            "archives, or - for stdin.",
        ),
    ],
    format: FormatOption = Format.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE instead of stdout.")
    ] = None,
    sources_csv: Annotated[
        Path | None,
        typer.Option("--sources-csv", help="Also write one CSV row per source per article to FILE."),
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="Start CSV output with a UTF-8 byte order mark, for Excel.")
    ] = False,
    min_confidence: MinConfidenceOption = None,
    models: ModelsOption = "bundled",
    threads: ThreadsOption = None,
    text_column: TextColumnOption = "text",
    id_column: IdColumnOption = None,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Report who is quoted, saying what, in each article.

    JSON output is one object for one article and an array for several.

    Exits 1 when an article could not be read or analysed (the others are still reported), 2 on a usage error.
    """
    _check_outputs(format, output, sources_csv)
    folder = cache_dir(cache, no_cache)
    try:
        items = flow.read(paths, text_column=text_column, id_column=id_column)
        texts: dict[str, str] | None = {} if format is Format.html else None
        results, failures = _analyse(_kept(items, texts), models=models, threads=threads, cache=folder)
        if min_confidence is not None:
            results = [keep_confident(result, minimum=min_confidence) for result in results]
    except QuotesError as problem:
        raise fail(str(problem)) from problem
    for failure in failures:
        error(f"{failure.origin or failure.id}: {failure.reason}")
    to_terminal = output is None and stdout_is_terminal()
    page = _render(results, format, excel=excel, to_terminal=to_terminal, failures=failures, texts=texts)
    _write(page, output)
    if sources_csv is not None:
        sources_csv.write_text(to_sources_csv(results, excel=excel), encoding="utf-8", newline="")
    if failures:
        raise typer.Exit(1)


MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Keep only quotes whose confidence (the precision of the pattern that found them, on "
        "PolNeAR train) is at least this, e.g. 0.9.",
    ),
]


def _check_outputs(format: Format, output: Path | None, sources_csv: Path | None) -> None:
    """Refuse, before any work, outputs that cannot be written (exit 2)."""
    if format in BINARY_FORMATS and output is None and stdout_is_terminal():
        raise fail(
            f"--format {format} writes a binary file: give --output FILE (or redirect standard output)"
        )
    check_output_file(output, "--output")
    check_output_file(sources_csv, "--sources-csv")


def _kept(
    items: Iterable[Article | flow.Failure], texts: dict[str, str] | None
) -> Iterator[Article | flow.Failure]:
    """`items` as they are, each article's text kept in `texts` (unless None) for the HTML page."""
    for item in items:
        if texts is not None and isinstance(item, Article):
            texts[item.id] = item.text
        yield item


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _analyse(
    items: Iterable[Article | flow.Failure], *, models: str, threads: int | None, cache: Path | None
) -> tuple[list[ArticleResult], list[flow.Failure]]:
    results: list[ArticleResult] = []
    failures: list[flow.Failure] = []
    annotator = functools.partial(flow.default_annotator, models, cache=cache)
    work = flow.Work(annotator, flow.default_analyser, cache_first=cache is not None)
    for outcome in flow.outcomes(items, work=work, executor=flow.InProcess(threads=threads)):
        if isinstance(outcome, ArticleResult):
            results.append(outcome)
        else:
            failures.append(outcome)
    return results, failures


def _render(
    results: list[ArticleResult],
    format: Format,
    *,
    excel: bool,
    to_terminal: bool,
    failures: list[flow.Failure],
    texts: dict[str, str] | None,
) -> bytes:
    if format is Format.table:
        width = shutil.get_terminal_size().columns if to_terminal else PLAIN_WIDTH
        tables = [to_table(result, width=width, color=to_terminal) for result in results]
        return ("\n\n".join(tables) + "\n").encode("utf-8") if tables else b""
    if format is Format.json:
        if len(results) == 1:
            return to_json(results[0]) + b"\n"
        return b"[\n" + b",\n".join(to_json(result) for result in results) + b"\n]\n"
    if format is Format.jsonl:
        return b"".join(to_jsonl(result) for result in results)
    if format is Format.html:
        return to_html(results, texts or {}).encode("utf-8")
    if format is Format.xlsx:
        workbook = io.BytesIO()
        write_xlsx(results, workbook, summary=summarise(results, failures=failures))
        return workbook.getvalue()
    out = io.StringIO(newline="")
    write_csv(results, out, table="quotes", excel=excel)
    return out.getvalue().encode("utf-8")


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
