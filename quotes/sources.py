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
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quotes.clauses import TokenIndex
from quotes.coref import Chain, MentionInfo, describe
from quotes.detect import Candidate
from quotes.lexicon import Lexicon
from quotes.marks import dateline_end
from quotes.model import AnnotatedDoc, EventType, SourceType, Span
from quotes.phrases import noun_phrase_before


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


def _entity_types(doc: AnnotatedDoc, mention: Span) -> set[str]:
    return {e.type for e in doc.entities if e.start < mention.end and mention.start < e.end}


def _full_name_type(doc: AnnotatedDoc, name: tuple[str, ...]) -> str | None:
    """The entity type of a fuller name ending in this one word elsewhere in the article.

    The tagger is surer of "Vladimir Putin" than of a bare "Putin", which it often calls a place.
    """
    if len(name) != 1:
        return None
    for entity in doc.entities:
        words = entity.text.replace("\u2019", "'").removesuffix("'s").split()
        if len(words) >= 2 and words[-1] == name[0]:
            return entity.type
    return None


def _same_name_type(doc: AnnotatedDoc, name: tuple[str, ...]) -> str | None:
    """PER or ORG where the tagger tags the same name at another occurrence: it may tag a name once
    and miss it the next time. Weaker than any other clue (it also tags a firm's name as a person)."""
    found = {
        e.type
        for e in doc.entities
        if e.type in {"PER", "ORG"}
        and tuple(e.text.replace("\u2019", "'").removesuffix("'s").split()) == name
    }
    return "PER" if found == {"PER"} else "ORG" if found == {"ORG"} else None


def _named_by_body_noun(doc: AnnotatedDoc, name: tuple[str, ...], lexicon: Lexicon) -> bool:
    """Whether the article introduces this name with a body's noun right before it: "supplier
    Northgrid", "Consumer group Citizens Power", "glass maker Wiegand-Glas"."""
    if not name:
        return False
    words = r"\s+".join(re.escape(w) for w in name)
    # find the name itself (a fast literal search), then look at the word before it: one pass over
    # the text per name, where a pattern starting with (\w+) retried at every position
    for match in re.finditer(rf"(?<=\s){words}(?![\w-])", doc.text):
        before = re.search(r"(\w+)\s+$", doc.text[max(0, match.start() - 80) : match.start()])
        if before and before.group(1).lower() in lexicon.organisation_heads:
            return True
    return False


def _names_two(doc: AnnotatedDoc, mention: Span, lexicon: Lexicon) -> bool:
    """Whether a mention joins two names that the article also uses apart ("Orvea and Telbel"); a
    firm named "Procter and Gamble" is not mentioned as "Procter" alone."""
    parts = [_strip_determiner(p.strip(), lexicon) for p in mention.text.split(" and ")]
    if len(parts) != 2 or not all(p[:1].isupper() for p in parts):
        return False
    return all(len(re.findall(rf"(?<![\w-]){re.escape(p)}(?![\w-])", doc.text)) >= 2 for p in parts)


def _is_agency(text: str, lexicon: Lexicon) -> bool:
    bare = text.removeprefix("the ").removeprefix("The ")
    return any(bare == agency or bare == agency.removeprefix("The ") for agency in lexicon.agencies)


def _strip_determiner(text: str, lexicon: Lexicon) -> str:
    """ "the ministry" -> "ministry": an article (lower-case or capitalised) is no part of a name."""
    first, space, rest = text.partition(" ")
    articles = lexicon.determiners["article"]
    return rest if space and first in articles | {a.capitalize() for a in articles} else text


def _sentence_text(doc: AnnotatedDoc, mention: Span) -> str:
    """The text of the sentence a mention starts in (the mention's own text when none holds it)."""
    for sentence in doc.sentences:
        if sentence.start <= mention.start < sentence.end:
            return doc.text[sentence.start : sentence.end]
    return mention.text


