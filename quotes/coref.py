"""Speaker mention -> source entity: names, pronouns, "the source", "the ministry", "the statement".

Mentions are read in text order and each one either joins an earlier chain or starts a new one:

- an indefinite mention ("a source", "another source", "a diplomatic source") starts a new entity;
- a definite description ("the source", "the foreign ministry", "the spokesman") joins the most
  recent chain with the same head word; "the statement" joins the body that last spoke;
- a short name joins the chain whose name it shortens ("Kerry" -> "US Secretary of State John Kerry");
- a pronoun joins the most recent compatible chain, or the nearest earlier named person (NER).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.lexicon import Lexicon
from quotes.marks import find_regions
from quotes.mentions import SPEAKING_ENTITIES, WORD, MentionInfo, describe, is_date
from quotes.model import AnnotatedDoc, Span, Token


@dataclass(frozen=True, slots=True)
class Chain:
    """Mentions of one source, in text order."""

    mentions: tuple[Span, ...]


def _shares_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "Kerry" and "John Kerry" name the same person: the shorter is the tail or a part of the longer."""
    if not a or not b:
        return False
    # compare "O’Neill" with "O'Neill" and "De Blasio" with "de Blasio"
    a = tuple(w.lower().replace("’", "'") for w in a)
    b = tuple(w.lower().replace("’", "'") for w in b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short[-1] == long[-1] or all(word in long for word in short)


def _person_like(info: MentionInfo, lexicon: Lexicon) -> bool:
    return info.pronoun == "person" or info.head in lexicon.titles or info.head in lexicon.anonymous_heads


def _org_like(info: MentionInfo, lexicon: Lexicon) -> bool:
    return info.head in lexicon.organisation_heads or info.pronoun in {"plural", "thing"}


def _compatible(pronoun: str, chain: Sequence[MentionInfo], lexicon: Lexicon) -> bool:
    if pronoun == "any":
        return True
    if pronoun == "person":
        # he/she: a person, a titled or anonymous individual, a bare name; never a body
        return any(
            _person_like(i, lexicon) or (i.name and i.head not in lexicon.organisation_heads) for i in chain
        )
    if pronoun == "thing":
        # it: a body, or a document ("the poll ... it found")
        return any(_org_like(i, lexicon) or i.head in lexicon.document_heads.all for i in chain)
    # they/we: a body, a group or plural anonymous sources
    return any(_org_like(i, lexicon) or i.head in lexicon.group_heads or i.head.endswith("s") for i in chain)


def _plural_word(doc: AnnotatedDoc, start: int, end: int) -> bool:
    """Whether a span is one plural noun ("Democrats" taken for a person): no one's name."""
    words = [t for x in doc.sentences if x.start <= start < x.end for t in x.tokens if start <= t.start < end]
    return len(words) == 1 and words[0].xpos in {"NNS", "NNPS"}


def _people(doc: AnnotatedDoc, lexicon: Lexicon) -> tuple[Span, ...]:
    """The persons the NER names that a pronoun may point back to, in text order: not a date, not a
    plural the tagger took for a name, and none named inside a quotation ("“I spoke to Obama,” he
    said" is not Obama speaking)."""
    quoted = [(r.start, r.end) for r in find_regions(doc.text)[0] if r.closed]
    return tuple(
        Span(e.start, e.end, doc.text[e.start : e.end])
        for e in doc.entities
        if e.type == "PER"
        and not is_date(e.text, lexicon)
        and not _plural_word(doc, e.start, e.end)
        and not any(a <= e.start and e.end <= b for a, b in quoted)
    )


def _nearest_person(people: Sequence[Span], before: int) -> Span | None:
    """The last of `people` (see `_people`) named before offset `before`."""
    return next((p for p in reversed(people) if p.end <= before), None)


def _right_before(text: str, end: int, start: int) -> bool:
    """Whether only a comma or a dash and spaces stand between `end` and `start` ("Fiona Walsh,
    who", "Hillary Clinton — who")."""
    return end <= start and text[end:start].strip() in {"", ",", "—", "–", "--"}


def _relative_antecedent(
    doc: AnnotatedDoc, span: Span, chains: Sequence[Sequence[Span]]
) -> tuple[int | None, Span | None]:
    """For a relative pronoun speaker ("Fiona Walsh, who said ..."): the chain of the mention it
    hangs on, else a named entity right before it (to start a chain with), else nothing."""
    for c, chain in enumerate(chains):
        if any(_right_before(doc.text, m.end, span.start) for m in chain):
            return c, None
    for e in doc.entities:
        # only a person or a body says things; "in Dublin, which said" is the city's council at best
        if e.type in SPEAKING_ENTITIES and _right_before(doc.text, e.end, span.start):
            return None, Span(e.start, e.end, e.text)
    parsed = _parsed_antecedent(doc, span)
    if parsed is not None:
        for c, chain in enumerate(chains):
            if any(m.start <= parsed.start and parsed.end <= m.end for m in chain):
                return c, None
        return None, parsed
    return None, _noun_phrase_before(doc, span)


# arcs (tags, not words): a noun's own modifiers before it, and a name's parts after it
_PREMODIFIERS = frozenset({"det", "amod", "compound", "nmod:poss", "nummod", "flat", "case"})
_NAME_PARTS = frozenset({"flat", "flat:name", "compound"})


def _parsed_antecedent(doc: AnnotatedDoc, span: Span) -> Span | None:
    """The noun a relative clause hangs on, as parsed, when words stand between them ("demonstrators
    here, who have taken to the streets" -> "demonstrators"): the relative is the subject of a
    clause attached to that noun (acl:relcl). Never a place: "in Dublin, which said" names nobody."""
    sentence = next((x for x in doc.sentences if x.start <= span.start < x.end), None)
    if sentence is None:
        return None
    tokens = sentence.tokens
    relative = next((t for t in tokens if t.start == span.start), None)
    if relative is None or not relative.deprel.startswith("nsubj") or not 0 <= relative.head < len(tokens):
        return None
    verb = tokens[relative.head]
    if verb.deprel != "acl:relcl" or not 0 <= verb.head < len(tokens):
        return None
    noun = tokens[verb.head]
    if noun.upos not in {"NOUN", "PROPN"} or noun.end > span.start:
        return None
    if any(e.type not in SPEAKING_ENTITIES and e.start <= noun.start < e.end for e in doc.entities):
        return None
    first = last = noun.index
    # leftwards, each word that modifies a word already in the phrase ("the city's streets")
    while first > 0 and (word := tokens[first - 1]).deprel in _PREMODIFIERS and first <= word.head <= last:
        first -= 1
    # rightwards, the rest of a name ("Hillary Rodham Clinton" parsed flat)
    while last + 1 < len(tokens) and (n := tokens[last + 1]).head == noun.index and n.deprel in _NAME_PARTS:
        last += 1
    # "Ohio's removal" -> a possessive's case mark opens no phrase
    while first < noun.index and tokens[first].deprel == "case":
        first += 1
    start, end = tokens[first].start, tokens[last].end
    return Span(start, end, doc.text[start:end])


_NP_WORDS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})  # parts of speech of a plain noun phrase
_PARTICIPLES = frozenset({"VBN", "VBG"})  # "a retired general", "a leading candidate"


