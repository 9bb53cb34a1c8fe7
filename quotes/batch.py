"""Archive runs: read many inputs, analyse every article, and write results that survive a crash.

The articles go through `quotes.flow.outcomes`, like every command's; this module is the sink.

`run_batch` writes into `out_dir`:

- `results.jsonl`: one `ArticleResult` a line (`report.to_jsonl`), appended, flushed and fsync'd as
  each article finishes. Lines are in input order, whatever the number of workers: results that
  finish early wait for the ones before them. A resumed run appends the rest and then rewrites the
  file in input order, so a finished run's output does not depend on workers or interruptions.
- `errors.jsonl`: one line per article (or input) that could not be read or analysed, in input
  order: `{"id", "origin", "stage": "read"|"analyse", "reason"}`. Rewritten on every run, since a
  resumed run reads the inputs again and retries the articles that failed.
- `quotes.csv`, `sources.csv`: regenerated from results.jsonl at the end (`report.QUOTE_COLUMNS`,
  `report.SOURCE_COLUMNS`).
- `report.html`: the summary's charts and a section per article (`quotes.runreport`).
- `quotes.xlsx`: the same rows in a quotes and a sources sheet, and the summary in a third
  (`quotes.xlsx`, the module).
- `summary.json`: counts over the whole run (`quotes.summary.RunSummary`).
- `parquet/quotes`, `parquet/sources`: with `parquet=True`, the CSVs' rows as a Parquet dataset
  partitioned by the year and month of the article's date (`quotes.parquet`), from results.jsonl.
- `inputs.jsonl`: the manifest (`quotes.outdir`): what each result was made from, and the mark of
  a run folder. A non-empty folder without it is someone else's and is refused.

The CSVs, the summary and every rewrite go through a temporary file and `os.replace`; a run holds
a lock on `out_dir`, so a second run on it fails at once (OutputError) instead of writing twice.

An input directory that holds `out_dir` is read without it, so `quotes batch . --out results` works.

Crash safety: after a kill, `resume=True` drops a truncated last line of results.jsonl, skips the ids
already there and analyses the rest, so no article is lost or written twice. It also analyses again
the articles whose text or metadata changed since (`BatchOutcome.changed`), drops the results of
articles no longer in the inputs (`BatchOutcome.dropped`) and keeps one line per id.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import orjson

from quotes.errors import InputError
from quotes.flow import (
    CHUNK_SIZE,
    TIME_LIMIT,
    Analyser,
    AnnotatorFactory,
    AnnotatorLike,
    Executor,
    Failure,
    Outcome,
    Work,
    analyse_articles,
    default_analyser,
    default_annotator,
    executor_for,
    outcomes,
    read,
)
from quotes.model import Article, ArticleResult
from quotes.outdir import (
    MANIFEST,
    RESULTS,
    append,
    claim,
    guarded,
    input_hash,
    recover,
    replace_bytes,
    replace_lines,
    replace_text,
)
from quotes.report import result_from_json, to_jsonl, write_csv
from quotes.runreport import write_run_report
from quotes.summary import RunSummary, summarise
from quotes.xlsx import write_xlsx

__all__ = [  # the flow's names stay importable from here, where they used to live
    "CHUNK_SIZE",
    "ERRORS",
    "MANIFEST",
    "QUOTES_CSV",
    "REPORT",
    "RESULTS",
    "SOURCES_CSV",
    "SUMMARY",
    "WORKBOOK",
    "Analyser",
    "AnnotatorFactory",
    "AnnotatorLike",
    "BatchOutcome",
    "BatchProgress",
    "Failure",
    "analyse_articles",
    "default_analyser",
    "default_annotator",
    "iter_results",
    "run_batch",
    "summarise",
]

ERRORS = "errors.jsonl"
QUOTES_CSV = "quotes.csv"
SOURCES_CSV = "sources.csv"
SUMMARY = "summary.json"
WORKBOOK = "quotes.xlsx"
REPORT = "report.html"


@dataclass(frozen=True, slots=True)
class BatchProgress:
    done: int  # articles analysed in this run
    failed: int
    skipped: int  # already in results.jsonl when resuming
    total: int | None  # articles and failures to expect in this run, when counted up front


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    out_dir: Path
    analysed: int
    failed: int
    skipped: int
    summary: RunSummary | None = None  # what summary.json holds
    changed: int = 0  # results of an earlier run whose article changed since: analysed again
    dropped: int = 0  # results of an earlier run whose article is no longer in the inputs


@dataclass(slots=True)
class _Earlier:
    """What `out_dir` held when the run began, and what the run has learnt about it so far."""

    results: set[str]  # ids in results.jsonl
    made_from: dict[str, str | None] | None  # the manifest; None for a run made before manifests
    seen: dict[str, str] = field(default_factory=dict)  # every input article's id -> hash, in order
    skipped: int = 0
    changed: int = 0

    def is_done(self, article: Article, digest: str) -> bool:
        if article.id not in self.results:
            return False
        # results of a run made before manifests are taken as they are, as they always were
        return self.made_from is None or self.made_from.get(article.id) == digest


@dataclass(slots=True)
class _Writer:
    results: IO[bytes]
    errors: IO[bytes]
    manifest: IO[bytes]
    earlier: _Earlier
    progress: Callable[[BatchProgress], None] | None
    total: int | None
    done: int = 0
    failed: int = 0

    def write(self, outcome: Outcome) -> None:
        if isinstance(outcome, ArticleResult):
            append(self.results, to_jsonl(outcome))
            # after the result: a manifest line always follows the result it vouches for
            append(self.manifest, _entry(outcome.id, self.earlier.seen[outcome.id]))
            self.done += 1
        else:
            append(self.errors, orjson.dumps(outcome, option=orjson.OPT_APPEND_NEWLINE))
            self.failed += 1
        if self.progress is not None:
            now = BatchProgress(self.done, self.failed, self.earlier.skipped, self.total)
            self.progress(now)


def _entry(article_id: str, digest: str | None) -> bytes:
    return orjson.dumps({"id": article_id, "sha256": digest}, option=orjson.OPT_APPEND_NEWLINE)


def run_batch(
    inputs: Sequence[str | Path],
    *,
    out_dir: str | Path,
    workers: int = 1,
    resume: bool = False,
    models: str = "bundled",
    annotator_factory: AnnotatorFactory | None = None,
    analyser: Analyser = default_analyser,
    text_column: str = "text",
    id_column: str | None = None,
    progress: Callable[[BatchProgress], None] | None = None,
    count_first: bool = False,
    chunk_size: int = CHUNK_SIZE,
    threads: int | None = None,
    executor: Executor | None = None,
    time_limit: float = TIME_LIMIT,
    memory_limit: float | None = None,
    isolate: bool = False,
    parquet: bool = False,
    cache_first: bool = False,
) -> BatchOutcome:
    """Analyse every article of `inputs` into `out_dir` (see the module docstring for the files).

    `workers` > 1 runs that many spawned processes, each loading the models once, with `threads` torch
    threads (default `flow.worker_threads(workers)`) and a picklable factory and analyser (module-level
    functions, or `functools.partial` of them). One worker runs here unless `isolate`. In a worker
    an article over `time_limit` seconds or `memory_limit` bytes, or one that kills its worker twice,
    is a failure record. `executor` (a `quotes.cluster.DaskCluster`: on a Dask cluster) overrides
    all of these. `parquet` adds parquet/. `count_first` reads the inputs once more up front, for a
    total in progress reports. `cache_first`: cached articles are analysed in this process, only the
    others reach the executor (see `flow.Work`).
    Raises InputError for bad inputs, OutputError when `out_dir` cannot be used (a file, another's
    folder, in use) or written (disk full, read-only), ModelError when the models cannot be loaded; a
    failing article is recorded in errors.jsonl and does not raise.
    """
    _check_counts(workers=workers, chunk_size=chunk_size, threads=threads)
    out = Path(out_dir)
    items = functools.partial(read, inputs, text_column=text_column, id_column=id_column, exclude=[out])
    items()  # checks every path and format now: a typo fails at once, not hours into the run
    work = Work(annotator_factory or functools.partial(default_annotator, models), analyser, cache_first)
    with claim(out, resume=resume):
        with guarded(out):
            earlier = _open(out, resume=resume)
        counted = count_first and all(str(path) != "-" for path in inputs)  # (stdin is read only once)
        total = _count(items(), earlier) if counted else None
        with _files(out, resume=resume) as (results, errors, manifest):
            writer = _Writer(results, errors, manifest, earlier, progress, total)
            selected = _select(items(), earlier, manifest)
            executor = executor or executor_for(
                workers, threads=threads, time_limit=time_limit, memory_limit=memory_limit, isolate=isolate
            )
            for outcome in outcomes(selected, work=work, executor=executor, chunk_size=chunk_size):
                writer.write(outcome)
        with guarded(out):
            dropped = _compact(out, earlier.seen) if resume else 0
            summary = _finish(out, parquet=parquet)
    return BatchOutcome(
        out, writer.done, writer.failed, earlier.skipped, summary, changed=earlier.changed, dropped=dropped
    )


def _check_counts(**counts: int | None) -> None:
    for name, value in counts.items():
        if value is not None and value < 1:
            raise InputError(f"{name} must be 1 or more, got {value}")


def _open(out: Path, *, resume: bool) -> _Earlier:
    """What `out` holds from an earlier run when resuming (torn last lines removed), else nothing."""
    if not resume:
        return _Earlier(set(), {})
    results = recover(out / RESULTS)
    return _Earlier(set(results or ()), recover(out / MANIFEST, "sha256"))


@contextmanager
def _files(out: Path, *, resume: bool) -> Iterator[tuple[IO[bytes], IO[bytes], IO[bytes]]]:
    """results.jsonl and the manifest to append to (emptied first unless resuming), errors.jsonl anew."""
    mode = "ab" if resume else "wb"
    with (
        guarded(out),
        (out / RESULTS).open(mode, buffering=0) as results,
        (out / ERRORS).open("wb", buffering=0) as errors,
        (out / MANIFEST).open(mode, buffering=0) as manifest,
    ):
        yield results, errors, manifest


def _select(
    items: Iterable[Article | Failure], earlier: _Earlier, manifest: IO[bytes]
) -> Iterator[Article | Failure]:
    """The items still to do: a repeated id is a failure, an article done before a resume and not
    changed since is skipped; `earlier.seen` gets every article's hash, in input order."""
    origins: dict[str, str | None] = {}
    for item in items:
        if isinstance(item, Article):
            if item.id in origins:
                reason = f"duplicate article id {item.id!r}, first read from {origins[item.id]}"
                yield Failure(id=item.id, origin=item.origin, stage="read", reason=reason)
                continue
            origins[item.id] = item.origin
            digest = earlier.seen[item.id] = input_hash(item)
            if earlier.is_done(item, digest):
                earlier.skipped += 1
                continue
            if earlier.made_from is not None and earlier.made_from.get(item.id) is not None:
                # the article changed: withdraw its old result first, so that a crash before the
                # new one is written cannot leave the old one standing for the new text
                earlier.changed += 1
                append(manifest, _entry(item.id, None))
        yield item


