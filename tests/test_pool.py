"""Worker processes that die or hang (quotes.pool): the run goes on, the article is named, no orphans.

Real spawned workers through the real code path, with the cheap annotator of test_batch; the analysers
are module-level so that the workers can unpickle them by name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from test_batch import FakeAnnotator, article_text, fake_analyser  # the tests folder is on sys.path

from quotes import flow
from quotes.batch import iter_results, run_batch
from quotes.errors import QuotesError
from quotes.model import AnnotatedDoc, Article, ArticleResult
from quotes.pool import FAULT_EXIT_ON, ProcessPool

TESTS = Path(__file__).parent


def flaky_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """Kill the worker on the first FLAKY article ever seen (a marker file remembers it), and hang on SLOW."""
    marker = Path(os.environ["QUOTES_TEST_MARKER"])
    if "FLAKY" in doc.text and not marker.exists():
        marker.touch()
        os._exit(9)
    if "SLOW" in doc.text:
        time.sleep(120)
    if "HUNGRY" in doc.text:
        hoard = b"x" * (1 << 30)  # 1 GiB, written, so resident; held until the watch sees it
        time.sleep(5 + len(hoard) * 0)
    return fake_analyser(doc, article)


WORK = flow.Work(FakeAnnotator, flaky_analyser)


def _articles(specials: dict[int, str], count: int = 10) -> list[Article]:
    return [
        Article(id=specials.get(n, f"a{n}"), text=article_text(n) + specials.get(n, "")) for n in range(count)
    ]


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "flaky-seen"
    monkeypatch.setenv("QUOTES_TEST_MARKER", str(path))
    return path


def test_a_worker_death_costs_only_the_article_that_caused_it(
    marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULT_EXIT_ON, "KILLER")  # kills its worker every time
    items = _articles({3: "KILLER", 6: "FLAKY"})  # FLAKY kills its worker on the first try only
    got = list(flow.outcomes(items, work=WORK, executor=ProcessPool(2, threads=1), chunk_size=2))
    assert [o.id for o in got] == [a.id for a in items]
    [failure] = [o for o in got if isinstance(o, flow.Failure)]
    assert (failure.id, failure.stage) == ("KILLER", "analyse")
    assert failure.reason == "the worker process died analysing this article (twice): exit code 137"
    assert marker.exists()  # FLAKY did kill a worker, and its retry alone has its result
    assert all(isinstance(o, ArticleResult) for o in got if o.id != "KILLER")


def test_a_batch_with_a_killer_article_finishes_and_names_it(
    tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULT_EXIT_ON, "KILLER")
    path = tmp_path / "a.jsonl"
    items = _articles({0: "KILLER", 5: "FLAKY"}, count=7)
    path.write_bytes(b"".join(orjson.dumps({"id": a.id, "text": a.text}) + b"\n" for a in items))
    args = {"annotator_factory": FakeAnnotator, "analyser": flaky_analyser, "workers": 2, "chunk_size": 3}
    outcome = run_batch([path], out_dir=tmp_path / "out", **args)  # type: ignore[arg-type]
    assert (outcome.analysed, outcome.failed) == (6, 1)
    assert [r.id for r in iter_results(tmp_path / "out" / "results.jsonl")] == [a.id for a in items[1:]]
    [error] = [orjson.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_bytes().splitlines()]
    assert error["id"] == "KILLER" and "died analysing this article" in error["reason"]


def test_an_article_over_the_time_limit_is_a_failure_and_the_rest_goes_on(marker: Path) -> None:
    items = _articles({2: "SLOW"}, count=6)
    started = time.monotonic()
    got = list(
        flow.outcomes(items, work=WORK, executor=ProcessPool(2, threads=1, time_limit=3), chunk_size=2)
    )
    assert time.monotonic() - started < 60  # the hanging worker was killed, not waited for (120 s)
    assert [o.id for o in got] == [a.id for a in items]
    [failure] = [o for o in got if isinstance(o, flow.Failure)]
    assert (failure.id, failure.reason) == ("SLOW", "took longer than 3 s")


def test_an_article_past_the_memory_limit_is_a_failure_and_the_rest_goes_on(marker: Path) -> None:
    limit = 900 * 2**20  # a worker with the stand-in models holds about 250 MB, a HUNGRY one 1.25 GB
    items = _articles({1: "HUNGRY"}, count=5)
    pool = ProcessPool(2, threads=1, memory_limit=limit)
    got = list(flow.outcomes(items, work=WORK, executor=pool, chunk_size=2))
    assert [o.id for o in got] == [a.id for a in items]
    [failure] = [o for o in got if isinstance(o, flow.Failure)]
    assert failure.id == "HUNGRY"
    assert failure.reason.startswith("the worker process died analysing this article (twice): used more than")
    assert failure.reason.endswith("GB of memory")


def test_the_default_memory_budget_shares_the_machine() -> None:
    assert flow.memory_budget(1) >= flow.memory_budget(4) >= 2 * 2**30


PARENT = """
import multiprocessing, sys, threading, time
from test_batch import FakeAnnotator, fake_analyser
from quotes import flow
from quotes.model import Article
from quotes.pool import ProcessPool

articles = [Article(id=str(n), text="x") for n in range(4)]
results = ProcessPool(2, threads=1).map(flow.Work(FakeAnnotator, fake_analyser), [articles[:2], articles[2:]])
next(results)  # the workers are up
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended, only its exit status waits to be read


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_their_parent_is_killed() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert parent.stdout is not None
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def dying_annotator() -> FakeAnnotator:
    os._exit(3)


def test_workers_that_die_loading_the_models_stop_the_run_with_the_cause() -> None:
    work = flow.Work(dying_annotator, fake_analyser)
    with pytest.raises(QuotesError, match="died loading the models: exit code 3"):
        list(flow.outcomes(_articles({}, count=2), work=work, executor=ProcessPool(1, threads=1)))


def test_the_time_limit_is_positive() -> None:
    with pytest.raises(QuotesError, match="time_limit must be more than 0"):
        ProcessPool(2, time_limit=0)


def test_one_worker_runs_here_unless_isolated() -> None:
    assert isinstance(flow.executor_for(1), flow.InProcess)
    isolated = flow.executor_for(1, isolate=True, time_limit=9)
    assert isinstance(isolated, ProcessPool) and (isolated.workers, isolated.time_limit) == (1, 9)
