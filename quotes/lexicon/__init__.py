"""Word lists that drive the rules: reporting verbs, quote marks, source heads, agencies, titles.

Each list is a plain text file beside this module (one entry a line, `#` starts a comment), so a
change to the rules reads as a change to a word list. `load_lexicon()` reads them once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from quotes.model import EventType


def _lines(name: str) -> tuple[str, ...]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    rows = (line.split("#", 1)[0].strip() if not line.startswith("#") else "" for line in text.splitlines())
    return tuple(row for row in rows if row)


def _inflections(lemma: str) -> set[str]:
    """Regular English verb forms of `lemma` (over-generating is harmless: we only match real words)."""
    stem = lemma[:-1]
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {stem + "ied", stem + "ies"}
    return forms


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the rules look up, as lower-cased sets (multi-word entries keep their spaces)."""

    reporting_lemmas: frozenset[str]
    reporting_forms: frozenset[str]  # surface forms, for when the lemmatiser is wrong or absent
    mark_pairs: tuple[tuple[str, str], ...]
    anonymous_heads: frozenset[str]
    group_heads: frozenset[str]
    agencies: tuple[str, ...]  # as written (case matters for matching names), longest first
    organisation_heads: frozenset[str]
    titles: frozenset[str]
    pronouns: tuple[tuple[str, str], ...]  # (pronoun, person / plural / thing / any)
    comment_events: tuple[tuple[re.Pattern[str], EventType], ...]
    form_lemmas: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # "told" -> "tell"

    def pronoun_kind(self, word: str) -> str | None:
        """What a personal pronoun may refer to (person / plural / thing / any), or None."""
        return next((kind for pronoun, kind in self.pronouns if pronoun == word.lower()), None)

    def reporting_lemma(self, word: str, lemma: str = "") -> str | None:
        """The reporting verb a word is a form of ("told" -> "tell"), or None."""
        if lemma.lower() in self.reporting_lemmas:
            return lemma.lower()
        return self.form_lemmas.get(word.lower())

    def is_reporting(self, word: str, lemma: str = "") -> bool:
        """Whether a word is a speech cue, by its lemma or, failing that, its surface form."""
        return lemma.lower() in self.reporting_lemmas or word.lower() in self.reporting_forms


def _event_type(name: str) -> EventType:
    return "no_response" if name == "no_response" else "declined_comment"


@functools.cache
def load_lexicon() -> Lexicon:
    """Read the word lists shipped in this package (once per process)."""
    lemmas: set[str] = set()
    form_lemmas: dict[str, str] = {}
    for row in _lines("reporting_verbs.txt"):
        lemma, *irregular = row.lower().split()
        lemmas.add(lemma)
        for form in sorted(_inflections(lemma) | set(irregular)):
            form_lemmas.setdefault(form, lemma)
    forms = set(form_lemmas)
    pairs = tuple((row.split()[0], row.split()[-1]) for row in _lines("quote_marks.txt"))
    pronouns = tuple(
        (row.lower().split()[0], row.lower().split()[1])
        for row in _lines("pronouns.txt")
        if len(row.split()) >= 2
    )
    events = tuple(
        (re.compile(row.split("\t")[0], re.IGNORECASE), _event_type(row.split("\t")[-1].strip()))
        for row in _lines("comment_events.txt")
    )
    return Lexicon(
        reporting_lemmas=frozenset(lemmas),
        reporting_forms=frozenset(forms),
        mark_pairs=pairs,
        anonymous_heads=frozenset(row.lower() for row in _lines("anonymous_heads.txt")),
        group_heads=frozenset(row.lower() for row in _lines("group_heads.txt")),
        agencies=tuple(sorted(_lines("agencies.txt"), key=len, reverse=True)),
        organisation_heads=frozenset(row.lower() for row in _lines("organisation_heads.txt")),
        titles=frozenset(row.lower() for row in _lines("titles.txt")),
        pronouns=pronouns,
        comment_events=events,
        form_lemmas=form_lemmas,
    )
