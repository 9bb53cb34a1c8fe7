"""Source typing, conduits and non-quote sourcing events.

- A chain of mentions is typed person / organisation / anonymous / group / document / unknown, named,
  and keeps a person's title ("US Secretary of State", "Putin's spokesman").
- A conduit is the news agency or outlet a quote reached the article through ("told the Interfax news
  agency", "RIA Novosti, quoting a diplomatic source, said", "told AFP").
- "declined to comment", "did not respond to a request for comment", "could not be reached" are
  events of a source, not quotes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.coref import Chain
from quotes.detect import Candidate
from quotes.kinds import counted, source_kind, strip_determiner
from quotes.lexicon import Lexicon
from quotes.marks import dateline_end
from quotes.mentions import MentionInfo, describe, reduced_relative, unpossessed
from quotes.model import AnnotatedDoc, EventType, SourceType, Span
from quotes.phrases import noun_phrase_before
from quotes.tokens import TokenIndex


@dataclass(frozen=True, slots=True)
class Profile:
    """What a chain of mentions says about its source."""

    type: SourceType
    name: str
    descriptor: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """A sourcing event before its subject is resolved to a source."""

    type: EventType
    start: int
    end: int
    subject: Span | None


def _title(mention: Span, info: MentionInfo, lexicon: Lexicon) -> str | None:
    """The words before a person's name, when they hold a title: "US Secretary of State John Kerry"."""
    if not info.name:
        return None
    head, _, apposition = mention.text.partition(",")
    at = head.find(info.name[0])
    # "the association's president, Declan Byrne": a name only in the apposition leaves the title before
    if at < 0 and info.name[0] in apposition:
        at = len(head)
    # "US Secretary of State John Kerry": the words before the name; "Fallon, the press secretary": after
    for part in (head[: max(at, 0)], apposition):
        part = strip_determiner(part.strip(" ,"), lexicon)
        lowered = f" {part.lower()} "
        if part and any(f" {title} " in lowered for title in lexicon.titles):
            return part
    return None


_CLITIC = re.compile(r"['’](?:s|d|ll|re|ve)$")


def _says_nothing(info: MentionInfo, lexicon: Lexicon) -> bool:
    """A mention that tells nothing of who speaks: a pronoun or relative ("he", "who"), a determiner
    alone ("the"), a date ("Friday", "last week"). It is never a source's name."""
    # "he'd", "they're", "it's": a clitic on a pronoun leaves a pronoun
    words = [_CLITIC.sub("", w) for w in info.words]
    if not words or info.pronoun is not None:
        return True
    if len(words) == 1 and (
        words[0] in lexicon.connectives["relative"] or words[0] in lexicon.pronoun_sets.all
    ):
        return True
    dates = lexicon.months | lexicon.time_words.all
    return all(w in lexicon.determiners.all for w in words) or all(w in dates for w in words)


def _clause(text: str, lexicon: Lexicon) -> bool:
    """Whether a phrase holds a lower-case finite verb ("officials said the talks"): a clause, no name."""
    # a hyphenated compound is one word: "the self-described socialist" holds no verb
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        lemma = lexicon.form_lemmas.get(word)
        past = lemma is not None and word != lemma and not word.endswith(("s", "ing"))
        if word in lexicon.auxiliaries["finite"] or past:
            return True
    return False


def _named_part(text: str, lexicon: Lexicon) -> str:
    """A mention without what its apposition or aside adds: "United States Citizenship and Immigration
    Services, the agency that oversees the program" names the body before the comma; what follows
    describes it. A lower-case word after the comma opens an apposition; a capital may go on with a
    list of names ("Orvea, Telbel and Kimo"), which stays whole."""
    head, comma, rest = text.partition(",")
    rest = rest.lstrip()
    if comma and head.strip() and rest[:1].islower():
        text = head.rstrip()
    # "a senior official who spoke on condition of anonymity": a relative clause describes, it does
    # not name
    words = text.split(" ")
    relative = next(
        (i for i, w in enumerate(words) if i > 0 and w.lower() in lexicon.connectives["relative"]), len(words)
    )
    # "the union's demands for ...": the owner of a saying is named without the possessive
    return unpossessed(" ".join(words[:relative]).rstrip(","))


# which kind of mention tells most about a source: a name first, an unknown last
_RANK: dict[SourceType, int] = {
    "person": 0,
    "organisation": 1,
    "anonymous": 2,
    "group": 3,
    "document": 4,
    "unknown": 5,
}


