"""The `quotes` command line: thin Typer commands that validate arguments and call the library."""

from __future__ import annotations

import typer

from . import evaluate

from . import analyse, batch

app = typer.Typer(help="Quote and attribution analysis for news articles.", no_args_is_help=True)
app.command("evaluate")(evaluate.evaluate)
app.command("analyse")(analyse.analyse)
app.command("batch")(batch.batch)


def main() -> None:
    app()
