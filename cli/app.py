"""The `quotes` command line: thin Typer commands that validate arguments and call the library."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from . import analyse, batch, cache, evaluate, models, validate

# plain help (no rich panels): flags read as flags, not as options taking a <bool>
app = typer.Typer(
    help="Quote and attribution analysis for news articles.", no_args_is_help=True, rich_markup_mode=None
)
app.command("analyse", epilog=analyse.EXAMPLES)(analyse.analyse)
app.command("batch", epilog=batch.EXAMPLES)(batch.batch)
app.command("evaluate", epilog=evaluate.EXAMPLES)(evaluate.evaluate)
app.add_typer(models.app, name="models")
app.add_typer(cache.app, name="cache")
app.command("validate", epilog=validate.EXAMPLES)(validate.validate)


def _show_version(value: bool) -> None:
    if value:
        try:
            number = version("quotes")
        except PackageNotFoundError:  # run from a checkout that was never installed
            from quotes import __version__ as number
        typer.echo(f"quotes {number}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Quote and attribution analysis for news articles."""


def main() -> None:
    app()
