"""Archive runs: read many inputs, analyse every article, and write results that survive a crash.

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
- `summary.json`: counts over the whole run (see `summarise`).

An input directory that holds `out_dir` is read without it, so `quotes batch . --out results` works.

Crash safety: after a kill, `resume=True` drops a truncated last line of results.jsonl, skips the ids
already there and analyses the rest, so no article is lost or written twice.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import orjson

from quotes.errors import InputError, ModelError, QuotesError
from quotes.model import AnnotatedDoc, Article, ArticleResult
from quotes.read import ReadError, read_items
from quotes.report import result_from_json, to_jsonl, write_csv

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
QUOTES_CSV = "quotes.csv"
SOURCES_CSV = "sources.csv"
SUMMARY = "summary.json"
CHUNK_SIZE = 8  # articles per annotate_many call: Stanza batches them, and a chunk is a unit of work


class AnnotatorLike(Protocol):
    def annotate(self, text: str) -> AnnotatedDoc: ...

    def annotate_many(self, texts: Sequence[str]) -> list[AnnotatedDoc]: ...


AnnotatorFactory = Callable[[], AnnotatorLike]
Analyser = Callable[[AnnotatedDoc, Article], ArticleResult]


@dataclass(frozen=True, slots=True)
class Failure:
    """An article or input that produced no result, and why."""

    id: str | None
    origin: str | None
    stage: Literal["read", "analyse"]
    reason: str


@dataclass(frozen=True, slots=True)
class BatchProgress:
    done: int  # articles analysed in this run
    failed: int
    skipped: int  # already in results.jsonl when resuming
    total: int | None  # articles to analyse in this run, when counted up front
    elapsed: float

    @property
    def rate(self) -> float:
        """Articles per second in this run."""
        return (self.done + self.failed) / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, when the total is known and something has finished."""
        if self.total is None or self.rate == 0:
            return None
        return max(self.total - self.done - self.failed, 0) / self.rate


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    out_dir: Path
    analysed: int
    failed: int
    skipped: int


def default_annotator(models: str = "bundled", threads: int | None = None) -> AnnotatorLike:
    """Load the Stanza layer once (per process); imported here so rule code never needs it."""
    from quotes.annotate import Annotator

    annotator: AnnotatorLike = Annotator(models=models, threads=threads)
    return annotator


def default_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    from quotes.pipeline import analyse_doc

    return analyse_doc(doc, article=article)


def analyse_articles(
    articles: Sequence[Article], *, annotator: AnnotatorLike, analyser: Analyser = default_analyser
) -> list[ArticleResult | Failure]:
    """Annotate the articles as one batch and analyse each; one article's failure is only its own."""
    try:
        docs: list[AnnotatedDoc | Exception] = list(annotator.annotate_many([a.text for a in articles]))
    except ModelError:
        raise
    except Exception:
        # the batch failed as a whole: annotate one by one to find the article that broke it
        docs = [_annotate_one(annotator, article.text) for article in articles]
    outcomes: list[ArticleResult | Failure] = []
    for article, doc in zip(articles, docs, strict=True):
        if isinstance(doc, Exception):
            outcomes.append(_failure(article, "annotation failed", doc))
            continue
        try:
            outcomes.append(_stamp(analyser(doc, article), article))
        except ModelError:
            raise
        except Exception as error:
            outcomes.append(_failure(article, "analysis failed", error))
    return outcomes


def _annotate_one(annotator: AnnotatorLike, text: str) -> AnnotatedDoc | Exception:
    try:
        return annotator.annotate(text)
    except ModelError:
        raise
    except Exception as error:
        return error


def _failure(article: Article, what: str, error: Exception) -> Failure:
    reason = f"{what}: {type(error).__name__}: {error}"
    return Failure(id=article.id, origin=article.origin, stage="analyse", reason=reason)


def _stamp(result: ArticleResult, article: Article) -> ArticleResult:
    """Make the result carry the article's id and metadata, whatever the engine filled in."""
    missing = tuple(d for d in article.diagnostics if d not in result.diagnostics)
    return replace(
        result,
        id=article.id,
        title=result.title if result.title is not None else article.title,
        outlet=result.outlet if result.outlet is not None else article.outlet,
        date=result.date if result.date is not None else article.date,
        url=result.url if result.url is not None else article.url,
        diagnostics=missing + result.diagnostics,
    )


# -- worker processes ---------------------------------------------------------------------------

_WORKER_ANNOTATOR: AnnotatorLike | None = None


def _worker_chunk(
    factory: AnnotatorFactory, analyser: Analyser, articles: Sequence[Article]
) -> list[ArticleResult | Failure]:
    # the models load on a process's first chunk and stay loaded for every later one
    global _WORKER_ANNOTATOR
    if _WORKER_ANNOTATOR is None:
        _WORKER_ANNOTATOR = factory()
    return analyse_articles(articles, annotator=_WORKER_ANNOTATOR, analyser=analyser)


