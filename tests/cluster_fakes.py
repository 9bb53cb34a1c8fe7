"""Analysers for the Dask tests (test_dask), in a module of their own: a Dask worker process imports
it to unpickle them, and this one imports little (test_dask itself brings pandas and pyarrow)."""

from __future__ import annotations

import os
import time

from test_batch import fake_analyser  # the tests folder is on sys.path

from quotes.errors import ModelError
from quotes.model import AnnotatedDoc, Article, ArticleResult


def paced_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """`fake_analyser`, 20 ms an article: a run lasts long enough to be cut into."""
    time.sleep(0.02)
    return fake_analyser(doc, article)


def killing_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """`fake_analyser` that kills its worker process on every article that says KILLER."""
    if "KILLER" in doc.text:
        os._exit(137)
    return fake_analyser(doc, article)


def broken_models_analyser(doc: AnnotatedDoc, article: Article) -> ArticleResult:
    """Models that cannot work at all: the run stops, as it does locally."""
    raise ModelError("the models are broken on purpose")
