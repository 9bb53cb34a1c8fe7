"""Which sentences the parser must see: selective annotation.

The rules read dependency arcs only around cues: a speech verb and its subject and complement, "according
to X", "quoting X", a verb that takes its listener as object ("told Y"), a directive ("called for"), a
sourcing event ("declined to comment"), and the sentences holding quotation marks (a quote's cue is
often in the same sentence). Every other sentence is tokenised, tagged and searched for names, but not
parsed: the parser is most of Stanza's time. A sentence that is not parsed has no arcs (every word's
head is the root, its relation "dep"), which the rules treat as "no usable arc".

`Focus.fingerprint` changes when the words that choose change, so that the annotation cache keeps
annotations made under another choice apart.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from quotes.lexicon import Lexicon, load_lexicon
from quotes.marks import find_regions

# words that open a rule on their own: the cue phrases of attribute.py and clauses.py
ANCHORS = frozenset({"according", "quoting", "citing", "quoted", "cited"})


@dataclass(frozen=True, slots=True)
class SentenceView:
    """What the choice reads of a tokenised, tagged sentence: its character span, words and lemmas."""

    start: int
    end: int
    words: tuple[str, ...]
    lemmas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Focus:
    """Decides, from a sentence's words, lemmas, text and quotation marks, whether the rules read its arcs."""

    words: frozenset[str]  # word forms, lower-cased
    lemmas: frozenset[str]
    events: tuple[re.Pattern[str], ...] = field(default=())

    def chosen(self, text: str, sentences: Sequence[SentenceView]) -> list[bool]:
        """For each sentence of `text`, whether the parser must see it."""
        regions, notes = find_regions(text)
        marks = {r.start for r in regions} | {r.end - r.close_len for r in regions if r.closed}
        # a mark left unpaired (a closing mark with no opening one) may still end a quote
        marks |= {n.start for n in notes if n.start is not None}
        return [self._needs(text, view, sorted(marks)) for view in sentences]

    def _needs(self, text: str, view: SentenceView, marks: Sequence[int]) -> bool:
        at = bisect.bisect_left(marks, view.start)
        if at < len(marks) and marks[at] < view.end:  # a quotation mark opens or closes here
            return True
        if any(w.lower() in self.words for w in view.words):
            return True
        if any(lemma.lower() in self.lemmas for lemma in view.lemmas):
            return True
        return any(pattern.search(text, view.start, view.end) for pattern in self.events)

    @property
    def fingerprint(self) -> str:
        """A digest of everything that decides: changes when a word list changes."""
        parts = [
            *sorted(self.words),
            "\0",
            *sorted(self.lemmas),
            "\0",
            *(p.pattern for p in self.events),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def focus(lexicon: Lexicon | None = None) -> Focus:
    """The choice the shipped rules need, from the lexicon's cue words."""
    lexicon = lexicon or load_lexicon()
    directive = {entry.split()[0] for entry in lexicon.directive_verbs}
    lemmas = lexicon.reporting_lemmas | lexicon.object_verbs.all | directive | lexicon.document_verbs
    words = lexicon.reporting_forms | lexicon.reporting_nouns | ANCHORS
    return Focus(
        words=frozenset(words),
        lemmas=frozenset(lemmas),
        events=tuple(pattern for pattern, _ in lexicon.comment_events),
    )
