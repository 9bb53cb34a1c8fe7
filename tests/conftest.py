"""Shared fixtures: the real bundled models, loaded once per test session, and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.annotate import Annotator
from quotes.model import AnnotatedDoc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_df30cf6afb0c0192.txt"


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator("bundled")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(annotator: Annotator, seed_text: str) -> AnnotatedDoc:
    return annotator.annotate(seed_text)