def _kept_unnamed(doc: AnnotatedDoc, mention: Span, lexicon: Lexicon) -> bool:
    """Whether the speaker's sentence says the source is kept unnamed: "who declined to be named",
    "speaking on condition of anonymity", "who asked not to be identified"."""
    lowered = " ".join(_sentence_text(doc, mention).lower().replace("’", "'").split())
    return any(formula in lowered for formula in lexicon.anonymity_formulas)


def _unnamed_person(doc: AnnotatedDoc, mention: Span, info: MentionInfo, lexicon: Lexicon) -> bool:
    """A person described by role and never named: "a fire brigade spokesman", "an unnamed minister",
    "a senior aide, who declined to be named"."""
    if info.name or info.pronoun is not None or "PER" in _entity_types(doc, mention):
        return False
    # a spokesperson with no name is somebody unnamed, whoever they speak for
    if info.head in lexicon.spokesperson_heads:
        return True
    roles = (lexicon.titles, lexicon.anonymous_heads, lexicon.person_roles)
    if not any(info.head in words for words in roles):
        return False
    # "a minister", "two officers": an indefinite role introduces somebody the article does not name;
    # "the minister" may be somebody named earlier, unless the copy says it keeps them unnamed
    indefinite = info.determiner == "indefinite"
    return (
        indefinite
        or any(w in lexicon.anonymous_modifiers for w in info.words)
        or _kept_unnamed(doc, mention, lexicon)
    )


_AGE = re.compile(r"\d+-year-old")
_ACRONYM = re.compile(r"[A-Z]{2,5}|(?:[A-Z]\.){2,5}")  # "FBI", "F.B.I."
_NUMBER = re.compile(r"\d[\d,.]*")
_DOMAIN = re.compile(r"\w\.(?:com|org|net|fr|de|uk|ru|info|co)$", re.IGNORECASE)
# plural endings of nouns for people ("supporters", "investors", "activists", "Europeans",
# "residents", "participants", "conservatives")
_PEOPLE_ENDINGS = ("ers", "ors", "ists", "ans", "ents", "ants", "ives")


def _document(doc: AnnotatedDoc, mention: Span, info: MentionInfo, lexicon: Lexicon) -> bool:
    """A mention whose head is a document: "a new poll", "the email", "Clinton's tweets", "Poll"."""
    heads = lexicon.document_heads.all
    if info.pronoun is not None or not (info.head in heads or _singular(info.head) in heads):
        return False
    # "The Washington Post", "Bill Smith": a capitalised head is a name's last word, unless it stands
    # alone (a headline's "Poll: ...")
    written = re.findall(r"[\w'’-]+", mention.text.split(",")[0])
    if len(written) == 1:
        return not _entity_types(doc, mention)
    return any(w == info.head for w in written)


def _body_possessor(doc: AnnotatedDoc, mention: Span, lexicon: Lexicon) -> bool:
    """Whether a body owns the mention's document: "the campaign's statement", "Acme's report"."""
    owner = re.match(r"(?:the\s+)?(.+?)['’]s\s", mention.text, re.IGNORECASE)
    # "a document on the campaign's website": a possessive after the document's noun owns something else
    words = re.findall(r"[\w'’-]+", mention.text[: owner.start(1)] if owner else "")
    if owner is None or any(w.lower() in lexicon.document_heads.all for w in words + owner.group(1).split()):
        return False
    last = owner.group(1).split()[-1].lower()
    end = mention.start + owner.end(1)
    tagged = any(e.type == "ORG" and e.start < end and mention.start < e.end for e in doc.entities)
    return last in lexicon.organisation_heads or tagged


def _singular(noun: str) -> str:
    """A plural noun's singular, by its ending: "studies" -> "study", "officials" -> "official"."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    return noun.removesuffix("s")


def _role(info: MentionInfo, lexicon: Lexicon) -> bool:
    """A role that names one person, with no name in the mention: "the Florida senator", "the
    billionaire businessman", "the 43-year-old"."""
    if info.name or info.pronoun is not None:
        return False
    return info.head in lexicon.titles or info.head in lexicon.person_roles or bool(_AGE.fullmatch(info.head))


