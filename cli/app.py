"""The `quotes` command line: thin Typer commands that validate arguments and call the library."""

from __future__ import annotations

import typer

from . import analyse, batch, evaluate

app = typer.Typer(help="Quote and attribution analysis for news articles.", no_args_is_help=True)
app.command("analyse")(analyse.analyse)
app.command("batch")(batch.batch)
app.command("evaluate")(evaluate.evaluate)


def main() -> None:
    app()
