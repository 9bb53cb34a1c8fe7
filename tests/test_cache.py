"""The annotation cache: hits skip Stanza with identical docs; bad or stale entries are never trusted.

The entry-format tests need no models; the rest run the real bundled models (loaded once per session).
"""

from __future__ import annotations

import functools
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from conftest import SEED
from quotes.cli.app import app
from typer.testing import CliRunner

from quotes import cache, flow
from quotes.annotate import Annotator
from quotes.model import AnnotatedDoc, Diagnostic, Entity, Sentence, Token

SHORT = "The minister said the plan would work. “We will see,” she told reporters."
runner = CliRunner()


def _doc(text: str = "Hi there.") -> AnnotatedDoc:
    tokens = (
        Token(0, "Hi", 0, 2, "INTJ", "UH", "hi", -1, "root"),
        Token(1, "there", 3, 8, "ADV", "RB", "there", 0, "advmod", "PronType=Dem"),
        Token(2, ".", 8, 9, "PUNCT", ".", ".", 0, "punct"),
    )
    return AnnotatedDoc(
        text, (Sentence(0, 9, tokens),), (Entity(0, 2, "Hi", "PER"),), (Diagnostic("x", "y", None),)
    )


KEY = bytes(range(32))


def _flip_last(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


def _flip_header(data: bytes) -> bytes:
    at = len(cache.MAGIC) + 1  # the format version's low byte
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


def _other_body(data: bytes) -> bytes:
    """A whole, self-consistent entry, but of another text: its body's hash is right."""
    return cache.encode(KEY, _doc("Ho there."))


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "header only": lambda data: data[: cache.HEADER],
    "flipped body byte": _flip_last,
    "wrong version": _flip_header,
    "wrong magic": lambda data: b"X" + data[1:],
    "another key": lambda data: data[: len(cache.MAGIC) + 2] + bytes(32) + data[len(cache.MAGIC) + 34 :],
    "another text": _other_body,
}


def test_an_entry_round_trips() -> None:
    doc = _doc()
    assert cache.decode(cache.encode(KEY, doc), KEY, doc.text) == doc


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_bad_entry_is_not_trusted(corrupt: Callable[[bytes], bytes]) -> None:
    doc = _doc()
    assert cache.decode(corrupt(cache.encode(KEY, doc)), KEY, doc.text) is None


