"""The one way through (quotes.flow): order, failures as records, executors, and torch threads per worker.

The fakes are module-level so that spawned worker processes can unpickle them by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest
from quotes.cli.app import app
from test_batch import FakeAnnotator, article_text, fake_analyser  # the tests folder is on sys.path
from typer.testing import CliRunner

from quotes import flow
from quotes.batch import iter_results, run_batch
from quotes.model import AnnotatedDoc, Article, ArticleResult
from quotes.summary import RunSummary, Tally, summarise


def threads_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """Report the torch threads of the process that analysed the article, in its title."""
    import torch

    return ArticleResult(id=article.id, title=f"threads={torch.get_num_threads()}")


def fake_default_annotator(models: str, cache: Path | None = None) -> FakeAnnotator:
    return FakeAnnotator()


def _articles(count: int) -> list[Article]:
    return [Article(id=f"a{n}", text=article_text(n)) for n in range(count)]


def _failure(name: str) -> flow.Failure:
    return flow.Failure(id=None, origin=name, stage="read", reason="unreadable")


WORK = flow.Work(FakeAnnotator, fake_analyser)


def test_outcomes_keep_input_order_with_failures_in_their_place() -> None:
    articles = _articles(5)
    items: list[Article | flow.Failure] = [
        _failure("f0"),
        articles[0],
        articles[1],
        _failure("f1"),
        *articles[2:],
        _failure("f2"),
    ]
    for size in (1, 2, 3, 8):
        got = list(flow.outcomes(items, work=WORK, chunk_size=size))
        labels = [o.origin if isinstance(o, flow.Failure) else o.id for o in got]
        assert labels == ["f0", "a0", "a1", "f1", "a2", "a3", "a4", "f2"], size
        assert all(isinstance(o, ArticleResult) for o in got if not isinstance(o, flow.Failure))


def test_chunks_hold_chunk_size_articles() -> None:
    seen: list[int] = []

    class Counting(flow.InProcess):
        def map(self, work: flow.Work, chunks: Iterable[Sequence[Article]]) -> Iterator[list[flow.Outcome]]:
            def sized() -> Iterator[Sequence[Article]]:
                for chunk in chunks:
                    seen.append(len(chunk))
                    yield chunk

            return super().map(work, sized())

    list(flow.outcomes(_articles(19), work=WORK, executor=Counting()))
    assert seen == [flow.CHUNK_SIZE, flow.CHUNK_SIZE, 19 - 2 * flow.CHUNK_SIZE]


def test_models_load_only_when_there_is_an_article() -> None:
    loaded: list[int] = []

    def factory() -> FakeAnnotator:
        loaded.append(1)
        return FakeAnnotator()

    work = flow.Work(factory, fake_analyser)
    assert [o.origin for o in flow.outcomes([_failure("x")], work=work)] == ["x"]  # type: ignore[union-attr]
    assert loaded == []
    list(flow.outcomes(_articles(20), work=work, chunk_size=3))
    assert loaded == [1]  # once per executor, not per chunk


def test_an_article_that_breaks_the_engine_is_a_failure_record() -> None:
    items = [*_articles(2), Article(id="boom", text="BOOM"), *_articles(1)]
    got = list(flow.outcomes(items, work=WORK))
    [failure] = [o for o in got if isinstance(o, flow.Failure)]
    assert (failure.id, failure.stage) == ("boom", "analyse") and "broke on purpose" in failure.reason
    assert [o.id for o in got] == ["a0", "a1", "boom", "a0"]


class ThreadExecutor:
    """A third executor, as a cluster one would be: the flow only needs `map`."""

    def map(self, work: flow.Work, chunks: Iterable[Sequence[Article]]) -> Iterator[list[flow.Outcome]]:
        annotator = work.annotator()
        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = [
                pool.submit(flow.analyse_articles, chunk, annotator=annotator, analyser=work.analyser)
                for chunk in chunks
            ]
            for future in futures:
                yield future.result()


def test_any_executor_plugs_in(tmp_path: Path) -> None:
    items = [*_articles(11), _failure("f"), *_articles(3)]
    assert list(flow.outcomes(items, work=WORK, executor=ThreadExecutor(), chunk_size=2)) == list(
        flow.outcomes(items, work=WORK)
    )
    (tmp_path / "a.jsonl").write_bytes(
        b"".join(orjson.dumps({"id": a.id, "text": a.text}) + b"\n" for a in _articles(9))
    )
    args = {"annotator_factory": FakeAnnotator, "analyser": fake_analyser}
    run_batch([tmp_path / "a.jsonl"], out_dir=tmp_path / "one", **args)  # type: ignore[arg-type]
    run_batch([tmp_path / "a.jsonl"], out_dir=tmp_path / "t", executor=ThreadExecutor(), **args)  # type: ignore[arg-type]
    for name in ("results.jsonl", "summary.json"):
        assert (tmp_path / "t" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


@pytest.mark.parametrize(
    ("workers", "cores", "threads"), [(1, 8, 8), (2, 8, 4), (3, 8, 2), (2, 2, 1), (4, 2, 1), (16, 2, 1)]
)
def test_worker_threads_share_the_cores(workers: int, cores: int, threads: int) -> None:
    assert flow.worker_threads(workers, cores) == threads


def test_pool_workers_run_with_their_share_of_torch_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two real spawned workers report torch.get_num_threads() from inside the analysis."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)  # the workers would start with it otherwise
    monkeypatch.setattr(os, "cpu_count", lambda: 10)  # 10 cores for 2 workers: 5 threads each
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"id": a.id, "text": a.text}) + b"\n" for a in _articles(6)))
    outcome = run_batch(
        [path],
        out_dir=tmp_path / "out",
        workers=2,
        chunk_size=1,
        annotator_factory=FakeAnnotator,
        analyser=threads_analyser,
    )
    assert outcome.analysed == 6
    assert {r.title for r in iter_results(tmp_path / "out" / "results.jsonl")} == {"threads=5"}


def test_cli_batch_threads_option_reaches_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "default_annotator", fake_default_annotator)
    monkeypatch.setattr(flow, "default_analyser", threads_analyser)
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"id": a.id, "text": a.text}) + b"\n" for a in _articles(4)))
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--workers", "2", "--threads", "3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert {r.title for r in iter_results(out / "results.jsonl")} == {"threads=3"}


def test_cli_analyse_threads_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setattr(flow, "default_annotator", fake_default_annotator)
    monkeypatch.setattr(flow, "default_analyser", threads_analyser)
    path = tmp_path / "a.txt"
    path.write_text(article_text(1), encoding="utf-8")
    before = torch.get_num_threads()
    try:
        result = CliRunner().invoke(app, ["analyse", str(path), "--threads", "3", "-f", "jsonl"])
    finally:
        torch.set_num_threads(before)
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout_bytes)["title"] == "threads=3"


# -- summary.json -------------------------------------------------------------------------------

SUMMARY_KEYS = [
    "articles",
    "quotes",
    "anonymous_quotes",
    "anonymous_quote_share",
    "failed",
    "quotes_by_kind",
    "unattributed_quotes",
    "sources_by_type",
    "by_outlet",
    "by_month",
    "top_sources",
    "conduits",
    "top_anonymous_sources",
]


def test_summary_json_keeps_its_keys_and_order() -> None:
    empty = orjson.loads(RunSummary().to_json())
    assert list(empty) == SUMMARY_KEYS
    assert empty["failed"] == {"total": 0, "read": 0, "analyse": 0}
    assert empty["quotes_by_kind"] == {"direct": 0, "mixed": 0, "indirect": 0}
    assert (empty["top_sources"], empty["conduits"], empty["by_outlet"]) == ([], [], {})
    assert list(orjson.loads(orjson.dumps(Tally()))) == [
        "articles",
        "quotes",
        "anonymous_quotes",
        "anonymous_quote_share",
    ]
    assert summarise([]).to_json() == RunSummary().to_json()


def test_summary_counts_failures_by_stage() -> None:
    failures = [_failure("x"), _failure("y"), flow.Failure(id="z", origin=None, stage="analyse", reason="r")]
    summary = summarise([], failures=failures)
    assert summary.as_dict()["failed"] == {"total": 3, "read": 2, "analyse": 1}
