"""One way through: articles -> chunks -> annotate -> analyse -> outcomes, for every command.

`quotes analyse`, `quotes batch` and `quotes evaluate` all call `outcomes`: it reads articles (or
takes them), groups them into chunks of `CHUNK_SIZE` for Stanza's batching, has an `Executor` run
each chunk, and yields an `ArticleResult` or a `Failure` per article, in input order. What happens
to them (a list, files that survive a crash, scores) is the caller's sink.

An `Executor` decides where chunks run: `InProcess` here, `quotes.pool.ProcessPool` in spawned
worker processes that may die (killed for memory, say) without sinking the run, and
`quotes.cluster.DaskCluster` as tasks on a Dask cluster: one more class with the same `map`.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from quotes.errors import ModelError
from quotes.model import AnnotatedDoc, Article, ArticleResult
from quotes.read import ReadError, read_items

CHUNK_SIZE = 8  # articles per annotate_many call: Stanza batches them, and a chunk is a unit of work
TIME_LIMIT = 300.0  # seconds an article may take in a worker process before the worker is killed


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


Outcome = ArticleResult | Failure


def default_annotator(
    models: str = "bundled", threads: int | None = None, *, cache: Path | None = None
) -> AnnotatorLike:
    """Load the Stanza layer once (per process); imported here so rule code never needs it.

    `cache`: a folder of annotations to reuse and fill (see `quotes.cache`); None annotates every text.
    """
    from quotes.annotate import Annotator

    annotator: AnnotatorLike = Annotator(models=models, threads=threads)
    if cache is not None:
        from quotes.cache import CachedAnnotator

        annotator = CachedAnnotator(annotator, cache)
    return annotator


def default_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    from quotes.pipeline import analyse_doc

    return analyse_doc(doc, article=article)


# -- reading ------------------------------------------------------------------------------------


def read(
    paths: Sequence[str | Path],
    *,
    text_column: str = "text",
    id_column: str | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Article | Failure]:
    """Every article of `paths`, in order; an input or record that cannot be read is a `Failure`.

    Raises InputError at once (not when iterated) for a missing path or an unknown format.
    """
    exclude = tuple(exclude)
    streams = [read_items(p, text_column=text_column, id_column=id_column, exclude=exclude) for p in paths]
    return (as_failure(item) if isinstance(item, ReadError) else item for item in chain(*streams))


def as_failure(error: ReadError) -> Failure:
    return Failure(id=error.id, origin=error.origin, stage="read", reason=error.reason)


# -- analysing one chunk ------------------------------------------------------------------------


def analyse_articles(
    articles: Sequence[Article], *, annotator: AnnotatorLike, analyser: Analyser = default_analyser
) -> list[Outcome]:
    """Annotate the articles as one batch and analyse each; one article's failure is only its own."""
    try:
        docs: list[AnnotatedDoc | Exception] = list(annotator.annotate_many([a.text for a in articles]))
    except ModelError:
        raise
    except Exception:
        # the batch failed as a whole: annotate one by one to find the article that broke it
        docs = [_annotate_one(annotator, article.text) for article in articles]
    return analyse_docs(articles, docs, analyser)


def analyse_docs(
    articles: Sequence[Article], docs: Sequence[AnnotatedDoc | Exception], analyser: Analyser
) -> list[Outcome]:
    """Analyse each article's doc (an exception: its annotation failed); one failure is only its own."""
    outcomes: list[Outcome] = []
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
        author=result.author if result.author is not None else article.author,
        diagnostics=missing + result.diagnostics,
    )


@dataclass(frozen=True, slots=True)
class Work:
    """What each chunk needs: how to load an annotator (once per process) and the analyser.

    Executors that cross a process boundary pickle it: keep both module-level functions or
    `functools.partial`s of them.

    `cache_first`: the annotator reads an annotation cache (`default_annotator(..., cache=DIR)`, a
    `quotes.cache.CachedAnnotator`). `outcomes` then builds one more annotator here, in this process
    (cheap: the models load on first use), and analyses the articles the cache holds here, before the
    executor sees them; only the others reach it. A run whose every article is cached (re-running a
    batch after a rule change) starts no worker process and loads no model, not even torch.
    """

    annotator: AnnotatorFactory
    analyser: Analyser = default_analyser
    cache_first: bool = False


# -- executors ----------------------------------------------------------------------------------


class Executor(Protocol):
    """Where chunks run. `map` reads `chunks` lazily, runs `analyse_articles` on each with an
    annotator that `work.annotator` loaded once per process, and yields each chunk's outcomes
    in the order of `chunks` (an empty chunk gives an empty list)."""

    def map(self, work: Work, chunks: Iterable[Sequence[Article]]) -> Iterator[list[Outcome]]: ...


