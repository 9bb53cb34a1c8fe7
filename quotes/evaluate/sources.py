"""Source-level figures of predictions: how many sources are typed `unknown`, how many are "named" by
something that is no name. They need no gold: they read the predicted sources alone.

A source's `name` is no name (`non_name`) when it is

- a pronoun or a relative ("it", "they", "who"): a speaker to resolve, never a name;
- a date word ("Monday", "March", "last week"): a time phrase read as the subject;
- a determiner alone ("the", "some", "two"): a phrase cut down to its first word;
- a clause: a lower-case finite verb in it ("officials said the talks", "who was"), or more than
  `CLAUSE_WORDS` words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from quotes.lexicon import Lexicon
from quotes.model import ArticleResult

NonName = Literal["pronoun", "date", "determiner", "clause"]
NON_NAMES: tuple[NonName, ...] = ("pronoun", "date", "determiner", "clause")

CLAUSE_WORDS = 8  # a longer "name" is a phrase with a clause in it, whatever its words

# a hyphenated compound is one word: "self-described" is no past tense
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CLITIC = re.compile(r"['’](?:s|d|ll|re|ve)$")


def _finite(word: str, lexicon: Lexicon) -> bool:
    """A lower-case finite verb: an auxiliary ("was", "has") or a past form of a reporting verb
    ("said", "told", "added"); "says", "claims" may be nouns, "saying" is no finite verb."""
    if word in lexicon.auxiliaries["finite"]:
        return True
    lemma = lexicon.form_lemmas.get(word)
    return lemma is not None and word != lemma and not word.endswith(("s", "ing"))


def non_name(name: str, lexicon: Lexicon) -> NonName | None:
    """What makes `name` no name (see the module's doc), or None for a name (an empty one included:
    a source with no name is unnamed, not misnamed)."""
    words = _WORD.findall(name)
    if not words:
        return None
    # "He's", "he'd": a contraction or a possessive on a pronoun leaves a pronoun
    folded = [_CLITIC.sub("", w.casefold()) for w in words]
    if all(w in lexicon.pronoun_sets.all or w in lexicon.connectives["relative"] for w in folded):
        return "pronoun"
    if all(w in lexicon.months or w in lexicon.time_words.all for w in folded):
        return "date"
    if all(w in lexicon.determiners.all for w in folded):
        return "determiner"
    # case matters: "Said" may be a surname, "said" is a verb
    if len(words) > CLAUSE_WORDS or any(_finite(w, lexicon) for w in words):
        return "clause"
    return None


@dataclass(frozen=True, slots=True)
class SourceExample:
    """A predicted source worth reading when improving source typing."""

    article_id: str
    name: str
    type: str
    non_name: NonName | None


@dataclass(frozen=True, slots=True)
class SourceFigures:
    """Counts over predicted sources: all of them, those typed unknown, those named by a non-name."""

    total: int = 0
    unknown: int = 0
    non_name: int = 0
    by_reason: tuple[tuple[NonName, int], ...] = ()
    examples: tuple[SourceExample, ...] = field(default=())

    @property
    def unknown_share(self) -> float | None:
        return self.unknown / self.total if self.total else None

    @property
    def non_name_share(self) -> float | None:
        return self.non_name / self.total if self.total else None


def source_figures(
    results: Iterable[ArticleResult], *, lexicon: Lexicon, max_examples: int | None = None
) -> SourceFigures:
    """Count the sources of `results`; keep up to `max_examples` examples each of unknown sources and
    of sources named by a non-name (all when None)."""
    total = unknown = 0
    reasons: Counter[NonName] = Counter()
    kept: Counter[str] = Counter()
    examples = []
    for result in results:
        for source in result.sources:
            total += 1
            unknown += source.type == "unknown"
            reason = non_name(source.name, lexicon)
            if reason is not None:
                reasons[reason] += 1
            for what in ("unknown" if source.type == "unknown" else "", reason or ""):
                if what and (max_examples is None or kept[what] < max_examples):
                    kept[what] += 1
                    examples.append(SourceExample(result.id, source.name, source.type, reason))
                    break
    return SourceFigures(
        total=total,
        unknown=unknown,
        non_name=sum(reasons.values()),
        by_reason=tuple((r, reasons[r]) for r in NON_NAMES if reasons[r]),
        examples=tuple(examples),
    )
