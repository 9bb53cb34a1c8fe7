"""Word lists that drive the rules: reporting verbs, quote marks, source heads, agencies, titles,
and the function words (pronouns, auxiliaries, determiners, connectives, time words) the rules read.

Each list is a plain text file beside this module (one entry a line, `#` starts a comment), so a
change to the rules reads as a change to a word list. A word that several rules read is written
once: its line names the sets it belongs to ("was finite skip passive perfect"), and a rule asks for
a set by name (`lexicon.auxiliaries["finite"]`). `load_lexicon()` reads them once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
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
class WordSets:
    """A word list whose entries name the sets they belong to: `words["finite"]` is one set."""

    all: frozenset[str]
    sets: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.sets[name]


def _word_sets(name: str, *, sized: int = 1) -> WordSets:
    """Read a list of `entry set set ...` rows; an entry is its first `sized` words."""
    sets: dict[str, set[str]] = {}
    entries: set[str] = set()
    for row in _lines(name):
        words = row.lower().split()
        entry = " ".join(words[:sized])
        entries.add(entry)
        for tag in words[sized:]:
            sets.setdefault(tag, set()).add(entry)
    return WordSets(frozenset(entries), {tag: frozenset(found) for tag, found in sets.items()})


def _outlets() -> WordSets:
    """outlets.txt: entries of one or two words, then one set name."""
    sets: dict[str, set[str]] = {}
    for row in _lines("outlets.txt"):
        *entry, tag = row.lower().split()
        sets.setdefault(tag, set()).add(" ".join(entry))
    return WordSets(frozenset().union(*sets.values()), {tag: frozenset(found) for tag, found in sets.items()})


def _words(name: str) -> frozenset[str]:
    return frozenset(row.lower() for row in _lines(name))


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
    # function words, each written once with the sets it belongs to (see the files' headers)
    pronoun_sets: WordSets  # pronouns.txt: subject / phrase / inverted / possessive / owner / nominal
    auxiliaries: WordSets  # finite / skip / passive / perfect / event / contraction
    determiners: WordSets  # indefinite / definite / article / nominal / quantifier / floating
    connectives: WordSets  # new-clause / coordinator / shares / subordinate / opener / relative / ...
    time_words: WordSets  # time / date / opener
    np_links: WordSets  # inside / possessive / head-end / place
    parenthetical_openers: WordSets  # all; relay
    speaker_trims: WordSets  # conduit
    object_verbs: WordSets  # all (lemmas); listener
    outlets: WordSets  # noun / link
    not_reporting_before: WordSets  # all (word forms); lemma
    abbreviations: frozenset[str]
    headings: frozenset[str]
    clause_cuts: frozenset[str]
    directive_verbs: frozenset[str]  # lemmas, or "lemma particle" ("call for")
    object_content_verbs: WordSets  # lemmas: "criticized the plan" reports the plan; charge
    verb_adverbs: frozenset[str]
    title_words: frozenset[str]
    document_heads: WordSets  # all; issued (a body's own voice: "the statement")
    document_verbs: frozenset[str]  # "find", "show": report only with a document as subject
    reporting_nouns: frozenset[str]  # "claim", "assertion": "Clinton's claim that ..."
    reporting_phrases: frozenset[tuple[str, str]]  # ("put", "it"), ("shoot", "back")
    person_roles: frozenset[str]  # "the actress", "a student": a role naming one person
    source_formulas: frozenset[tuple[str, str]]
    share_openers: frozenset[tuple[str, str]]  # "more than", "at least": before a share of people
    name_particles: frozenset[str]
    spokesperson_heads: frozenset[str]
    form_lemmas: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # "told" -> "tell"
    occasions: frozenset[str] = frozenset()  # "at a rally", "on Twitter": where or how it was said
    phrase_words: WordSets = field(default_factory=lambda: WordSets(frozenset()))  # "last week", "at a"
    months: frozenset[str] = frozenset()  # with time_words (weekdays...): words of a date, never a name
    anonymity_formulas: frozenset[str] = frozenset()  # "declined to be named", "condition of anonymity"
    anonymous_modifiers: frozenset[str] = frozenset()  # "unnamed", "unidentified"
    outlet_name_words: frozenset[str] = frozenset()  # "times", "post", "news": an outlet's last word
    title_abbreviations: frozenset[str] = frozenset()  # "sen", "gov": a title before a name
    answers: frozenset[str] = frozenset()  # "so", "yes", "the same": a whole answer after "said"
    # every word or lemma that may be a cue (a reporting verb's lemma or form, a reporting noun, a
    # document verb, a reporting phrase's verb): any other word is refused at once. Derived.
    cue_words: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        phrases = {first for first, _ in self.reporting_phrases}
        cues = self.reporting_lemmas | self.reporting_forms | self.reporting_nouns | self.document_verbs
        object.__setattr__(self, "cue_words", cues | phrases)  # frozen: set once, here

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


_KINDS = frozenset({"person", "plural", "thing", "any", "-"})  # pronouns.txt's second column


def _event_type(name: str) -> EventType:
    return "no_response" if name == "no_response" else "declined_comment"


def _reporting_verbs() -> tuple[set[str], dict[str, str]]:
    """reporting_verbs.txt: the lemmas, and each of their forms with its lemma ("told" -> "tell")."""
    lemmas: set[str] = set()
    form_lemmas: dict[str, str] = {}
    for row in _lines("reporting_verbs.txt"):
        lemma, *irregular = row.lower().split()
        lemmas.add(lemma)
        for form in sorted(_inflections(lemma) | set(irregular)):
            form_lemmas.setdefault(form, lemma)
    return lemmas, form_lemmas


def _lower(name: str) -> frozenset[str]:
    """The lines of a word list, lower-cased."""
    return frozenset(row.lower() for row in _lines(name))


def _pairs(name: str) -> frozenset[tuple[str, str]]:
    """The two-word lines of a word list, lower-cased, as pairs."""
    return frozenset((a, b) for a, b in (row.lower().split() for row in _lines(name)))


def _pronouns() -> tuple[tuple[tuple[str, str], ...], WordSets]:
    """Each pronoun with what it may refer to as a speaker (its second column; "-" for never a
    speaker, left out), and the pronouns' sets less those kinds."""
    pronouns = tuple(
        (row.lower().split()[0], row.lower().split()[1])
        for row in _lines("pronouns.txt")
        if len(row.split()) >= 2 and row.split()[1] != "-"
    )
    sets = _word_sets("pronouns.txt")
    return pronouns, WordSets(sets.all, {k: v for k, v in sets.sets.items() if k not in _KINDS})