def worker_threads(workers: int, cores: int | None = None) -> int:
    """Torch threads for each of `workers` processes: they share the cores, at least one each.

    More threads than cores between them only slows every worker down (on a busy 2-core machine,
    two threads a process made Stanza 3-30x slower than one).
    """
    return max(1, (cores if cores is not None else os.cpu_count() or 1) // workers)


def use_threads(threads: int | None) -> None:
    """Set this process's torch threads (None: leave torch's own choice)."""
    if threads is not None:
        import torch

        torch.set_num_threads(threads)


class InProcess:
    """Chunks run here, one after the other; the models load on the first chunk with articles."""

    def __init__(self, *, threads: int | None = None) -> None:
        self.threads = threads  # None: torch's default (one per core, or OMP_NUM_THREADS)
        self._annotator: AnnotatorLike | None = None
        self._threaded = False  # whether the torch threads are set (torch is imported only to annotate)

    def annotator(self, work: Work) -> AnnotatorLike:
        """This process's annotator, made on first use (it loads its models when it first annotates)."""
        if self._annotator is None:
            self._annotator = work.annotator()
        return self._annotator

    def map(self, work: Work, chunks: Iterable[Sequence[Article]]) -> Iterator[list[Outcome]]:
        for articles in chunks:
            if not articles:
                yield []
                continue
            if not self._threaded:
                use_threads(self.threads)
                self._threaded = True
            yield analyse_articles(articles, annotator=self.annotator(work), analyser=work.analyser)


def executor_for(
    workers: int = 1,
    *,
    threads: int | None = None,
    time_limit: float = TIME_LIMIT,
    memory_limit: float | None = None,
    isolate: bool = False,
) -> Executor:
    """`InProcess` for one worker (unless `isolate`), else a `quotes.pool.ProcessPool`, which survives
    its workers' deaths, time and memory limits: a process cannot survive its own death, so a long
    unattended run is safer isolated even with one worker (measured: a 1-worker pool's start is lost in
    the model load's time). `isolate` needs a picklable annotator factory and analyser."""
    if workers == 1 and not isolate:
        return InProcess(threads=threads)
    from quotes.pool import ProcessPool  # it builds on this module

    return ProcessPool(workers, threads=threads, time_limit=time_limit, memory_limit=memory_limit)


def memory_budget(workers: int) -> float:
    """Bytes a worker may hold by default: its share of 80% of the machine's memory, at least 2 GiB
    (the models and a long article's parse take about 1.5 GB)."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # no sysconf: assume a small machine
        total = 8 * 2**30
    return max(2.0 * 2**30, 0.8 * total / max(1, workers))


# -- the flow -----------------------------------------------------------------------------------


def outcomes(
    items: Iterable[Article | Failure],
    *,
    work: Work,
    executor: Executor | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Outcome]:
    """Analyse every article of `items`: an `ArticleResult` or a `Failure` per item, in input order.

    Failures among `items` (inputs that could not be read) pass through in their place.
    """
    executor = executor or InProcess()
    cached = _cache_reader(work, executor)
    # chunks handed to the executor, not yet yielded, each with the outcomes of its cached articles
    # (by their place among the chunk's articles)
    waiting: deque[tuple[list[Article | Failure], dict[int, Outcome]]] = deque()

    def chunks() -> Iterator[list[Article]]:
        for chunk in _chunks(items, chunk_size):
            articles = [item for item in chunk if isinstance(item, Article)]
            done = _analyse_cached(cached, articles, work.analyser) if cached is not None else {}
            waiting.append((chunk, done))
            yield [article for i, article in enumerate(articles) if i not in done]

    for analysed in executor.map(work, chunks()):
        chunk, done = waiting.popleft()
        results = iter(analysed)
        place = 0
        for item in chunk:
            if isinstance(item, Article):
                yield done[place] if place in done else next(results)
                place += 1
            else:
                yield item


@runtime_checkable
class _CacheReader(Protocol):
    def cached(self, texts: Sequence[str]) -> list[AnnotatedDoc | None]: ...


def _cache_reader(work: Work, executor: Executor) -> _CacheReader | None:
    if not work.cache_first:
        return None
    # in this process, the executor's own annotator reads the cache: the factory runs once here
    annotator = executor.annotator(work) if isinstance(executor, InProcess) else work.annotator()
    return annotator if isinstance(annotator, _CacheReader) else None


def _analyse_cached(
    cached: _CacheReader, articles: Sequence[Article], analyser: Analyser
) -> dict[int, Outcome]:
    """The outcomes of the articles whose annotation the cache holds, by their place in `articles`."""
    docs = cached.cached([article.text for article in articles])
    hits = [i for i, doc in enumerate(docs) if doc is not None]
    found = [doc for doc in docs if doc is not None]
    analysed = analyse_docs([articles[i] for i in hits], found, analyser)
    return dict(zip(hits, analysed, strict=True))


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    """Up to `size` articles a chunk, with the failures read among them kept in their place."""
    current: list[Article | Failure] = []
    articles = 0
    for item in items:
        current.append(item)
        if isinstance(item, Article):
            articles += 1
            if articles == size:
                yield current
                current, articles = [], 0
    if current:
        yield current
