"""`quotes evaluate`: score the quote engine against attribution gold (PolNeAR converted to JSONL)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from quotes import flow
from quotes.errors import QuotesError
from quotes.evaluate import (
    GoldArticle,
    Scores,
    confidence_table,
    read_gold,
    read_predictions,
    render_errors,
    render_json,
    render_table,
)
from quotes.evaluate import score as score_articles
from quotes.model import Article, ArticleResult

from .common import (
    CacheOption,
    ModelsOption,
    NoCacheOption,
    ThreadsOption,
    cache_dir,
    error,
    examples,
    fail,
    plural,
    progress,
)

EXAMPLES = examples(
    "quotes evaluate polnear/dev.jsonl",
    "quotes evaluate polnear/dev.jsonl --pred runs/dev/results.jsonl --errors 5",
    "quotes evaluate polnear/dev.jsonl --limit 10 --format json",
)


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"


def _predict(
    gold: Sequence[GoldArticle], *, models: str, threads: int | None = None, cache: Path | None = None
) -> tuple[dict[str, ArticleResult], list[flow.Failure]]:
    """Run the pipeline on each gold text; return the results by id and the articles that failed."""
    annotator = functools.partial(flow.default_annotator, models, cache=cache)
    work = flow.Work(annotator, flow.default_analyser, cache_first=cache is not None)
    articles = (Article(id=article.id, text=article.text) for article in gold)
    results: dict[str, ArticleResult] = {}
    failures: list[flow.Failure] = []
    with progress("evaluate") as update:
        for outcome in flow.outcomes(articles, work=work, executor=flow.InProcess(threads=threads)):
            if isinstance(outcome, flow.Failure):
                failures.append(outcome)
            else:
                results[outcome.id] = outcome
            if update is not None:
                update(len(results) + len(failures), len(gold), len(failures))
    return results, failures


PredOption = Annotated[
    Path | None,
    typer.Option(
        "--pred",
        help="Predictions to score: a JSONL of ArticleResult objects keyed by id (as `--format jsonl` "
        "writes them). Without it the pipeline runs on each gold text.",
    ),
]
ErrorsOption = Annotated[
    int,
    typer.Option(
        "--errors",
        min=0,
        help="Show up to N examples per error category (missed and spurious quoted material, wrong "
        "speaker, missed and spurious reported speech) with their article id and context.",
    ),
]
CalibrateOption = Annotated[
    Path | None,
    typer.Option(
        "--calibrate",
        help="Also write each pattern's counts as a confidence table to FILE (the engine's own is "
        "quotes/confidence.tsv, measured on PolNeAR train).",
    ),
]


def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold attributions: JSONL, one article a line with id, text and quotes (PolNeAR format).",
            show_default=False,
        ),
    ],
    pred: PredOption = None,
    output_format: Annotated[
        EvaluateFormat, typer.Option("--format", help="Print the scores as a table or as JSON.")
    ] = EvaluateFormat.table,
    errors: ErrorsOption = 0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Evaluate only the first N gold articles.")
    ] = None,
    calibrate: CalibrateOption = None,
    models: ModelsOption = "bundled",
    threads: ThreadsOption = None,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Score the quote engine against gold attributions: quoted material, speakers, reported speech.

    Exit status: 0 all articles scored, 1 some had no prediction (scored as finding nothing), 2 bad input.
    """
    failures: list[flow.Failure] = []
    try:
        articles = list(islice(read_gold(gold), limit))
        if pred is not None:
            predictions = read_predictions(pred)
        else:
            folder = cache_dir(cache, no_cache)
            predictions, failures = _predict(articles, models=models, threads=threads, cache=folder)
        scores = score_articles(articles, predictions, max_errors=errors)
    except QuotesError as problem:
        raise fail(str(problem)) from problem
    if calibrate is not None:
        _write_calibration(calibrate, scores, origin=gold.name)
    if output_format is EvaluateFormat.json:
        typer.echo(render_json(scores, errors=errors > 0), nl=False)
    else:
        typer.echo(render_table(scores))
        if errors:
            typer.echo("\n" + render_errors(scores))
    _report_missing(failures, scores.missing)
    if scores.missing:
        raise typer.Exit(1)


def _write_calibration(path: Path, scores: Scores, *, origin: str) -> None:
    """Write each pattern's counts as a confidence table (`quotes/confidence.tsv`'s format)."""
    try:
        path.write_text(confidence_table(scores.patterns, origin=origin), encoding="utf-8")
    except OSError as problem:
        raise fail(f"cannot write the confidence table {path}: {problem.strerror}") from problem


def _report_missing(failures: Sequence[flow.Failure], missing: Sequence[str]) -> None:
    """One line per article the pipeline failed on, one for gold articles with no prediction at all."""
    for failure in failures:
        error(f"{failure.id}: {failure.reason}")
    failed = {failure.id for failure in failures}
    unpredicted = [article_id for article_id in missing if article_id not in failed]
    if unpredicted:
        shown = ", ".join(unpredicted[:3]) + (", ..." if len(unpredicted) > 3 else "")
        verb = "has" if len(unpredicted) == 1 else "have"
        error(f"{plural(len(unpredicted), 'gold article')} {verb} no prediction: {shown}")