class _InProcess:
    """The one-worker executor: same chunks, same code, no process boundary."""

    def __init__(self, factory: AnnotatorFactory, analyser: Analyser) -> None:
        self._factory = factory
        self._analyser = analyser
        self._annotator: AnnotatorLike | None = None

    def run(self, articles: Sequence[Article]) -> list[ArticleResult | Failure]:
        if self._annotator is None:
            self._annotator = self._factory()
        return analyse_articles(articles, annotator=self._annotator, analyser=self._analyser)


# -- the run ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Chunk:
    items: list[Article | Failure]  # in input order; Articles are the ones to analyse
    future: Future[list[ArticleResult | Failure]] | None = None
    outcomes: list[ArticleResult | Failure] | None = None

    @property
    def articles(self) -> list[Article]:
        return [item for item in self.items if isinstance(item, Article)]


@dataclass(slots=True)
class _Writer:
    results: IO[bytes]
    errors: IO[bytes]
    progress: Callable[[BatchProgress], None] | None
    total: int | None
    skipped: int
    started: float
    done: int = 0
    failed: int = 0

    def write(self, chunk: _Chunk) -> None:
        outcomes = iter(chunk.outcomes or [])
        for item in chunk.items:
            outcome = next(outcomes) if isinstance(item, Article) else item
            if isinstance(outcome, ArticleResult):
                _append(self.results, to_jsonl(outcome))
                self.done += 1
            else:
                _append(self.errors, orjson.dumps(outcome, option=orjson.OPT_APPEND_NEWLINE))
                self.failed += 1
        if self.progress is not None:
            elapsed = time.monotonic() - self.started
            self.progress(BatchProgress(self.done, self.failed, self.skipped, self.total, elapsed))


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
) -> BatchOutcome:
    """Analyse every article of `inputs` into `out_dir` (see the module docstring for the files).

    `workers` > 1 runs that many spawned processes, each loading the models once; the factory and
    analyser must then be picklable (module-level functions or `functools.partial` of them).
    `count_first` reads the inputs once more up front so that progress reports carry a total.
    Raises InputError for bad inputs or a used `out_dir` without `resume`, ModelError when the
    models cannot be loaded; a failing article is recorded in errors.jsonl and does not raise.
    """
    if workers < 1:
        raise InputError(f"workers must be 1 or more, got {workers}")
    if chunk_size < 1:
        raise InputError(f"chunk_size must be 1 or more, got {chunk_size}")
    out = Path(out_dir)
    for path in inputs:
        # read_items checks the path and format when called: a typo fails now, not hours into the run
        read_items(path, text_column=text_column, id_column=id_column, exclude=[out])
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / RESULTS
    if results_path.exists() and not resume:
        raise InputError(
            f"{results_path.as_posix()!r} already exists: pass resume=True (--resume) to continue "
            "that run, or choose another output directory"
        )
    done_ids = _recover(results_path) if resume else set()
    # N workers share the cores: more torch threads than cores each would only slow every one down
    threads = max(1, (os.cpu_count() or 1) // workers) if workers > 1 else None
    factory = annotator_factory or functools.partial(default_annotator, models, threads)

    def items() -> Iterator[Article | ReadError]:
        for path in inputs:
            yield from read_items(path, text_column=text_column, id_column=id_column, exclude=[out])

    # stdin can be read only once, so a run that reads it goes without a total
    counted = count_first and all(str(path) != "-" for path in inputs)
    total = _count(items(), done_ids) if counted else None
    order: dict[str, int] = {}
    with results_path.open("ab") as results, (out / ERRORS).open("wb") as errors:
        writer = _Writer(results, errors, progress, total, len(done_ids), time.monotonic())
        chunks = _chunks(items(), done_ids, order, chunk_size)
        if workers == 1:
            executor = _InProcess(factory, analyser)
            for chunk in chunks:
                chunk.outcomes = executor.run(chunk.articles) if chunk.articles else []
                writer.write(chunk)
        else:
            _run_pool(chunks, writer, workers=workers, factory=factory, analyser=analyser)
    if done_ids:
        _reorder(results_path, order)
    _finish(out)
    return BatchOutcome(out_dir=out, analysed=writer.done, failed=writer.failed, skipped=len(done_ids))


def _run_pool(
    chunks: Iterable[_Chunk], writer: _Writer, *, workers: int, factory: AnnotatorFactory, analyser: Analyser
) -> None:
    context = multiprocessing.get_context("spawn")  # fork would copy torch's threads into a broken state
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[_Chunk] = deque()
        try:
            for chunk in chunks:
                if chunk.articles:
                    chunk.future = pool.submit(_worker_chunk, factory, analyser, chunk.articles)
                pending.append(chunk)
                # a bounded window keeps memory flat: never read far ahead of what is written
                while len(pending) > 2 * workers:
                    _settle(pending.popleft(), writer)
            while pending:
                _settle(pending.popleft(), writer)
        except BaseException:
            for chunk in pending:
                if chunk.future is not None:
                    chunk.future.cancel()
            raise


def _settle(chunk: _Chunk, writer: _Writer) -> None:
    try:
        chunk.outcomes = chunk.future.result() if chunk.future is not None else []
    except BrokenProcessPool as error:
        # a worker was killed (out of memory, a signal): what is written so far is safe to resume from
        raise QuotesError(f"a worker process died ({error}); run again with resume to finish") from error
    writer.write(chunk)


def _chunks(
    items: Iterable[Article | ReadError], done_ids: set[str], order: dict[str, int], size: int
) -> Iterator[_Chunk]:
    origins: dict[str, str | None] = {}
    current: list[Article | Failure] = []
    articles = 0
    for item in items:
        if isinstance(item, ReadError):
            current.append(Failure(id=item.id, origin=item.origin, stage="read", reason=item.reason))
            continue
        if item.id in origins:
            reason = f"duplicate article id {item.id!r}, first read from {origins[item.id]}"
            current.append(Failure(id=item.id, origin=item.origin, stage="read", reason=reason))
            continue
        origins[item.id] = item.origin
        order[item.id] = len(order)
        if item.id in done_ids:
            continue
        current.append(item)
        articles += 1
        if articles == size:
            yield _Chunk(current)
            current, articles = [], 0
    if current:
        yield _Chunk(current)


def _count(items: Iterable[Article | ReadError], done_ids: set[str]) -> int:
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


def _finish(out: Path) -> None:
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
    failures = _read_failures(out / ERRORS)
    summary = summarise(iter_results(results), failures=failures)
    (out / SUMMARY).write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))