def test_store_get_and_put(tmp_path: Path) -> None:
    store = cache.Store(tmp_path)
    doc = _doc()
    assert store.get(KEY, doc.text) is None
    assert store.put(KEY, doc)
    assert store.get(KEY, doc.text) == doc
    assert store.path(KEY).parent.name == KEY.hex()[:2]
    assert [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")] == []
    assert cache.size(tmp_path) == (1, store.path(KEY).stat().st_size)
    assert cache.clear(tmp_path) == 1
    assert cache.size(tmp_path) == (0, 0)


def test_default_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.default_dir() == tmp_path / "mine"
    monkeypatch.delenv("QUOTES_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.default_dir() == tmp_path / "xdg" / "quotes" / "annotations"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: relative paths are invalid
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.default_dir() == tmp_path / "home" / ".cache" / "quotes" / "annotations"


def test_the_session_cache_is_not_the_users() -> None:
    assert os.environ["QUOTES_CACHE_DIR"] != str(Path.home() / ".cache" / "quotes" / "annotations")


def test_prepare_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(cache.OutputError, match="annotation cache"):
        cache.prepare(tmp_path / "f")


def test_the_factory_pickles_for_worker_processes(tmp_path: Path) -> None:
    factory = functools.partial(flow.default_annotator, "bundled", cache=tmp_path)
    assert pickle.loads(pickle.dumps(factory)).keywords == {"cache": tmp_path}


# -- with the real models ----------------------------------------------------------------------


def test_a_second_run_hits_with_identical_docs(
    tmp_path: Path, annotator: Annotator, seed_text: str, seed_doc: AnnotatedDoc
) -> None:
    texts = [seed_text, SHORT, "", seed_text]
    first = cache.CachedAnnotator(annotator, tmp_path)
    docs = first.annotate_many(texts)
    assert (first.annotated, first.hits) == (4, 0)  # nothing cached yet, not even the repeat
    assert docs[0] == docs[3] == seed_doc
    again = cache.CachedAnnotator(annotator, tmp_path)
    assert again.annotate_many(texts) == docs
    assert (again.annotated, again.hits) == (0, 4)
    assert again.annotate(SHORT) == annotator.annotate(SHORT)
    assert cache.size(tmp_path)[0] == 3


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_entry_is_annotated_again_and_rewritten(
    tmp_path: Path, annotator: Annotator, corrupt: Callable[[bytes], bytes]
) -> None:
    first = cache.CachedAnnotator(annotator, tmp_path)
    doc = first.annotate(SHORT)
    entry = first.store.path(cache.key(first.context, SHORT))
    whole = entry.read_bytes()
    entry.write_bytes(corrupt(whole))
    again = cache.CachedAnnotator(annotator, tmp_path)
    assert again.annotate(SHORT) == doc
    assert again.annotated == 1
    assert entry.read_bytes() == whole


def test_other_settings_or_models_miss(tmp_path: Path, annotator: Annotator) -> None:
    cache.CachedAnnotator(annotator, tmp_path).annotate(SHORT)
    narrower = cache.CachedAnnotator(Annotator("bundled", max_sentence_words=50), tmp_path)
    narrower.annotate(SHORT)
    assert narrower.annotated == 1
    # the same model files seen through another directory are another set of models to the cache
    linked = tmp_path / "models"
    shutil.copytree(annotator.source.directory, linked, copy_function=os.symlink)
    elsewhere = cache.CachedAnnotator(Annotator(str(linked)), tmp_path)
    assert elsewhere.context != cache.CachedAnnotator(annotator, tmp_path).context


def test_a_changed_model_file_changes_the_context(tmp_path: Path, annotator: Annotator) -> None:
    copy = tmp_path / "models"
    shutil.copytree(annotator.source.directory, copy, copy_function=os.symlink)
    resources = copy / "resources.json"
    resources.unlink()
    shutil.copy(annotator.source.directory / "resources.json", resources)
    before = cache.context(Annotator(str(copy)))
    os.utime(resources, ns=(0, 0))
    assert cache.context(Annotator(str(copy))) != before


def test_cli_cache_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    default = tmp_path / "default"
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(default))
    analyse = ["analyse", str(article), "--format", "jsonl"]

    fresh = runner.invoke(app, [*analyse, "--no-cache"])
    assert fresh.exit_code == 0, fresh.output
    assert not default.exists()

    by_default = runner.invoke(app, analyse)
    assert by_default.exit_code == 0, by_default.output
    assert cache.size(default)[0] == 1

    chosen = tmp_path / "chosen"
    first = runner.invoke(app, [*analyse, "--cache", str(chosen)])
    second = runner.invoke(app, [*analyse, "--cache", str(chosen)])
    assert cache.size(chosen)[0] == 1
    assert first.stdout_bytes == second.stdout_bytes == fresh.stdout_bytes == by_default.stdout_bytes
    assert orjson.loads(first.stdout_bytes)["quotes"]

    both = runner.invoke(app, [*analyse, "--cache", str(chosen), "--no-cache"])
    assert both.exit_code == 2 and "cannot be used together" in both.output
    not_a_folder = runner.invoke(app, [*analyse, "--cache", str(article)])
    assert not_a_folder.exit_code == 2 and "annotation cache" in not_a_folder.output


def test_cli_seed_from_a_warm_cache_loads_no_models(tmp_path: Path) -> None:
    """A warm cache answers without Stanza: the same report, and no pipeline built in this process."""
    from quotes import annotate

    args = ["analyse", str(SEED), "--format", "json", "--cache", str(tmp_path)]
    cold = runner.invoke(app, args)
    assert cold.exit_code == 0, cold.output
    loaded = dict(annotate._PIPELINES)
    annotate._PIPELINES.clear()
    try:
        warm = runner.invoke(app, args)
        assert annotate._PIPELINES == {}
    finally:
        annotate._PIPELINES.update(loaded)
    assert warm.stdout_bytes == cold.stdout_bytes


def test_clear_deletes_entries_only(tmp_path: Path) -> None:
    store = cache.Store(tmp_path)
    store.put(KEY, _doc())
    (store.path(KEY).parent / ".tmp-left").write_bytes(b"x")
    keep = [tmp_path / "ab" / "notes.txt", tmp_path / "README", tmp_path / "zz" / ("0" * 64)]
    for path in keep:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine")
    assert cache.size(tmp_path)[0] == 1
    assert cache.clear(tmp_path) == 1
    assert not store.path(KEY).parent.exists()
    assert all(path.read_text() == "mine" for path in keep)


def test_cli_cache_info_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path))
    cache.Store(tmp_path).put(KEY, _doc())
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0 and f"{tmp_path.as_posix()}: 1 entry" in info.output
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "1 entry deleted" in cleared.output
    assert "0 entries" in runner.invoke(app, ["cache", "info", "--cache", str(tmp_path)]).output


