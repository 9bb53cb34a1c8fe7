"""The speaker mention of each quote: the noun phrase next to its cue, as written.

The surface decides first: the noun phrase just before the cue ("the source said"), skipping
auxiliaries and asides (", speaking to Interfax,"), or just after it ("said the Russian foreign
ministry"); the parse's subject arc is asked when the surface finds nothing. A quote with no cue
of its own continues the quote before it (a paragraph of quote after an attributed one).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quotes.colons import colon_speaker
from quotes.cues import asked_question, noun_owner
from quotes.detect import Candidate
from quotes.inverted import noun_phrase_after
from quotes.kinds import no_speaker
from quotes.lexicon import Lexicon
from quotes.marks import paragraph_of
from quotes.mentions import is_date
from quotes.model import AnnotatedDoc, Diagnostic, Pattern, Span, Token
from quotes.parsed_phrase import noun_phrase_parsed
from quotes.phrases import noun_phrase_before, uncontracted
from quotes.subjects import (
    SUBJECT_DEPRELS,
    Site,
    is_verb,
    main_subject,
    overlaps,
    parse_object,
    parse_subject,
    quoting_aside,
    site,
    with_surface,
)
from quotes.surface import document_before
from quotes.tokens import TokenIndex, subtree


@dataclass(frozen=True, slots=True)
class Attribution:
    """A candidate with its speaker mention; `follows` is the index of the quote it continues."""

    candidate: Candidate
    speaker: Span | None
    follows: int | None = None


# "asked" takes the listener as its object, like the object verbs, but a question after it, not a
# listener alone ("asked whether"), so it is not one of them
_ASK = "ask"


# relations by which a subjectless cue shares the subject of the verb it hangs on
_SHARING_DEPRELS = frozenset({"advcl", "conj", "xcomp"})


def _after(index: TokenIndex, at: Site, t: int, lexicon: Lexicon) -> Span | None:
    return noun_phrase_after(index.doc, at.s, t, ceiling=at.ceiling, lexicon=lexicon, tagged=index.tagged)


def _outside(span: Span | None, cand: Candidate) -> Span | None:
    """The speaker, unless it reaches into the content; but a tag set inside its content ("Acts of
    protest, Mr. Obama said, are ...") has its speaker there, right beside the cue."""
    if span is None or not overlaps(span, cand.start, cand.end):
        return span
    cue = cand.cue
    if cue is None or not (cand.start < cue.start and cue.end < cand.end) or span.start <= cand.start:
        return None
    beside = 0 <= cue.start - span.end <= 1 or 0 <= span.start - cue.end <= 1
    return span if beside else None


def _quoted_object(index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int) -> Span | None:
    """ "Interfax quoted X as saying": the object is the speaker, the subject only the conduit."""
    passive = at.t > 0 and at.tokens[at.t - 1].text.lower() in lexicon.auxiliaries["passive"]
    return _after(index, at, at.t, lexicon) if at.word == "quoted" and at.t > 0 and not passive else None


def _relayed(index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int) -> Span | None:
    """ "RIA Novosti, quoting a diplomatic source, said": the quoted source speaks, the agency relays."""
    quoting = quoting_aside(at.tokens, at.t, lexicon)
    return _after(index, at, quoting, lexicon) if quoting is not None else None


def _written_subject(
    index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int
) -> Span | None:
    """The phrase right before the cue is the subject as written ("the source said")."""
    if at.shared:
        return None
    found = noun_phrase_before(index.doc, at.s, at.t, floor=at.floor, lexicon=lexicon, tagged=index.tagged)
    return _outside(found, cand)


def _fronted_gerund(
    index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int
) -> Span | None:
    """ "After saying he was too tired, the runner left": a gerund after a preposition that opens the
    sentence is said by the subject of the main clause it hangs on."""
    cue = at.tokens[at.t]
    before = at.tokens[at.t - 1].text.lower() if at.t > 0 else ""
    if cue.xpos != "VBG" or before not in lexicon.phrase_words["gerund-lead"] or cue.head < 0:
        return None
    if any(tok.upos != "PUNCT" for tok in at.tokens[: at.t - 1]):
        return None  # the gerund's phrase must open the sentence
    subjects = [tok.index for tok in index.dependents(at.s, cue.head) if tok.deprel in SUBJECT_DEPRELS]
    if not subjects or subjects[0] < at.t:
        return None
    end = at.tokens[-1].end
    found = noun_phrase_parsed(
        index.doc, at.s, subjects[:1], within=(cue.end, end), children=index.children[at.s], lexicon=lexicon
    )
    return _outside(found, cand)


def _named_before_aside(
    index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int
) -> Span | None:
    """'“Q,” Mr. Ortiz, now 74 and retired in Dayton, Ohio, said': a name right after the quote,
    then a description whose own commas leave an odd count before the cue, is the speaker."""
    text = index.doc.text
    cue = at.tokens[at.t]
    if cand.pattern != Pattern.AFTER or not cand.end <= cue.start:
        return None
    between = [tok for tok in at.tokens[: at.t] if tok.start >= cand.end]
    while between and between[0].upos == "PUNCT":  # the quote's own comma and closing mark
        between = between[1:]
    commas = [k for k, tok in enumerate(between) if tok.text == ","]
    if len(commas) < 3 or len(commas) % 2 == 0:
        return None
    name = [tok for tok in between[: commas[0]] if tok.upos != "PUNCT"]
    if not name or len(name) > 4 or any(tok.upos != "PROPN" for tok in name):
        return None
    return Span(name[0].start, name[-1].end, text[name[0].start : name[-1].end])


def _parsed_subject(
    index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int
) -> Span | None:
    """The parse's subject arc, first: it covers the whole phrase where the tagger hesitates over
    its words ("the influential US daily", "The Wall Street Journal"); the surface reading is asked
    when the parse has no usable arc (a time as subject, a phrase broken by the quote)."""
    if at.shared:
        return None
    parsed = _outside(parse_subject(index, at, lexicon), cand)
    if parsed is None:
        return None
    doc = index.doc
    if parsed.start < at.tokens[at.t].start:
        written = noun_phrase_before(doc, at.s, at.t, floor=at.floor, lexicon=lexicon, tagged=index.tagged)
    else:
        written = _after(index, at, at.t, lexicon)
    written = _outside(written, cand)
    # "Farmers whose fields were flooded in last month's storms accused ...": the surface reads the
    # end of the subject's relative clause, which the parse has inside the subject it trimmed
    if (
        written is not None
        and not overlaps(parsed, written.start, written.end)
        and _within_subject(index, at, written)
    ):
        return parsed
    # "A person familiar with the planning says": an adjective with its preposition after the noun
    # (familiar with, close to, aware of) is part of the subject the parse cut short
    if written is not None and parsed.start == written.start and parsed.end < written.end:
        after = [tok for tok in at.tokens if parsed.end <= tok.start < written.end]
        if len(after) >= 3 and after[0].upos == "ADJ" and after[1].upos == "ADP":
            return written
    return with_surface(doc.text, parsed, written, lexicon)


def _within_subject(index: TokenIndex, at: Site, span: Span) -> bool:
    """Whether `span` lies inside the whole subtree of one of the cue's parsed subjects."""
    for tok in index.dependents(at.s, at.t):
        if tok.deprel in SUBJECT_DEPRELS:
            part = subtree(at.tokens, tok.index, children=index.children[at.s])
            if part[0].start <= span.start and span.end <= part[-1].end:
                return True
    return False


def _earlier_subject(
    index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int
) -> Span | None:
    """ "quoted X as saying" and ", adding": the cue hangs on an earlier verb and shares its subject."""
    if not (at.shared or at.word.endswith("ing")) or depth >= 2:
        return None
    tokens, t = at.tokens, at.t
    earlier = [
        k
        for k in range(t - 1, -1, -1)
        if lexicon.is_reporting(tokens[k].text, tokens[k].lemma) and is_verb(tokens[k], index.tagged)
    ]
    # "Clinton posted a comment, saying": the parse hangs the cue on the verb whose subject it shares
    # (not on the content's verb when a tag's cue stands between: "The plan will fail, the senator
    # said, adding that ...")
    governor = _governor(tokens, t, index.tagged)
    tag_before = bool(earlier) and earlier[0] == t - 2 and tokens[t - 1].text == ","
    if governor is not None and tag_before and governor < earlier[0]:
        governor = None
    if governor is not None:
        found = _speaker(index, replace(cand, cue=None, cue_at=(at.s, governor)), lexicon, depth + 1)
        if found is not None:
            return found
    coordinated = t > 0 and tokens[t - 1].text.lower() in lexicon.connectives["coordinator"]
    # ", adding that ...": a participle shares the subject of the reporting verb it hangs on
    if earlier and not coordinated:
        found = _speaker(index, replace(cand, cue=None, cue_at=(at.s, earlier[0])), lexicon, depth + 1)
        if found is not None:
            return found
    # "Trump attacked Clinton, saying ...", "X bemoaned the unrest and said ...": the main subject
    main = main_subject(index, at.s, t, floor=at.floor, lexicon=lexicon, nearest=coordinated)
    return _outside(main, cand)


def _governor(tokens: Sequence[Token], t: int, tagged: bool) -> int | None:
    """The verb before a subjectless cue that the parse hangs it on (", saying" as its adverbial
    clause, "and said" as its conjunct), if the parse has one."""
    cue = tokens[t]
    if cue.deprel.split(":")[0] not in _SHARING_DEPRELS or not 0 <= cue.head < t:
        return None
    return cue.head if is_verb(tokens[cue.head], tagged) else None


def _inverted(index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int) -> Span | None:
    """ "said the Russian foreign ministry": the subject follows an inverted cue (never a listener)."""
    cue = at.tokens[at.t]
    if lexicon.reporting_lemma(cue.text, cue.lemma) in lexicon.object_verbs["listener"]:
        return None
    return _outside(_after(index, at, at.t, lexicon), cand)


def _issued(index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int) -> Span | None:
    """ "The town released a statement saying ...": a participle right after a document that a
    verb's subject issued speaks for that subject, as the parse has the verb and its object."""
    document = _issuing_document(at.tokens, at.t, lexicon)
    if depth >= 2 or document is None:
        return None
    verb = at.tokens[document].head
    if not 0 <= verb < document or not is_verb(at.tokens[verb], index.tagged):
        return None
    return _speaker(index, replace(cand, cue=None, cue_at=(at.s, verb)), lexicon, depth + 1)


def _issuing_document(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> int | None:
    """The document noun a participle cue follows ("a statement [Wednesday] saying"), if it is the
    object of a verb."""
    k = document_before(tokens, t, lexicon) if tokens[t].xpos == "VBG" else None
    return k if k is not None and tokens[k].deprel == "obj" else None


def _loose_subject(index: TokenIndex, cand: Candidate, at: Site, lexicon: Lexicon, depth: int) -> Span | None:
    """A subject the tagger misread, right before the cue and opening its clause: a quantifier
    alone ("most said", "many say"), "those surveyed said", or a capitalised name with a description
    set off by commas ("America Rising, a conservative committee, called")."""
    if at.shared or at.t == 0:
        return None
    tokens, t = at.tokens, at.t

    def opens(k: int) -> bool:
        return k < 0 or tokens[k].upos in {"PUNCT", "CCONJ", "SCONJ"}

    def span(a: int, b: int) -> Span | None:
        if tokens[a].start < at.floor:
            return None
        return _outside(
            Span(tokens[a].start, tokens[b].end, index.doc.text[tokens[a].start : tokens[b].end]), cand
        )

    word = tokens[t - 1].text.lower()
    if word in lexicon.determiners["quantifier"] and opens(t - 2):
        return span(t - 1, t - 1)
    if (
        word in lexicon.phrase_words["polled"]
        and t >= 2
        and tokens[t - 2].text.lower() == "those"
        and opens(t - 3)
    ):
        return span(t - 2, t - 1)
    if word != ",":
        return None
    comma = next((k for k in range(t - 2, max(-1, t - 12), -1) if tokens[k].text == ","), None)
    if comma is None or comma < 1 or tokens[comma + 1].upos != "DET":
        return None
    described = tokens[comma + 1 : t - 1]
    if any(tok.upos in {"VERB", "AUX"} for tok in described):
        return None
    first = comma
    while (
        first > 0
        and tokens[first - 1].text[:1].isupper()
        and tokens[first - 1].upos in {"PROPN", "VERB", "NOUN"}
    ):
        first -= 1
    if first == comma or not opens(first - 1):
        return None
    return span(first, t - 2)


# where a cue's speaker may be, in order: the first rule that finds one wins
_SPEAKER_RULES = (
    _quoted_object,
    _relayed,
    _issued,
    _fronted_gerund,
    _named_before_aside,
    _parsed_subject,
    _written_subject,
    _earlier_subject,
    _inverted,
    _loose_subject,
)


def _speaker(index: TokenIndex, cand: Candidate, lexicon: Lexicon, depth: int = 0) -> Span | None:
    return _last_phrase(index, uncontracted(index, _mention(index, cand, lexicon, depth)), lexicon)


def _last_phrase(index: TokenIndex, span: Span | None, lexicon: Lexicon) -> Span | None:
    """The last of two noun phrases that a misparse ran together: "in Cleveland his operatives" (a
    possessive after a noun opens a phrase), "the editorial board of the Washington Post Trump" (a
    person's name right after another body's or place's name is a name of its own)."""
    if span is None:
        return None
    tokens = [index.token(ref) for ref in index.between(span.start, span.end)]
    start = span.start
    for prev, tok in itertools.pairwise(tokens):
        if tok.xpos == "PRP$" and prev.upos in {"NOUN", "PROPN"} and prev.end < tok.start:
            start = tok.start
        # "over the next eight weeks the Clinton campaign": an article after a time opens one too
        time = (
            prev.lemma.lower() in lexicon.time_words["time"]
            and "," not in index.doc.text[span.start : tok.start]
        )
        if tok.text.lower() == "the" and prev.upos == "NOUN" and time:
            start = tok.start
    start = _name_after_body(index, tokens, start, span.end, lexicon)
    return span if start == span.start else Span(start, span.end, index.doc.text[start : span.end])


def _name_after_body(
    index: TokenIndex, tokens: Sequence[Token], start: int, end: int, lexicon: Lexicon
) -> int:
    """Where a person's name at the end of a phrase starts, when a body or place that ends a
    prepositional phrase runs into it ("a meeting with the board of the Post Trump"); else `start`."""
    entities = index.doc.entities
    person = next((e for e in entities if e.type == "PER" and start < e.start and e.end == end), None)
    if person is None:
        return start
    prior = next((e for e in entities if e.end == person.start - 1 and e.start >= start), None)
    if prior is None or prior.type not in {"ORG", "LOC"}:
        return start
    if not any(tok.upos == "ADP" and tok.end <= prior.start for tok in tokens):
        return start
    # but not "Florida Sen. Marco Rubio", "Secretary of State Jason Kander", "the Post's Ishaan Tharoor"
    before = index.doc.text[start : person.start].lower().split()
    titled = any(" ".join(before[-n:]) in lexicon.titles for n in range(1, 5))
    if titled or person.text.split()[0].lower() in lexicon.titles or before[-1].endswith(("'s", "’s")):
        return start
    return person.start


def _mention(index: TokenIndex, cand: Candidate, lexicon: Lexicon, depth: int) -> Span | None:
    if cand.cue_at is None:
        return colon_speaker(index, cand, lexicon)
    at = site(index, cand, cand.cue_at, lexicon)
    # "according to X" and "quoting X": the speaker follows the cue, or there is none
    if at.word in {"according", "quoting"} and at.t + 1 < len(at.tokens):
        written = _after(index, at, at.t + 1 if at.word == "according" else at.t, lexicon)
        return with_surface(index.doc.text, parse_object(index, at, lexicon), written, lexicon) or written
    # "Clinton's claim that ...": a noun of saying is said by its owner
    owner = noun_owner(at.tokens, at.t, lexicon)
    if owner is not None:
        first, last = at.tokens[owner[0]], at.tokens[owner[1]]
        return _outside(Span(first.start, last.end, index.doc.text[first.start : last.end]), cand)
    if _passive_listener(at, lexicon) or asked_question(at.tokens, at.t, lexicon) is not None:
        # "Rubio was asked ...", "Congress was warned ...": the subject heard it; "by X" said it
        by = next((k for k in range(at.t + 1, len(at.tokens)) if at.tokens[k].text.lower() == "by"), None)
        return _outside(_after(index, at, by, lexicon), cand) if by == at.t + 1 else None
    # a date read as the subject ("published Wednesday said") is no speaker: the next rule may find one
    return next(
        (
            found
            for rule in _SPEAKER_RULES
            if (found := rule(index, cand, at, lexicon, depth)) is not None
            and not is_date(found.text, lexicon)
            and not no_speaker(index.doc, uncontracted(index, found) or found, lexicon)
        ),
        None,
    )


def _passive_listener(at: Site, lexicon: Lexicon) -> bool:
    """A passive cue whose subject is the one spoken to: "was asked", "were told", "was warned"."""
    cue = at.tokens[at.t]
    if cue.xpos != "VBN" or not (cue.lemma.lower() == _ASK or cue.lemma.lower() in lexicon.object_verbs.all):
        return False
    k = at.t - 1
    while k >= 0 and at.tokens[k].upos == "ADV":
        k -= 1
    return k >= 0 and at.tokens[k].text.lower() in lexicon.auxiliaries["passive"]


def _previous(text: str, found: Sequence[Attribution], cand: Candidate) -> int | None:
    """The quote a cue-less quote continues: the last one in its paragraph or the paragraph before."""
    if not found:
        return None
    k = len(found) - 1
    last = found[k]
    para_start = paragraph_of(text, cand.start)[0]
    gap = text[last.candidate.end : para_start] if last.candidate.end < para_start else ""
    # more than one paragraph between them: a new, unattributed quote rather than a continuation
    if gap.strip() and "\n" in gap.strip():
        return None
    if last.candidate.end <= cand.start:
        return k
    return None


def attribute(
    doc: AnnotatedDoc, candidates: Sequence[Candidate], *, lexicon: Lexicon, index: TokenIndex | None = None
) -> tuple[tuple[Attribution, ...], tuple[Diagnostic, ...]]:
    """Find the speaker mention of every candidate; continuations take their predecessor's speaker
    (`index`: the doc's `TokenIndex`, when the caller has built it already)."""
    index = TokenIndex(doc) if index is None else index
    found: list[Attribution] = []
    diagnostics: list[Diagnostic] = []
    for cand in sorted(candidates, key=lambda c: c.start):
        if cand.continuation:
            before = _previous(doc.text, found, cand)
            if before is not None:
                found.append(Attribution(cand, found[before].speaker, follows=before))
                continue
            cand = replace(cand, continuation=False)
        speaker = _speaker(index, cand, lexicon)
        if speaker is None:
            code = "no_speaker" if cand.cue is not None else "no_cue"
            diagnostics.append(Diagnostic(code, f"no speaker found for a {cand.kind} quote", cand.start))
        found.append(Attribution(cand, speaker))
    return tuple(found), tuple(diagnostics)
