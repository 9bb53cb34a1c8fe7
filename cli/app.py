"""The `quotes` command line: thin Typer commands that validate arguments and call the library."""

from __future__ import annotations

import typer

from . import analyse, batch, evaluate, models, validate

app = typer.Typer(help="Quote and attribution analysis for news articles.", no_args_is_help=True)
app.command("analyse")(analyse.analyse)
app.command("batch")(batch.batch)
app.command("evaluate")(evaluate.evaluate)
app.add_typer(models.app, name="models")
app.command("validate")(validate.validate)


def main() -> None:
    app()
