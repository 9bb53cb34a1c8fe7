"""Batch runs over archives, with a fake annotator and analyser so that no models are needed.

The fakes are module-level so that spawned worker processes can unpickle them (pytest puts this
folder on sys.path, and spawn passes sys.path on to the children).
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import orjson
import pytest
from quotes.cli.app import app
from typer.testing import CliRunner

from quotes import batch as engine
from quotes import flow
from quotes.batch import BatchProgress, iter_results, run_batch, summarise
from quotes.errors import OutputError
from quotes.model import AnnotatedDoc, Article, ArticleResult, Quote, Source, Span
from quotes.read import read_articles

QUOTE = re.compile(r'"(?P<text>[^"]+)," (?P<who>[\w ]+?) (?P<cue>said|told Interfax)')


class FakeAnnotator:
    def annotate(self, text: str) -> AnnotatedDoc:
        return AnnotatedDoc(text=text, sentences=())

    def annotate_many(self, texts: Sequence[str]) -> list[AnnotatedDoc]:
        return [self.annotate(text) for text in texts]


def fake_annotator() -> FakeAnnotator:
    return FakeAnnotator()


def slow_fake_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """`fake_analyser` taking QUOTES_TEST_DELAY seconds an article, for tests that stop a run midway
    (a module-level function, so that the CLI's worker processes can unpickle it)."""
    time.sleep(float(os.environ.get("QUOTES_TEST_DELAY", "0")))
    return fake_analyser(doc, article)


class FakeModelsAnnotator(FakeAnnotator):
    """Loads its "models" when it first annotates, as `quotes.annotate.Annotator` does: with
    QUOTES_TEST_ASKED set to a file, each annotator that loads them adds a line to it."""

    def __init__(self, models: str) -> None:
        self.models, self.loaded = models, False

    def annotate_many(self, texts: Sequence[str]) -> list[AnnotatedDoc]:
        asked = os.environ.get("QUOTES_TEST_ASKED")
        if asked and not self.loaded:
            with open(asked, "a", encoding="utf-8") as log:
                log.write(self.models + "\n")
        self.loaded = True
        return super().annotate_many(texts)


def fake_models_annotator(
    models: str = "bundled", threads: int | None = None, cache: Path | None = None
) -> FakeAnnotator:
    """A stand-in for `flow.default_annotator` that pickles: the CLI analyses in worker processes.
    Each process that annotates loads the "models" once (see `FakeModelsAnnotator`)."""
    return FakeModelsAnnotator(models)


def fake_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """`"...," WHO said` is a direct quote; `a source told Interfax` makes an anonymous one via Interfax."""
    if "BOOM" in doc.text:
        raise RuntimeError("the engine broke on purpose")
    quotes, sources = [], {}
    for number, match in enumerate(QUOTE.finditer(doc.text), start=1):
        who = match["who"]
        anonymous = who.startswith("a source")
        source_id = "anon" if anonymous else who.replace(" ", "_")
        sources[source_id] = Source(
            id=source_id,
            name="source" if anonymous else who,
            type="anonymous" if anonymous else "person",
            via=("Interfax",) if anonymous else (),
        )
        quotes.append(
            Quote(
                id=f"q{number}",
                kind="direct",
                start=match.start("text"),
                end=match.end("text"),
                text=match["text"],
                cue=Span(match.start("cue"), match.end("cue"), match["cue"]),
                speaker=Span(match.start("who"), match.end("who"), who),
                source=source_id,
                via=("Interfax",) if anonymous else (),
            )
        )
    return ArticleResult(
        id=article.id, title=article.title, quotes=tuple(quotes), sources=tuple(sources.values())
    )


def slow_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    time.sleep(0.05)
    return fake_analyser(doc, article)


def article_text(number: int) -> str:
    who = "a source told Interfax" if number % 3 == 0 else f"John Smith{number % 4}"
    cue = "" if number % 3 == 0 else " said"
    return f'Headline {number}\n\n"Statement {number} matters," {who}{cue}. More text.\n'


def make_archive(path: Path, *, articles: int = 45) -> Path:
    """`articles` .txt members, a JSONL member (4 good lines, 1 malformed, 1 that breaks the engine),
    a binary file and a member whose bytes are damaged."""
    lines = [
        orjson.dumps(
            {
                "id": f"j{n}",
                "text": article_text(100 + n),
                "outlet": "AFP" if n % 2 else "Reuters",
                "date": f"2015-0{1 + n % 2}-09",
            }
        )
        for n in range(4)
    ]
    lines.insert(2, b'{"id": "broken", "text": ')
    lines.append(orjson.dumps({"id": "boom", "text": "BOOM goes the engine."}))
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(articles):
            archive.writestr(f"news/{number:03d}.txt", article_text(number))
        archive.writestr("feed.jsonl", b"\n".join(lines) + b"\n")
        archive.writestr("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        archive.writestr(
            "damaged.txt", "This member will be damaged. " * 10, compress_type=zipfile.ZIP_STORED
        )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("damaged.txt")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    data[start : start + 4] = b"XXXX"  # the CRC check fails when the member is read
    path.write_bytes(bytes(data))
    return path


def _lines(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "dump.zip")


def _run(archive: Path, out: Path, **options: object) -> engine.BatchOutcome:
    return run_batch(
        [archive],
        out_dir=out,
        annotator_factory=fake_annotator,
        analyser=fake_analyser,
        **options,  # type: ignore[arg-type]
    )


def test_batch_writes_every_file(archive: Path, tmp_path: Path) -> None:
    seen: list[BatchProgress] = []
    outcome = _run(archive, tmp_path / "out", progress=seen.append, count_first=True)
    out = tmp_path / "out"
    assert (outcome.analysed, outcome.failed, outcome.skipped) == (49, 4, 0)
    results = list(iter_results(out / "results.jsonl"))
    a = archive.as_posix()
    assert [r.id for r in results] == [f"{a}/news/{n:03d}.txt" for n in range(45)] + ["j0", "j1", "j2", "j3"]
    assert results[0].title == "Headline 0"
    errors = _lines(out / "errors.jsonl")
    assert [(e["origin"], e["stage"]) for e in errors] == [
        (f"{a}/feed.jsonl#3", "read"),
        (f"{a}/feed.jsonl#6", "analyse"),
        (f"{a}/photo.txt", "read"),
        (f"{a}/damaged.txt", "read"),
    ]
    assert "malformed JSON" in str(errors[0]["reason"])
    assert errors[1]["id"] == "boom" and "broke on purpose" in str(errors[1]["reason"])
    assert "binary" in str(errors[2]["reason"])
    assert "corrupt" in str(errors[3]["reason"])
    quotes_csv = (out / "quotes.csv").read_text(encoding="utf-8").splitlines()
    assert quotes_csv[0].startswith(
        "article_id,article_title,article_outlet,article_date,article_url,article_author,quote_id,"
    )
    assert len(quotes_csv) == 1 + 49
    sources_csv = (out / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert len(sources_csv) == 1 + 49
    summary = orjson.loads((out / "summary.json").read_bytes())
    anonymous = sum(1 for n in [*range(45), 100, 101, 102, 103] if n % 3 == 0)
    assert summary["articles"] == 49 and summary["quotes"] == 49
    assert summary["anonymous_quotes"] == anonymous
    assert summary["anonymous_quote_share"] == round(anonymous / 49, 4)
    assert summary["quotes_by_kind"] == {"direct": 49, "mixed": 0, "indirect": 0}
    assert summary["failed"] == {"total": 4, "read": 3, "analyse": 1}
    assert set(summary["by_outlet"]) == {"AFP", "Reuters"} and summary["by_outlet"]["AFP"]["articles"] == 2
    assert set(summary["by_month"]) == {"2015-01", "2015-02"}
    assert summary["conduits"] == [{"name": "Interfax", "quotes": anonymous, "articles": anonymous}]
    assert summary["top_sources"][0]["type"] == "person"
    assert seen[-1].done == 49 and seen[-1].failed == 4 and seen[-1].total == 53


def test_cli_batch_exit_codes_and_files(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "default_annotator", fake_models_annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(archive), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "49 articles analysed, 0 already done, 4 failed" in result.output
    assert {p.name for p in out.iterdir()} == {
        "results.jsonl",
        "errors.jsonl",
        "quotes.csv",
        "sources.csv",
        "quotes.xlsx",
        "report.html",
        "summary.json",
        "inputs.jsonl",
    }
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    good = tmp_path / "good.jsonl"
    good.write_bytes(orjson.dumps({"id": "a", "text": article_text(1)}) + b"\n")
    result = CliRunner().invoke(app, ["batch", str(good), "--out", str(tmp_path / "out2")])
    assert result.exit_code == 0, result.output
    # a used output directory without --resume is a usage error, as is a missing input
    assert CliRunner().invoke(app, ["batch", str(good), "--out", str(tmp_path / "out2")]).exit_code == 2
    assert (
        CliRunner().invoke(app, ["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o3")]).exit_code
        == 2
    )
    assert (
        CliRunner()
        .invoke(app, ["batch", str(good), "--out", str(tmp_path / "o4"), "--workers", "0"])
        .exit_code
        == 2
    )


def test_workers_give_identical_output(archive: Path, tmp_path: Path) -> None:
    _run(archive, tmp_path / "one")
    _run(archive, tmp_path / "two", workers=2, chunk_size=3)
    _run(archive, tmp_path / "three", chunk_size=3)
    for name in ("results.jsonl", "errors.jsonl", "quotes.csv", "sources.csv", "summary.json", "report.html"):
        one = (tmp_path / "one" / name).read_bytes()
        assert (tmp_path / "two" / name).read_bytes() == one, name
        assert (tmp_path / "three" / name).read_bytes() == one, name


def test_resume_after_torn_write(archive: Path, tmp_path: Path) -> None:
    _run(archive, tmp_path / "full")
    full = (tmp_path / "full" / "results.jsonl").read_bytes()
    lines = full.splitlines(keepends=True)
    out = tmp_path / "torn"
    out.mkdir()
    # a crash left 10 whole lines, then half of the 11th
    (out / "results.jsonl").write_bytes(b"".join(lines[:10]) + lines[10][:25])
    with pytest.raises(OutputError, match="resume"):
        _run(archive, out)
    outcome = _run(archive, out, resume=True)
    assert (outcome.skipped, outcome.analysed, outcome.failed) == (10, 39, 4)
    assert (out / "results.jsonl").read_bytes() == full
    for name in ("quotes.csv", "sources.csv", "summary.json", "errors.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_resume_drops_damaged_lines(archive: Path, tmp_path: Path) -> None:
    _run(archive, tmp_path / "full")
    full = (tmp_path / "full" / "results.jsonl").read_bytes()
    lines = full.splitlines(keepends=True)
    out = tmp_path / "damaged"
    out.mkdir()
    (out / "results.jsonl").write_bytes(
        lines[0] + b"\x00\x00garbage\n" + lines[1] + b'{"no": "id"}\n' + lines[2][:9]
    )
    outcome = _run(archive, out, resume=True)
    assert (outcome.skipped, outcome.analysed) == (2, 47)
    assert (out / "results.jsonl").read_bytes() == full


def test_resume_with_results_out_of_order_rewrites_input_order(archive: Path, tmp_path: Path) -> None:
    _run(archive, tmp_path / "full")
    full = (tmp_path / "full" / "results.jsonl").read_bytes()
    lines = full.splitlines(keepends=True)
    out = tmp_path / "partial"
    out.mkdir()
    (out / "results.jsonl").write_bytes(lines[30] + lines[3])
    _run(archive, out, resume=True)
    assert (out / "results.jsonl").read_bytes() == full


def test_duplicate_ids_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n')
    outcome = run_batch(
        [path], out_dir=tmp_path / "out", annotator_factory=fake_annotator, analyser=fake_analyser
    )
    assert (outcome.analysed, outcome.failed) == (1, 1)
    [error] = _lines(tmp_path / "out" / "errors.jsonl")
    assert "duplicate article id 'x'" in str(error["reason"])


def test_output_folder_inside_the_input_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article_text(1), encoding="utf-8")
    first = run_batch(
        [tmp_path], out_dir=tmp_path / "out", annotator_factory=fake_annotator, analyser=fake_analyser
    )
    again = run_batch(
        [tmp_path],
        out_dir=tmp_path / "out",
        resume=True,
        annotator_factory=fake_annotator,
        analyser=fake_analyser,
    )
    assert (first.analysed, first.failed, again.analysed, again.skipped, again.failed) == (1, 0, 0, 1, 0)


def test_summarise_empty() -> None:
    summary = summarise([])
    assert summary.articles == 0 and summary.anonymous_quote_share is None


KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import test_batch
from quotes.batch import run_batch
run_batch([{archive!r}], out_dir={out!r}, annotator_factory=test_batch.fake_annotator,
          analyser=test_batch.slow_analyser, resume={resume}, chunk_size=2)
"""


def wait_for_results(process: subprocess.Popen[bytes], results: Path, *, lines: int) -> None:
    """Wait (a minute at most) until `results` holds `lines` lines or `process` has ended."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.01)


def test_sigkill_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "dump.zip", articles=60)
    out = tmp_path / "out"
    script = KILL_SCRIPT.format(
        tests=str(Path(__file__).parent), archive=str(archive), out=str(out), resume=False
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    results = out / "results.jsonl"
    wait_for_results(process, results, lines=10)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = results.read_bytes().count(b"\n")
    assert 10 <= before < 64, "the run was to be killed part-way"
    resumed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILL_SCRIPT.format(
                tests=str(Path(__file__).parent), archive=str(archive), out=str(out), resume=True
            ),
        ],
        check=False,
    )
    assert resumed.returncode == 0
    ids = [result.id for result in iter_results(results)]
    a = archive.as_posix()
    assert ids == [f"{a}/news/{n:03d}.txt" for n in range(60)] + ["j0", "j1", "j2", "j3"]
    assert len(_lines(out / "errors.jsonl")) == 4


