"""`ProcessPool`: the executor that runs chunks in spawned worker processes and survives their deaths.

A worker can die whatever the article: the kernel's out-of-memory killer, a segfault in a native
library, `os._exit`. `concurrent.futures` then marks every chunk in flight as failed and the pool as
unusable. Here no chunk is lost:

- the chunks that were in flight when a worker died (or ran past their time) are retried one article
  at a time, each alone, in a fresh one-worker process whose models are loaded before the first
  article's clock starts; the rest of the run then goes on in a fresh pool;
- an article that kills its worker alone is given one more process (it may never have run before
  the pool broke); one that kills that one too becomes a `Failure` ("the worker process died analysing
  this article (twice): killed by signal 9"), one that runs past `time_limit` seconds alone becomes a
  `Failure` ("took longer than 300 s"); every other article of those chunks gets its result, in order.

Which chunk killed a worker cannot be told (every future in flight fails alike), hence the retries of
all of them, one at a time: slower for a moment, but each death then has one suspect.

A chunk's clock starts when it becomes the oldest chunk in flight, so it gets `time_limit` seconds an
article, or more (its first chunk also pays for a worker's start and model load).

A worker whose memory (resident set) grows past `memory_limit` bytes ends itself (exit code 86), which
the pool handles as any other death: the article that did it, alone, becomes a `Failure` ("used more
than 6.0 GB of memory") before the kernel's out-of-memory killer would take down the machine's other
work. A thread in each worker reads its resident size four times a second.

Workers end when the process that started them dies (even by SIGKILL): on Linux the kernel sends them
SIGKILL (`prctl(PR_SET_PDEATHSIG)`); elsewhere a thread in each worker polls its parent's pid.

Test hook: with the environment variable `QUOTES_FAULT_EXIT_ON=<text>` set when a pool starts, a worker
given an article whose text contains `<text>` ends itself with `os._exit(137)`, as the out-of-memory
killer would, before analysing it. It exists for the tests of the above; never set it otherwise.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from quotes.errors import QuotesError
from quotes.flow import (
    TIME_LIMIT,
    AnnotatorLike,
    Failure,
    Outcome,
    Work,
    analyse_articles,
    use_threads,
    worker_threads,
)
from quotes.model import Article

FAULT_EXIT_ON = "QUOTES_FAULT_EXIT_ON"  # the test hook (see the module docstring)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
MEMORY_EXIT = 86  # a worker's exit code when it went past its memory limit
MEMORY_POLL = 0.25  # seconds between two reads of a worker's resident size


# -- in the worker ------------------------------------------------------------------------------


def _init_worker(threads: int | None, parent: int, memory_limit: float | None) -> None:
    _die_with_parent(parent)
    if memory_limit is not None:
        threading.Thread(target=_watch_memory, args=(memory_limit,), daemon=True).start()
    use_threads(threads)


def resident_bytes() -> int:
    """This process's resident set size now (on Linux; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux KiB


def _watch_memory(limit: float) -> None:
    # ending here, at once, spares the rest of the machine the kernel's out-of-memory killer
    while resident_bytes() <= limit:
        time.sleep(MEMORY_POLL)
    os._exit(MEMORY_EXIT)


