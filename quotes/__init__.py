"""quotes: who is quoted in a news article, saying what, and how we know who they are.

    >>> from quotes import analyse
    >>> result = analyse('"We are ready," the minister told Reuters.')
    >>> [(q.kind, q.text) for q in result.quotes]

`analyse` loads the bundled Stanza models once per process; `read_articles` streams `Article`s from
files, directories, JSONL/CSV and archives.
"""

from __future__ import annotations

import functools
import hashlib
from typing import TYPE_CHECKING

from quotes.model import Article, ArticleResult

if TYPE_CHECKING:
    from quotes.annotate import Annotator

__all__ = ["Article", "ArticleResult", "analyse", "read_articles"]
__version__ = "0.1.0"


@functools.cache  # not `from functools import cache`: the name would shadow the quotes.cache module
def _annotator(models: str) -> Annotator:
    from quotes.annotate import Annotator

    return Annotator(models)


def analyse(
    text: str, *, id: str | None = None, title: str | None = None, models: str = "bundled"
) -> ArticleResult:
    """Annotate one article's text with Stanza and return its quotes, sources and sourcing events."""
    from quotes.pipeline import analyse_doc

    doc = _annotator(models).annotate(text)
    article_id = id or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return analyse_doc(doc, article=Article(id=article_id, text=text, title=title))


def __getattr__(name: str) -> object:
    # read_articles is imported lazily so that `import quotes` stays light
    if name == "read_articles":
        from quotes.read import read_articles

        return read_articles
    raise AttributeError(f"module 'quotes' has no attribute {name!r}")