def profile(doc: AnnotatedDoc, chain: Chain, *, lexicon: Lexicon) -> Profile:
    """Type and name a source from all its mentions (the most telling mention decides)."""
    pairs = [(m, describe(m, lexicon=lexicon, doc=doc)) for m in chain.mentions]
    # a pronoun is never a name: with no mention that says who speaks, nothing is known of the source
    telling = [(m, i) for m, i in pairs if not _says_nothing(i, lexicon)]
    if not telling:
        # "both said", "the two said": nobody named, but people counted together
        people = [m for m, i in pairs if i.pronoun is None and counted(doc, m, i, lexicon)]
        return Profile("group", "", descriptor=people[0].text) if people else Profile("unknown", "")
    mentions = tuple(m for m, _ in telling)
    kinds = [source_kind(doc, m, i, lexicon) for m, i in telling]
    kind = min(kinds, key=_RANK.__getitem__)
    # "a New York judge ... the judge": a role never named, introduced as somebody unnamed
    if kind == "person" and "anonymous" in kinds and not any(i.name for _, i in telling):
        kind = "anonymous"
    # a chain of only "the statement" and the like is the body behind it, if typed so
    if kind == "person":
        named = [(m, i) for m, i in telling if i.name]
        if named:
            _, info = max(named, key=lambda pair: len(pair[1].name))
            titles = [t for t in (_title(m, i, lexicon) for m, i in named) if t]
            return Profile("person", " ".join(info.name), title=titles[0] if titles else None)
    # "the former first lady ... she said": a person pronoun tells a person, when nothing else does
    if kind == "unknown" and any(i.pronoun == "person" for _, i in pairs):
        kind = "person"
    if kind == "anonymous":
        first = next((m for m, i in telling if i.determiner == "indefinite"), mentions[0])
        return Profile("anonymous", _named_part(first.text, lexicon), descriptor=first.text)
    candidates = [m for m, k in zip(mentions, kinds, strict=True) if k == kind]
    # the fullest mention names a body or a person; a document is named by its shortest ("the exit
    # poll", not "early results of the exit poll conducted by ... for ...")
    pick = min if kind == "document" else max
    best = pick(candidates or list(mentions), key=lambda m: len(m.text))
    # "officials said the talks": a clause read as the speaker names nobody
    if kind == "unknown" and _clause(best.text, lexicon):
        return Profile("unknown", "")
    name = describe(best, lexicon=lexicon, doc=doc).name
    words = best.text.split()
    # "Consumer group Citizens Power": the body's noun before its name describes it, the name names it
    introduced = len(words) > len(name) and words[-len(name) - 1].lower() in lexicon.organisation_heads
    if kind == "organisation" and name and introduced and words[-len(name) :] == list(name):
        return Profile(kind, " ".join(name))
    # known by a description alone ("the Florida senator", "a new poll"): the description names it
    label = strip_determiner(_named_part(best.text, lexicon), lexicon)
    # "a report released Tuesday": the reduced relative clause describes the document, not names it
    participle = reduced_relative(best, doc, lexicon)
    if participle is not None:
        words = label.split()
        cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() == participle), len(words))
        label = " ".join(words[:cut])
    if kind == "document" or (kind == "person" and not name):
        return Profile(kind, label, descriptor=best.text)
    return Profile(kind, label)


