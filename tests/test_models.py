"""Where the models come from: the bundled set is complete, within budget, and loadable by plain Stanza."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes import models
from quotes.errors import ModelError

BUDGET = 60_000_000


def test_bundled_models_are_complete_and_within_budget() -> None:
    source = models.resolve("bundled")
    rows = models.info(source)
    assert {r.processor for r in rows} == {*models.PROCESSORS, "pretrain"}
    assert all(r.size > 0 for r in rows)
    total = sum(p.stat().st_size for p in source.directory.rglob("*") if p.is_file())
    assert total <= BUDGET


def test_bundled_scores_meet_the_targets() -> None:
    scores = {r.processor: r.scores for r in models.info(models.resolve("bundled"))}
    assert scores["tokenize"]["tokens_f1"] >= 99.0
    assert scores["tokenize"]["sentences_f1"] >= 90.0
    assert scores["pos"]["upos"] >= 94.5
    assert scores["mwt"]["words_f1"] >= 99.0
    assert scores["lemma"]["lemmas"] >= 95.0


def test_resources_json_lets_plain_stanza_find_every_model() -> None:
    directory = models.bundled_dir()
    data = json.loads((directory / "resources.json").read_text())
    for processor in models.PROCESSORS:
        package = data["en"]["default_processors"][processor]
        assert (directory / "en" / processor / f"{package}.pt").is_file()
    assert data == models.bundled_resources()


def test_stanza_source_without_download_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(ModelError, match="quotes models download"):
        models.resolve("stanza")


def test_directory_source_names_missing_files(tmp_path: Path) -> None:
    (tmp_path / "resources.json").write_text(
        json.dumps({"en": {"default_processors": {"tokenize": "combined"}}})
    )
    with pytest.raises(ModelError, match=r"tokenize/combined\.pt"):
        models.resolve(str(tmp_path))


def test_directory_source_needs_resources_json(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"resources\.json is missing"):
        models.resolve(str(tmp_path))