def _count(items: Iterable[Article | Failure], earlier: _Earlier) -> int:
    return sum(
        1 for item in items if not (isinstance(item, Article) and earlier.is_done(item, input_hash(item)))
    )


def _compact(out: Path, seen: dict[str, str]) -> int:
    """Rewrite results.jsonl in input order with one line per id, the last one written (a run cut
    short may have left an earlier one), and the manifest to match; drop the results of articles
    no longer in the inputs. Returns how many were dropped."""
    path = out / RESULTS
    order = {article_id: position for position, article_id in enumerate(seen)}
    last: dict[str, tuple[int, int]] = {}  # id -> (offset, length) of its last line
    offset = 0
    with path.open("rb") as handle:
        for line in handle:
            last[str(orjson.loads(line)["id"])] = (offset, len(line))
            offset += len(line)
    kept = sorted((order[i], i) for i in last if i in order)

    def lines() -> Iterator[bytes]:
        with path.open("rb") as handle:
            for _, article_id in kept:
                start, length = last[article_id]
                handle.seek(start)
                yield handle.read(length)

    replace_lines(path, lines())
    replace_lines(out / MANIFEST, (_entry(i, seen[i]) for _, i in kept))
    return len(last) - len(kept)


def iter_results(path: str | Path) -> Iterator[ArticleResult]:
    """Stream the results of a results.jsonl file."""
    with Path(path).open("rb") as handle:
        for line in handle:
            if line.strip():
                yield result_from_json(line)


