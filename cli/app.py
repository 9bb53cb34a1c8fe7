"""The `quotes` command line: thin Typer commands that validate arguments and call the library."""

from __future__ import annotations

import typer

app = typer.Typer(help="Quote and attribution analysis for news articles.", no_args_is_help=True)


def main() -> None:
    app()
