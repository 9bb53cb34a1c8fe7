"""`quotes batch`: analyse archives into a results directory, in parallel, resumable after a crash."""

from __future__ import annotations

import functools
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from quotes import batch as engine
from quotes import flow
from quotes.errors import QuotesError
from quotes.report import summary_table

from .common import (
    CacheOption,
    IdColumnOption,
    ModelsOption,
    NoCacheOption,
    TextColumnOption,
    ThreadsOption,
    Update,
    cache_dir,
    check_output_dir,
    examples,
    fail,
    plural,
    progress,
)

EXAMPLES = examples(
    "quotes batch dump.zip --out runs/dump",
    "quotes batch news/ feeds/*.jsonl --out runs/all --workers 4",
    "quotes batch dump.zip --out runs/dump --resume",
    "quotes batch dump.zip --out runs/dump --scheduler tcp://head:8786 --parquet",
)

OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Directory for results.jsonl, quotes.csv, sources.csv, quotes.xlsx, report.html, "
        "errors.jsonl, summary.json (and parquet/ with --parquet).",
    ),
]

WorkersOption = Annotated[
    int,
    typer.Option("--workers", min=1, metavar="N", help="Processes to run, each loading the models once."),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=1,
        metavar="SECONDS",
        help="An article still being analysed after this long is stopped and recorded as failed.",
    ),
]

MemoryLimitOption = Annotated[
    float | None,
    typer.Option(
        "--memory-limit",
        min=0.5,
        metavar="GB",
        help="A worker past this much memory is stopped and its article recorded as failed "
        "(default: each worker's share of 80% of the machine's memory, at least 2 GB).",
    ),
]

SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run the analysis on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), "
        "or on a Dask LocalCluster of --workers processes started here for 'local'.",
    ),
]

ParquetOption = Annotated[
    bool,
    typer.Option(
        "--parquet",
        help="Also write the quotes and sources as a Parquet dataset in DIR/parquet, partitioned by "
        "year and month of the article's date.",
    ),
]

ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Continue the run in --out: skip finished articles, analyse changed ones again, "
        "drop results whose article is gone.",
    ),
]


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Inputs: .txt/.html/.json/.jsonl/.csv files, .warc(.gz) files, directories, "
            ".zip/.tar/.tar.gz archives, or -.",
        ),
    ],
    out: OutOption,
    workers: WorkersOption = 1,
    threads: ThreadsOption = None,
    time_limit: TimeLimitOption = flow.TIME_LIMIT,
    memory_limit: MemoryLimitOption = None,
    resume: ResumeOption = False,
    scheduler: SchedulerOption = None,
    parquet: ParquetOption = False,
    models: ModelsOption = "bundled",
    text_column: TextColumnOption = "text",
    id_column: IdColumnOption = None,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Analyse every article of INPUT... into the --out directory.

    results.jsonl is written article by article, in input order; after a crash, rerun with --resume.

    Exits 1 when any article could not be read or analysed (see errors.jsonl), 2 on a usage error
    or when --out cannot be used (not empty and not a run of ours, in use by another run, not
    writable), 130 on Ctrl-C and 143 on SIGTERM (rerun with --resume to finish).
    """
    check_output_dir(out, "--out")
    folder = cache_dir(cache, no_cache)
    with progress("analysed") as update:
        outcome = _run(
            inputs,
            out,
            update,
            workers=workers,
            threads=threads,
            time_limit=time_limit,
            memory_limit=memory_limit * 2**30 if memory_limit else flow.memory_budget(workers),
            resume=resume,
            scheduler=scheduler,
            parquet=parquet,
            models=models,
            cache=folder,
            text_column=text_column,
            id_column=id_column,
        )
    if outcome.summary is not None:
        typer.echo(summary_table(outcome.summary.as_dict()))
        typer.echo("")
    typer.echo(_report(outcome), err=True)
    if outcome.failed:
        raise typer.Exit(1)


def _run(
    inputs: list[str],
    out: Path,
    update: Update | None,
    *,
    workers: int,
    threads: int | None,
    time_limit: float,
    memory_limit: float,
    resume: bool,
    scheduler: str | None,
    parquet: bool,
    models: str,
    cache: Path | None,
    text_column: str,
    id_column: str | None,
) -> engine.BatchOutcome:
    def show(now: engine.BatchProgress) -> None:
        if update is not None:
            update(now.done + now.failed, now.total, now.failed)

    try:
        with (
            _sigterm_as_interrupt(),
            _cluster(scheduler, workers=workers, threads=threads, memory_limit=memory_limit) as executor,
        ):
            return engine.run_batch(
                inputs,
                out_dir=out,
                workers=workers,
                threads=threads,
                # always in worker processes: an article that kills or hangs one becomes an error record
                isolate=True,
                time_limit=time_limit,
                memory_limit=memory_limit,
                resume=resume,
                annotator_factory=functools.partial(flow.default_annotator, models, cache=cache),
                analyser=flow.default_analyser,
                text_column=text_column,
                id_column=id_column,
                # the inputs are read once more for a total only when a progress bar will show it
                progress=show if update is not None else None,
                count_first=update is not None,
                executor=executor,
                parquet=parquet,
                # cached articles are analysed here, and only the rest reach the workers; not on a
                # Dask cluster, whose workers share the rules' work too
                cache_first=cache is not None and executor is None,
            )
    except QuotesError as problem:
        raise fail(str(problem)) from problem
    except KeyboardInterrupt as interrupt:
        # what is written is whole lines: the line being written when the signal came is finished
        # or taken back, so a resume starts from a clean file
        stopped, code = ("terminated", 143) if isinstance(interrupt, Terminated) else ("interrupted", 130)
        raise fail(
            f"{stopped}: rerun with --resume to finish; what is done is in {out.as_posix()}", code
        ) from interrupt


@contextmanager
def _cluster(
    scheduler: str | None, *, workers: int, threads: int | None, memory_limit: float
) -> Iterator[flow.Executor | None]:
    """The Dask cluster to run on (None: this machine's worker processes)."""
    if scheduler is None:
        yield None
        return
    from quotes import cluster  # distributed takes a second to import: only when asked for

    with cluster.connect(
        scheduler, workers=workers, threads=threads or 1, memory_limit=memory_limit
    ) as executor:
        yield executor


class Terminated(KeyboardInterrupt):
    """SIGTERM (a `kill`, a job scheduler's time limit), raised where the run is, like Ctrl-C."""


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def terminated(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(outcome: engine.BatchOutcome) -> str:
    failed = f"{outcome.failed} failed"
    if outcome.failed:
        failed += f" (see {(outcome.out_dir / engine.ERRORS).as_posix()})"
    report = (
        f"{plural(outcome.analysed, 'article')} analysed, {outcome.skipped} already done, {failed}; "
        f"results in {outcome.out_dir.as_posix()}"
    )
    since = []
    if outcome.changed:
        changed = plural(outcome.changed, "article")
        since.append(f"{changed} changed since the last run and {_were(outcome.changed)} analysed again")
    if outcome.dropped:
        since.append(f"{plural(outcome.dropped, 'result')} dropped: their inputs are gone")
    return "\n".join([report, "; ".join(since)] if since else [report])


def _were(count: int) -> str:
    return "was" if count == 1 else "were"