def _kind(doc: AnnotatedDoc, mention: Span, info: MentionInfo, lexicon: Lexicon) -> SourceType:
    phrase = " ".join(info.words)
    types = _entity_types(doc, mention)
    # "a new poll found", "the email said": a document speaks, whoever wrote it
    if _document(doc, mention, info, lexicon):
        # "the campaign's statement": a body's own document is the body speaking
        issued = info.head in lexicon.document_heads["issued"]
        return "organisation" if issued and _body_possessor(doc, mention, lexicon) else "document"
    # a group speaks with one voice but is no single source: "both sides", "analysts"
    # "Economists at Commerzbank": a name after the group's head names where they work, not them
    named_after_head = info.head in lexicon.group_heads and info.words[-1] != info.head
    if (any(phrase.endswith(group) for group in lexicon.group_heads) and not info.name) or named_after_head:
        return "anonymous" if info.head in lexicon.anonymous_heads else "group"
    # an unnamed individual described by role: "a diplomatic source", "senior officials"; a name in
    # "a source close to Orvea" is who the source is close to, whatever the tagger makes of it
    formula = any(pair in lexicon.source_formulas for pair in itertools.pairwise(info.words))
    if info.head in lexicon.anonymous_heads and not info.name and ("PER" not in types or formula):
        return "anonymous"
    if _unnamed_person(doc, mention, info, lexicon):
        return "anonymous"
    # "a spokeswoman for the glass maker Wiegand-Glas": a spokesperson for a named body speaks as it
    spokes = info.head in lexicon.spokesperson_heads and "for" in info.words
    if spokes and info.name and ("ORG" in types or _named_by_body_noun(doc, info.name, lexicon)):
        return "organisation"
    # "Orvea and Telbel": two names, each used on its own in the article, are two sources speaking
    if _names_two(doc, mention, lexicon):
        return "group"
    # "the Florida senator", "the actress": somebody the article identifies by role
    if _role(info, lexicon):
        return "person"
    # "the candidates", "The Vermont senators", "liberal organizations": several of one kind together
    single = _singular(info.head)
    plural = info.head.endswith("s") and not info.name
    if plural and (_role(replace(info, head=single), lexicon) or single in lexicon.organisation_heads):
        return "group"
    if info.head in lexicon.organisation_heads or _is_agency(mention.text, lexicon):
        return "organisation"
    # "The FBI", "CNN": an acronym alone names a body
    if len(info.name) == 1 and _ACRONYM.fullmatch(info.name[0]) and "PER" not in types:
        return "organisation"
    # a surname alone borrows the type of the full name used elsewhere ("Putin" after "Vladimir Putin")
    fuller = _full_name_type(doc, info.name)
    if "PER" in types or fuller == "PER":
        return "person"
    # "Consumer group Citizens Power", "supplier Northgrid": named after a body's noun, it is a body
    if "ORG" in types or fuller == "ORG" or _named_by_body_noun(doc, info.name, lexicon):
        return "organisation"
    same = _same_name_type(doc, info.name) if info.name else None
    if same is not None:
        return "person" if same == "PER" else "organisation"
    if info.name and (len(info.name) >= 2 or any(w in lexicon.titles for w in info.words)):
        return "person"
    if info.pronoun == "person":
        return "person"
    # "Milbank wrote": a surname the article also writes after a first name ("Dana Milbank")
    if len(info.name) == 1 and _surname(doc, info.name, lexicon) and "LOC" not in types:
        return "person"
    # "Tchadinfos.com reported": a website speaks as the body that runs it
    if info.name and _DOMAIN.search(info.name[-1]):
        return "organisation"
    # "Clinton defenders", "Russian soldiers", "EUROPEANS": people named by what they do or are
    unnamed = not info.name or info.name[-1].lower() == info.head
    if unnamed and info.head.endswith(_PEOPLE_ENDINGS) and info.determiner != "indefinite":
        return "group"
    # "Six in 10 say", "both said", "the two said": a count of people speaking together
    if _counted(doc, mention, info, lexicon):
        return "group"
    # "Americans say", "Democrats said": a people or a party's members, named in the plural
    plural_name = len(info.name) == 1 and info.name[0].endswith("s")
    if plural_name and "MISC" in types and info.determiner != "indefinite":
        return "group"
    # "Russia said", "Moscow says": a place that speaks is its government; but a word written
    # elsewhere after a first name ("Vladimir Putin") is a surname the tagger took for a place
    if info.name and ("LOC" in types or fuller == "LOC") and not _surname(doc, info.name, lexicon):
        return "organisation"
    return "unknown"