def test_cli_batch_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def spy(inputs: Sequence[str], **options: object) -> engine.BatchOutcome:
        seen.update(options, inputs=list(inputs))
        return engine.BatchOutcome(out_dir=Path(str(options["out_dir"])), analysed=3, failed=0, skipped=2)

    monkeypatch.setattr(engine, "run_batch", spy)
    path = tmp_path / "a.csv"
    path.write_text("body,key\nText.,1\n", encoding="utf-8")
    args = ["batch", str(path), "-", "--out", str(tmp_path / "o"), "--workers", "3", "--resume"]
    args += ["--text-column", "body", "--id-column", "key", "--models", "stanza"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert seen["inputs"] == [str(path), "-"]
    assert (seen["workers"], seen["resume"], seen["text_column"], seen["id_column"]) == (
        3,
        True,
        "body",
        "key",
    )
    factory = seen["annotator_factory"]
    assert getattr(factory, "args", None) == ("stanza",)
    assert "3 articles analysed, 2 already done, 0 failed" in result.output


def test_stdin_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flow, "default_annotator", fake_models_annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)
    data = io.BytesIO(b'{"id": "s1", "text": "\\"Yes,\\" Ann Lee said."}\n').getvalue()
    result = CliRunner().invoke(app, ["batch", "-", "--out", str(tmp_path / "o")], input=data)
    assert result.exit_code == 0, result.output
    [only] = list(iter_results(tmp_path / "o" / "results.jsonl"))
    assert only.id == "s1" and only.quotes[0].text == "Yes"


class AutoAnnotator(FakeAnnotator):
    """The regex annotator of docbuilder: the real rule pipeline runs on it without any model."""

    def annotate(self, text: str) -> AnnotatedDoc:
        from docbuilder import auto_doc

        return auto_doc(text)


def auto_annotator() -> AutoAnnotator:
    return AutoAnnotator()


SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_df30cf6afb0c0192.txt"


def test_batch_with_the_rule_pipeline(tmp_path: Path) -> None:
    from quotes.pipeline import analyse_doc

    outcome = run_batch(
        [SEED], out_dir=tmp_path / "out", annotator_factory=auto_annotator, analyser=engine.default_analyser
    )
    assert (outcome.analysed, outcome.failed) == (1, 0)
    [result] = list(iter_results(tmp_path / "out" / "results.jsonl"))
    [article] = read_articles(SEED)
    assert result == analyse_doc(auto_annotator().annotate(article.text), article=article)
    assert any(source.type == "anonymous" for source in result.sources)
    summary = orjson.loads((tmp_path / "out" / "summary.json").read_bytes())
    assert summary["quotes"] == len(result.quotes) > 0
