"""The speaker mention of each quote: the noun phrase next to its cue, as written.

The surface decides first: the noun phrase just before the cue ("the source said"), skipping
auxiliaries and asides (", speaking to Interfax,"), or just after it ("said the Russian foreign
ministry"); the parse's subject arc is asked when the surface finds nothing. A quote with no cue
of its own continues the quote before it (a paragraph of quote after an attributed one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.clauses import TokenIndex, subtree
from quotes.coref import SOURCE_FORMULAS
from quotes.detect import Candidate
from quotes.lexicon import Lexicon
from quotes.marks import dateline_end, paragraph_of
from quotes.model import AnnotatedDoc, Diagnostic, Span, Token

# words between a subject and its cue that belong to neither ("the source was quoted", "he also said")
_SKIP_BEFORE = frozenset(
    {
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "would",
        "will",
        "could",
        "also",
        "then",
        "later",
        "further",
        "again",
        "repeatedly",
        "previously",
        "reportedly",
        "earlier",
        "separately",
        "not",
    }
)
# small words that may sit inside a noun phrase ("Secretary of State", "a spokesman for the campaign")
_NP_LINKS = frozenset({"of", "for", "at", "'s", "’s", "-", "&", "and"})
_NP_UPOS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART", "X"})
_PARENTHETICAL_OPENERS = frozenset(
    {
        "who",
        "which",
        "whose",
        "quoting",
        "speaking",
        "citing",
        "referring",
        "in",
        "at",
        "on",
        "during",
        "after",
    }
)
_LISTENER_CUES = frozenset({"tell", "told", "tells", "telling", "inform", "informed", "assure", "assured"})
_MAX_NP = 12
_NOT_SPEAKER_AFTER = frozenset(
    {"that", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today"}
    | {"yesterday", "tonight", "earlier", "last", "this", "next", "on", "in", "at", "during", "after"}
)
_SUBJECT_DEPRELS = frozenset({"nsubj", "nsubj:pass"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """A candidate with its speaker mention; `follows` is the index of the quote it continues."""

    candidate: Candidate
    speaker: Span | None
    follows: int | None = None


def _np_token(tok: Token, tagged: bool) -> bool:
    # a possessive ending may share its token's text ("Putin's" split by the tokeniser)
    if tok.text.lower() in _NP_LINKS or tok.xpos == "POS":
        return True
    # "both sides", "all parties": a quantifier opens the phrase whatever it is tagged
    if tok.text.lower() in {"both", "all", "some", "many", "several", "most", "few"}:
        return True
    if not any(c.isalnum() for c in tok.text):
        return False
    # particles other than the possessive ("to", "not") end a noun phrase
    if tok.upos == "PART":
        return False
    return tok.upos in _NP_UPOS if tagged else True


def _plural_possessive(tokens: Sequence[Token], k: int) -> bool:
    """Whether token `k` is the apostrophe of a plural possessive ("the dockers' union"), which
    taggers often call a closing quotation mark."""
    tok = tokens[k]
    if k == 0 or k + 1 >= len(tokens) or not tok.text.endswith(("'", "’")):
        return False
    prev, nxt = tokens[k - 1], tokens[k + 1]
    # a word in -s' split into two words that share the token: "dockers'" -> "dockers'", "dockers'"
    if prev.start == tok.start and prev.end == tok.end:
        return tok.text[:-1].lower().endswith("s")
    # a bare mark glued to a plural noun, a space, then a word: "Pilots' Association"; a closing quote
    # after a word like "it" or before punctuation is not one
    glued = prev.end == tok.start and prev.text.lower().endswith("s") and tok.text in {"'", "’"}
    return glued and nxt.start > tok.end and any(c.isalnum() for c in nxt.text)


_TEMPORAL = frozenset(
    {"week", "month", "year", "weekend", "morning", "afternoon", "evening", "night", "today", "yesterday"}
    | {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "this",
        "last",
        "earlier",
    }
)


def _clean(tokens: list[Token]) -> list[Token]:
    """Drop linking words and pronoun objects left at the edges of a collected phrase."""
    # "Trump this week also said": a time expression after the subject is not part of it
    while len(tokens) > 1 and tokens[-1].text.lower() in _TEMPORAL:
        tokens = tokens[:-1]
    # "Orvea and Telbel both declined": a floating quantifier after the subject is not part of it
    if len(tokens) > 1 and tokens[-1].text.lower() in {"both", "all", "each"}:
        tokens = tokens[:-1]
    while tokens and (tokens[0].text.lower() in _NP_LINKS or tokens[0].upos == "PART"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text.lower() in _NP_LINKS - {"'s", "’s"}:
        tokens = tokens[:-1]
    return tokens[-_MAX_NP:]


def _is_pronoun(tok: Token) -> bool:
    return tok.upos == "PRON" or tok.text.lower() in {"he", "she", "they", "we", "i", "it"}


def _parenthetical_start(tokens: Sequence[Token], comma: int) -> int | None:
    """For a comma just before a cue, where the parenthetical it closes begins (", speaking to X,")."""
    for k in range(comma - 1, max(-1, comma - 14), -1):
        if tokens[k].text == ",":
            first = tokens[k + 1] if k + 1 < comma else None
            # participles, relative clauses and "in an interview" are asides; the subject is before them
            if first is not None and (
                first.text.lower() in _PARENTHETICAL_OPENERS
                or first.xpos == "VBG"
                or first.text.endswith("ing")
            ):
                return k
            return None
    return None


def _skippable(tok: Token, tagged: bool) -> bool:
    """Auxiliaries and adverbs between a subject and its verb: "was quoted", "also said", "He's claiming"."""
    word = tok.text.lower().replace("’", "'")
    if word in {"'s", "'re", "'ve", "'d", "'ll"} and (tok.upos != "PART" or tok.xpos != "POS"):
        return True
    # any auxiliary the tagger recognises, contracted or not ("He's claiming", "has said")
    if tagged and tok.upos == "AUX":
        return True
    return word in _SKIP_BEFORE or (tagged and tok.upos == "ADV") or (word.endswith("ly") and len(word) > 4)


def _time_phrase_start(tokens: Sequence[Token], k: int) -> int | None:
    """For "who in 2010 said": where a short time phrase ending at token `k` begins."""
    number = tokens[k].upos == "NUM" or tokens[k].text.isdigit()
    timed = k >= 1 and (number or tokens[k].text.lower() in _TEMPORAL)
    if timed and tokens[k - 1].text.lower() in {"in", "on", "at", "last", "this", "earlier", "since"}:
        return k - 1
    return None


def _collect_back(tokens: Sequence[Token], k: int, floor: int, tagged: bool) -> list[Token]:
    """Noun-phrase words ending at token `k`, read right to left."""
    phrase: list[Token] = []
    while k >= 0 and tokens[k].start >= floor and len(phrase) < _MAX_NP:
        tok = tokens[k]
        # "people familiar with the matter", "a source close to Orvea": the formula of an unnamed
        # source holds a preposition that would otherwise end the phrase
        if k >= 1 and (tokens[k - 1].text.lower(), tok.text.lower()) in SOURCE_FORMULAS:
            phrase[:0] = tokens[k - 1 : k + 1]
            k -= 2
            continue
        # "Shop owners on Gloucester Road", "residents in Leeds": a plural noun placed by a phrase
        # after it ("officials on Monday" is a time, not a place)
        plural = k >= 1 and tokens[k - 1].upos == "NOUN" and tokens[k - 1].text.lower().endswith("s")
        placed = tok.text.lower() in {"on", "in"} and plural
        if placed and phrase and phrase[0].text[:1].isupper() and phrase[-1].text.lower() not in _TEMPORAL:
            phrase.insert(0, tok)
            k -= 1
            continue
        if tok.text == ")":
            # "Rep. Gwen Moore (D-Wis.)": a bracketed party or place belongs to the name
            opening = next((j for j in range(k - 1, max(-1, k - 8), -1) if tokens[j].text == "("), None)
            if opening is None or tokens[opening].start < floor:
                break
            phrase[:0] = tokens[opening : k + 1]
            k = opening - 1
            continue
        # "the dockers' union": a plural possessive's apostrophe stays inside the phrase
        if not _np_token(tok, tagged) and not _plural_possessive(tokens, k):
            break
        # a pronoun is a phrase on its own: "he said", never "Moscow he said"
        if phrase and _is_pronoun(tok) and tok.text.lower() not in {"his", "her", "its", "their"}:
            break
        phrase.insert(0, tok)
        if _is_pronoun(tok) and len(phrase) == 1:
            break
        k -= 1
    return _clean(phrase)


def _appositive_start(tokens: Sequence[Token], comma: int, floor: int, tagged: bool) -> int | None:
    """For "X, a writer for The Atlantic, said": the comma that opens the appositive, if it is one."""
    for k in range(comma - 1, max(-1, comma - 16), -1):
        tok = tokens[k]
        if tok.start < floor:
            return None
        if tok.text == ",":
            if k + 1 >= comma:
                return None
            inside = tokens[k + 1 : comma]
            # ", at a later press gaggle,": a prepositional aside describes the occasion, not the speaker
            if inside[0].upos in {"ADP", "SCONJ", "ADV"} and inside[0].text.lower() not in _NP_LINKS:
                return None
            # a verb inside makes it a clause, unless a relative clause describes the subject
            # ("Douglas Brinkley, a historian who attended the session, recalled")
            for i, word in enumerate(inside):
                is_verb = (tagged and word.upos in {"VERB", "AUX"}) or word.xpos in {
                    "VBD",
                    "VBZ",
                    "VBP",
                    "MD",
                }
                if is_verb and not any(w.text.lower() in {"who", "which", "that"} for w in inside[:i]):
                    return None
            return k
    return None


def noun_phrase_before(doc: AnnotatedDoc, s: int, t: int, *, floor: int, tagged: bool = True) -> Span | None:
    """The noun phrase that ends just before token `t` of sentence `s` (the cue's subject)."""
    tokens = doc.sentences[s].tokens
    k = t - 1
    while k >= 0 and tokens[k].start >= floor:
        timed = _time_phrase_start(tokens, k)
        if timed is not None:
            k = timed - 1
        elif _skippable(tokens[k], tagged):
            k -= 1
        else:
            break
    end: Token | None = None
    if k >= 0 and tokens[k].text == ",":
        aside = _parenthetical_start(tokens, k)
        apposition = None if aside is not None else _appositive_start(tokens, k, floor, tagged)
        if aside is None and apposition is None:
            return None
        # an appositive is part of the speaker as written ("Brian Fallon, the press secretary,")
        end = tokens[k - 1] if apposition is not None else None
        k = (aside if aside is not None else apposition or 0) - 1
    phrase = _collect_back(tokens, k, floor, tagged)
    if not phrase:
        return None
    last = end or phrase[-1]
    return Span(phrase[0].start, last.end, doc.text[phrase[0].start : last.end])


def noun_phrase_after(doc: AnnotatedDoc, s: int, t: int, *, ceiling: int, tagged: bool = True) -> Span | None:
    """The noun phrase that starts just after token `t` ("said the Russian foreign ministry")."""
    tokens = doc.sentences[s].tokens
    phrase: list[Token] = []
    k = t + 1
    while (
        k < len(tokens)
        and tokens[k].end <= ceiling
        # "said the Irish Airline Pilots' Association": a plural possessive stays in the phrase
        and (_np_token(tokens[k], tagged) or _plural_possessive(tokens, k))
        and len(phrase) < _MAX_NP
    ):
        # "that" opens the reported clause and "said Friday" is a date: neither is the speaker
        if tokens[k].text.lower() in _NOT_SPEAKER_AFTER or (
            phrase and _is_pronoun(tokens[k]) and tokens[k].upos == "PRON"
        ):
            break
        phrase.append(tokens[k])
        if (
            len(phrase) == 1
            and _is_pronoun(tokens[k])
            and tokens[k].text.lower() in {"he", "she", "they", "we"}
        ):
            break
        k += 1
    phrase = _clean(phrase)
    if not phrase:
        return None
    last = _apposed_name_end(tokens, phrase[-1].index, ceiling, tagged) or phrase[-1]
    return Span(phrase[0].start, last.end, doc.text[phrase[0].start : last.end])


def _apposed_name_end(tokens: Sequence[Token], k: int, ceiling: int, tagged: bool) -> Token | None:
    """For "said the regulator's director of enforcement, Rachel Evans.": the last word of a name
    apposed to the role ending at token `k`; the name is the person who spoke."""
    # a role is lower-case; after a name ("said John Smith, Paul Jones") a comma lists someone else
    if k + 2 >= len(tokens) or tokens[k + 1].text != "," or not tokens[k].text.islower():
        return None
    j = k + 2
    while j < len(tokens) and j < k + 6 and tokens[j].end <= ceiling:
        word = tokens[j]
        if not (word.text[:1].isupper() and (word.upos == "PROPN" or not tagged)):
            break
        j += 1
    # the name must end the sentence: ", Rachel Evans, who ..." or ", Rachel Evans of X" say more
    if j == k + 2 or (j < len(tokens) and tokens[j].text not in {".", "!", "?"}):
        return None
    return tokens[j - 1]


def _parse_subject(index: TokenIndex, s: int, t: int) -> Span | None:
    """The cue's nominal subject with its modifiers, as the parse has it."""
    doc = index.doc
    tokens = doc.sentences[s].tokens
    for tok in index.dependents(s, t):
        if tok.deprel in _SUBJECT_DEPRELS:
            skip = frozenset({"acl", "acl:relcl", "punct", "appos", "advcl"})
            part = subtree(tokens, tok.index, skip=skip, children=index.children[s])
            part = [x for x in part if x.index < t]
            if part and part[-1].index - part[0].index + 1 == len(part):
                return Span(part[0].start, part[-1].end, doc.text[part[0].start : part[-1].end])
    return None


def _quoting_aside(tokens: Sequence[Token], t: int) -> int | None:
    """The index of "quoting"/"citing" in a comma-delimited aside right before the cue, if any."""
    if t == 0 or tokens[t - 1].text != ",":
        return None
    for k in range(t - 2, max(-1, t - 14), -1):
        if tokens[k].text == ",":
            opener = tokens[k + 1].text.lower() if k + 1 < t else ""
            return k + 1 if opener in {"quoting", "citing"} else None
    return None


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and start < span.end


def _speaker(index: TokenIndex, cand: Candidate, lexicon: Lexicon, depth: int = 0) -> Span | None:
    if cand.cue_at is None:
        return _colon_speaker(index, cand)
    doc, (s, t) = index.doc, cand.cue_at
    tokens = doc.sentences[s].tokens
    cue = tokens[t]
    word = cue.text.lower()
    # the quote is on one side of the cue; the speaker never reaches into it
    cue_after_quote = cand.end <= cue.start
    # a dateline ("LONDON (Reuters) - ") before the subject is no part of it
    floor = max(cand.end if cue_after_quote else 0, dateline_end(doc.text, cue.start))
    ceiling = cand.start if cand.start >= cue.end else len(doc.text)
    # "according to X" and "quoting X": the speaker follows the cue
    if word == "according" and t + 1 < len(tokens):
        return noun_phrase_after(doc, s, t + 1, ceiling=ceiling, tagged=index.tagged)
    if word == "quoting":
        return noun_phrase_after(doc, s, t, ceiling=ceiling, tagged=index.tagged)
    # "Interfax quoted X as saying": the object is the speaker, the subject only the conduit
    if (
        word == "quoted"
        and t > 0
        and tokens[t - 1].text.lower() not in {"was", "were", "is", "been", "being"}
    ):
        after = noun_phrase_after(doc, s, t, ceiling=ceiling, tagged=index.tagged)
        if after is not None:
            return after
    # "RIA Novosti, quoting a diplomatic source, said": the quoted source speaks, the agency relays
    quoting = _quoting_aside(tokens, t)
    if quoting is not None:
        relayed = noun_phrase_after(doc, s, quoting, ceiling=ceiling, tagged=index.tagged)
        if relayed is not None:
            return relayed
    shared = _shares_subject(tokens, t, index.tagged)
    before = None if shared else noun_phrase_before(doc, s, t, floor=floor, tagged=index.tagged)
    # the phrase right before the cue is the subject as written; the parse's subject arc is the
    # fallback (parsers split names and attach "on Wednesday" or "Last month" as subjects)
    if before is not None and not _overlaps(before, cand.start, cand.end):
        return before
    subject = None if shared else _parse_subject(index, s, t)
    if subject is not None and subject.start >= floor and not _overlaps(subject, cand.start, cand.end):
        return subject
    # "quoted X as saying" and ", adding": the cue hangs on an earlier verb
    coordinated = t > 0 and tokens[t - 1].text.lower() in {"and", "but"}
    if (shared or word.endswith("ing")) and depth < 2:
        # ", adding that ...": a participle shares the subject of the reporting verb it hangs on
        earlier = [k for k in range(t - 1, -1, -1) if lexicon.is_reporting(tokens[k].text, tokens[k].lemma)]
        if earlier and not coordinated:
            found = _speaker(
                index, Candidate(cand.kind, cand.start, cand.end, None, (s, earlier[0])), lexicon, depth + 1
            )
            if found is not None:
                return found
        # "Trump attacked Clinton, saying ...", "X bemoaned the unrest and said ...": the main subject
        main = _main_subject(doc, s, t, floor=floor, tagged=index.tagged, nearest=coordinated)
        if main is not None and not _overlaps(main, cand.start, cand.end):
            return main
    # "said the Russian foreign ministry": the subject follows an inverted cue (never a listener)
    if word not in _LISTENER_CUES and cue.lemma.lower() not in _LISTENER_CUES:
        after = noun_phrase_after(doc, s, t, ceiling=ceiling, tagged=index.tagged)
        if after is not None and not _overlaps(after, cand.start, cand.end):
            return after
    return None


def _colon_speaker(index: TokenIndex, cand: Candidate) -> Span | None:
    """ "WALLACE: "Q"" — the name before a colon; "Sanders made the following comment: "Q"" — the
    subject of the verb before it."""
    if cand.cue is None:
        return None
    refs = [ref for ref in index.between(0, cand.cue.start + 1) if index.token(ref).start == cand.cue.start]
    if not refs:
        return None
    s, t = refs[0]
    floor = dateline_end(index.doc.text, cand.cue.start)
    if cand.pattern == "dash":
        # “Q” ― Edwin Monroy: the name after the dash signs the quote (tagging ignored: names only)
        return noun_phrase_after(index.doc, s, t, ceiling=len(index.doc.text), tagged=False)
    if cand.pattern == "label":
        # "WALLACE:" is the whole speaker, from the line start or the quotation mark before it
        text = index.doc.text
        floor = max([floor] + [text.rfind(mark, 0, cand.cue.start) + 1 for mark in "\"“'‘"])
        return noun_phrase_before(index.doc, s, t, floor=floor, tagged=False)
    main = _main_subject(index.doc, s, t, floor=floor, tagged=index.tagged)
    return main or noun_phrase_before(index.doc, s, t, floor=floor, tagged=index.tagged)


def _is_verb(tok: Token, tagged: bool) -> bool:
    return (tagged and tok.upos in {"VERB", "AUX"}) or tok.xpos in {"VBD", "VBZ", "VBP", "VBN", "MD"}


def _shares_subject(tokens: Sequence[Token], t: int, tagged: bool) -> bool:
    """A cue with no subject of its own: ", saying ..." or "... and said ..."."""
    k = t - 1
    while k >= 0 and _skippable(tokens[k], tagged):
        k -= 1
    if k < 0:
        return False
    participle = tokens[t].xpos == "VBG" or tokens[t].text.lower().endswith("ing")
    # "went on to say that": an infinitive shares its subject too
    return (participle and tokens[k].text == ",") or tokens[k].text.lower() in {"and", "but", "to"}


def _main_subject(
    doc: AnnotatedDoc, s: int, t: int, *, floor: int, tagged: bool, nearest: bool = False
) -> Span | None:
    """The subject of the sentence's first finite verb before token `t` ("Trump attacked Clinton,
    saying ..."), or of the nearest one for a coordinated cue ("I laughed and said")."""
    tokens = doc.sentences[s].tokens
    for v in range(t - 1, 0, -1) if nearest else range(1, t):
        # a finite verb has a subject; "the following comment" and "being" do not
        # (a past participle right after its subject is a past tense a tagger got wrong)
        after_aux = tokens[v - 1].text.lower() in {"has", "have", "had", "was", "were", "been", "be", "is"}
        finite = (
            _is_verb(tokens[v], tagged)
            and tokens[v].xpos != "VBG"
            and not (tokens[v].xpos == "VBN" and after_aux)
        )
        if tokens[v].start >= floor and finite and not tokens[v].text.lower().endswith("ing"):
            found = noun_phrase_before(doc, s, v, floor=floor, tagged=tagged)
            if found is not None:
                return found
    return None


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
    doc: AnnotatedDoc, candidates: Sequence[Candidate], *, lexicon: Lexicon
) -> tuple[tuple[Attribution, ...], tuple[Diagnostic, ...]]:
    """Find the speaker mention of every candidate; continuations take their predecessor's speaker."""
    index = TokenIndex(doc)
    found: list[Attribution] = []
    diagnostics: list[Diagnostic] = []
    for cand in sorted(candidates, key=lambda c: c.start):
        if cand.continuation:
            before = _previous(doc.text, found, cand)
            if before is not None:
                found.append(Attribution(cand, found[before].speaker, follows=before))
                continue
            cand = Candidate(cand.kind, cand.start, cand.end, cand.cue, cand.cue_at, cand.pattern)
        speaker = _speaker(index, cand, lexicon)
        if speaker is None:
            code = "no_speaker" if cand.cue is not None else "no_cue"
            diagnostics.append(Diagnostic(code, f"no speaker found for a {cand.kind} quote", cand.start))
        found.append(Attribution(cand, speaker))
    return tuple(found), tuple(diagnostics)
