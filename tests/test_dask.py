"""Batch runs on a Dask cluster (quotes.cluster): a real LocalCluster of worker processes, the real
client, scheduler and nannies, with the cheap fakes of test_batch so that no models are needed.

The fakes are module-level functions of modules in this folder (test_batch, cluster_fakes): the Dask
workers are spawned processes that get this sys.path and unpickle them by name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dask
import orjson
import pandas as pd
import psutil
import pyarrow.dataset as ds
import pytest
from cluster_fakes import (
    broken_models_analyser,
    killing_analyser,
    paced_analyser,
)  # the tests folder is on sys.path
from quotes.cli.app import app
from test_batch import (
    article_text,
    fake_analyser,
    fake_annotator,
    fake_models_annotator,
    make_archive,
    wait_for_results,
)
from typer.testing import CliRunner

from quotes import flow
from quotes.batch import BatchProgress, iter_results, run_batch
from quotes.cluster import DaskCluster, connect
from quotes.errors import ModelError, QuotesError
from quotes.model import Article
from quotes.parquet import partition

ROOT = Path(__file__).resolve().parent.parent
SEEDS, FIXTURES = ROOT / "seeds", ROOT / "fixtures"
FILES = ("results.jsonl", "errors.jsonl", "quotes.csv", "sources.csv", "summary.json", "report.html")


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskCluster]:
    with connect("local", workers=2) as executor:
        yield executor


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "dump.zip")


def _run(archive: Path, out: Path, **options: object) -> object:
    options.setdefault("analyser", fake_analyser)
    return run_batch([archive], out_dir=out, annotator_factory=fake_annotator, **options)  # type: ignore[arg-type]


def _same_files(one: Path, other: Path) -> None:
    for name in FILES:
        assert (other / name).read_bytes() == (one / name).read_bytes(), name


def test_a_local_cluster_writes_the_same_bytes_as_one_worker(
    cluster: DaskCluster, archive: Path, tmp_path: Path
) -> None:
    _run(archive, tmp_path / "one")
    _run(archive, tmp_path / "dask", executor=cluster, chunk_size=3)
    _same_files(tmp_path / "one", tmp_path / "dask")
    assert list(cluster.client.nthreads().values()) == [1, 1]
    # a worker holding the models is never paused for its memory: it would never resume
    assert set(cluster.client.run(dask.config.get, "distributed.worker.memory.pause").values()) == {False}


def test_a_bounded_window_of_chunks_in_flight_and_outcomes_in_order(cluster: DaskCluster) -> None:
    articles = [Article(id=f"a{n}", text=article_text(n)) for n in range(40)]
    read = 0

    def chunks() -> Iterator[list[Article]]:
        nonlocal read
        for start in range(0, len(articles), 2):
            read += 1
            yield articles[start : start + 2]

    executor = DaskCluster(cluster.client, window=3)
    ahead = []
    done: list[str] = []
    for outcomes in executor.map(flow.Work(fake_annotator, paced_analyser), chunks()):
        ahead.append(read - len(ahead) - 1)  # chunks read but not yet given back
        done += [str(outcome.id) for outcome in outcomes]
    assert done == [article.id for article in articles]
    assert max(ahead) <= 3


def test_a_model_error_stops_the_run_as_it_does_locally(
    cluster: DaskCluster, archive: Path, tmp_path: Path
) -> None:
    with pytest.raises(ModelError, match="broken on purpose"):
        _run(archive, tmp_path / "dask", executor=cluster, analyser=broken_models_analyser)


def test_resume_after_the_client_is_interrupted(cluster: DaskCluster, archive: Path, tmp_path: Path) -> None:
    _run(archive, tmp_path / "one")

    def interrupt(now: BatchProgress) -> None:
        if now.done + now.failed == 12:
            raise KeyboardInterrupt

    out = tmp_path / "dask"
    with pytest.raises(KeyboardInterrupt):
        _run(archive, out, executor=cluster, chunk_size=3, analyser=paced_analyser, progress=interrupt)
    assert len((out / "results.jsonl").read_bytes().splitlines()) < 49
    _run(archive, out, executor=cluster, chunk_size=3, resume=True)
    _same_files(tmp_path / "one", out)


def test_a_worker_killed_mid_run_loses_nothing(cluster: DaskCluster, archive: Path, tmp_path: Path) -> None:
    _run(archive, tmp_path / "one")
    killed: list[int] = []

    def kill_a_worker(now: BatchProgress) -> None:
        if not killed:
            # SIGKILL, as the out-of-memory killer would: the nanny starts a new worker and the
            # scheduler runs the dead one's tasks again
            pid = next(iter(cluster.client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    out = tmp_path / "dask"
    _run(archive, out, executor=cluster, chunk_size=2, analyser=paced_analyser, progress=kill_a_worker)
    assert killed
    _same_files(tmp_path / "one", out)
    assert killed[0] not in cluster.client.run(os.getpid).values()


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})

if __name__ == "__main__":  # the LocalCluster's spawned processes run this script again
    import cluster_fakes, test_batch
    from quotes.batch import run_batch
    from quotes.cluster import connect

    with connect("local", workers=1) as executor:
        run_batch([{archive!r}], out_dir={out!r}, annotator_factory=test_batch.fake_annotator,
                  analyser=cluster_fakes.paced_analyser, executor=executor, chunk_size=2, resume={resume})
"""


