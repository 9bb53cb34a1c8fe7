"""What a speaker mention says of its source: its head word, name, title, pronoun and number
(`MentionInfo`), read off the mention's words, its apposition ("Tom Ng, a spokesman") and the entities
the tagger found in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.lexicon import Lexicon
from quotes.model import AnnotatedDoc, Span

WORD = re.compile(r"[\w.\-'’]+")
SPEAKING_ENTITIES = frozenset({"PER", "ORG"})  # entity types (tags, not words) that say things


@dataclass(frozen=True, slots=True)
class MentionInfo:
    """What a mention says about its referent, read off its words."""

    words: tuple[str, ...]  # lower-cased
    determiner: str  # "indefinite", "definite" or "" (names, bare plurals)
    head: str  # the head noun, lower-cased ("source", "ministry")
    name: tuple[str, ...]  # capitalised words that name the referent, as written ("John", "Kerry")
    pronoun: str | None  # person / plural / thing / any, for a pronoun mention


def reduced_relative(mention: Span, doc: AnnotatedDoc, lexicon: Lexicon) -> str | None:
    """The past participle that opens a reduced relative clause in a mention, right after a noun
    ("a memo obtained by Reuters"), lower-cased, if there is one."""
    sentence = next((x for x in doc.sentences if x.start <= mention.start < x.end), None)
    if sentence is None:
        return None
    tokens = [tok for tok in sentence.tokens if mention.start <= tok.start and tok.end <= mention.end]
    # a past tense after the noun is a participle where a time, a preposition or nothing follows it
    # ("a news report published Wednesday"); before a noun phrase it is a clause's verb ("officials
    # said the talks")
    for k, tok in enumerate(tokens[1:], 1):
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        relative = (
            after is None or after.upos in {"ADP", "ADV"} or after.text.lower() in lexicon.time_words.all
        )
        if tokens[k - 1].upos in {"NOUN", "PROPN"} and (
            tok.xpos == "VBN" or (tok.xpos == "VBD" and relative)
        ):
            return tok.text.lower()
    return None


def describe(mention: Span, *, lexicon: Lexicon, doc: AnnotatedDoc | None = None) -> MentionInfo:
    """Read determiner, head, name and pronoun kind off a mention's words."""
    raw = WORD.findall(mention.text)
    words = tuple(w.lower() for w in raw)
    if not words:
        return MentionInfo((), "", "", (), None)
    # "Brian Fallon, the campaign's press secretary": the name and head come before the appositive
    main = tuple(w.lower() for w in WORD.findall(mention.text.split(",")[0])) or words
    pronoun = lexicon.pronoun_kind(words[0]) if len(words) == 1 else None
    determiners = lexicon.determiners
    determiner = next((d for d in ("indefinite", "definite") if words[0] in determiners[d]), "")
    # the head is the last word before a linking preposition ("a spokesman for the campaign")
    # "Shop owners on Gloucester Road": a place after a plural head ("on", "in") is no head either
    links = lexicon.np_links["head-end"]
    # "an official who spoke on condition of anonymity": nor is anything in a relative clause
    relative = lexicon.connectives["relative"]
    cut = next((i for i, w in enumerate(main) if (w in links or w in relative) and i > 0), len(main))
    # "another intelligence source speaking to Fox News": nor in a participle after a source's noun
    sources = lexicon.anonymous_heads | lexicon.group_heads | lexicon.spokesperson_heads
    cut = next(
        (i for i, w in enumerate(main[:cut]) if w.endswith("ing") and i > 0 and main[i - 1] in sources), cut
    )
    # "a report released Tuesday", "disclosures filed on Sunday": nor in a reduced relative clause
    participle = reduced_relative(mention, doc, lexicon) if doc is not None and len(main) >= 3 else None
    if participle is not None and participle in main[1:cut]:
        cut = main.index(participle, 1)
    # "a source close to Orvea", "people familiar with the matter": the formula of an unnamed source;
    # what it is close to names nobody who speaks
    formula = next(
        (i for i, w in enumerate(main[1:-1], 1) if (w, main[i + 1]) in lexicon.source_formulas), None
    )
    if formula is not None:
        # the lexicon may hold the formula's first words as a head ("people familiar")
        pair = f"{main[formula - 1]} {main[formula]}"
        head = pair if pair in lexicon.anonymous_heads else main[formula - 1]
        return MentionInfo(words, determiner, head, (), pronoun)
    head = unpossessed(main[cut - 1])
    return MentionInfo(words, determiner, head, _name(mention, lexicon, doc), pronoun)


