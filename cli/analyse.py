"""`quotes analyse`: who is quoted, saying what, in a few articles, as a table, CSV, JSON or JSON lines.

For archives use `quotes batch`: it runs in parallel, survives crashes and writes every format at once.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from quotes import batch as engine
from quotes.errors import QuotesError
from quotes.model import Article, ArticleResult
from quotes.read import ReadError, read_items
from quotes.report import to_json, to_jsonl, to_sources_csv, to_table, write_csv

PLAIN_WIDTH = 120  # table width when the output is not a terminal


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


TextColumn = Annotated[
    str,
    typer.Option(
        "--text-column",
        help="CSV column (or JSON key) holding the article text; JSON also falls back to maintext and body.",
    ),
]
IdColumn = Annotated[
    str | None,
    typer.Option("--id-column", help="CSV column (or JSON key) holding the article id (default: id)."),
]
Models = Annotated[
    str,
    typer.Option(
        "--models", help="Stanza models: 'bundled', 'stanza' (the official download) or a directory."
    ),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    typer.echo(f"quotes: {message}", err=True)
    return typer.Exit(code)


def analyse(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Articles: .txt files, directories, .json/.jsonl/.csv files, archives, or - for stdin."
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
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
    models: Models = "bundled",
    text_column: TextColumn = "text",
    id_column: IdColumn = None,
) -> None:
    """Report who is quoted, saying what, in each article.

    JSON output is one object for one article and an array for several.

    Exits 1 when an article could not be read or analysed (the others are still reported), 2 on a usage error.
    """
    try:
        streams = [read_items(path, text_column=text_column, id_column=id_column) for path in paths]
        results, failures = _analyse(streams, models=models)
    except QuotesError as error:
        raise fail(str(error)) from error
    for failure in failures:
        typer.echo(f"quotes: {failure.origin or failure.id}: {failure.reason}", err=True)
    to_terminal = output is None and sys.stdout.isatty()
    _write(_render(results, format, excel=excel, to_terminal=to_terminal), output)
    if sources_csv is not None:
        sources_csv.write_text(to_sources_csv(results, excel=excel), encoding="utf-8", newline="")
    if failures:
        raise typer.Exit(1)


def _analyse(
    streams: list[Iterator[Article | ReadError]], *, models: str
) -> tuple[list[ArticleResult], list[engine.Failure]]:
    results: list[ArticleResult] = []
    failures: list[engine.Failure] = []
    annotator: engine.AnnotatorLike | None = None
    for stream in streams:
        while chunk := list(islice(stream, engine.CHUNK_SIZE)):
            articles = [item for item in chunk if isinstance(item, Article)]
            failures.extend(
                engine.Failure(id=item.id, origin=item.origin, stage="read", reason=item.reason)
                for item in chunk
                if isinstance(item, ReadError)
            )
            if not articles:
                continue
            if annotator is None:
                annotator = engine.default_annotator(models)  # only once there is something to analyse
            for outcome in engine.analyse_articles(
                articles, annotator=annotator, analyser=engine.default_analyser
            ):
                if isinstance(outcome, ArticleResult):
                    results.append(outcome)
                else:
                    failures.append(outcome)
    return results, failures


def _render(results: list[ArticleResult], format: Format, *, excel: bool, to_terminal: bool) -> bytes:
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
    out = io.StringIO(newline="")
    write_csv(results, out, table="quotes", excel=excel)
    return out.getvalue().encode("utf-8")


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
