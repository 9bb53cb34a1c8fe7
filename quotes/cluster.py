"""`DaskCluster`: the executor that runs chunks on a Dask distributed cluster.

It is one more `quotes.flow.Executor`: `outcomes` hands it chunks and gets each chunk's outcomes
back in input order, so the sink (`quotes.batch`: results.jsonl, the CSVs, the summary, resume) is
the same code whatever runs the chunks, and its files are the same bytes.

- The client submits one task per chunk and keeps a bounded window of them in flight (two per
  worker thread the cluster had when the run began): memory stays flat whatever the archive size.
- Each Dask worker process loads the models once, on its first chunk, and keeps them for the
  chunks after it (a module-level cache, as in `quotes.pool`); a task runs with `threads` torch
  threads (default one: run more worker processes, not more threads, for more cores).
- A worker that dies has its tasks run again elsewhere by the scheduler, and a task that fails is
  retried `retries` times (`submit(retries=...)`). A chunk whose task kills worker after worker
  (`KilledWorker`: the scheduler gave up on it, by default after four deaths) is analysed again
  one article a task, one task at a time, so that only the article that does it becomes a `Failure`.
  A LocalCluster's worker past 95% of `memory_limit` is restarted, so its task is one more death.
- An article that fails in the engine is a `Failure` from `flow.analyse_articles`, as it is locally;
  `ModelError` stops the run, as it does locally. Any other error of a task (a worker that cannot
  import `quotes`, say) is a `QuotesError`.

`connect("local", workers=N)` starts a `distributed.LocalCluster` of N processes, one thread each,
and shuts it down at the end; any other address (`tcp://host:8786`) is a running scheduler, which
stays up. The article's time limit of `quotes.pool` does not apply here: Dask cannot stop one task.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import cloudpickle
import dask.config
from distributed import Client, Future, KilledWorker, LocalCluster

from quotes.errors import ModelError, QuotesError
from quotes.flow import AnnotatorLike, Failure, Outcome, Work, analyse_articles, use_threads
from quotes.model import Article

LOCAL = "local"  # the scheduler address that starts a LocalCluster here
RETRIES = 2  # times a failed task is run again (a worker's death is retried by the scheduler too)

# -- in the worker ------------------------------------------------------------------------------

_LOCK = threading.Lock()  # a worker with several threads analyses one chunk at a time
_LOADED: tuple[bytes, AnnotatorLike] | None = None  # the factory (pickled) and what it loaded


def _load(work: Work, threads: int | None) -> AnnotatorLike:
    # the models load once a process; a long-lived cluster that serves another run (other models)
    # loads those in their place
    global _LOADED
    key = cloudpickle.dumps(work.annotator)  # as Dask pickles it: a closure is a factory too
    if _LOADED is None or _LOADED[0] != key:
        _LOADED = None  # free the old models before loading the new ones
        use_threads(threads)
        _LOADED = (key, work.annotator())
    return _LOADED[1]


def _run_chunk(work: Work, articles: Sequence[Article], threads: int | None) -> list[Outcome]:
    with _LOCK:
        return analyse_articles(articles, annotator=_load(work, threads), analyser=work.analyser)


# -- in the client ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Chunk:
    articles: Sequence[Article]
    future: Future[list[Outcome]] | None  # None: nothing to run (an empty chunk)


class DaskCluster:
    """Chunks run as tasks on the cluster of `client` (see the module docstring)."""

    def __init__(
        self, client: Client, *, threads: int | None = 1, retries: int = RETRIES, window: int | None = None
    ) -> None:
        if retries < 0:
            raise QuotesError(f"retries must be 0 or more, got {retries}")
        if window is not None and window < 1:
            raise QuotesError(f"window must be 1 or more, got {window}")
        self.client = client
        self.threads = threads
        self.retries = retries
        self.window = window

    def map(self, work: Work, chunks: Iterable[Sequence[Article]]) -> Iterator[list[Outcome]]:
        window = self.window or max(2, 2 * sum(self.client.nthreads().values()))
        pending: deque[_Chunk] = deque()
        try:
            for articles in chunks:
                pending.append(_Chunk(articles, self._submit(work, articles) if articles else None))
                # a bounded window keeps memory flat: never read far ahead of what is written
                while len(pending) > window:
                    yield self._settle(work, pending.popleft())
            while pending:
                yield self._settle(work, pending.popleft())
        finally:
            # interrupted, or the reader stopped early: the tasks in flight are not wanted
            futures = [chunk.future for chunk in pending if chunk.future is not None]
            if futures:
                self.client.cancel(futures)

    def _submit(self, work: Work, articles: Sequence[Article]) -> Future[list[Outcome]]:
        future: Future[list[Outcome]] = self.client.submit(
            _run_chunk, work, articles, self.threads, retries=self.retries, pure=False
        )
        return future

    def _settle(self, work: Work, chunk: _Chunk) -> list[Outcome]:
        if chunk.future is None:
            return []
        try:
            return _result(chunk.future)
        except KilledWorker:
            pass
        # an article of the chunk kills the workers: run each alone, one after the other (a task
        # waiting on a worker that dies is suspected with the one that killed it), so that only
        # that article fails
        outcomes: list[Outcome] = []
        for article in chunk.articles:
            try:
                outcomes.extend(_result(self._submit(work, [article])))
            except KilledWorker as error:
                reason = f"the Dask workers analysing this article died: {error}"
                outcomes.append(Failure(id=article.id, origin=article.origin, stage="analyse", reason=reason))
        return outcomes


def _result(future: Future[list[Outcome]]) -> list[Outcome]:
    try:
        return future.result()
    except (KilledWorker, ModelError):
        raise
    except Exception as error:
        # a worker that cannot import quotes or the analyser, a scheduler lost mid-run: what is
        # written stays, and a resumed run (--resume) goes on from there
        raise QuotesError(
            f"a Dask task failed: {type(error).__name__}: {error}; fix the cluster and resume the run"
        ) from error


@contextmanager
def connect(
    scheduler: str,
    *,
    workers: int = 1,
    threads: int | None = 1,
    memory_limit: float | None = None,
    retries: int = RETRIES,
    timeout: float = 30.0,
) -> Iterator[DaskCluster]:
    """A `DaskCluster` on the scheduler at `scheduler` (`tcp://host:8786`), or on a LocalCluster of
    `workers` processes started here for `scheduler == "local"` (each may hold `memory_limit` bytes
    before its nanny restarts it; None: no limit). Raises QuotesError when the scheduler cannot be
    reached in `timeout` seconds or the address is not one."""
    if scheduler == LOCAL:
        with _local(workers, memory_limit) as cluster, Client(cluster) as client:
            yield DaskCluster(client, threads=threads, retries=retries)
        return
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise QuotesError(f"cannot reach the Dask scheduler at {scheduler!r}: {error}") from error
    with client:
        yield DaskCluster(client, threads=threads, retries=retries)


@contextmanager
def _local(workers: int, memory_limit: float | None) -> Iterator[LocalCluster]:
    # a worker holds the models for good, so its memory never falls back: one paused near its limit
    # would wait for ever. Past the limit's 95% its nanny restarts it (the scheduler then runs its
    # task again), as `quotes.pool` ends a worker past its limit; nothing is spilled to disk.
    memory = {"distributed.worker.memory." + name: False for name in ("target", "spill", "pause")}
    with (
        dask.config.set(memory),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # the scheduler's web server (its dashboard with bokeh) on a free port, not on 8787, which
            # another cluster may hold
            dashboard_address=":0",
            memory_limit=int(memory_limit) if memory_limit else 0,  # 0: no limit
        ) as cluster,
    ):
        yield cluster
