"""The command line: every command and option of `quotes analyse`, help text and README coverage.

`quotes batch` is exercised in test_batch.py. Models are replaced by the fakes of test_batch, except
in the end-to-end tests at the bottom, which run the real Stanza models.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
import typer
import typer.core
from quotes.cli.app import app
from test_batch import (
    FakeAnnotator,
    article_text,
    fake_analyser,
    fake_models_annotator,
    make_archive,
)  # the tests folder is on sys.path
from typer.testing import CliRunner

from quotes import flow
from quotes.report import QUOTE_COLUMNS, SOURCE_COLUMNS, results_from_json

README = Path(__file__).resolve().parent.parent / "README.md"
runner = CliRunner()


@pytest.fixture
def fake_models(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Swap the models for the fakes; the list collects the --models values asked for."""
    asked: list[str] = []

    def annotator(models: str, cache: Path | None = None) -> FakeAnnotator:
        asked.append(models)
        return FakeAnnotator()

    monkeypatch.setattr(flow, "default_annotator", annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)
    return asked


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "a.jsonl"
    records = [{"id": f"a{n}", "title": f"T{n}", "text": article_text(n)} for n in (1, 3)]
    path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    return path


def test_analyse_table(fake_models: list[str], articles: Path) -> None:
    result = runner.invoke(app, ["analyse", str(articles)])
    assert result.exit_code == 0, result.output
    assert "a1 — T1" in result.output and "1 quote from 1 source" in result.output
    assert "100%) from anonymous sources, via Interfax" in result.output
    assert "\x1b[" not in result.output  # no colour when not writing to a terminal
    assert fake_models == ["bundled"]