@functools.cache
def load_lexicon() -> Lexicon:
    """Read the word lists shipped in this package (once per process)."""
    lemmas, form_lemmas = _reporting_verbs()
    forms = set(form_lemmas)
    pairs = tuple((row.split()[0], row.split()[-1]) for row in _lines("quote_marks.txt"))
    pronouns, pronoun_sets = _pronouns()
    events = tuple(
        (re.compile(row.split("\t")[0], re.IGNORECASE), _event_type(row.split("\t")[-1].strip()))
        for row in _lines("comment_events.txt")
    )
    return Lexicon(
        reporting_lemmas=frozenset(lemmas),
        reporting_forms=frozenset(forms),
        mark_pairs=pairs,
        anonymous_heads=_lower("anonymous_heads.txt"),
        group_heads=_lower("group_heads.txt"),
        agencies=tuple(sorted(_lines("agencies.txt"), key=len, reverse=True)),
        organisation_heads=_lower("organisation_heads.txt"),
        titles=_lower("titles.txt"),
        pronouns=pronouns,
        comment_events=events,
        pronoun_sets=pronoun_sets,
        auxiliaries=_word_sets("auxiliaries.txt"),
        determiners=_word_sets("determiners.txt"),
        connectives=_word_sets("connectives.txt"),
        time_words=_word_sets("time_words.txt"),
        np_links=_word_sets("np_links.txt"),
        parenthetical_openers=_word_sets("parenthetical_openers.txt"),
        speaker_trims=_word_sets("speaker_trims.txt"),
        object_verbs=_word_sets("object_verbs.txt"),
        outlets=_outlets(),
        not_reporting_before=_word_sets("not_reporting_before.txt"),
        abbreviations=_word_sets("abbreviations.txt").all,
        title_abbreviations=_word_sets("abbreviations.txt")["title"],
        headings=_words("headings.txt"),
        clause_cuts=_words("clause_cuts.txt"),
        directive_verbs=_words("directive_verbs.txt"),
        object_content_verbs=_word_sets("object_content_verbs.txt"),
        verb_adverbs=_words("verb_adverbs.txt"),
        title_words=_words("title_words.txt"),
        document_heads=_word_sets("document_heads.txt"),
        document_verbs=_lower("document_verbs.txt"),
        reporting_nouns=_lower("reporting_nouns.txt"),
        reporting_phrases=_pairs("reporting_phrases.txt"),
        person_roles=_words("person_roles.txt"),
        source_formulas=_pairs("source_formulas.txt"),
        share_openers=_pairs("share_openers.txt"),
        name_particles=_words("name_particles.txt"),
        spokesperson_heads=_words("spokesperson_heads.txt"),
        form_lemmas=form_lemmas,
        months=_words("months.txt"),
        anonymity_formulas=_words("anonymity_formulas.txt"),
        anonymous_modifiers=_words("anonymous_modifiers.txt"),
        outlet_name_words=_words("outlet_name_words.txt"),
        answers=_words("answers.txt"),
        occasions=_words("occasions.txt"),
        phrase_words=_word_sets("phrase_words.txt"),
    )
