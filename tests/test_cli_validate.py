"""`quotes validate`: exit codes, one line per invalid record, and the seed article's real output."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from quotes.cli.app import app
from test_report import sample  # the tests folder is on sys.path
from typer.testing import CliRunner

from quotes import batch as engine
from quotes.annotate import Annotator
from quotes.report import to_json, to_jsonl

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_df30cf6afb0c0192.txt"
runner = CliRunner()


def test_valid_files_exit_0(tmp_path: Path) -> None:
    one, lines = tmp_path / "one.json", tmp_path / "many.jsonl"
    one.write_bytes(to_json(sample()))
    lines.write_bytes(to_jsonl(sample()) * 3)
    result = runner.invoke(app, ["validate", str(one), str(lines)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "4 records checked, 0 invalid" in result.stderr


def test_invalid_records_exit_1_with_one_line_each(tmp_path: Path) -> None:
    bad = orjson.loads(to_json(sample()))
    bad["quotes"][3]["kind"] = "shouted"
    bad["quotes"][4]["start"] = -1  # a second error in the same record: still one line
    worse = {key: value for key, value in bad.items() if key != "schema_version"}
    path = tmp_path / "out.jsonl"
    path.write_bytes(to_jsonl(sample()) + orjson.dumps(bad) + b"\n" + orjson.dumps(worse) + b"\nnope\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{path.as_posix()}:2: $.quotes[3].kind: 'shouted' is not one of")
    assert lines[0].endswith(" (and 1 more)")
    assert lines[1].startswith(f"{path.as_posix()}:3: $: 'schema_version' is a required property")
    assert lines[2].startswith(f"{path.as_posix()}:4: $: not JSON")
    assert "4 records checked, 3 invalid" in result.stderr


def test_summary_schema_option(tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    path.write_bytes(to_json(sample()))  # a result is not a summary
    result = runner.invoke(app, ["validate", "--schema", "summary", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path.as_posix()}: $: ")
    assert result.stdout.rstrip().endswith(" more)")  # every key is wrong: the others are counted


@pytest.mark.parametrize(
    "args",
    [[], ["missing.json"], ["--schema", "nonsense", "x.json"], ["."]],
    ids=["no-file", "missing-file", "bad-schema", "directory"],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.json").write_bytes(b"{}")
    result = runner.invoke(app, ["validate", *args])
    assert result.exit_code == 2, result.output


def test_the_seed_articles_real_output_is_valid(
    tmp_path: Path, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quotes analyse seeds/000_df30cf6afb0c0192.txt --format json`, with the real models (loaded once
    for the whole test session), then `quotes validate` on what it wrote."""
    monkeypatch.setattr(
        engine, "default_annotator", lambda models="bundled", threads=None, cache=None: annotator
    )
    out = tmp_path / "seed.json"
    analysed = runner.invoke(app, ["analyse", str(SEED), "--format", "json", "--output", str(out)])
    assert analysed.exit_code == 0, analysed.output
    assert len(orjson.loads(out.read_bytes())["quotes"]) == 20
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 record checked, 0 invalid" in result.stderr
