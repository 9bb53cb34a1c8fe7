"""The output folder of a batch run: one run at a time, someone else's files left alone, resume
after the inputs changed, a write that fails (disk full, read-only) and SIGTERM.

The runs are real (`run_batch` and the `quotes batch` command, in this process or in a child
process); the fake annotator and analyser of test_batch stand in for the models.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from quotes.cli.app import app
from test_batch import (
    article_text,
    fake_analyser,
    fake_annotator,
    fake_models_annotator,
    make_archive,
)
from typer.testing import CliRunner

from quotes import flow
from quotes import outdir as folder
from quotes.batch import iter_results, run_batch
from quotes.errors import OutputError
from quotes.model import AnnotatedDoc, Article, ArticleResult

runner = CliRunner()
TESTS = str(Path(__file__).parent)


def _run(inputs: list[Path], out: Path, **options: object) -> object:
    return run_batch(
        inputs,
        out_dir=out,
        annotator_factory=fake_annotator,
        analyser=fake_analyser,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flow, "default_annotator", fake_models_annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)


def _one_error_line(result: object, *says: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert stderr.startswith("quotes: error: ") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    for words in says:
        assert words in stderr, stderr


def _news(tmp_path: Path, count: int = 5) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    for number in range(count):
        (news / f"{number}.txt").write_text(article_text(number), encoding="utf-8")
    return news


def _ids(out: Path) -> list[str]:
    return [result.id for result in iter_results(out / "results.jsonl")]


# -- one run at a time -------------------------------------------------------------------------


def test_a_folder_in_use_is_refused_at_once(tmp_path: Path, fake_models: None) -> None:
    news = _news(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    held = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running batch holds it
        with pytest.raises(OutputError, match="in use by another quotes batch run"):
            _run([news], out)
        result = runner.invoke(app, ["batch", str(news), "--out", str(out), "--resume"])
        _one_error_line(result, out.as_posix(), "in use")
        assert list(out.iterdir()) == []  # nothing written
    finally:
        os.close(held)
    _run([news], out)  # free again once the lock is gone
    assert len(_ids(out)) == 5


SLOW_CLI = """
import os, sys
sys.path.insert(0, {tests!r})
import test_batch
from quotes import flow