def _client(tmp_path: Path, archive: Path, out: Path, *, resume: bool) -> list[str]:
    script = tmp_path / f"client-{resume}.py"
    tests = str(Path(__file__).parent)
    script.write_text(KILL_SCRIPT.format(tests=tests, archive=str(archive), out=str(out), resume=resume))
    return [sys.executable, str(script)]


def test_sigkill_of_the_client_then_resume_loses_nothing_and_leaves_no_workers(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "dump.zip", articles=120)
    _run(archive, tmp_path / "one")
    out = tmp_path / "dask"
    client = subprocess.Popen(_client(tmp_path, archive, out, resume=False))
    results = out / "results.jsonl"
    wait_for_results(client, results, lines=10)
    children = psutil.Process(client.pid).children(recursive=True)
    os.kill(client.pid, signal.SIGKILL)
    client.wait()
    assert 10 <= results.read_bytes().count(b"\n") < 124, "the run was to be killed part-way"
    # the scheduler died with the client: its nannies and workers end by themselves
    _, alive = psutil.wait_procs(children, timeout=20)
    for orphan in alive:
        orphan.kill()
    assert not alive, "worker processes outlived their client"
    subprocess.run(_client(tmp_path, archive, out, resume=True), check=True)
    _same_files(tmp_path / "one", out)


def test_an_article_that_kills_every_worker_is_an_error_record(tmp_path: Path) -> None:
    articles = tmp_path / "in.jsonl"
    texts = [article_text(n) + (" KILLER" if n == 4 else "") for n in range(8)]
    articles.write_bytes(
        b"".join(orjson.dumps({"id": f"a{n}", "text": t}) + b"\n" for n, t in enumerate(texts))
    )
    # the scheduler gives a task up after its first worker's death (by default, after the fourth)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        connect("local", workers=1) as executor,
    ):
        outcome = run_batch(
            [articles],
            out_dir=tmp_path / "out",
            annotator_factory=fake_annotator,
            analyser=killing_analyser,
            executor=executor,
            chunk_size=4,
        )
    assert (outcome.analysed, outcome.failed) == (7, 1)
    [error] = [orjson.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_bytes().splitlines()]
    assert error["id"] == "a4" and error["stage"] == "analyse" and "died" in error["reason"]
    assert [r.id for r in iter_results(tmp_path / "out" / "results.jsonl")] == [
        f"a{n}" for n in range(8) if n != 4
    ]


