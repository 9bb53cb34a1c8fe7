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
- `summary.json`: counts over the whole run (`quotes.summary.RunSummary`).

An input directory that holds `out_dir` is read without it, so `quotes batch . --out results` works.

Crash safety: after a kill, `resume=True` drops a truncated last line of results.jsonl, skips the ids
already there and analyses the rest, so no article is lost or written twice.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import orjson

from quotes.errors import InputError
from quotes.flow import (
    CHUNK_SIZE,
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
from quotes.report import result_from_json, to_jsonl, write_csv
from quotes.summary import RunSummary, summarise

__all__ = [  # the flow's names stay importable from here, where they used to live
    "CHUNK_SIZE",
    "ERRORS",
    "QUOTES_CSV",
    "RESULTS",
    "SOURCES_CSV",
    "SUMMARY",
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

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
QUOTES_CSV = "quotes.csv"
SOURCES_CSV = "sources.csv"
SUMMARY = "summary.json"


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


@dataclass(slots=True)
class _Writer:
    results: IO[bytes]
    errors: IO[bytes]
    progress: Callable[[BatchProgress], None] | None
    total: int | None
    skipped: int
    done: int = 0
    failed: int = 0

    def write(self, outcome: Outcome) -> None:
        if isinstance(outcome, ArticleResult):
            _append(self.results, to_jsonl(outcome))
            self.done += 1
        else:
            _append(self.errors, orjson.dumps(outcome, option=orjson.OPT_APPEND_NEWLINE))
            self.failed += 1
        if self.progress is not None:
            self.progress(BatchProgress(self.done, self.failed, self.skipped, self.total))


def _append(handle: IO[bytes], line: bytes) -> None:
    handle.write(line)
    handle.flush()
    os.fsync(handle.fileno())


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
) -> BatchOutcome:
    """Analyse every article of `inputs` into `out_dir` (see the module docstring for the files).

    `workers` > 1 runs that many spawned processes, each loading the models once and using
    `threads` torch threads (default `flow.worker_threads(workers)`); the factory and analyser
    must then be picklable (module-level functions or `functools.partial` of them). One worker
    runs in this process, with `threads` torch threads if given. `executor` replaces both.
    `count_first` reads the inputs once more up front so that progress reports carry a total.
    Raises InputError for bad inputs or a used `out_dir` without `resume`, ModelError when the
    models cannot be loaded; a failing article is recorded in errors.jsonl and does not raise.
    """
    _check_counts(workers=workers, chunk_size=chunk_size, threads=threads)
    out = Path(out_dir)

    def items() -> Iterator[Article | Failure]:
        return read(inputs, text_column=text_column, id_column=id_column, exclude=[out])

    items()  # checks every path and format now: a typo fails at once, not hours into the run
    done_ids = _open(out, resume=resume)
    # stdin can be read only once, so a run that reads it goes without a total
    counted = count_first and all(str(path) != "-" for path in inputs)
    total = _count(items(), done_ids) if counted else None
    work = Work(annotator_factory or functools.partial(default_annotator, models), analyser)
    order: dict[str, int] = {}
    with (out / RESULTS).open("ab") as results, (out / ERRORS).open("wb") as errors:
        writer = _Writer(results, errors, progress, total, len(done_ids))
        selected = _select(items(), done_ids, order)
        executor = executor or executor_for(workers, threads=threads)
        for outcome in outcomes(selected, work=work, executor=executor, chunk_size=chunk_size):
            writer.write(outcome)
    if done_ids:
        _reorder(out / RESULTS, order)
    summary = _finish(out)
    return BatchOutcome(out, writer.done, writer.failed, skipped=len(done_ids), summary=summary)


def _check_counts(**counts: int | None) -> None:
    for name, value in counts.items():
        if value is not None and value < 1:
            raise InputError(f"{name} must be 1 or more, got {value}")


def _open(out: Path, *, resume: bool) -> set[str]:
    """Make `out` ready for a run; the ids already in its results.jsonl when resuming."""
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / RESULTS
    if results_path.exists() and not resume:
        raise InputError(
            f"{results_path.as_posix()!r} already exists: pass resume=True (--resume) to continue "
            "that run, or choose another output directory"
        )
    return _recover(results_path) if resume else set()


def _select(
    items: Iterable[Article | Failure], done_ids: set[str], order: dict[str, int]
) -> Iterator[Article | Failure]:
    """The items still to do: a repeated id is a failure, an id done before a resume is skipped;
    `order` gets every article's place in the input."""
    origins: dict[str, str | None] = {}
    for item in items:
        if isinstance(item, Article):
            if item.id in origins:
                reason = f"duplicate article id {item.id!r}, first read from {origins[item.id]}"
                yield Failure(id=item.id, origin=item.origin, stage="read", reason=reason)
                continue
            origins[item.id] = item.origin
            order[item.id] = len(order)
            if item.id in done_ids:
                continue
        yield item


def _count(items: Iterable[Article | Failure], done_ids: set[str]) -> int:
    return sum(1 for item in items if not (isinstance(item, Article) and item.id in done_ids))


def _recover(path: Path) -> set[str]:
    """The ids already in results.jsonl, read line by line; a line cut short by a crash is dropped."""
    if not path.exists():
        return set()
    ids: set[str] = set()
    complete = 0  # bytes up to the end of the last whole line
    damaged = False
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break  # the torn tail of a write that a kill interrupted
            complete += len(line)
            try:
                ids.add(str(orjson.loads(line)["id"]))
            except (orjson.JSONDecodeError, KeyError, TypeError):
                damaged = True  # only a torn write makes this; that article is analysed again
    if damaged:
        _replace(path, _whole_lines(path, complete))
    elif complete != path.stat().st_size:
        os.truncate(path, complete)
    return ids


def _whole_lines(path: Path, limit: int) -> Iterator[bytes]:
    """The readable lines among the first `limit` bytes of results.jsonl."""
    offset = 0
    with path.open("rb") as handle:
        for line in handle:
            offset += len(line)
            if offset > limit:
                return
            try:
                orjson.loads(line)["id"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue
            yield line


def _replace(path: Path, lines: Iterable[bytes]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        for line in lines:
            handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _reorder(path: Path, order: dict[str, int]) -> None:
    """Rewrite results.jsonl in input order after a resume; unknown ids keep their place at the end."""
    spans: list[tuple[int, int, int, int]] = []
    offset = 0
    with path.open("rb") as handle:
        for position, line in enumerate(handle):
            article_id = str(orjson.loads(line)["id"])
            spans.append((order.get(article_id, len(order)), position, offset, len(line)))
            offset += len(line)
    spans.sort()

    def lines() -> Iterator[bytes]:
        with path.open("rb") as handle:
            for _, _, start, length in spans:
                handle.seek(start)
                yield handle.read(length)

    _replace(path, lines())


def iter_results(path: str | Path) -> Iterator[ArticleResult]:
    """Stream the results of a results.jsonl file."""
    with Path(path).open("rb") as handle:
        for line in handle:
            if line.strip():
                yield result_from_json(line)


def _finish(out: Path) -> RunSummary:
    """Regenerate the CSVs and the summary from results.jsonl, one streaming pass each."""
    results = out / RESULTS
    tables: tuple[tuple[str, Literal["quotes", "sources"]], ...] = (
        (QUOTES_CSV, "quotes"),
        (SOURCES_CSV, "sources"),
    )
    for name, table in tables:
        temporary = out / (name + ".tmp")
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            write_csv(iter_results(results), handle, table=table)
        os.replace(temporary, out / name)
    summary = summarise(iter_results(results), failures=_read_failures(out / ERRORS))
    (out / SUMMARY).write_bytes(summary.to_json())
    return summary


def _read_failures(path: Path) -> list[Failure]:
    with path.open("rb") as handle:
        return [Failure(**orjson.loads(line)) for line in handle if line.strip()]
