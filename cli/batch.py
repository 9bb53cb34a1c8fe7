"""`quotes batch`: analyse archives into a results directory, in parallel, resumable after a crash."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from quotes import batch as engine
from quotes.errors import QuotesError
from quotes.report import summary_table

from .analyse import IdColumn, Models, TextColumn, fail


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Inputs: .txt/.json/.jsonl/.csv files, directories, .zip/.tar/.tar.gz archives, or -."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Directory for results.jsonl, quotes.csv, sources.csv, errors.jsonl, summary.json."
        ),
    ],
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes to run, each loading the models once.")
    ] = 1,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an interrupted run in --out, skipping finished articles."),
    ] = False,
    models: Models = "bundled",
    text_column: TextColumn = "text",
    id_column: IdColumn = None,
) -> None:
    """Analyse every article of INPUT... into the --out directory.

    results.jsonl is written article by article, in input order; after a crash, rerun with --resume.

    Exits 1 when any article could not be read or analysed (see errors.jsonl), 2 on a usage error.
    """
    on_terminal = sys.stderr.isatty()
    try:
        outcome = engine.run_batch(
            inputs,
            out_dir=out,
            workers=workers,
            resume=resume,
            annotator_factory=functools.partial(engine.default_annotator, models),
            analyser=engine.default_analyser,
            text_column=text_column,
            id_column=id_column,
            progress=_show_progress if on_terminal else None,
            count_first=on_terminal,
        )
    except QuotesError as error:
        raise fail(str(error)) from error
    except KeyboardInterrupt as error:
        raise fail(
            f"interrupted: rerun with --resume to finish; what is done is in {out.as_posix()}", 130
        ) from error
    if on_terminal:
        typer.echo("", err=True)
    summary_path = outcome.out_dir / engine.SUMMARY
    if summary_path.exists():
        typer.echo(summary_table(json.loads(summary_path.read_text(encoding="utf-8"))))
        typer.echo("")
    typer.echo(
        f"{outcome.analysed} articles analysed, {outcome.skipped} already done, {outcome.failed} failed; "
        f"results in {outcome.out_dir.as_posix()}",
        err=True,
    )
    if outcome.failed:
        raise typer.Exit(1)


def _show_progress(progress: engine.BatchProgress) -> None:
    finished = progress.done + progress.failed
    line = f"\r{finished}" + (f"/{progress.total}" if progress.total is not None else "")
    line += f" articles, {progress.failed} failed, {progress.rate:.2f} articles/s"
    if progress.eta is not None:
        minutes, seconds = divmod(int(progress.eta), 60)
        line += f", ETA {minutes // 60}:{minutes % 60:02d}:{seconds:02d}"
    typer.echo(line.ljust(72), err=True, nl=False)