def test_settings_take_plain_public_attributes_but_not_threads() -> None:
    annotator = Annotator("bundled", max_chars=500, threads=3)
    found = cache.settings(annotator)
    assert found["max_chars"] == 500
    assert found["max_sentence_words"] == Annotator("bundled").max_sentence_words
    assert "threads" not in found and "source" not in found  # the source is in the models' fingerprint
    annotator.processors = frozenset({"pos", "depparse"})  # type: ignore[attr-defined]
    assert cache.settings(annotator)["processors"] == ["depparse", "pos"]
    assert cache.context(annotator) != cache.context(Annotator("bundled", max_chars=500))


def test_batch_workers_fill_and_reuse_the_cache(tmp_path: Path) -> None:
    """Worker processes get the cache through the pickled factory: the second run reads the entry
    the first wrote (it is not written again) and gives the same results."""
    from quotes.batch import run_batch

    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text(SHORT, encoding="utf-8")
    folder = tmp_path / "cache"
    factory = functools.partial(flow.default_annotator, "bundled", cache=folder)
    results = []
    for run in ("first", "second"):
        outcome = run_batch(
            [article.parent], out_dir=tmp_path / run, workers=1, isolate=True, annotator_factory=factory
        )
        assert (outcome.analysed, outcome.failed) == (1, 0)
        (entry,) = (p for p in folder.rglob("*") if p.is_file())
        results.append(((tmp_path / run / "results.jsonl").read_bytes(), entry.stat().st_mtime_ns))
    assert results[0] == results[1]


def test_a_warm_batch_starts_no_worker_and_imports_no_torch(tmp_path: Path) -> None:
    """`quotes batch` over articles the cache holds analyses them in its own process: no worker
    starts (one would die on the fault hook's word) and torch is never imported (a fresh interpreter
    is checked). An article the cache lacks still goes to a worker, and every result keeps its place."""
    import subprocess
    import sys

    from quotes.batch import run_batch

    inputs, folder = tmp_path / "in", tmp_path / "cache"
    inputs.mkdir()
    (inputs / "a.txt").write_text(SHORT, encoding="utf-8")
    (inputs / "b.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    factory = functools.partial(flow.default_annotator, "bundled", cache=folder)
    filled = run_batch([inputs], out_dir=tmp_path / "cold", annotator_factory=factory)
    assert (filled.analysed, filled.failed) == (2, 0)

    def warm(out: str) -> list[str]:
        script = (
            "import sys\nfrom quotes.cli.app import main\n"
            f"sys.argv = ['quotes', 'batch', {str(inputs)!r}, '--out', {str(tmp_path / out)!r}, "
            f"'--cache', {str(folder)!r}]\n"
            "try:\n    main()\nexcept SystemExit as end:\n    print('exit', end.code)\n"
            "print('torch imported' if 'torch' in sys.modules else 'no torch')\n"
        )
        # a worker given an article with "minister" in it dies at once, as if killed
        env = {**os.environ, "QUOTES_FAULT_EXIT_ON": "minister"}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[-2:]

    assert warm("warm") == ["exit 0", "no torch"]
    cold_results = (tmp_path / "cold" / "results.jsonl").read_bytes()
    assert (tmp_path / "warm" / "results.jsonl").read_bytes() == cold_results
    assert not (tmp_path / "warm" / "errors.jsonl").read_bytes().strip()

    # a new article between the cached ones: it alone reaches a worker, which annotates it (torch is
    # imported there, never here) and writes its entry
    (inputs / "ab.txt").write_text("The mayor said the bridge would reopen in May.", encoding="utf-8")
    assert cache.size(folder)[0] == 2
    assert warm("mixed") == ["exit 0", "no torch"]
    assert cache.size(folder)[0] == 3
    lines = (tmp_path / "mixed" / "results.jsonl").read_bytes().splitlines()
    assert [Path(orjson.loads(line)["id"]).name for line in lines] == ["a.txt", "ab.txt", "b.txt"]
    assert lines[0] + b"\n" + lines[2] + b"\n" == cold_results
