"""`quotes validate`: check JSON or JSONL results (or a batch summary.json) against the JSON contract."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from quotes.contract import validate_file
from quotes.errors import QuotesError

from .common import examples, fail, plural

EXAMPLES = examples(
    "quotes analyse seeds/000_df30cf6afb0c0192.txt --format json --output seed.json",
    "quotes validate seed.json",
    "quotes validate runs/demo/results.jsonl",
    "quotes validate runs/demo/summary.json --schema summary",
)


class Schema(StrEnum):
    result = "result"
    summary = "summary"


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="JSON files (one result or an array of them) or JSONL files (one result a line).",
            metavar="FILE",
            exists=True,
            dir_okay=False,
        ),
    ],
    schema: Annotated[
        Schema,
        typer.Option(
            "--schema",
            help="What the files hold: results (quotes/result.schema.json) or a batch summary.json.",
        ),
    ] = Schema.result,
) -> None:
    """Check results against the JSON contract: one line per invalid record, naming the record and the
    path of its first error. Exit code 0 when every record is valid, 1 when some are not."""
    records = 0
    invalid = 0
    for path in paths:
        try:
            count, problems = validate_file(path, name=schema.value)
        except QuotesError as error:
            raise fail(str(error)) from error
        records += count
        invalid += len(problems)
        for problem in problems:
            typer.echo(str(problem))
    typer.echo(f"{plural(records, 'record')} checked, {invalid} invalid", err=True)
    if invalid:
        raise typer.Exit(1)