os.environ["QUOTES_TEST_DELAY"] = "{delay}"  # read by the worker processes too
flow.default_annotator = test_batch.fake_models_annotator
flow.default_analyser = test_batch.slow_fake_analyser
from quotes.cli.app import main
sys.argv = ["quotes", *sys.argv[1:]]
main()
"""


def _cli(*args: str, delay: float = 0.05) -> list[str]:
    return [sys.executable, "-c", SLOW_CLI.format(tests=TESTS, delay=delay), "batch", *args]


def _wait_for_lines(path: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"{path} never reached {count} lines")


def test_two_runs_on_one_folder_write_each_article_once(tmp_path: Path) -> None:
    news = _news(tmp_path, 40)
    out = tmp_path / "out"
    command = _cli(str(news), "--out", str(out), "--resume", delay=0.5)  # 20 s if not stopped
    first = subprocess.Popen(command, stderr=subprocess.PIPE)
    _wait_for_lines(out / "results.jsonl", 2, first)
    second = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert first.poll() is None, "the first run was to be still running"
    assert second.returncode == 2, second.stderr
    assert second.stderr.count("\n") == 1 and "in use by another quotes batch run" in second.stderr
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=60) == 143
    finish = subprocess.run(_cli(str(news), "--out", str(out), "--resume", delay=0), capture_output=True)
    assert finish.returncode == 0, finish.stderr
    assert _ids(out) == sorted(_ids(out)) and len(_ids(out)) == len(set(_ids(out))) == 40


def test_resume_keeps_one_line_per_article(tmp_path: Path) -> None:
    """Two runs that once appended the same articles (before the lock): a resume repairs it."""
    news = _news(tmp_path)
    _run([news], tmp_path / "full")
    full = (tmp_path / "full" / "results.jsonl").read_bytes()
    for manifest in (True, False):  # a folder of ours, and one made before manifests existed
        out = tmp_path / f"twice-{manifest}"
        out.mkdir()
        lines = full.splitlines(keepends=True)
        (out / "results.jsonl").write_bytes(b"".join(lines + lines))
        if manifest:
            (out / "inputs.jsonl").write_bytes((tmp_path / "full" / "inputs.jsonl").read_bytes() * 2)
        outcome = _run([news], out, resume=True)
        assert (outcome.analysed, outcome.skipped, outcome.dropped) == (0, 5, 0)  # type: ignore[attr-defined]
        assert (out / "results.jsonl").read_bytes() == full
        assert (out / "inputs.jsonl").read_bytes() == (tmp_path / "full" / "inputs.jsonl").read_bytes()


# -- resume after the inputs changed -----------------------------------------------------------


def test_resume_analyses_changed_articles_and_drops_gone_ones(tmp_path: Path, fake_models: None) -> None:
    news = _news(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["batch", str(news), "--out", str(out)]).exit_code == 0
    before = {r.id: r for r in iter_results(out / "results.jsonl")}
    (news / "1.txt").write_text(article_text(1).replace("Headline 1", "Headline one"), encoding="utf-8")
    (news / "2.txt").write_text(article_text(2) + "Corrected.\n", encoding="utf-8")
    (news / "3.txt").unlink()
    (news / "9.txt").write_text(article_text(9), encoding="utf-8")
    result = runner.invoke(app, ["batch", str(news), "--out", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert "3 articles analysed, 2 already done, 0 failed" in result.stderr
    assert (
        "2 articles changed since the last run and were analysed again; "
        "1 result dropped: their inputs are gone"
    ) in result.stderr
    after = {r.id: r for r in iter_results(out / "results.jsonl")}
    a = news.as_posix()
    assert list(after) == [f"{a}/{n}.txt" for n in (0, 1, 2, 4, 9)]
    assert after[f"{a}/1.txt"].title == "Headline one" and after[f"{a}/0.txt"] == before[f"{a}/0.txt"]
    manifest = [orjson.loads(line) for line in (out / "inputs.jsonl").read_bytes().splitlines()]
    assert [entry["id"] for entry in manifest] == list(after)
    summary = orjson.loads((out / "summary.json").read_bytes())
    assert summary["articles"] == 5
    # the same inputs again: nothing to do, nothing to say
    result = runner.invoke(app, ["batch", str(news), "--out", str(out), "--resume"])
    assert "0 articles analysed, 5 already done" in result.stderr and "changed since" not in result.stderr


def _stop_at_correction(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    if "Corrected" in doc.text:
        raise KeyboardInterrupt  # Ctrl-C while the changed article is being analysed
    return fake_analyser(doc, article)


def test_a_changed_article_interrupted_is_analysed_on_the_next_resume(tmp_path: Path) -> None:
    news = _news(tmp_path)
    out = tmp_path / "out"
    _run([news], out)
    old = (news / "2.txt").read_text(encoding="utf-8")
    (news / "2.txt").write_text(old + "Corrected.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_batch(
            [news], out_dir=out, resume=True, annotator_factory=fake_annotator, analyser=_stop_at_correction
        )
    # its old result is withdrawn, even if the text goes back to what it was
    last = orjson.loads((out / "inputs.jsonl").read_bytes().splitlines()[-1])
    assert last == {"id": f"{news.as_posix()}/2.txt", "sha256": None}
    (news / "2.txt").write_text(old, encoding="utf-8")
    outcome = _run([news], out, resume=True)
    assert (outcome.analysed, outcome.skipped) == (1, 4)  # type: ignore[attr-defined]
    assert len(_ids(out)) == 5


# -- a folder that is not ours -----------------------------------------------------------------


def test_a_folder_of_someone_elses_files_is_left_alone(tmp_path: Path, fake_models: None) -> None:
    news = _news(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "quotes.csv").write_text("my own work\n", encoding="utf-8")
    for extra in ([], ["--resume"]):
        result = runner.invoke(app, ["batch", str(news), "--out", str(out), *extra])
        _one_error_line(result, out.as_posix(), "not empty", "new or empty folder")
    assert [p.name for p in out.iterdir()] == ["quotes.csv"]
    assert (out / "quotes.csv").read_text(encoding="utf-8") == "my own work\n"
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        _run([news], a_file)
    # hidden files (a desktop's .DS_Store) do not make a folder someone's
    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / ".DS_Store").write_bytes(b"\0")
    assert runner.invoke(app, ["batch", str(news), "--out", str(tmp_path / "hidden")]).exit_code == 0


# -- writes that fail --------------------------------------------------------------------------


def _ours(out: Path) -> None:
    out.mkdir()
    (out / "inputs.jsonl").write_bytes(b"")  # a run folder, not yet written


def test_disk_full_on_errors_jsonl(tmp_path: Path, fake_models: None) -> None:
    archive = make_archive(tmp_path / "dump.zip", articles=3)
    out = tmp_path / "out"
    _ours(out)
    (out / "errors.jsonl").symlink_to("/dev/full")  # every write there fails with ENOSPC
    with pytest.raises(OutputError, match="No space left on device") as raised:
        _run([archive], out)
    assert "errors.jsonl" in str(raised.value)
    result = runner.invoke(app, ["batch", str(archive), "--out", str(out), "--resume"])
    _one_error_line(result, "errors.jsonl", "No space left on device")
    assert all(line.endswith(b"\n") for line in (out / "results.jsonl").read_bytes().splitlines(True))


def test_disk_full_on_a_csv_leaves_no_torn_file(tmp_path: Path, fake_models: None) -> None:
    news = _news(tmp_path)
    out = tmp_path / "out"
    _ours(out)
    (out / "quotes.csv.tmp").symlink_to("/dev/full")
    result = runner.invoke(app, ["batch", str(news), "--out", str(out)])
    _one_error_line(result, "quotes.csv", "No space left on device")
    assert not (out / "quotes.csv").exists() and not (out / "quotes.csv.tmp").exists()
    assert not (out / "quotes.csv.tmp").is_symlink()
    # space again: the resume finishes the CSVs and the summary
    result = runner.invoke(app, ["batch", str(news), "--out", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert len((out / "quotes.csv").read_text(encoding="utf-8").splitlines()) == 1 + 5


def test_disk_full_in_the_middle_of_a_result_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel writes part of a line, then ENOSPC: the part is taken back, the resume finishes."""
    news = _news(tmp_path, 8)
    _run([news], tmp_path / "full")
    out = tmp_path / "out"
    real_write = os.write
    written = {"lines": 0}

    def write(fd: int, data: bytes) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("/out/results.jsonl"):
            return real_write(fd, data)
        written["lines"] += 1
        if written["lines"] == 4:
            return real_write(fd, bytes(data)[: len(data) // 2])  # a short write...
        if written["lines"] > 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # ...then the disk is full
        return real_write(fd, data)

    monkeypatch.setattr(folder.os, "write", write)
    with pytest.raises(OutputError, match=r"results\.jsonl.*No space left on device"):
        _run([news], out)
    monkeypatch.undo()
    data = (out / "results.jsonl").read_bytes()
    assert data.count(b"\n") == 3 and data.endswith(b"\n")
    _run([news], out, resume=True)
    assert (out / "results.jsonl").read_bytes() == (tmp_path / "full" / "results.jsonl").read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_folder(tmp_path: Path, fake_models: None) -> None:
    news = _news(tmp_path)
    out = tmp_path / "out"
    _ours(out)
    out.chmod(0o555)
    try:
        result = runner.invoke(app, ["batch", str(news), "--out", str(out), "--resume"])
        _one_error_line(result, "Permission denied")
    finally:
        out.chmod(0o755)


# -- SIGTERM -----------------------------------------------------------------------------------


def test_sigterm_stops_like_ctrl_c(tmp_path: Path) -> None:
    news = _news(tmp_path, 40)
    out = tmp_path / "out"
    process = subprocess.Popen(_cli(str(news), "--out", str(out)), stderr=subprocess.PIPE, text=True)
    _wait_for_lines(out / "results.jsonl", 5, process)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert stderr.splitlines()[-1] == (
        f"quotes: error: terminated: rerun with --resume to finish; what is done is in {out.as_posix()}"
    )
    assert "Traceback" not in stderr
    data = (out / "results.jsonl").read_bytes()
    assert data.endswith(b"\n") and 5 <= data.count(b"\n") < 40
    resumed = subprocess.run(_cli(str(news), "--out", str(out), "--resume", delay=0), capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    assert len(set(_ids(out))) == len(_ids(out)) == 40
