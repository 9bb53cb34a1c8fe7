"""`quotes cache ...`: where the annotation cache is, how big it is, and clearing it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quotes import cache as store

from .common import examples, plural

app = typer.Typer(
    help="Inspect or clear the annotation cache (Stanza's analyses kept for texts analysed again).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        metavar="DIR",
        help="The cache folder (default: $QUOTES_CACHE_DIR, else ~/.cache/quotes/annotations).",
        show_default=False,
    ),
]


@app.command("info", epilog=examples("quotes cache info", "quotes cache info --cache runs/cache"))
def info(cache: DirOption = None) -> None:
    """Print the cache folder, its number of entries and their size."""
    folder = cache if cache is not None else store.default_dir()
    entries, size = store.size(folder)
    typer.echo(f"{folder.as_posix()}: {plural(entries, 'entry', 'entries')}, {size / 2**20:.1f} MB")


@app.command("clear", epilog=examples("quotes cache clear", "quotes cache clear --cache runs/cache"))
def clear(cache: DirOption = None) -> None:
    """Delete every entry of the cache folder (the next runs annotate their texts afresh)."""
    folder = cache if cache is not None else store.default_dir()
    removed = store.clear(folder)
    typer.echo(f"{folder.as_posix()}: {plural(removed, 'entry', 'entries')} deleted")
