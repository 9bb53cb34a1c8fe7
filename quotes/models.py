"""Where the Stanza models come from, and how they are checked before Stanza sees them.

Three sources: the compact English models bundled in the package (the default, trained here from
openly licensed treebanks, see `quotes.training`), a stanza_resources directory the user points to,
or the official Stanza English package in Stanza's default directory. Nothing here downloads: the
official models are fetched only by `quotes models download` (see `annotate.download_official`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from quotes.errors import ModelError

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
BUNDLED_PACKAGE = "quotes"
NEEDS_PRETRAIN = ("pos", "depparse", "ner")
# Words per parser batch (Stanza's default: 5,000). The parser scores every pair of words in a
# sentence for every relation, padded to the batch's longest sentence: smaller batches keep that
# tensor in cache. On 9,033 words of PolNeAR dev, one torch thread: 1,000 words took half the
# parser's time of 5,000 (7.8 s vs 15.4 s; 500: 8.6 s, 10,000: 27.9 s), with identical parses.
DEPPARSE_BATCH_SIZE = 1000

SourceKind = Literal["bundled", "directory", "stanza"]


@dataclass(frozen=True, slots=True)
class ModelSource:
    """A stanza_resources-style directory holding English models, and where it came from."""

    kind: SourceKind
    directory: Path


@dataclass(frozen=True, slots=True)
class ModelInfo:
    processor: str
    path: Path
    size: int
    source: str
    scores: dict[str, float]


def bundled_dir() -> Path:
    return Path(str(resources.files("quotes.bundled")))


def stanza_default_dir() -> Path:
    """Stanza's own default model directory (STANZA_RESOURCES_DIR, else ~/stanza_resources)."""
    return Path(os.environ.get("STANZA_RESOURCES_DIR", Path.home() / "stanza_resources"))


def resolve(spec: str | ModelSource = "bundled") -> ModelSource:
    """Turn `--models bundled|stanza|DIR` into a checked ModelSource, or raise ModelError saying why not."""
    if isinstance(spec, ModelSource):
        return spec
    if spec == "bundled":
        source = ModelSource("bundled", bundled_dir())
    elif spec == "stanza":
        source = ModelSource("stanza", stanza_default_dir())
        if not (source.directory / "resources.json").is_file() or not (source.directory / "en").is_dir():
            raise ModelError(
                f"the official Stanza English models are not in {source.directory}; "
                "run `quotes models download` once with network access (or set STANZA_RESOURCES_DIR), "
                "or use the bundled models with `--models bundled`"
            )
    else:
        source = ModelSource("directory", Path(spec).expanduser())
        if not source.directory.is_dir():
            raise ModelError(
                f"--models {spec!r}: expected 'bundled', 'stanza' or a stanza_resources directory"
            )
    check(source)
    return source


def _resources(directory: Path) -> dict[str, Any]:
    path = directory / "resources.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path} is missing: Stanza needs it even when every model path is given") from None
    except ValueError as error:
        raise ModelError(f"{path} is not valid JSON: {error}") from None
    if "en" not in data:
        raise ModelError(f"{path} has no English ('en') entry")
    return data


def model_paths(source: ModelSource) -> dict[str, Path]:
    """The model file of each processor (and 'pretrain' for the bundled word vectors)."""
    en = source.directory / "en"
    if source.kind == "bundled":
        paths = {p: en / p / f"{BUNDLED_PACKAGE}.pt" for p in PROCESSORS}
        paths["pretrain"] = en / "pretrain" / f"{BUNDLED_PACKAGE}.pt"
        return paths
    defaults = _resources(source.directory)["en"].get("default_processors", {})
    paths = {}
    for processor in PROCESSORS:
        package = defaults.get(processor)
        if isinstance(package, str):
            paths[processor] = en / processor / f"{package}.pt"
    return paths


def check(source: ModelSource) -> None:
    """Raise ModelError naming every missing file, before Stanza fails on the first one."""
    _resources(source.directory)
    missing = [str(path) for path in model_paths(source).values() if not path.is_file()]
    if missing:
        raise ModelError(f"models missing in {source.directory}: {', '.join(missing)}")


def pipeline_options(source: ModelSource) -> dict[str, Any]:
    """Keyword arguments for `stanza.Pipeline` that load this source's English models offline."""
    options: dict[str, Any] = {
        "lang": "en",
        "dir": str(source.directory),
        "download_method": None,
        "processors": "tokenize,mwt,pos,lemma,depparse,ner",
        "depparse_batch_size": DEPPARSE_BATCH_SIZE,
    }
    if source.kind == "bundled":
        paths = model_paths(source)
        for processor in PROCESSORS:
            options[f"{processor}_model_path"] = str(paths[processor])
        for processor in NEEDS_PRETRAIN:
            options[f"{processor}_pretrain_path"] = str(paths["pretrain"])
    return options


def bundled_resources() -> dict[str, Any]:
    """The resources.json of the bundled models: lets `stanza.Pipeline('en', dir=...)` load them by itself."""
    pretrain = [{"model": "pretrain", "package": BUNDLED_PACKAGE}]
    entry: dict[str, Any] = {
        "lang_name": "English",
        "default_processors": {p: BUNDLED_PACKAGE for p in PROCESSORS},
        "packages": {"default": {p: BUNDLED_PACKAGE for p in PROCESSORS}},
        "default_dependencies": {p: pretrain for p in NEEDS_PRETRAIN},
        "pretrain": {BUNDLED_PACKAGE: {}},
    }
    for processor in PROCESSORS:
        entry[processor] = {
            BUNDLED_PACKAGE: {"dependencies": pretrain} if processor in NEEDS_PRETRAIN else {}
        }
    return {"en": entry}


def write_bundled_resources(directory: Path) -> None:
    (directory / "resources.json").write_text(json.dumps(bundled_resources(), indent=2) + "\n")


def info(source: ModelSource) -> list[ModelInfo]:
    """Each model file with its size and, for the bundled models, its held-out test scores."""
    scores_path = source.directory / "scores.json"
    scores: dict[str, dict[str, float]] = {}
    if source.kind == "bundled" and scores_path.is_file():
        scores = json.loads(scores_path.read_text(encoding="utf-8"))
    return [
        ModelInfo(
            processor=name,
            path=path,
            size=path.stat().st_size if path.is_file() else 0,
            source=source.kind,
            scores=scores.get(name, {}),
        )
        for name, path in model_paths(source).items()
    ]
