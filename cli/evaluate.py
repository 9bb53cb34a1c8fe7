"""`quotes evaluate`: score the quote engine against attribution gold (PolNeAR converted to JSONL)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from quotes.errors import QuotesError
from quotes.evaluate import GoldArticle, read_gold, read_predictions, render_errors, render_json, render_table
from quotes.evaluate import score as score_articles
from quotes.model import Article, ArticleResult

BATCH_SIZE = 16  # texts per annotate_many call: Stanza batches sentences across them


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"


def _batches(items: Sequence[GoldArticle], size: int) -> Iterator[Sequence[GoldArticle]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _predict(gold: Sequence[GoldArticle], *, models: str) -> tuple[dict[str, ArticleResult], list[str]]:
    """Run the pipeline on each gold text; return the results by id and one line per failed article."""
    from quotes.batch import Failure, analyse_articles, default_annotator

    annotator = default_annotator(models)
    results: dict[str, ArticleResult] = {}
    failures: list[str] = []
    progress = sys.stderr.isatty()
    for batch in _batches(gold, BATCH_SIZE):
        articles = [Article(id=a.id, text=a.text) for a in batch]
        for article, outcome in zip(articles, analyse_articles(articles, annotator=annotator), strict=True):
            if isinstance(outcome, Failure):
                failures.append(f"{article.id}: {outcome.reason}")
            else:
                results[article.id] = outcome
        if progress:
            done = len(results) + len(failures)
            typer.echo(f"\revaluate: {done}/{len(gold)} articles analysed", nl=False, err=True)
    if progress:
        typer.echo(err=True)
    return results, failures


def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold attributions: JSONL, one article a line with id, text and quotes (PolNeAR format).",
            show_default=False,
        ),
    ],
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred",
            help="Predictions to score: a JSONL of ArticleResult objects keyed by id (as `--format jsonl` "
            "writes them). Without it the pipeline runs on each gold text.",
        ),
    ] = None,
    output_format: Annotated[
        EvaluateFormat, typer.Option("--format", help="Print the scores as a table or as JSON.")
    ] = EvaluateFormat.table,
    errors: Annotated[
        int,
        typer.Option(
            "--errors",
            min=0,
            help="Show up to N examples per error category (missed and spurious quoted material, wrong "
            "speaker, missed and spurious reported speech) with their article id and context.",
        ),
    ] = 0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Evaluate only the first N gold articles.")
    ] = None,
    models: Annotated[
        str,
        typer.Option(
            "--models",
            help="Stanza models when running the pipeline: bundled, stanza (the official download) "
            "or a directory.",
        ),
    ] = "bundled",
) -> None:
    """Score the quote engine against gold attributions: quoted material, speakers, reported speech.

    Exit status: 0 all articles scored, 1 some had no prediction (scored as finding nothing), 2 bad input.
    """
    failures: list[str] = []
    try:
        articles = list(islice(read_gold(gold), limit))
        if pred is not None:
            predictions = read_predictions(pred)
        else:
            predictions, failures = _predict(articles, models=models)
        scores = score_articles(articles, predictions, max_errors=errors)
    except QuotesError as error:
        typer.echo(f"quotes evaluate: {error}", err=True)
        raise typer.Exit(2) from error

    if output_format is EvaluateFormat.json:
        typer.echo(render_json(scores, errors=errors > 0), nl=False)
    else:
        typer.echo(render_table(scores))
        if errors:
            typer.echo("\n" + render_errors(scores))

    for line in failures:
        typer.echo(f"quotes evaluate: failed: {line}", err=True)
    failed = {line.split(": ", 1)[0] for line in failures}
    unpredicted = [article_id for article_id in scores.missing if article_id not in failed]
    if unpredicted:
        shown = ", ".join(unpredicted[:3]) + (", ..." if len(unpredicted) > 3 else "")
        typer.echo(f"quotes evaluate: {len(unpredicted)} gold articles have no prediction: {shown}", err=True)
    if scores.missing:
        raise typer.Exit(1)
