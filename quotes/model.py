"""The data of `quotes`: frozen, typed records shared by every stage.

Every span is a pair of character offsets into the article's text, and `text[start:end] == span.text`.
orjson serialises these dataclasses directly (see `report.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

QuoteKind = Literal["direct", "mixed", "indirect"]
SourceType = Literal["person", "organisation", "anonymous", "group", "document", "unknown"]
EventType = Literal["declined_comment", "no_response"]

SCHEMA_VERSION = "1.1"
"""The version of the JSON contract (`quotes/result.schema.json`) that an `ArticleResult` is written in:
a minor version may add fields (readers ignore keys they do not know); a major version breaks readers."""


class Pattern(StrEnum):
    """The rule that found a quote candidate; it tells `attribute` where to look for the speaker."""

    # direct and mixed quotes (detect.py)
    LABEL = "label"  # "WALLACE: Q", or a headline "Pence: ..."
    DASH = "dash"  # “Q” ― Name
    AFTER = "after"  # "Q," said X
    BEFORE = "before"  # X said: "Q"
    COLON = "colon"  # Caddell: "Q"
    STANDALONE = "standalone"  # a paragraph of quote with no cue: continues the quote before it
    MIXED = "mixed"  # reported speech with a quoted fragment
    # reported speech (clauses.py)
    CCOMP = "ccomp"  # the parse's complement clause
    THAT = "that"  # said that ...
    BARE = "bare"  # said Kerry would ...
    DIRECTIVE = "directive"  # urged X to ..., called for ...
    CITED = "cited"  # cited the importance of ...
    OBJECT = "object"  # criticized the plan, announced a series of steps (object_content_verbs.txt)
    TAG = "tag"  # CONTENT, officials said.
    ACCORDING = "according"  # according to X, CONTENT


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article: `text == article_text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """One syntactic word of Stanza's analysis, with offsets into the article text.

    `index` is the word's position in its sentence (0-based); `head` is the index of its head in
    the same sentence, or -1 for the root. A multi-word token ("don't" -> "do", "n't") gives words
    that share the token's offsets.
    """

    index: int
    text: str  # always article_text[start:end], the surface (the whole token for a multi-word token)
    start: int
    end: int
    upos: str
    xpos: str
    lemma: str
    head: int
    deprel: str
    feats: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity span: `type` is PER, ORG, LOC or MISC (or whatever the NER model emits)."""

    start: int
    end: int
    text: str
    type: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    """An article's text with its sentences (holding tokens) and entities; all offsets into `text`."""

    text: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()  # e.g. only the start of an over-long text was annotated


@dataclass(frozen=True, slots=True)
class Article:
    """One article read from some input: its text and what we know about where it came from."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None  # the byline: one name, or several joined by "; "
    schema_version: str = SCHEMA_VERSION
    origin: str | None = None  # the file (and line or archive member) it was read from
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something odd about the input or the analysis that did not stop it (an unclosed quote, ...)."""

    code: str
    message: str
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    kind: QuoteKind
    start: int
    end: int
    text: str
    cue: Span | None = None
    speaker: Span | None = None
    source: str | None = None
    via: tuple[str, ...] = ()
    continuation: bool = False
    pattern: Pattern | None = None  # the rule that found it (detect.py, clauses.py)
    confidence: float | None = None  # how often that rule is right (quotes.confidence)


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    type: SourceType
    descriptor: str | None = None
    title: str | None = None
    via: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    direct: int = 0
    mixed: int = 0
    indirect: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    """A sourcing event that is not a quote: "declined to comment", "did not respond"."""

    type: EventType
    source: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Summary:
    quotes: int = 0
    direct: int = 0
    mixed: int = 0
    indirect: int = 0
    sources: int = 0
    named_sources: int = 0
    anonymous_sources: int = 0
    anonymous_quote_share: float = 0.0
    unattributed: int = 0


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What `quotes` says about one article: the JSON contract of `--format json`.

    `quotes/result.schema.json` describes its JSON exactly (see `quotes.contract`); a field added
    here is a field added there, with the minor part of `SCHEMA_VERSION` raised.
    """

    id: str
    title: str | None
    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()
    events: tuple[Event, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    summary: Summary = field(default_factory=Summary)
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    schema_version: str = SCHEMA_VERSION