def _in_noun_phrase(token: Token) -> bool:
    return token.upos in _NP_WORDS or token.xpos in _PARTICIPLES


def _noun_phrase_before(doc: AnnotatedDoc, span: Span) -> Span | None:
    """The plain noun phrase a relative hangs on ("business leaders who say", "a retired general who
    suggested"): determiner, adjectives and nouns right before it, ending in a noun."""
    sentence = next((x for x in doc.sentences if x.start <= span.start < x.end), None)
    if sentence is None:
        return None
    before = [t for t in sentence.tokens if t.end <= span.start]
    # "voters, who said": one comma may stand between the phrase and its relative
    if before and before[-1].text == "," and _right_before(doc.text, before[-1].start, span.start):
        before.pop()
    # a common noun, or a plural name ("Republicans who"); "on Capitol Hill who" is a place, no speaker
    if not before or not (before[-1].upos == "NOUN" or before[-1].xpos == "NNPS"):
        return None
    if not _right_before(doc.text, before[-1].end, span.start):
        return None
    first = len(before) - 1
    while first > 0 and before[first].upos != "DET" and _in_noun_phrase(before[first - 1]):
        first -= 1
    start, end = before[first].start, before[-1].end
    return Span(start, end, doc.text[start:end])


def _copula_subject(doc: AnnotatedDoc, span: Span) -> Span | None:
    """The subject of the copular clause whose predicate noun a relative hangs on ("Trump is a
    liar, racist and bully who has pledged" -> "Trump"), as parsed; None when it is no predicate."""
    sentence = next((x for x in doc.sentences if x.start <= span.start < x.end), None)
    if sentence is None:
        return None
    tokens = sentence.tokens
    before = [t for t in tokens if t.end <= span.start]
    if before and before[-1].text == ",":
        before.pop()
    # the last predicate may be tagged an adjective ("a liar and bully who")
    if not before or before[-1].upos not in {"NOUN", "PROPN", "ADJ"}:
        return None
    # "a liar, racist and bully": from the last of the coordinated nouns to the one with the copula
    noun = before[-1]
    while not _has_child(tokens, noun, "cop"):
        if noun.deprel != "conj" or not 0 <= noun.head < len(tokens):
            return None
        noun = tokens[noun.head]
    owner = noun
    # "Trump incites violence and is a liar": a predicate coordinated with a verb shares its subject
    if not _has_child(tokens, owner, "nsubj") and owner.deprel == "conj" and 0 <= owner.head < len(tokens):
        owner = tokens[owner.head]
    subjects = [t for t in tokens if t.head == owner.index and t.deprel == "nsubj" and t.index < noun.index]
    if not subjects:
        return None
    inside = _subtree(tokens, subjects[-1].index)
    start, end = tokens[min(inside)].start, tokens[max(inside)].end
    return Span(start, end, doc.text[start:end])


