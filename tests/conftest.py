"""Shared fixtures: the real bundled models, loaded once per test session, and the seed article."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from quotes.annotate import Annotator
from quotes.model import AnnotatedDoc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_df30cf6afb0c0192.txt"
_CACHE_DIR: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """The commands cache annotations by default: keep the tests' (and their worker processes')
    out of the user's real cache folder, in a folder of this session's own."""
    global _CACHE_DIR
    _CACHE_DIR = tempfile.mkdtemp(prefix="quotes-test-cache-")
    os.environ["QUOTES_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CACHE_DIR is not None:
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator("bundled")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(annotator: Annotator, seed_text: str) -> AnnotatedDoc:
    return annotator.annotate(seed_text)