def _die_with_parent(parent: int) -> None:
    """End this process when `parent` dies: a killed parent leaves no orphans holding the models."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # the parent died before the signal was armed
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), name="quotes-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    # an orphan is adopted by another process, so its parent pid changes
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


_PROCESS_ANNOTATOR: AnnotatorLike | None = None


def _load(work: Work) -> AnnotatorLike:
    # the models load once a process and stay loaded for every later chunk
    global _PROCESS_ANNOTATOR
    if _PROCESS_ANNOTATOR is None:
        _PROCESS_ANNOTATOR = work.annotator()
    return _PROCESS_ANNOTATOR


def _run_in_worker(work: Work, articles: Sequence[Article]) -> list[Outcome]:
    marker = os.environ.get(FAULT_EXIT_ON)
    if marker and any(marker in article.text for article in articles):
        os._exit(137)
    return analyse_articles(articles, annotator=_load(work), analyser=work.analyser)


# -- in the parent ------------------------------------------------------------------------------


class _Workers:
    """One `ProcessPoolExecutor`, started on the first submit, that can be killed and started again."""

    def __init__(self, count: int, threads: int | None, memory_limit: float | None = None) -> None:
        self.count, self.threads, self.memory_limit = count, threads, memory_limit
        self._pool: ProcessPoolExecutor | None = None
        self._processes: dict[int, BaseProcess] = {}
        self.loaded = False  # whether `load` ran in the current processes

    def submit(self, work: Work, articles: Sequence[Article]) -> Future[list[Outcome]]:
        future = self._start().submit(_run_in_worker, work, articles)
        self._track()
        return future

    def load(self, work: Work) -> None:
        """Start the workers' process and load its models, so that no article's clock pays for it."""
        if self.loaded:
            return
        try:
            future = self._start().submit(_load, work)
            self._track()
            future.result()
            self.loaded = True
        except BrokenProcessPool as error:
            self.close()
            raise QuotesError(f"a worker process died loading the models: {self.death()}") from error

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.count,
                mp_context=multiprocessing.get_context("spawn"),  # fork would copy torch's threads broken
                initializer=_init_worker,
                initargs=(self.threads, os.getpid(), self.memory_limit),
            )
            self._processes = {}
        return self._pool

    def _track(self) -> None:
        # the pool starts processes as chunks come; keep them to read their exit codes after a death
        self._processes.update(getattr(self._pool, "_processes", None) or {})

    def kill(self) -> None:
        self._track()
        for process in self._processes.values():
            if process.is_alive():
                process.kill()

    def close(self, *, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool, self.loaded = None, False

    def death(self) -> str:
        """How the dead workers ended, as "killed by signal 9" or "exit code 137"."""
        codes = [p.exitcode for p in self._processes.values() if p.exitcode not in (None, 0)]
        # the pool terminates the survivors of a death itself: their SIGTERM is not news
        codes = [code for code in codes if code != -signal.SIGTERM] or codes
        if not codes:
            return "cause unknown"
        return ", ".join(self._cause(code) for code in codes)

    def _cause(self, code: int) -> str:
        if code == MEMORY_EXIT and self.memory_limit is not None:
            return f"used more than {self.memory_limit / 2**30:.1f} GB of memory"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


@dataclass(slots=True)
class _Chunk:
    articles: Sequence[Article]
    future: Future[list[Outcome]] | None  # None: nothing to run (an empty chunk)
    outcomes: list[Outcome] | None = None
    started: float | None = None  # when it became the oldest chunk in flight


class ProcessPool:
    """Chunks run in `workers` spawned processes, each with `threads` torch threads
    (default `worker_threads(workers)`); at most two chunks a worker are in flight at a time.
    An article gets `time_limit` seconds and a worker `memory_limit` bytes (None: no limit); see the
    module docstring for deaths, time and memory limits."""

    def __init__(
        self,
        workers: int,
        *,
        threads: int | None = None,
        time_limit: float = TIME_LIMIT,
        memory_limit: float | None = None,
    ) -> None:
        if time_limit <= 0:
            raise QuotesError(f"time_limit must be more than 0 seconds, got {time_limit}")
        if memory_limit is not None and memory_limit <= 0:
            raise QuotesError(f"memory_limit must be more than 0 bytes, got {memory_limit}")
        self.workers = workers
        self.threads = threads if threads is not None else worker_threads(workers)
        self.time_limit = time_limit
        self.memory_limit = memory_limit

    def map(self, work: Work, chunks: Iterable[Sequence[Article]]) -> Iterator[list[Outcome]]:
        workers = _Workers(self.workers, self.threads, self.memory_limit)
        pending: deque[_Chunk] = deque()
        try:
            for articles in chunks:
                pending.append(_Chunk(articles, workers.submit(work, articles) if articles else None))
                # a bounded window keeps memory flat: never read far ahead of what is written
                while len(pending) > 2 * self.workers:
                    yield self._settle(workers, work, pending)
            while pending:
                yield self._settle(workers, work, pending)
        except BaseException:
            workers.kill()  # interrupted, or the reader stopped early: the chunks in flight are not wanted
            raise
        finally:
            workers.close(cancel=True)

    def _settle(self, workers: _Workers, work: Work, pending: deque[_Chunk]) -> list[Outcome]:
        """The oldest chunk's outcomes, once it is done or its retries are."""
        chunk = pending[0]
        if chunk.future is not None and chunk.outcomes is None:
            chunk.started = chunk.started or time.monotonic()
            budget = self.time_limit * len(chunk.articles) - (time.monotonic() - chunk.started)
            try:
                chunk.outcomes = chunk.future.result(timeout=max(budget, 0.0))
            except BrokenProcessPool:
                self._recover(workers, work, pending)
            except TimeoutError:
                workers.kill()
                self._recover(workers, work, pending)
        pending.popleft()
        return chunk.outcomes or []

    def _recover(self, workers: _Workers, work: Work, pending: deque[_Chunk]) -> None:
        """After a death: keep what finished, retry every other chunk in flight one article at a time."""
        workers.kill()  # the pool is unusable now: stop the survivors before the retries load models
        workers.close(cancel=True)
        lost = []
        for chunk in pending:
            if chunk.future is None or chunk.outcomes is not None:
                continue
            if chunk.future.done() and not chunk.future.cancelled() and chunk.future.exception() is None:
                chunk.outcomes = chunk.future.result()
            else:
                lost.append(chunk)
        if not lost:
            return
        alone = _Workers(1, self.threads, self.memory_limit)
        try:
            for chunk in lost:
                chunk.outcomes = [self._alone(alone, work, article) for article in chunk.articles]
        finally:
            alone.close(cancel=True)

    def _alone(self, alone: _Workers, work: Work, article: Article) -> Outcome:
        """The article analysed alone in `alone`'s one process, or a `Failure` if that process dies
        twice on it (an article of a chunk in flight may never have run before the pool broke, so
        its first death alone is its first try) or takes longer than `time_limit` (then a fresh
        process replaces it)."""
        for _ in range(2):
            alone.load(work)
            future = alone.submit(work, [article])
            try:
                [outcome] = future.result(timeout=self.time_limit)
                return outcome
            except BrokenProcessPool:
                alone.close(cancel=True)
                reason = f"the worker process died analysing this article (twice): {alone.death()}"
            except TimeoutError:
                alone.kill()
                alone.close(cancel=True)
                reason = f"took longer than {self.time_limit:g} s"
                break
        return Failure(id=article.id, origin=article.origin, stage="analyse", reason=reason)
