"""What the commands share: the error prefix, plurals, output-path checks, options and progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class Format(StrEnum):
    """The report formats, one implementation each (`quotes.report`, `quotes.xlsx`, `quotes.html`)."""

    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"
    html = "html"


BINARY_FORMATS = frozenset({Format.xlsx})  # never written to a terminal

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format: a terminal table, CSV (one row per quote), JSON, JSON lines, an Excel "
        "workbook (xlsx: needs --output FILE or a redirect) or one self-contained HTML page (html).",
    ),
]

TextColumnOption = Annotated[
    str,
    typer.Option(
        "--text-column",
        help="CSV column (or JSON key) holding the article text; JSON also falls back to maintext and body.",
    ),
]
IdColumnOption = Annotated[
    str | None,
    typer.Option("--id-column", help="CSV column (or JSON key) holding the article id (default: id)."),
]
ModelsOption = Annotated[
    str,
    typer.Option(
        "--models", help="Stanza models: 'bundled', 'stanza' (the official download) or a directory."
    ),
]
ThreadsOption = Annotated[
    int | None,
    typer.Option(
        "--threads",
        min=1,
        metavar="N",
        help="Torch threads per process (default: torch's own choice in one process; with --workers, "
        "the cores shared among the workers, at least one each).",
        show_default=False,
    ),
]

CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        metavar="DIR",
        help="Keep Stanza's annotations in DIR and reuse them when the same text is analysed again "
        "with the same models and settings (default: $QUOTES_CACHE_DIR, else ~/.cache/quotes/annotations).",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Annotate every text afresh; read and write no cache.")
]


def cache_dir(cache: Path | None, no_cache: bool) -> Path | None:
    """The annotation cache folder the options ask for, created and checked; None for --no-cache."""
    from quotes.cache import default_dir, prepare
    from quotes.errors import QuotesError

    if no_cache:
        if cache is not None:
            raise fail("--cache and --no-cache cannot be used together")
        return None
    try:
        return prepare(cache if cache is not None else default_dir())
    except QuotesError as problem:
        raise fail(str(problem)) from problem


def error(message: str) -> None:
    """Print one error line on stderr, with the prefix every command uses."""
    typer.echo(f"quotes: error: {message}", err=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `message` as an error and return the Exit to raise (2: a usage or setup error)."""
    error(message)
    return typer.Exit(code)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 article`, `2 articles` (`many` for an irregular plural)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def examples(*lines: str) -> str:
    """A help epilog listing example command lines, kept as written (\\b stops rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def check_output_file(path: Path | None, option: str) -> None:
    """Fail now, before any work, when `path` cannot be written as a file."""
    if path is None:
        return
    if path.is_dir():
        raise fail(f"{option} {path.as_posix()!r} is a directory: expected a file name")
    parent = path.parent
    if not parent.is_dir():
        raise fail(f"{option} {path.as_posix()!r}: the folder {parent.as_posix()!r} does not exist")


def check_output_dir(path: Path, option: str) -> None:
    """Fail now, before any work, when `path` is a file or lies under one."""
    for place in (path, *path.parents):
        if place.exists():
            if not place.is_dir():
                raise fail(f"{option} {path.as_posix()!r}: {place.as_posix()!r} is a file, not a folder")
            return


Update = Callable[[int, int | None, int], None]  # finished (done + failed), total if known, failed


@contextmanager
def progress(description: str, *, console: Console | None = None) -> Iterator[Update | None]:
    """A progress bar with counts, elapsed time and ETA on `console` (default stderr).

    Yields `update(finished, total, failed)`, or None when `console` is not a terminal.
    """
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles, {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(description, total=None, failed=0)

        def update(finished: int, total: int | None, failed: int) -> None:
            bar.update(task, completed=finished, total=total, failed=failed)

        yield update