def _name(mention: Span, lexicon: Lexicon, doc: AnnotatedDoc | None) -> tuple[str, ...]:
    """The proper name in a mention: an NER entity inside it, else its last run of capitalised words."""
    if doc is not None:
        inside = [
            e
            for e in doc.entities
            if mention.start <= e.start
            and e.end <= mention.end
            and e.type in SPEAKING_ENTITIES
            and not is_date(e.text, lexicon)
            # "Lithuania's foreign minister": a possessor before the head names someone else
            and not (e.text.endswith(("'s", "’s")) and e.end < mention.end)
        ]
        # "Ban Ki-moon, the secretary general of the United Nations": a name before the appositive
        # is the speaker's, one inside it names somebody else; "the association's president, Declan
        # Byrne": a name only in the appositive is the speaker's
        main_end = mention.start + len(mention.text.split(",")[0])
        before = [e for e in inside if e.end <= main_end]
        if not before and main_end < mention.end and _surface_name(mention.text, lexicon):
            return _surface_name(mention.text, lexicon)
        # "a former spokesman for the ministry, Oleg Voloshyn": a person's name right after the comma
        # is the speaker's when no person is named before it
        named = [e for e in inside if e.type == "PER" and (e.start, e.end) == appositive(mention)]
        # (or when a description opens the mention: "A longtime JNF official, Howard Ingram")
        described = mention.text.split()[0].lower() in lexicon.determiners.all
        if named and (described or not any(e.type == "PER" for e in before)):
            before = named
        inside = before or inside
        if inside:
            first = len(inside) - 1
            # "Minister Tomas" + "Vaitkus": one name that the tagger split in two touching entities
            while first > 0 and doc.text[inside[first - 1].end : inside[first].start].isspace():
                first -= 1
            words = WORD.findall(doc.text[inside[first].start : inside[-1].end])
            # "Mayor Claire Dubois": taggers keep a capitalised title in the name; it is no part of it
            while len(words) > 1 and words[0].lower() in lexicon.titles:
                words = words[1:]
            # "Homeland Security Secretary Jeh Johnson", "DNC Chairwoman Donna Brazile": a title inside
            # the tagged name ends what describes the person; the name follows it
            titled = [i for i, w in enumerate(words[:-1]) if w.lower() in lexicon.titles]
            rest = words[titled[-1] + 1 :] if titled else []
            if (
                rest
                and all(w[:1].isupper() for w in rest)
                # (a name, not a suffix after a king's: "Martin Luther King Jr.")
                and any(
                    w.lower() not in lexicon.titles and not w.endswith(".") and set(w) - set("IVX")
                    for w in rest
                )
            ):
                words = words[titled[-1] + 1 :]
            # "Clinton's claim that ...": the owner of a saying is named without the possessive
            return (*words[:-1], unpossessed(words[-1])) if words else ()
    return _surface_name(mention.text, lexicon)


def appositive(mention: Span) -> tuple[int, int] | None:
    """The offsets of the phrase between a mention's first and second commas, spaces trimmed ("Oleg
    Voloshyn" in "a former spokesman for the ministry, Oleg Voloshyn"), or None without one."""
    parts = mention.text.split(",")
    if len(parts) < 2 or not parts[1].strip():
        return None
    start = mention.start + len(parts[0]) + 1 + len(parts[1]) - len(parts[1].lstrip())
    return start, start + len(parts[1].strip())


def unpossessed(word: str) -> str:
    """A word without its possessive ending ("Clinton's" -> "Clinton")."""
    return word.removesuffix("'s").removesuffix("’s") or word


def _surface_name(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The last run of capitalised words before any appositive: the name where the tagger saw none."""
    run: list[str] = []
    words = WORD.findall(text.split(",")[0])
    if words:  # "Clinton's" owning a claim: the name without the possessive
        words[-1] = unpossessed(words[-1])
    for word in reversed(words):
        bare = unpossessed(word)
        # "Bill de Blasio": a lower-case particle inside a name belongs to it
        if bare in lexicon.name_particles and run:
            run.insert(0, bare)
            continue
        if (
            bare != word
            or not bare[:1].isupper()
            or bare.lower() in lexicon.titles
            or bare.lower() in lexicon.determiners["definite"]
            # "Officials said", "Protesters say": a sentence's capital on a common head names nobody
            or bare.lower() in lexicon.anonymous_heads
            or bare.lower() in lexicon.group_heads
        ):
            break
        run.insert(0, bare)
    while run and run[0] in lexicon.name_particles:
        run.pop(0)
    return tuple(run)


def is_date(text: str, lexicon: Lexicon) -> bool:
    """Whether a phrase is a date and nothing else ("Tuesday’s" tagged as a person, "December 1992",
    "last week"): no speaker."""
    words = [unpossessed(w.lower()) for w in WORD.findall(text)]
    dates = lexicon.months | lexicon.time_words.all
    named = [w for w in words if not w.isdigit()]
    return bool(named) and all(w in dates for w in named)