def _read_failures(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        return [orjson.loads(line) for line in handle if line.strip()]


# -- summary.json -------------------------------------------------------------------------------

TOP_SOURCES = 20
MONTH = re.compile(r"^(\d{4})-(\d{2})")


@dataclass(slots=True)
class _Tally:
    articles: int = 0
    quotes: int = 0
    anonymous_quotes: int = 0

    def as_dict(self) -> dict[str, Any]:
        share = self.anonymous_quotes / self.quotes if self.quotes else None
        return {
            "articles": self.articles,
            "quotes": self.quotes,
            "anonymous_quotes": self.anonymous_quotes,
            "anonymous_quote_share": None if share is None else round(share, 4),
        }


def summarise(results: Iterable[ArticleResult], *, failures: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Counts over a run: articles, quotes by kind, anonymous share (overall, per outlet, per month),
    the most quoted named sources and the conduits ("via") quotes came through.

    Anonymous means a quote whose source has type "anonymous"; shares are of all quotes, attributed or not.
    """
    overall = _Tally()
    kinds: Counter[str] = Counter()
    source_types: Counter[str] = Counter()
    unattributed = 0
    outlets: dict[str, _Tally] = defaultdict(_Tally)
    months: dict[str, _Tally] = defaultdict(_Tally)
    named: Counter[tuple[str, str]] = Counter()
    named_articles: Counter[tuple[str, str]] = Counter()
    conduits: Counter[str] = Counter()
    conduit_articles: Counter[str] = Counter()
    for result in results:
        sources = {source.id: source for source in result.sources}
        source_types.update(source.type for source in result.sources)
        anonymous = sum(
            1 for q in result.quotes if q.source in sources and sources[q.source].type == "anonymous"
        )
        tallies = [overall]
        if result.outlet:
            tallies.append(outlets[result.outlet])
        month = MONTH.match(result.date or "")
        if month:
            tallies.append(months[f"{month[1]}-{month[2]}"])
        for tally in tallies:
            tally.articles += 1
            tally.quotes += len(result.quotes)
            tally.anonymous_quotes += anonymous
        kinds.update(quote.kind for quote in result.quotes)
        unattributed += sum(1 for quote in result.quotes if quote.source is None)
        seen_named: set[tuple[str, str]] = set()
        seen_conduits: set[str] = set()
        for quote in result.quotes:
            source = sources.get(quote.source or "")
            if source is not None and source.type in ("person", "organisation", "group"):
                key = (source.name, source.type)
                named[key] += 1
                seen_named.add(key)
            for via in quote.via:
                name = sources[via].name if via in sources else via
                conduits[name] += 1
                seen_conduits.add(name)
        named_articles.update(seen_named)
        conduit_articles.update(seen_conduits)
    stages = Counter(str(failure.get("stage")) for failure in failures)
    return {
        **overall.as_dict(),
        "failed": {"total": len(failures), "read": stages["read"], "analyse": stages["analyse"]},
        "quotes_by_kind": {kind: kinds[kind] for kind in ("direct", "mixed", "indirect")},
        "unattributed_quotes": unattributed,
        "sources_by_type": dict(sorted(source_types.items())),
        "by_outlet": {name: tally.as_dict() for name, tally in sorted(outlets.items())},
        "by_month": {name: tally.as_dict() for name, tally in sorted(months.items())},
        "top_sources": [
            {"name": name, "type": kind, "quotes": count, "articles": named_articles[(name, kind)]}
            for (name, kind), count in sorted(named.items(), key=lambda item: (-item[1], item[0]))[
                :TOP_SOURCES
            ]
        ],
        "conduits": [
            {"name": name, "quotes": count, "articles": conduit_articles[name]}
            for name, count in sorted(conduits.items(), key=lambda item: (-item[1], item[0]))
        ],
    }