def _finish(out: Path, *, parquet: bool = False) -> RunSummary:
    """Regenerate the CSVs, the summary, the workbook, the report and (`parquet`) the Parquet dataset
    from results.jsonl, streaming."""
    results = out / RESULTS
    tables: tuple[tuple[str, Literal["quotes", "sources"]], ...] = (
        (QUOTES_CSV, "quotes"),
        (SOURCES_CSV, "sources"),
    )
    for name, table in tables:
        replace_text(out / name, functools.partial(_write_table, results, table))
    summary = summarise(iter_results(results), failures=_read_failures(out / ERRORS))
    replace_lines(out / SUMMARY, [summary.to_json()])
    replace_bytes(out / WORKBOOK, functools.partial(_write_workbook, results, summary))
    passes = functools.partial(iter_results, results)
    replace_text(out / REPORT, functools.partial(write_run_report, passes, summary))
    if parquet:
        from quotes.parquet import PARQUET, write_dataset  # pyarrow loads only for a run that writes Parquet

        write_dataset(passes, out / PARQUET)
    return summary


def _write_table(results: Path, table: Literal["quotes", "sources"], handle: IO[str]) -> None:
    write_csv(iter_results(results), handle, table=table)


def _write_workbook(results: Path, summary: RunSummary, handle: IO[bytes]) -> None:
    write_xlsx(iter_results(results), handle, summary=summary)


def _read_failures(path: Path) -> list[Failure]:
    with path.open("rb") as handle:
        return [Failure(**orjson.loads(line)) for line in handle if line.strip()]