@functools.cache
def _agency_pattern(agencies: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every agency name, longest first, whole words only."""
    names = "|".join(re.escape(agency) for agency in agencies)
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")


_OUTLET_NAME = r"([A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,2})"


def _alternatives(words: frozenset[str]) -> str:
    """A regular expression for any of `words` (a space matches any run of spaces)."""
    return "|".join(
        r"\s+".join(re.escape(w) for w in entry.split())
        for entry in sorted(words, key=lambda e: (-len(e), e))
    )


@functools.cache
def _outlet_pattern(nouns: frozenset[str], links: frozenset[str]) -> re.Pattern[str]:
    """An outlet that is not in the agency list, named with its kind: "told the newspaper Borsen",
    "was quoted by the Hurriyet newspaper", "told the broadcaster NRK"."""
    noun = rf"(?:{_alternatives(nouns)})"
    return re.compile(
        rf"\b(?:{_alternatives(links)})\s+the\s+(?:{noun}\s+{_OUTLET_NAME}|{_OUTLET_NAME}\s+{noun}\b)"
    )


@functools.cache
def _named_outlet_pattern(
    name_words: frozenset[str], links: frozenset[str], relays: frozenset[str]
) -> re.Pattern[str]:
    """An outlet known by the last word of its name ("the Financial Times", "Sky News"), where it is a
    channel: the listener of "told", the "by" of "quoted by", or the outlet that cites or quotes
    somebody ("the Daily Herald, citing officials", "the Evening Post reported, quoting a source")."""
    last = "|".join(sorted({w.capitalize() for w in name_words} | {w.upper() for w in name_words}))
    # a word of the name before its last: "the TV", "the Post" alone are too common to be a name here
    # (the lone names that are outlets, "The Times", "The Post", are in the agency list)
    name = rf"((?:[A-Z][\w'’&.-]*\s+){{1,3}}(?:{last}))(?![\w-])"
    relay = rf"(?:{_alternatives(relays)})"
    return re.compile(
        rf"\b(?:{_alternatives(links)})\s+(?:the\s+)?{name}"
        rf"|{name}(?=,?\s+{relay}\b|\s+[a-z]+,\s+{relay}\b)"
    )


def conduits(doc: AnnotatedDoc, cand: Candidate, *, lexicon: Lexicon) -> tuple[str, ...]:
    """Agencies named near the cue, outside the quote: "told the Interfax news agency", "RIA Novosti,
    quoting a diplomatic source, said", and an outlet that speaks itself ("The Post reports")."""
    if cand.cue_at is None:
        return ()
    sentence = doc.sentences[cand.cue_at[0]]
    found: list[str] = []
    # the channel is named near the cue ("told AFP", "RIA Novosti, quoting X, said"): look there only
    cue = cand.cue or Span(cand.start, cand.end, "")
    window = (max(sentence.start, cue.start - 200), min(sentence.end, cue.end + 200))
    for match in _agency_pattern(lexicon.agencies).finditer(doc.text, *window):
        start = match.start()
        # words of the quote itself are not a channel; an outlet that is the speaker is ("The Post reports")
        if cand.start <= start < cand.end:
            continue
        # the agency of a dateline ("DUBLIN (Reuters) - ") files the story: it relays nobody's words
        if start < dateline_end(doc.text, start):
            continue
        found.append(match.group().removeprefix("The "))
    # the listener of "told" or the "by" of "was quoted by", outside the quote, is the channel
    for match in _outlet_pattern(lexicon.outlets["noun"], lexicon.outlets["link"]).finditer(
        doc.text, *window
    ):
        if not cand.start <= match.start() < cand.end:
            found.append(match.group(1) or match.group(2))
    # an outlet known by its name's last word ("told the Financial Times", "Sky News, citing X")
    relays = lexicon.parenthetical_openers["relay"]
    for match in _named_outlet_pattern(lexicon.outlet_name_words, lexicon.outlets["link"], relays).finditer(
        doc.text, *window
    ):
        if not cand.start <= match.start() < cand.end:
            found.append((match.group(1) or match.group(2)).removeprefix("The "))
    return _longest_names(found)


def _longest_names(names: Sequence[str]) -> tuple[str, ...]:
    """The names in first-seen order, less any that is the start or end of a longer one: "BBC" and
    "BBC Radio" are one channel, named in full."""
    unique = list(dict.fromkeys(names))
    return tuple(
        name
        for name in unique
        if not any(
            other != name and (other.startswith(name + " ") or other.endswith(" " + name)) for other in unique
        )
    )


def find_events(
    doc: AnnotatedDoc, *, lexicon: Lexicon, index: TokenIndex | None = None
) -> tuple[EventCandidate, ...]:
    """ "X declined immediate comment", "X did not respond to a request for comment" (`index`: the
    doc's `TokenIndex`, when the caller has built it already)."""
    index = TokenIndex(doc) if index is None else index
    events: list[EventCandidate] = []
    for s, sentence in enumerate(doc.sentences):
        text = doc.text[sentence.start : sentence.end]
        for pattern, kind in lexicon.comment_events:
            for match in pattern.finditer(text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if any(e.start < end and start < e.end for e in events):
                    continue  # one event per phrase, whichever pattern saw it first
                first = next((t for t, tok in enumerate(sentence.tokens) if tok.end > start), None)
                subject = None
                if first is not None:
                    # skip the auxiliary of "did not respond", "could not be reached"
                    while (
                        first > 0 and sentence.tokens[first - 1].text.lower() in lexicon.auxiliaries["event"]
                    ):
                        first -= 1
                    # a dateline ("LONDON (Reuters) - ") before the subject is no part of it
                    floor = max(sentence.start, dateline_end(doc.text, sentence.tokens[first].start))
                    subject = noun_phrase_before(
                        doc, s, first, floor=floor, lexicon=lexicon, tagged=index.tagged
                    )
                    start = min(start, sentence.tokens[first].start)
                begin = subject.start if subject else start
                events.append(EventCandidate(kind, begin, end, subject))
    return tuple(sorted(events, key=lambda e: e.start))


def profiles(doc: AnnotatedDoc, chains: Sequence[Chain], *, lexicon: Lexicon) -> tuple[Profile, ...]:
    return tuple(profile(doc, chain, lexicon=lexicon) for chain in chains)