def test_analyse_txt_and_directory(fake_models: list[str], tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text(article_text(1), encoding="utf-8")
    single = tmp_path / "y.txt"
    single.write_text(article_text(2), encoding="utf-8")
    result = runner.invoke(app, ["analyse", str(tmp_path / "d"), str(single), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    ids = [r.id for r in results_from_json(result.stdout_bytes)]
    assert ids == [(tmp_path / "d" / "x.txt").as_posix(), single.as_posix()]


def test_analyse_json_one_object_or_array(fake_models: list[str], articles: Path, tmp_path: Path) -> None:
    many = runner.invoke(app, ["analyse", str(articles), "--format", "json"])
    assert many.exit_code == 0, many.output
    assert isinstance(orjson.loads(many.stdout_bytes), list)
    assert [r.id for r in results_from_json(many.stdout_bytes)] == ["a1", "a3"]
    one_file = tmp_path / "one.txt"
    one_file.write_text(article_text(1), encoding="utf-8")
    one = runner.invoke(app, ["analyse", str(one_file), "-f", "json"])
    assert orjson.loads(one.stdout_bytes)["id"] == one_file.as_posix()


def test_analyse_csv_output_and_sources_csv(fake_models: list[str], articles: Path, tmp_path: Path) -> None:
    output, sources = tmp_path / "q.csv", tmp_path / "s.csv"
    args = [
        "analyse",
        str(articles),
        "--format",
        "csv",
        "--output",
        str(output),
        "--sources-csv",
        str(sources),
    ]
    result = runner.invoke(app, [*args, "--excel"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    quotes_text = output.read_bytes().decode("utf-8")
    assert quotes_text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(quotes_text[1:], newline="")))
    assert tuple(rows[0]) == QUOTE_COLUMNS and [row["article_id"] for row in rows] == ["a1", "a3"]
    sources_text = sources.read_text(encoding="utf-8-sig")
    assert sources_text.startswith(",".join(SOURCE_COLUMNS))
    plain = runner.invoke(app, ["analyse", str(articles), "-f", "csv", "-o", str(output)])
    assert plain.exit_code == 0 and not output.read_bytes().startswith(b"\xef\xbb\xbf")


def test_analyse_columns_models_and_stdin(fake_models: list[str], tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'key,content\nk1,"{article_text(1).replace(chr(34), chr(34) * 2)}"\n', encoding="utf-8")
    args = ["analyse", str(path), "--text-column", "content", "--id-column", "key", "--models", "stanza"]
    result = runner.invoke(app, [*args, "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [r.id for r in results_from_json(result.stdout_bytes)] == ["k1"]
    assert fake_models == ["stanza"]
    piped = runner.invoke(app, ["analyse", "-", "-f", "jsonl"], input=article_text(2))
    assert piped.exit_code == 0, piped.output
    assert results_from_json(piped.stdout_bytes)[0].id.startswith("sha1:")


def test_analyse_exit_codes(fake_models: list[str], tmp_path: Path) -> None:
    mixed = tmp_path / "m.jsonl"
    mixed.write_text(
        '{"id": "ok", "text": "Fine."}\nnot json\n{"id": "b", "text": "BOOM"}\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["analyse", str(mixed), "-f", "jsonl"])
    assert result.exit_code == 1
    assert [r.id for r in results_from_json(result.stdout_bytes)] == ["ok"]  # the others are still reported
    assert "malformed JSON line" in result.stderr and "broke on purpose" in result.stderr
    missing = runner.invoke(app, ["analyse", str(tmp_path / "missing.txt")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    bad_column = tmp_path / "c.csv"
    bad_column.write_text("text\nx\n", encoding="utf-8")
    assert runner.invoke(app, ["analyse", str(bad_column), "--id-column", "nope"]).exit_code == 2
    assert runner.invoke(app, ["analyse", str(mixed), "--format", "yaml"]).exit_code == 2
    assert runner.invoke(app, ["analyse"]).exit_code == 2
    assert fake_models == ["bundled"]  # no model is loaded for input that fails up front


def _commands() -> dict[str, typer.core.TyperCommand]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)  # typer vendors click: these are not click's classes
    return dict(group.commands)  # type: ignore[arg-type]


def test_every_command_and_option_has_help() -> None:
    commands = _commands()
    assert {"analyse", "batch"} <= set(commands)
    for name, command in commands.items():
        assert (command.help or "").strip(), f"quotes {name} has no help text"
        for param in command.params:
            if isinstance(param, typer.core.TyperOption | typer.core.TyperArgument):
                assert (param.help or "").strip(), f"quotes {name} {param.opts[0]} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_every_command_is_documented_in_readme() -> None:
    assert README.exists(), "README.md is missing: it must document every command"
    readme = README.read_text(encoding="utf-8")
    for name in _commands():
        assert re.search(rf"\bquotes {re.escape(name)}\b", readme), (
            f"README.md does not mention `quotes {name}`"
        )


# -- what every command shares -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "target", "says"),
    [
        ("--output", "missing/q.csv", "the folder"),
        ("--output", ".", "is a directory"),
        ("--sources-csv", "missing/s.csv", "the folder"),
        ("--sources-csv", ".", "is a directory"),
    ],
)
def test_analyse_checks_output_paths_before_any_work(
    fake_models: list[str], articles: Path, tmp_path: Path, option: str, target: str, says: str
) -> None:
    result = runner.invoke(app, ["analyse", str(articles), option, str(tmp_path / target)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"quotes: error: {option} ") and says in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert fake_models == []  # refused before any model was loaded


@pytest.fixture
def batch_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Fakes for a batch run, whose models load in worker processes: the file returned lists the
    --models value each process asked for."""
    asked = tmp_path / "models-asked"
    monkeypatch.setenv("QUOTES_TEST_ASKED", str(asked))
    monkeypatch.setattr(flow, "default_annotator", fake_models_annotator)
    monkeypatch.setattr(flow, "default_analyser", fake_analyser)
    return asked


def test_batch_checks_out_before_any_work(batch_models: Path, articles: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("", encoding="utf-8")
    for out in (a_file, a_file / "below"):
        result = runner.invoke(app, ["batch", str(articles), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("quotes: error: --out ") and "is a file" in result.stderr
    assert not batch_models.exists()  # refused before any model was loaded
    # a missing folder is made, parents and all
    result = runner.invoke(app, ["batch", str(articles), "--out", str(tmp_path / "new" / "run")])
    assert result.exit_code == 0, result.output
    assert batch_models.read_text(encoding="utf-8") == "bundled\n"  # one worker process loaded them


def test_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"quotes {version('quotes')}\n"


def _all_commands() -> list[list[str]]:
    names = []
    for name, command in _commands().items():
        if isinstance(command, typer.core.TyperGroup):
            names += [[name, sub] for sub in command.commands]
        else:
            names.append([name])
    return names


def test_help_shows_flags_as_flags_and_an_example() -> None:
    commands = _all_commands()
    assert ["models", "info"] in commands and ["batch"] in commands
    for words in commands:
        result = runner.invoke(app, [*words, "--help"])
        assert result.exit_code == 0, result.output
        assert "<bool>" not in result.stdout, words
        example = result.stdout.split("Examples:\n", 1)[-1]
        assert "Examples:" in result.stdout and f"  quotes {' '.join(words)}" in example, words
    assert re.search(r"--excel\s+Start CSV", runner.invoke(app, ["analyse", "--help"]).stdout)


def test_one_error_prefix_everywhere(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.jsonl")
    for args in (
        ["analyse", missing],
        ["batch", missing, "--out", str(tmp_path / "o")],
        ["evaluate", missing],
        ["models", "info", "--models", missing],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("quotes: error: "), (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1, args


def test_counts_are_pluralised_and_errors_named(batch_models: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_bytes(orjson.dumps({"id": "a", "text": article_text(1)}) + b"\n")
    result = runner.invoke(app, ["batch", str(one), "--out", str(tmp_path / "o1")])
    assert result.exit_code == 0, result.output
    assert "1 article analysed, 0 already done, 0 failed; results in" in result.stderr
    assert result.stdout.startswith("1 article, 1 quote (1 direct, 0 mixed, 0 reported), 0 failed\n")
    assert "errors.jsonl" not in result.stderr
    archive = make_archive(tmp_path / "dump.zip", articles=3)
    out = tmp_path / "o2"
    result = runner.invoke(app, ["batch", str(archive), "--out", str(out)])
    assert result.exit_code == 1
    assert f"7 articles analysed, 0 already done, 4 failed (see {(out / 'errors.jsonl').as_posix()})" in (
        result.stderr
    )


def test_progress_only_on_a_terminal() -> None:
    from quotes.cli.common import progress
    from rich.console import Console

    with progress("analysed", console=Console(file=io.StringIO(), force_terminal=False)) as update:
        assert update is None
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress("analysed", console=console) as update:
        assert update is not None
        update(3, 10, 1)
    shown = screen.getvalue()
    assert "analysed" in shown and "3/10" in shown and "1 failed" in shown


# -- end to end with the real Stanza models (slow: ~10 s to load them, ~1 s an article) -------------

ROOT = Path(__file__).resolve().parent.parent


SHORT = (
    "Kerry to meet Putin\n\n"
    '"Kerry\'s visit to Russia is very symbolic," a diplomatic source told the RIA Novosti news agency.\n'
    "Putin's spokesman Dmitry Peskov declined to comment.\n"
)


@pytest.mark.slow
def test_analyse_with_the_models(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    result = runner.invoke(app, ["analyse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    [analysed] = results_from_json(result.stdout_bytes)
    assert analysed.id == path.as_posix() and analysed.title == "Kerry to meet Putin"
    [quote] = analysed.quotes
    sources = {source.id: source for source in analysed.sources}
    assert quote.text == "Kerry's visit to Russia is very symbolic" and quote.via == ("RIA Novosti",)
    assert sources[quote.source or ""].type == "anonymous"
    assert [event.type for event in analysed.events] == ["declined_comment"]
    assert quote.confidence is not None and quote.pattern is not None

    def kept(minimum: float) -> tuple[int, list[str]]:
        run = runner.invoke(app, ["analyse", str(path), "-f", "json", "--min-confidence", str(minimum)])
        assert run.exit_code == 0, run.output
        [filtered] = results_from_json(run.stdout_bytes)
        return len(filtered.quotes), [event.type for event in filtered.events]

    assert kept(quote.confidence) == (1, ["declined_comment"])
    assert kept(min(1.0, quote.confidence + 0.001)) == (0, ["declined_comment"])
    assert runner.invoke(app, ["analyse", str(path), "--min-confidence", "1.5"]).exit_code == 2


@pytest.mark.slow
def test_batch_killed_and_resumed_with_the_models(tmp_path: Path) -> None:
    """A real `quotes batch` over a small archive with bad members, SIGKILLed part-way, then resumed."""
    archive = make_archive(tmp_path / "dump.zip", articles=20)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-c",
        "from quotes.cli.app import main; main()",
        "batch",
        str(archive),
        "--out",
        str(out),
    ]
    process = subprocess.Popen(command)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if results.exists() and results.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 3 <= results.read_bytes().count(b"\n") < 25, "the run was to be killed part-way"
    resumed = subprocess.run([*command, "--resume"], check=False, capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr  # the archive holds broken members on purpose
    ids = [r.id for r in results_from_json(results.read_bytes())]
    a = archive.as_posix()
    # with the real engine the BOOM article is just an article without quotes
    assert ids == [f"{a}/news/{n:03d}.txt" for n in range(20)] + ["j0", "j1", "j2", "j3", "boom"]
    errors = [orjson.loads(line) for line in (out / "errors.jsonl").read_bytes().splitlines()]
    assert [e["origin"] for e in errors] == [
        f"{a}/feed.jsonl#3",
        f"{a}/photo.txt",
        f"{a}/damaged.txt",
    ]
    for name in ("quotes.csv", "sources.csv", "summary.json"):
        assert (out / name).stat().st_size > 0