def _surname(doc: AnnotatedDoc, name: tuple[str, ...], lexicon: Lexicon) -> bool:
    """Whether a one-word name follows, somewhere in the article, another name word that is no
    title: a first name ("Vladimir Putin", "Dana Milbank")."""
    if len(name) != 1:
        return False
    for sentence in doc.sentences:
        tokens = sentence.tokens
        for before, word in itertools.pairwise(tokens):
            if word.text != name[0] or before.upos != "PROPN" or not before.text[:1].isupper():
                continue
            if before.text.lower().rstrip(".") not in lexicon.titles and before.end < word.start:
                return True
    return False


def _counted(doc: AnnotatedDoc, mention: Span, info: MentionInfo, lexicon: Lexicon) -> bool:
    """A mention that counts people and names none: "Six in 10", "the two", "both", "all five"."""
    tokens = [t for s in doc.sentences for t in s.tokens if mention.start <= t.start < mention.end]
    numbers = {t.text.lower() for t in tokens if t.upos == "NUM" or _NUMBER.fullmatch(t.text)}
    counts = numbers | lexicon.determiners["number"] | lexicon.determiners["quantifier"]
    counts |= lexicon.determiners["floating"]
    if any(w.lower() not in counts for w in info.name):  # "Six", "Both" opening a sentence name nobody
        return False
    words = [w for w in info.words if w not in lexicon.determiners["article"]]
    if not words or words == ["one"]:  # one of whom?
        return False
    return words[0] in counts


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
        part = _strip_determiner(part.strip(" ,"), lexicon)
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
    for word in re.findall(r"[^\W\d_]+", text):
        lemma = lexicon.form_lemmas.get(word)
        past = lemma is not None and word != lemma and not word.endswith(("s", "ing"))
        if word in lexicon.auxiliaries["finite"] or past:
            return True
    return False


def profile(doc: AnnotatedDoc, chain: Chain, *, lexicon: Lexicon) -> Profile:
    """Type and name a source from all its mentions (the most telling mention decides)."""
    pairs = [(m, describe(m, lexicon=lexicon, doc=doc)) for m in chain.mentions]
    # a pronoun is never a name: with no mention that says who speaks, nothing is known of the source
    telling = [(m, i) for m, i in pairs if not _says_nothing(i, lexicon)]
    if not telling:
        # "both said", "the two said": nobody named, but people counted together
        counted = [m for m, i in pairs if i.pronoun is None and _counted(doc, m, i, lexicon)]
        return Profile("group", "", descriptor=counted[0].text) if counted else Profile("unknown", "")
    mentions = tuple(m for m, _ in telling)
    kinds = [_kind(doc, m, i, lexicon) for m, i in telling]
    rank: dict[SourceType, int] = {
        "person": 0,
        "organisation": 1,
        "anonymous": 2,
        "group": 3,
        "document": 4,
        "unknown": 5,
    }
    kind = min(kinds, key=lambda k: rank[k])
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
        return Profile("anonymous", first.text, descriptor=first.text)
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
    if kind == "document" or (kind == "person" and not name):
        return Profile(kind, _strip_determiner(best.text, lexicon), descriptor=best.text)
    return Profile(kind, _strip_determiner(best.text, lexicon))


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