def test_cli_scheduler_local_and_parquet(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = tmp_path / "asked"  # each process that loads the "models" adds a line (fake_models_annotator)
    monkeypatch.setenv("QUOTES_TEST_ASKED", str(asked))
    monkeypatch.setattr(flow, "default_annotator", fake_models_annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)
    _run(archive, tmp_path / "one")
    out = tmp_path / "dask"
    command = [
        "batch",
        str(archive),
        "--out",
        str(out),
        "--scheduler",
        "local",
        "--workers",
        "2",
        "--parquet",
    ]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 1, result.output  # the archive's 4 broken articles
    assert "49 articles analysed, 0 already done, 4 failed" in result.output
    _same_files(tmp_path / "one", out)
    # once per worker process, whatever the number of chunks (7)
    assert asked.read_text().split() in (["bundled"], ["bundled", "bundled"])

    # the Parquet dataset holds the CSVs' rows, partitioned by the article's year and month
    for table in ("quotes", "sources"):
        csv = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
        frame = ds.dataset(out / "parquet" / table, partitioning="hive").to_table().to_pandas()
        assert list(frame.columns[: len(csv.columns)]) == list(csv.columns)
        assert {str(v) for v in frame["year"]} == {"2015", "unknown"}
        frame = frame.sort_values(["article_id", *csv.columns[6:7]]).reset_index(drop=True)
        csv = csv.sort_values(["article_id", *csv.columns[6:7]]).reset_index(drop=True)
        as_text = frame[list(csv.columns)].map(lambda v: "" if v is None or v != v else str(v))
        assert as_text.to_dict("records") == csv.to_dict("records")
    # pandas reads the partitioned folder as one table
    assert len(pd.read_parquet(out / "parquet" / "quotes")) == 49
    folder = out / "parquet" / "quotes"
    dated = sorted(p.relative_to(folder).parent.as_posix() for p in folder.rglob("*.parquet"))
    assert "year=2015/month=01" in dated and "year=unknown/month=unknown" in dated

    # a resumed run writes the dataset again, from results.jsonl, in place of the old one (here on
    # this machine's workers: with nothing left to analyse, none starts)
    result = CliRunner().invoke(app, [*command[:4], "--parquet", "--resume"])
    assert "0 articles analysed, 49 already done" in result.output
    again = ds.dataset(out / "parquet" / "quotes", partitioning="hive").to_table()
    assert again.num_rows == 49
    assert not list(out.glob(".parquet*"))


def test_cli_on_a_running_scheduler(
    cluster: DaskCluster, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "default_annotator", fake_models_annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)
    _run(archive, tmp_path / "one")
    address = cluster.client.scheduler.address
    out = tmp_path / "dask"
    result = CliRunner().invoke(app, ["batch", str(archive), "--out", str(out), "--scheduler", address])
    assert result.exit_code == 1, result.output
    assert "49 articles analysed" in result.output
    _same_files(tmp_path / "one", out)
    # the run leaves the cluster as it found it: up, its workers there
    assert len(cluster.client.nthreads()) == 2


def test_a_scheduler_that_cannot_be_reached_is_a_usage_error(archive: Path, tmp_path: Path) -> None:
    refused = r"cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1:1'"
    with pytest.raises(QuotesError, match=refused), connect("tcp://127.0.0.1:1", timeout=1):
        pass
    out = str(tmp_path / "out")
    result = CliRunner().invoke(app, ["batch", str(archive), "--out", out, "--scheduler", "nonsense://x"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at 'nonsense://x'" in result.output


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2016-09-14", ("2016", "09")),
        ("2016-09", ("2016", "09")),
        ("2016", ("2016", "unknown")),
        (None, ("unknown", "unknown")),
        ("", ("unknown", "unknown")),
        ("14 September 2016", ("unknown", "unknown")),
    ],
)
def test_partition_of_a_date(date: str | None, expected: tuple[str, str]) -> None:
    assert partition(date) == expected


@pytest.mark.slow
def test_the_real_models_on_a_local_cluster(tmp_path: Path) -> None:
    """The CLI's own annotator factory (the bundled models) pickles to Dask workers and gives the
    bytes of a run in this machine's worker process."""
    inputs = [str(SEEDS), str(FIXTURES / "two_anonymous_sources.txt")]
    one, two = tmp_path / "one", tmp_path / "dask"
    common = ["--no-cache", "--threads", "1"]
    assert CliRunner().invoke(app, ["batch", *inputs, "--out", str(one), *common]).exit_code == 0
    command = ["batch", *inputs, "--out", str(two), "--scheduler", "local", "--workers", "2", *common]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    _same_files(one, two)