def _has_child(tokens: Sequence[Token], head: Token, deprel: str) -> bool:
    return any(t.head == head.index and t.deprel == deprel for t in tokens)


def _subtree(tokens: Sequence[Token], root: int) -> set[int]:
    inside = {root}
    grew = True
    while grew:
        more = {t.index for t in tokens if t.head in inside and t.index not in inside}
        grew = bool(more)
        inside |= more
    return inside


def resolve(
    doc: AnnotatedDoc, mentions: Sequence[Span], *, lexicon: Lexicon
) -> tuple[tuple[Chain, ...], tuple[int, ...]]:
    """Group mentions into chains; returns the chains and, for each input mention, its chain's index."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
    chains: list[list[Span]] = []
    infos: list[list[MentionInfo]] = []
    last_seen: list[int] = []  # position of each chain's latest mention, for salience
    assigned: dict[tuple[int, int], int] = {}
    result = [0] * len(mentions)
    people = _people(doc, lexicon)

    def add(span: Span, info: MentionInfo, chain: int | None) -> int:
        if chain is None:
            chains.append([])
            infos.append([])
            last_seen.append(-1)
            chain = len(chains) - 1
        if span not in chains[chain]:
            chains[chain].append(span)
            infos[chain].append(info)
        last_seen[chain] = max(last_seen[chain], span.start)
        return chain

    for i in order:
        span = mentions[i]
        key = (span.start, span.end)
        if key in assigned:
            result[i] = assigned[key]
            continue
        info = describe(span, lexicon=lexicon, doc=doc)
        # "Fiona Walsh, who said": a relative pronoun is whoever it hangs on, never a source of its own
        if len(info.words) == 1 and info.words[0] in lexicon.connectives["speaker"]:
            # "Trump is a liar and bully who has pledged": a predicate's relative is the subject
            subject = _copula_subject(doc, span)
            if subject is not None:
                known = describe(subject, lexicon=lexicon, doc=doc)
                found = _find(doc, subject, known, chains, infos, last_seen, lexicon, people)
                owner = add(subject, known, found if found != -1 else None)
                assigned[key] = result[i] = add(span, info, owner)
                continue
            chain, antecedent = _relative_antecedent(doc, span, chains)
            if antecedent is not None:
                chain = add(antecedent, describe(antecedent, lexicon=lexicon, doc=doc), None)
            assigned[key] = result[i] = add(span, info, chain)
            continue
        chain = _find(doc, span, info, chains, infos, last_seen, lexicon, people)
        if chain == -1:
            # a pronoun that points at a named person who has not spoken yet: that person's chain
            person = _nearest_person(people, span.start)
            chain = add(person, describe(person, lexicon=lexicon, doc=doc), None) if person else None
        assigned[key] = result[i] = add(span, info, chain)
    return tuple(Chain(tuple(sorted(c, key=lambda m: m.start))) for c in chains), tuple(result)


def _find(
    doc: AnnotatedDoc,
    span: Span,
    info: MentionInfo,
    chains: Sequence[Sequence[Span]],
    infos: Sequence[Sequence[MentionInfo]],
    last_seen: Sequence[int],
    lexicon: Lexicon,
    people: Sequence[Span],
) -> int | None:
    """The chain a mention joins; None for a new entity, -1 for "a pronoun with no speaker to take"."""
    recent = sorted(range(len(chains)), key=lambda c: last_seen[c], reverse=True)
    if info.pronoun is not None:
        person = _nearest_person(people, span.start) if info.pronoun == "person" else None
        for c in recent:
            if _compatible(info.pronoun, infos[c], lexicon):
                # a named person mentioned after the chain's last mention is the closer antecedent
                if (
                    person is not None
                    and person.start > last_seen[c]
                    and not _has_name(infos[c], person, lexicon)
                ):
                    return -1
                return c
        return -1 if info.pronoun == "person" else None
    # "a source", "another source": always somebody new
    if info.determiner == "indefinite":
        return None
    if info.name:
        for c in recent:
            if any(_shares_name(info.name, other.name) for other in infos[c]):
                return c
        return None
    # "the statement said": the body that issued it, i.e. the latest organisation that spoke ("the
    # poll", "the email" are no body's voice: they join an earlier mention of the same document below)
    if info.head in lexicon.document_heads["issued"]:
        # "according to its annual report": the owner is whoever "its" names (often the sentence's
        # subject), not necessarily the body that last spoke
        if info.words[0] in lexicon.pronoun_sets["owner"]:
            return None
        for c in recent:
            if any(
                _org_like(other, lexicon) and other.head not in lexicon.document_heads.all
                for other in infos[c]
            ):
                return c
        return None
    for c in recent:
        # "the ministry" -> "the Russian foreign ministry"; "the spokesman" -> "Putin's spokesman X"
        if any(_describes(info.head, other, lexicon) for other in infos[c]):
            return c
        if any(other.words == info.words for other in infos[c]):
            return c
    return None


def _describes(head: str, other: MentionInfo, lexicon: Lexicon) -> bool:
    """Whether `head` describes the referent of `other`: it is one of its words, and not a word
    that modifies a title ("federation president Georg Huber" is a person, not the federation)."""
    at = [i for i, w in enumerate(other.words) if w == head]
    return any(i + 1 >= len(other.words) or other.words[i + 1] not in lexicon.titles for i in at)


def _has_name(chain: Sequence[MentionInfo], person: Span, lexicon: Lexicon) -> bool:
    words = tuple(WORD.findall(person.text))
    return any(_shares_name(words, other.name) for other in chain)
