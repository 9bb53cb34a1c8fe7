"""What kind of source one mention names: person, organisation, anonymous, group, document or
unknown, by the policy in the README ("Source types"), from the mention's words, the tagger's
entities and the rest of the article."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from quotes.lexicon import Lexicon
from quotes.mentions import MentionInfo, appositive, describe, unpossessed
from quotes.model import AnnotatedDoc, SourceType, Span


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
    """Whether a mention joins names that the article also uses apart ("Orvea and Telbel", "Orvea,
    Telbel and Kimo"); a firm named "Procter and Gamble" is not mentioned as "Procter" alone."""
    head, _, last = mention.text.rpartition(" and ")
    parts = [strip_determiner(p.strip(), lexicon) for p in [*head.split(","), last]] if head else []
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return False
    return all(len(re.findall(rf"(?<![\w-]){re.escape(p)}(?![\w-])", doc.text)) >= 2 for p in parts)


def _is_agency(text: str, lexicon: Lexicon) -> bool:
    bare = text.removeprefix("the ").removeprefix("The ")
    return any(bare == agency or bare == agency.removeprefix("The ") for agency in lexicon.agencies)


def strip_determiner(text: str, lexicon: Lexicon) -> str:
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
    if info.pronoun is not None or not (info.head in heads or singular(info.head) in heads):
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


def singular(noun: str) -> str:
    """A plural noun's singular, by its ending: "studies" -> "study", "officials" -> "official"."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("yses"):  # "analyses" -> "analysis"
        return noun[:-2] + "is"
    return noun.removesuffix("s")


def _role(info: MentionInfo, lexicon: Lexicon) -> bool:
    """A role that names one person, with no name in the mention: "the Florida senator", "the
    billionaire businessman", "the 43-year-old"."""
    if info.name or info.pronoun is not None:
        return False
    # "the co-editor", "his ex-wife": a role with a prefix is still the role
    head = re.sub(r"^(?:co|ex|vice|deputy)-", "", info.head)
    if head in lexicon.titles or head in lexicon.person_roles or _AGE.fullmatch(head):
        return True
    # "the self-described democratic socialist", "the historian": a noun of a person's creed or trade
    return bool(_PERSON_SUFFIX.search(head)) and not _LIST_COMPOUND.search(head)


# "-ist" and "-ian" make nouns of people ("socialist", "lobbyist", "physician", "comedian"); a
# compound of "list" ("checklist", "shortlist") is a thing, but not "journalist" or "novelist"
_PERSON_SUFFIX = re.compile(r"^\w{3,}(?:ist|ian)$")
_LIST_COMPOUND = re.compile(r"[^aeiouc]list$")
_APPOSITION = re.compile(
    r",\s+(?:the|a|an|its|his|her|their)\s+((?:[\w'’-]+\s+)*?[\w'’-]+)(?=\s+(?:of|for|at|in|on|to|who|that|which)\b|,|$)"
)


def _titled_apposition(text: str, lexicon: Lexicon) -> bool:
    """A name followed by a person's title in apposition: "Ban Ki-moon, the secretary general of the
    United Nations" is a person, whatever body the title names."""
    match = _APPOSITION.search(text)
    if match is None:
        return False
    words = match.group(1).lower().split()
    return any(w in lexicon.titles or w in lexicon.person_roles for w in words)


def source_kind(doc: AnnotatedDoc, mention: Span, info: MentionInfo, lexicon: Lexicon) -> SourceType:
    """The kind of source a mention names: by its description first, then by its name."""
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
    # "many Democrats", "Senate Republicans": a party's members named in the plural are a group too
    members = 0 < len(info.name) <= 2 and info.name[-1].lower() == info.head and "," not in mention.text
    if (
        any(phrase.endswith(group) for group in lexicon.group_heads) and (not info.name or members)
    ) or named_after_head:
        return "anonymous" if info.head in lexicon.anonymous_heads else "group"
    # "a former spokesman for the ministry, Oleg Voloshyn": the name in apposition is the speaker's
    if _person_in_apposition(doc, mention):
        return "person"
    affiliated = _affiliated(info, lexicon)
    if affiliated is not None:
        return affiliated
    described = _described_kind(doc, mention, info, types, lexicon)
    if described is not None:
        return described
    if info.head in lexicon.organisation_heads or _is_agency(mention.text, lexicon):
        return "organisation"
    # "The FBI", "CNN": an acronym alone names a body
    if len(info.name) == 1 and _ACRONYM.fullmatch(info.name[0]) and "PER" not in types:
        return "organisation"
    return _by_name(doc, mention, info, types, lexicon)


def _described_kind(
    doc: AnnotatedDoc, mention: Span, info: MentionInfo, types: set[str], lexicon: Lexicon
) -> SourceType | None:
    """The kind of source a mention's description makes it: somebody unnamed ("a diplomatic source",
    "a spokesman for Clinton"), a body ("America Rising, a conservative political action committee"),
    a person known by role ("the Florida senator") or several together ("the candidates")."""
    # an unnamed individual described by role: "a diplomatic source", "senior officials"; a name in
    # "a source close to Orvea" is who the source is close to, whatever the tagger makes of it
    formula = any(pair in lexicon.source_formulas for pair in itertools.pairwise(info.words))
    # "America Rising, a conservative political action committee": a body described as one
    if info.name and "PER" not in types and _described_as_body(mention, lexicon):
        return "organisation"
    # "an aide to Clinton", "a source speaking to Fox News": a name after the head is somebody else's
    elsewhere = formula or _named_after(mention, info)
    if (
        info.head in lexicon.anonymous_heads
        and (not info.name or elsewhere)
        and ("PER" not in types or elsewhere)
    ):
        return "anonymous"
    # "the Council on American-Islamic Relations director Nihad Awad": a person's name ends the phrase
    if _ends_in_person(doc, mention, lexicon):
        return "person"
    if _unnamed_person(doc, mention, info, lexicon):
        return "anonymous"
    # "a spokeswoman for the glass maker Wiegand-Glas": a spokesperson for a named body speaks as it
    spokes = info.head in lexicon.spokesperson_heads and "for" in info.words
    if spokes and info.name and ("ORG" in types or _named_by_body_noun(doc, info.name, lexicon)):
        return "organisation"
    # ... for a person, or an adviser to one ("a spokesman for Clinton"), is somebody unnamed
    spokesperson = info.head in lexicon.spokesperson_heads
    role = info.determiner == "indefinite" and (
        info.head in lexicon.person_roles or info.head in lexicon.titles
    )
    if _named_after(mention, info) and (spokesperson or role):
        return "anonymous"
    # "Orvea and Telbel": two names, each used on its own in the article, are two sources speaking
    if _names_two(doc, mention, lexicon):
        return "group"
    # "the Florida senator", "the actress": somebody the article identifies by role
    if _role(info, lexicon) or (info.name and _titled_apposition(mention.text, lexicon)):
        return "person"
    # "the candidates", "The Vermont senators", "liberal organizations": several of one kind together
    single = singular(info.head)
    plural = info.head.endswith("s") and not info.name
    if plural and (_role(replace(info, head=single), lexicon) or single in lexicon.organisation_heads):
        return "group"
    return None


def _name_and_head(words: Sequence[str], info: MentionInfo) -> tuple[int, int] | None:
    """Where, among `words` (lower-cased), the mention's name ends and its head stands; None if
    either is missing there."""
    last = unpossessed(info.name[-1]).lower() if info.name else ""
    if not last or last not in words or info.head not in words:
        return None
    return list(words).index(last), list(words).index(info.head)


def _named_after(mention: Span, info: MentionInfo) -> bool:
    """Whether the mention's name comes after its head and before any comma ("an aide to Clinton";
    not "her policy adviser, Jake Sullivan")."""
    at = _name_and_head(mention.text.split(",")[0].lower().split(), info)
    return at is not None and at[0] > at[1]


def _ends_in_person(doc: AnnotatedDoc, mention: Span, lexicon: Lexicon) -> bool:
    """Whether a person's name the tagger found ends the mention's main phrase (before any comma),
    right after a word that does not link it to a head before ("a spokesman for Hillary Clinton")."""
    end = mention.start + len(mention.text.split(",")[0].rstrip())
    person = next(
        (e for e in doc.entities if e.type == "PER" and e.end == end and e.start > mention.start), None
    )
    if person is None:
        return False
    # ... after its title ("Director Nihad Awad"), not after a body's noun ("the newspaper Haaretz")
    before = doc.text[mention.start : person.start].lower().split()
    return bool(before) and (before[-1] in lexicon.titles or before[-1] in lexicon.person_roles)


def _described_as_body(mention: Span, lexicon: Lexicon) -> bool:
    """Whether the phrase after the mention's first comma describes a body: an article, then a head
    of organisation_heads.txt ("..., a conservative political action committee")."""
    parts = mention.text.split(",")
    if len(parts) < 2:
        return False
    words = parts[1].lower().split()
    if not words or words[0] not in lexicon.determiners["article"]:
        return False
    links = lexicon.np_links["head-end"] | lexicon.connectives["relative"]
    cut = next((i for i, w in enumerate(words) if w in links and i > 0), len(words))
    return words[cut - 1] in lexicon.organisation_heads


def _person_in_apposition(doc: AnnotatedDoc, mention: Span) -> bool:
    """Whether the whole phrase after the mention's first comma is a person's name the tagger found
    ("a former spokesman for the ministry, Oleg Voloshyn")."""
    apposed = appositive(mention)
    return apposed is not None and any(e.type == "PER" and (e.start, e.end) == apposed for e in doc.entities)


def _affiliated(info: MentionInfo, lexicon: Lexicon) -> SourceType | None:
    """ "another unnamed GOP official", "Obama aides", "a U.S. District Court judge": a name before the
    head says whom the source works for, not who it is; an unnamed role is anonymous, people named by
    what they do are a group. None where the name is no such modifier, or the head no such role."""
    at = _name_and_head(info.words, info)
    if at is None or at[0] >= at[1]:
        return None
    single = singular(info.head)
    if info.head in lexicon.spokesperson_heads or single in lexicon.spokesperson_heads:
        return "anonymous"
    if info.head in lexicon.anonymous_heads or single in lexicon.anonymous_heads:
        return "anonymous"
    if info.head in lexicon.group_heads:
        return "group"
    roles = (lexicon.titles, lexicon.person_roles)
    if any(single in words or info.head in words for words in roles):
        unnamed = info.determiner == "indefinite" or any(w in lexicon.anonymous_modifiers for w in info.words)
        plural = info.head != single
        return "group" if plural and not unnamed else "anonymous" if unnamed else None
    return "group" if info.head.endswith(_PEOPLE_ENDINGS) else None


def _by_name(
    doc: AnnotatedDoc, mention: Span, info: MentionInfo, types: set[str], lexicon: Lexicon
) -> SourceType:
    """The kind of a mention its description did not settle: by its name's entity type here or
    elsewhere in the article, or by its shape (a website, a plural of people, a count, a place)."""
    # a surname alone borrows the type of the full name used elsewhere ("Putin" after "Vladimir Putin")
    fuller = _full_name_type(doc, info.name)
    if fuller == "PER":
        return "person"
    # "Consumer group Citizens Power", "supplier Northgrid": named after a body's noun, it is a body;
    # the article's own words outrank the tagger, which takes many one-word firms for people
    body_noun = _named_by_body_noun(doc, info.name, lexicon)
    if body_noun and len(info.name) == 1:
        return "organisation"
    if "PER" in types:
        return "person"
    if "ORG" in types or fuller == "ORG" or body_noun:
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
    if counted(doc, mention, info, lexicon):
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


def counted(doc: AnnotatedDoc, mention: Span, info: MentionInfo, lexicon: Lexicon) -> bool:
    """A mention that counts people and names none: "Six in 10", "the two", "both", "all five"."""
    tokens = [t for s in doc.sentences for t in s.tokens if mention.start <= t.start < mention.end]
    numbers = {t.text.lower() for t in tokens if t.upos == "NUM" or _NUMBER.fullmatch(t.text)}
    counts = numbers | lexicon.determiners["number"] | lexicon.determiners["quantifier"]
    counts |= lexicon.determiners["floating"]
    if any(w.lower() not in counts for w in info.name):  # "Six", "Both" opening a sentence name nobody
        return False
    words = [w for w in info.words if w not in lexicon.determiners["article"]]
    # "About 4 in 10", "more than half": what the count is near is no part of it
    near = lexicon.determiners["approximate"] | {w for pair in lexicon.share_openers for w in pair}
    while words and words[0] in near:
        words = words[1:]
    if not words or words == ["one"]:  # one of whom?
        return False
    return words[0] in counts


def no_speaker(doc: AnnotatedDoc, span: Span, lexicon: Lexicon) -> bool:
    """A mention that can say nothing: no name, no pronoun, and a head that is no person, body,
    group or document ("the goal said", "a box labeled"). A relative or indefinite pronoun ("who",
    "everyone") stands for somebody."""
    info = describe(span, lexicon=lexicon, doc=doc)
    if not info.words or info.name or info.pronoun is not None:
        return False
    if len(info.words) == 1 and (
        info.words[0] in lexicon.connectives["relative"] or info.words[0] in lexicon.pronoun_sets.all
    ):
        return False
    return source_kind(doc, span, info, lexicon) == "unknown"
