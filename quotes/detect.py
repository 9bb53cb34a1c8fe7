"""Quote candidates and their cues: direct quotes, mixed quotes and reported speech.

`marks.py` pairs the quotation marks and `clauses.py` finds reporting verbs with their content;
this module decides what each quoted passage is (a direct quote, part of a mixed quote, a
continuation, a title) and adds the reported speech that no quote covers.

Two kinds of evidence are combined so that one wrong arc does not lose a quote: the surface
(quotation marks, commas, a reporting verb next to the quote) and, where it helps, the dependency
parse (a reporting verb's complement clause). Nothing here raises on odd punctuation: an unclosed
quote or a stray mark becomes a `Diagnostic` and the rest of the article is still analysed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quotes.clauses import Clause, find_clauses, is_cue
from quotes.extent import mixed_end
from quotes.kinds import singular
from quotes.lexicon import Lexicon
from quotes.marks import (
    Region,
    dateline_end,
    find_regions,
    frame_end,
    frame_start,
    paragraph_of,
    speaker_label,
    trim,
)
from quotes.model import AnnotatedDoc, Diagnostic, Pattern, QuoteKind, Span, Token
from quotes.tokens import TokenIndex

# tokens between a quote's end and its cue ("the diplomatic source was quoted")
_MAX_TRAILING_ATTRIBUTION = 10
_MAX_LEADING_TAIL = 7  # tokens between a cue and the quote it introduces ("told the Interfax news agency:")
# dashes that set a label off from the sentence before it ("... - HuffPollster: “Q”")
LABEL_DASHES = frozenset({"-", "–", "—", "--"})
# the words of a phrase that only says where something was said ("on CBS's", "on the radio show")
_CHANNEL_TAGS = frozenset({"ADP", "DET", "PROPN", "PART", "NOUN", "ADJ", "NUM", "PUNCT"})
_MARK_TOKENS = frozenset({'"', "“", "”", "''", "``", "‘", "’", "'"})
# the preposition of a verb's object, no part of what was said ("warned of", "called for")
_OBJECT_PREPOSITIONS = frozenset({"of", "about", "for", "to", "against", "with"})
# the first word of a phrase before a tag that is the writer's link, not part of what was said
_WRITERS_OPENERS = frozenset({"CCONJ", "ADV", "PART"})
_RELATIVES = frozenset({"who", "whom", "whose", "which", "that", "what", "where", "when"})
_LONE_WORDS = 9  # a quote this long with no cue in its sentence is still somebody's words
_SCARE_WORDS = 4  # a quoted phrase this short, with no cue, is a scare quote or a title


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote found in the text, before anyone knows who said it.

    `cue_at` is (sentence index, token index) of the cue word in `doc.sentences`; `pattern` names
    the rule that found the quote, which tells `attribute` where to look for the speaker.
    """

    kind: QuoteKind
    start: int
    end: int
    pattern: Pattern
    cue: Span | None = None
    cue_at: tuple[int, int] | None = None
    continuation: bool = False


@dataclass(frozen=True, slots=True)
class Detection:
    candidates: tuple[Candidate, ...]
    regions: tuple[Region, ...]
    diagnostics: tuple[Diagnostic, ...]


# --------------------------------------------------------------------------- direct and mixed


def _cue_span(index: TokenIndex, ref: tuple[int, int]) -> Span:
    """The cue as written: one verb, or a fixed phrase ("according to", "quoted as saying")."""
    tokens = index.doc.sentences[ref[0]].tokens
    tok = tokens[ref[1]]
    end = tok.end
    words = [x.text.lower() for x in tokens[ref[1] : ref[1] + 3]]
    if words[:2] == ["according", "to"] or (words[0] == "quoted" and words[1:] == ["as", "saying"]):
        end = tokens[ref[1] + (1 if words[0] == "according" else 2)].end
    return index.span(tok.start, end)


def _cues_in(index: TokenIndex, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    refs = [ref for ref in index.between(start, end) if is_cue(index, ref, lexicon)]
    refs += [
        ref
        for ref in index.between(start, end)
        if index.token(ref).text.lower() == "according" and ref not in refs
    ]
    return sorted(refs, key=lambda ref: index.token(ref).start)


def _is_word(tok: Token) -> bool:
    return tok.upos != "PUNCT" and any(c.isalnum() for c in tok.text)


def _after_cue(index: TokenIndex, region: Region, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "Q," said X. / "Q," X said. : a cue within a few words after the closing mark."""
    text = index.doc.text
    para_end = paragraph_of(text, region.end - 1)[1] if region.closed else region.end
    end = frame_end(text, region.end, para_end)
    inside = text[region.content_start : region.content_end].rstrip()
    after = text[region.end : end].lstrip()
    # a quote that ends its own sentence with a full stop is not tagged by what follows it
    ended = inside.endswith(".") and not after.startswith(",") and after[:1].isupper()
    if ended or not after:
        return None
    words = [ref for ref in index.between(region.end, end) if _is_word(index.token(ref))]
    # "..." but he has also warned: a conjunction starts a new clause, not an attribution tag
    if words and index.token(words[0]).text.lower() in lexicon.connectives["new-clause"]:
        return None
    # "“Q,” James B. Comey Jr., the director of the Federal Bureau of Investigation, said": an aside set
    # off by commas after the speaker's first word does not count against the distance
    counted, aside = 0, False
    refs = index.between(region.end, end)[: 4 * _MAX_TRAILING_ATTRIBUTION]
    for k, ref in enumerate(refs):
        tok = index.token(ref)
        if tok.text == "," and counted > 0:
            aside = not aside
            continue
        # (a cue in an "aside" that no comma closes is the tag's own: '“Q,” another friend, Mariam
        # Emara told CNN', '“Q,” like the recent swings, said Richard Curtin')
        closes = any(index.token(r).text == "," for r in refs[k + 1 :])
        if aside and _is_word(tok) and not closes and is_cue(index, ref, lexicon):
            return ref
        if not _is_word(tok) or aside:
            continue
        if is_cue(index, ref, lexicon) or tok.text.lower() == "according":
            return ref
        # a finite verb before any cue means the sentence goes on about something else
        if index.tagged and tok.upos == "VERB" and counted > 0:
            return None
        counted += 1
        if counted >= _MAX_TRAILING_ATTRIBUTION:
            return None
    return None


def _before_cue(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """X said: "Q" / X said, "Q" / X told reporters "Q": a cue just before the opening mark."""
    text = index.doc.text
    start = frame_start(text, region.start, floor)
    cues = _cues_in(index, start, region.start, lexicon)
    if not cues:
        return None
    cue = cues[-1]
    tail = [ref for ref in index.between(index.token(cue).end, region.start) if _is_word(index.token(ref))]
    before = text[start : region.start].rstrip()
    # "Media shares blame in poll overhype - HuffPollster: “Q”": a dash before the colon starts a label
    # of its own, the quote's introduction, not the cue's
    if any(
        index.token(ref).text in LABEL_DASHES for ref in index.between(index.token(cue).end, region.start)
    ):
        return None
    # "Mr. Rubio said in his 2012 book, “An American Son.”": a work's title after its noun is no quote
    work = [index.token(ref).lemma.lower() for ref in tail[-1:]]
    quoted = text[region.content_start : region.content_end]
    if work and work[0] in lexicon.document_heads.all and _title_like(quoted, lexicon):
        return None
    # a colon or comma right before the mark introduces the quote; so does a bare cue ("said "Q"")
    if before.endswith((":", ",")) and len(tail) <= _MAX_LEADING_TAIL:
        return cue
    if not tail or [index.token(r).text.lower() for r in tail] == ["that"]:
        return cue
    return None


def _reported_lead(index: TokenIndex, region: Region, floor: int, cue: tuple[int, int]) -> int | None:
    """Where the reported words begin when a quote after its cue finishes a sentence begun outside
    the marks: at "that" ("said that “Q”", "recalled that in 2009, “Q”"), or at the sentence's start
    when the cue is a tag set off by commas and the quote goes on in lower case ("An economic
    downturn, he said, “could be a good time to borrow”")."""
    text = index.doc.text
    tail = [ref for ref in index.between(index.token(cue).end, region.start) if _is_word(index.token(ref))]
    if tail and index.token(tail[0]).text.lower() == "that":
        return index.token(tail[0]).start
    quoted = text[region.content_start : region.content_end].lstrip(" '\"‘“")
    if tail or not quoted[:1].islower():
        return None
    return _tag_inside(index, frame_start(text, region.start, floor), cue)


def _tag_inside(index: TokenIndex, start: int, cue: tuple[int, int]) -> int | None:
    """Where a sentence that a tag set off by commas interrupts begins ("The industry, she said, is
    ..."; the sentence starts at `start`), or None when the cue is no such tag."""
    text = index.doc.text
    tokens = index.doc.sentences[cue[0]].tokens
    if cue[1] + 1 >= len(tokens) or tokens[cue[1] + 1].text != ",":
        return None
    head = text[start : tokens[cue[1]].start]
    comma = head.rfind(",")
    # one phrase before the tag, and not a connective or an adverb of the writer's ("But, he said,
    # “q”", "Still, she added, “q”"; nor one of several phrases: "..., including, he said, “q”")
    fronted = [index.token(ref) for ref in index.between(start, start + max(comma, 0))]
    if comma < 0 or not fronted or "," in head[:comma] or fronted[0].upos in _WRITERS_OPENERS:
        return None
    # the subject between the commas is short and plain ("he", "the report", "Mr. Cohn"): no clause
    # ("a path to victory, which he declared")
    subject = [index.token(ref) for ref in index.between(start + comma + 1, tokens[cue[1]].start)]
    if not 0 < len(subject) <= 4 or any(
        tok.upos in {"VERB", "AUX", "SCONJ"} or tok.text.lower() in _RELATIVES for tok in subject
    ):
        return None
    return trim(text, start, tokens[cue[1]].start)[0]


def _after_a_tag(index: TokenIndex, floor: int, start: int, lexicon: Lexicon) -> bool:
    """Whether all that stands between the last quote and this one, in one paragraph, is a short
    sentence with a cue ('“It is taxing,” she said. “Big time.”'): this quote goes on from that one."""
    between = index.doc.text[floor:start]
    refs = index.between(floor, start)
    return (
        floor > 0
        and "\n" not in between
        and between.rstrip().endswith(".")
        and len(between.split()) <= _MAX_TRAILING_ATTRIBUTION + 2
        and any(is_cue(index, ref, lexicon) for ref in refs)
    )


def _lone(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> Candidate:
    """A long quote with no cue in its sentence: still somebody's words, most often those of the
    speaker quoted just before ("In Europe, by contrast, “claims based on religion have ...”"),
    unless the sentence's own subject and verb come first ("The ad targets a “corrupt system that
    ...”"): the verb is then its cue."""
    text = index.doc.text
    frame = frame_start(text, region.start, floor)
    verb = _subject_verb(index, frame, region.start)
    if verb is not None:
        tokens = index.doc.sentences[verb[0]].tokens
        first = _past_the_lead(tokens, verb[1] + 1, region.start, tokens[verb[1]], lexicon)
        begin = tokens[first].start if first < len(tokens) else region.start
        b, e = trim(text, min(begin, region.start), _sentence_after(text, region, lexicon))
        return Candidate("mixed", b, max(e, region.end), Pattern.MIXED, _cue_span(index, verb), verb)
    b, e = trim(text, frame, _sentence_after(text, region, lexicon))
    return Candidate("mixed", b, max(e, region.end), Pattern.STANDALONE, continuation=True)


def _subject_verb(index: TokenIndex, start: int, end: int) -> tuple[int, int] | None:
    """The last finite verb between `start` and `end` that has a subject of its own before it."""
    for ref in reversed(index.between(start, end)):
        tok = index.token(ref)
        if tok.upos != "VERB" or tok.xpos in {"VBG", "VBN"}:
            continue
        if any(w.deprel.startswith("nsubj") and w.index < ref[1] for w in index.dependents(*ref)):
            return ref
    return None


def _goes_on_from(text: str, candidates: Sequence[Candidate], cand: Candidate) -> bool:
    """Whether a quote found before `cand` ends in its paragraph or the paragraph before."""
    if not candidates or candidates[-1].end > cand.start:
        return False
    return text[candidates[-1].end : cand.start].strip().count("\n") <= 1


def _standalone(text: str, region: Region, floor: int) -> bool:
    """Nothing but the quote in its sentence: a paragraph of quote, or a sentence after a quote."""
    para_end = paragraph_of(text, region.end - 1)[1] if region.closed else region.end
    before = text[frame_start(text, region.start, floor) : region.start]
    # a quote that closes on a full stop ends its sentence: what follows is the next one
    ended = region.closed and text[region.content_start : region.content_end].rstrip()[-1:] in {".", "!", "?"}
    after = "" if ended else text[region.end : frame_end(text, region.end, para_end)]
    return not before.strip() and not "".join(c for c in after if c.isalnum())


def _mixed_span(
    index: TokenIndex, region: Region, clauses: Sequence[Clause], floor: int, lexicon: Lexicon
) -> tuple[int, int, tuple[int, int] | None] | None:
    """Reported speech with a quoted fragment: the whole reported content, with its cue."""
    # "said on NBC's 'Meet the Press'": the show's title is no part of what was said, unless a
    # clause reported around it holds it ("said that the story has moved on HBO's 'Real Time'")
    channel = _names_a_channel(index, region, floor, lexicon)
    for clause in clauses:
        if clause.start <= region.content_start and region.content_end <= clause.end + 1:
            if channel and _only_the_channel(index, clause, region):
                return None
            return (
                _clause_start(index, clause, region, floor, lexicon),
                max(clause.end, region.end),
                clause.cue_at,
            )
    if channel:
        return None
    text = index.doc.text
    start = frame_start(text, region.start, floor)
    quoted = text[region.content_start : region.content_end]
    # told MSNBC's "Morning Joe" that ...: a title before a reported clause is not part of it
    if _title_like(quoted, lexicon) and any(
        region.end <= c.start < paragraph_of(text, region.end)[1] for c in clauses
    ):
        return None
    # a cue followed by a comma tags an earlier quote ("she said, but ..."), it introduces nothing here
    cues = [
        ref
        for ref in _cues_in(index, start, region.start, lexicon)
        if ref[1] + 1 >= len(index.doc.sentences[ref[0]].tokens)
        or index.doc.sentences[ref[0]].tokens[ref[1] + 1].text != ","
    ]
    if (
        cues
        and _title_like(quoted, lexicon)
        and len(index.between(index.token(cues[-1]).end, region.start)) > 3
    ):
        cues = []  # a title quoted far from the cue: "sings to X in a clip of 'The 411'"
    # "When Trump announced his candidacy, he referred to them as “criminals”": a cue in a fronted
    # subordinate clause reports that clause's object; the quote in the main clause is not its
    cues = [ref for ref in cues if not _fronted_before(index, ref, region.start, lexicon)]
    if cues:
        # X called the visit "very symbolic": the content runs from after the cue to the sentence end
        cue = cues[-1]
        tokens = index.doc.sentences[cue[0]].tokens
        first = cue[1] + 1
        # "referred to the demonstrators as “my friends”": the verb's preposition is no part of what
        # was said, the one so named is
        named_as = any(tok.text.lower() == "as" and tok.end <= region.start for tok in tokens[first + 1 :])
        if first < len(tokens) and tokens[first].upos == "ADP" and named_as:
            first += 1
        # "fired back in March": the particle of a two-word cue is the cue's, not what was said
        cue_tok = tokens[cue[1]]
        if (
            first < len(tokens)
            and (cue_tok.lemma.lower(), tokens[first].text.lower()) in lexicon.reporting_phrases
        ):
            first += 1
        # "according to her “clawback” plan": a quote in the phrase that names the source is a title
        if cue_tok.text.lower() == "according" and not any(
            tok.text == "," for tok in tokens[cue[1] + 1 :] if tok.end <= region.start
        ):
            return None
        first = _past_the_lead(tokens, first, region.start, cue_tok, lexicon)
        begin = tokens[first].start if first < len(tokens) else region.start
        # "The golf industry, she said, is “doing much better”": the tag interrupts what was said
        lead = _tag_inside(index, start, cue)
        begin = lead if lead is not None else begin
        b, e = trim(text, min(begin, region.start), _sentence_after(text, region, lexicon))
        return b, max(e, region.end), cue
    after = _after_cue(index, region, lexicon)
    # a cue with its own complement after it reports that, not this quote; nor is a title a saying
    reports_other = any(c.cue_at == after and c.start > region.end for c in clauses)
    if after is not None and not reports_other and not _title_like(quoted, lexicon):
        # the plan is "dead on arrival," he said: the content is the sentence up to the quote's end,
        # or from a dash that sets the quote and its tag off ("He was not impressed - “Born rich,”
        # Mr. Elk said - but ...")
        dash = max(text.rfind(f" {d} ", start, region.start) for d in LABEL_DASHES)
        closed_off = re.search(r"\s[-–—]{1,2}\s", text[region.end : frame_end(text, region.end, len(text))])
        begin = dash + 2 if dash >= 0 and closed_off else start
        return trim(text, begin, region.end)[0], region.end, after
    return None


def _names_a_channel(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> bool:
    """A quoted title right after a possessive, "on" or an occasion's noun is the show or work
    something was said on, not what was said: "said on NBC's 'Meet the Press'", "told ABC's 'Good
    Morning America'", "a host on the TV show 'Shark Tank'"."""
    text = index.doc.text
    if not _title_like(text[region.content_start : region.content_end], lexicon):
        return False
    before = index.between(frame_start(text, region.start, floor), region.start)
    words = [index.token(ref) for ref in before if _is_word(index.token(ref))]
    if not words:
        return False
    last = words[-1]
    possessive = last.upos == "PART" and last.text.lower().endswith(("'s", "’s"))
    return possessive or last.text.lower() == "on" or last.lemma.lower() in lexicon.occasions


def _only_the_channel(index: TokenIndex, clause: Clause, region: Region) -> bool:
    """Whether a clause reported around a show's title says nothing more than where it was said
    ("said on CBS's 'Face the Nation'", which a parser may read as the verb's complement)."""
    if clause.end > region.end:
        return False
    before = index.between(clause.start, region.start)
    return all(index.token(ref).upos in _CHANNEL_TAGS for ref in before)


def _clause_start(index: TokenIndex, clause: Clause, region: Region, floor: int, lexicon: Lexicon) -> int:
    """Where a mixed quote found in a reported clause begins: at the sentence's start when its cue
    is a tag set off by commas ("The industry, she said, is “...”"), past when and where it was said
    when the clause opens right after its cue ("said Thursday “...”"), and never inside the marks."""
    cue = index.token(clause.cue_at)
    if cue.end < clause.start:
        lead = _tag_inside(index, frame_start(index.doc.text, region.start, floor), clause.cue_at)
        if lead is not None:
            return lead
    tokens = index.doc.sentences[clause.cue_at[0]].tokens
    k = clause.cue_at[1] + 1
    if k < len(tokens) and tokens[k].start == clause.start:
        k = _past_the_lead(tokens, k, region.start, cue, lexicon, object_preposition=False)
        return min(tokens[k].start if k < len(tokens) else region.start, region.start)
    return min(clause.start, region.start)


def _past_the_lead(
    tokens: Sequence[Token],
    k: int,
    end: int,
    cue: Token,
    lexicon: Lexicon,
    *,
    object_preposition: bool = True,
) -> int:
    """The first token of what was said after a cue, past the words before the quote that say when,
    where, how or to whom it was said: "said Thursday", "reported on Wednesday", "said in Reno",
    "wrote on his Twitter feed", "told reporters outside a polling station that", and the preposition
    of a verb's object ("warned of the dangers of “...”", "called for “...”")."""
    dates = lexicon.time_words["date"] | lexicon.months
    listener = cue.lemma.lower() in lexicon.object_verbs.all
    while k < len(tokens) and tokens[k].end <= end:
        word = tokens[k].text.lower()
        nxt = tokens[k + 1].text.lower() if k + 1 < len(tokens) else ""
        if word == "," or (word in dates and tokens[k].upos in {"PROPN", "NOUN", "ADV"}):
            k += 1
        elif word in lexicon.phrase_words["time-lead"] and (
            nxt in dates or nxt in lexicon.time_words["time"]
        ):
            k += 2
        elif (occasion := _occasion_end(tokens, k, lexicon)) is not None:
            k = occasion
        elif tokens[k].upos == "ADP" and k + 1 < len(tokens) and tokens[k + 1].upos == "PROPN":
            k = _past_names(tokens, k + 1)  # "in Reno", "from New Hampshire", "in Madison, Wis."
        elif listener and (said := _listener_end(tokens, k, end, lexicon)) is not None:
            return said
        else:
            break
    if (
        object_preposition
        and k < len(tokens)
        and tokens[k].end <= end
        and tokens[k].text.lower() in _OBJECT_PREPOSITIONS
    ):
        k += 1
    return k


def _occasion_end(tokens: Sequence[Token], k: int, lexicon: Lexicon) -> int | None:
    """After the phrase at token `k` that names the occasion or channel of a saying ("at a rally",
    "in an interview", "on his official Twitter feed"), or None when none starts there."""
    if tokens[k].text.lower() not in lexicon.phrase_words["occasion-lead"]:
        return None
    for j in range(k + 1, min(k + 5, len(tokens))):
        if tokens[j].text.lower() in lexicon.occasions:
            j += 1
            while j < len(tokens) and tokens[j].upos in {"NOUN", "PROPN"}:
                j += 1
            # and the show's quoted title: "on the MSNBC show ''Morning Joe''"
            if j < len(tokens) and tokens[j].text in _MARK_TOKENS:
                close = next(
                    (c for c in range(j + 1, min(j + 9, len(tokens))) if tokens[c].text in _MARK_TOKENS), None
                )
                j = close + 1 if close is not None else j
            return j
        if tokens[j].upos not in {"DET", "ADJ", "NUM", "PROPN", "NOUN"} and tokens[j].xpos != "PRP$":
            return None
    return None


def _past_names(tokens: Sequence[Token], k: int) -> int:
    """After a run of proper names from token `k`, commas between names included ("Madison,
    Wisconsin,")."""
    while k < len(tokens) and (
        tokens[k].upos == "PROPN"
        or (tokens[k].text == "," and k + 1 < len(tokens) and tokens[k + 1].upos == "PROPN")
    ):
        k += 1
    return k


def _listener_end(tokens: Sequence[Token], k: int, end: int, lexicon: Lexicon) -> int | None:
    """Where what was said begins after the listener of "told", "asked" ("told reporters outside a
    polling station that ...", "asked the moderator whether ...", "tells the crowd he was ..."): at
    the first complementiser or subject pronoun within a few words, or None."""
    for j in range(k, min(k + 12, len(tokens))):
        if tokens[j].end > end:
            return None
        word = tokens[j].text.lower()
        if word in {"that", "whether", "if"} or word in lexicon.connectives["question"]:
            return j
        if word in _RELATIVES:  # "a book in which he exposes ...": no listener
            return None
        if j > k and word in lexicon.pronoun_sets["subject"]:
            return j
        finite = tokens[j].upos in {"VERB", "AUX"} and tokens[j].xpos not in {"VBG", "VBN"}
        if finite or tokens[j].text in {";", ":"}:
            return None
    return None


def _fronted_before(index: TokenIndex, ref: tuple[int, int], end: int, lexicon: Lexicon) -> bool:
    """Whether the cue at `ref` sits in a subordinate clause that opens its sentence ("When ...",
    "After blasting ...") and a comma closes that clause before `end`."""
    tokens = index.doc.sentences[ref[0]].tokens
    opener = next((tok for tok in tokens[: ref[1]] if tok.upos != "PUNCT"), None)
    # ("As one analyst put it, ...": an aside that introduces the sentence after it)
    if (
        opener is None
        or opener.text.lower() not in lexicon.connectives["subordinate"]
        or opener.text.lower() == "as"
    ):
        return False
    if any(tok.text == "," for tok in tokens[: ref[1]]):  # the cue is the main clause's
        return False
    return any(tok.text == "," for tok in tokens[ref[1] + 1 :] if tok.end <= end)


def _sentence_after(text: str, region: Region, lexicon: Lexicon) -> int:
    """Where the sentence around a quote ends: at the quote when it closes on a full stop, else at
    the next sentence end or a comma before ", but ...", ", adding ..."."""
    if text[region.content_start : region.content_end].rstrip()[-1:] in {".", "!", "?"}:
        return region.end
    para_end = paragraph_of(text, region.end - 1)[1] if region.closed else region.end
    end = frame_end(text, region.end, para_end)
    words = "|".join(sorted(lexicon.clause_cuts))
    # the comma may close the quote itself: “jobs, jobs, jobs,” but he ...
    if text[region.content_start : region.content_end].rstrip().endswith(",") and re.match(
        rf"\s+(?:{words})\b", text[region.end : end]
    ):
        return region.end
    cut = re.search(rf",\s+(?:{words})\b", text[region.end : end])
    return region.end + cut.start() if cut else end


def _rest_of_sentence(text: str, region: Region, lexicon: Lexicon) -> tuple[int, int]:
    """What follows a quote up to its sentence end, without edge punctuation."""
    return trim(text, region.end, _sentence_after(text, region, lexicon))


# “Q” ― Edwin Monroy: a dash and a short capitalised name right after the closing mark, then the
# sentence or paragraph ends or the next quote opens (pull quotes, vox pops, epigraphs)
_DASH_SIGNATURE = re.compile(
    r"[ \t\u00a0]*([―—–])[ \t\u00a0]*"
    r"[A-Z][\w.'’\-]*(?:[ \t\u00a0]+[A-Z][\w.'’\-]*){0,4}"
    r"(?=[ \t\u00a0]*(?:$|\n|[.,;]|[\"“”‘«]))"
)


def _dash_signature(text: str, region: Region) -> int | None:
    """Where the dash is, for a quote signed with a name after a dash (“Q” ― Name)."""
    found = _DASH_SIGNATURE.match(text, region.end) if region.closed else None
    return found.start(1) if found else None


def _title_like(text: str, lexicon: Lexicon) -> bool:
    """ "Fox News Sunday", "The 411": a short run of capitalised words names a work, not a saying."""
    words = re.findall(r"[\w'’]+", text)
    small = lexicon.title_words
    return 0 < len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() or w in small for w in words)


def _trim_quote(text: str, region: Region) -> tuple[int, int]:
    start, end = region.content_start, region.content_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _introduced_above(
    index: TokenIndex, region: Region, lexicon: Lexicon
) -> tuple[Span, tuple[int, int] | None] | None:
    """ "He said:" ending the paragraph above introduces a quote that has a paragraph of its own."""
    text = index.doc.text
    para_start = paragraph_of(text, region.start)[0]
    above = text[:para_start].rstrip()
    if para_start != region.start or not above.endswith(":"):
        return None
    colon = len(above) - 1
    cues = _cues_in(index, frame_start(text, colon, paragraph_of(text, colon)[0]), colon, lexicon)
    if cues:
        return _cue_span(index, cues[-1]), cues[-1]
    return index.span(colon, colon + 1), None


def _classify(
    index: TokenIndex,
    region: Region,
    floor: int,
    clauses: Sequence[Clause],
    lexicon: Lexicon,
    diagnostics: list[Diagnostic],
) -> Candidate | None:
    text = index.doc.text
    start, end = _trim_quote(text, region)
    words = len(text[start:end].split())
    label = speaker_label(text, region.content_start)
    if label is not None:
        # a transcript turn: "WALLACE: Q" is Wallace's direct quote, introduced by the colon
        colon = label.end(1)
        return Candidate("direct", label.end(), end, Pattern.LABEL, index.span(colon, colon + 1))
    dash = _dash_signature(text, region)
    # a name signing the quote after a dash is its speaker, whatever verb the next quote holds;
    # a short phrase so signed is still a title
    if dash is not None and words >= _SCARE_WORDS:
        return Candidate("direct", start, end, Pattern.DASH, index.span(dash, dash + 1))
    after = _after_cue(index, region, lexicon)
    before = _before_cue(index, region, floor, lexicon)
    head = text[frame_start(text, region.start, floor) : region.start].strip()
    # the quote is the whole content of its sentence when nothing but an introduction precedes it;
    # a fronted phrase without a cue ("With thousands of systems, "Q," he said") is part of the content
    stands_alone = not head or head.endswith(":") or before is not None
    cue_ref = (after or before) if stands_alone else None
    if cue_ref is not None and not (region.single and words < _SCARE_WORDS):
        rest = _rest_of_sentence(text, region, lexicon)
        goes_on = len(re.findall(r"\w+", text[rest[0] : rest[1]])) >= 2
        # X said that "Q" / an economic downturn, he said, "could be a good time": the quote ends a
        # sentence the writer began, so what was said begins where the writer's words do
        lead = _reported_lead(index, region, floor, cue_ref) if after is None else None
        if lead is not None:
            end = rest[1] if goes_on else region.end
            return Candidate("mixed", lead, end, Pattern.BEFORE, _cue_span(index, cue_ref), cue_ref)
        # X reported "2,521 shootings" in the city: the sentence goes on, so the quote is a fragment
        if after is None and goes_on:
            return Candidate(
                "mixed", region.start, rest[1], Pattern.MIXED, _cue_span(index, cue_ref), cue_ref
            )
        pattern = Pattern.AFTER if after else Pattern.BEFORE
        return Candidate("direct", start, end, pattern, _cue_span(index, cue_ref), cue_ref)
    if _standalone(text, region, floor):
        # '"They sue," he said. "Everybody sues, right?"': a short quote that is a whole sentence of
        # its own, with a verb, is still somebody's words (a slogan, "A change warrior.", is not)
        verb = any(index.token(ref).upos in {"VERB", "AUX"} for ref in index.between(start, end))
        closed = text[start:end].rstrip("'’”\"")[-1:] in {".", "?", "!"}
        sentence = (verb or _after_a_tag(index, floor, region.start, lexicon)) and closed
        if words < _SCARE_WORDS and not (sentence and text[start : start + 1].isupper()):
            diagnostics.append(
                Diagnostic("scare_quote", f"short quoted phrase without a cue: {text[start:end]!r}", start)
            )
            return None
        introduced = _introduced_above(index, region, lexicon)
        if introduced is not None:
            return Candidate("direct", start, end, Pattern.BEFORE, introduced[0], introduced[1])
        return Candidate("direct", start, end, Pattern.STANDALONE, continuation=True)
    if head.endswith(":") and words >= _SCARE_WORDS:
        # "Caddell: "Q"": a colon introduces the quote even without a reporting verb
        colon = text.rfind(":", 0, region.start)
        return Candidate("direct", start, end, Pattern.COLON, index.span(colon, colon + 1))
    mixed = _mixed_span(index, region, clauses, floor, lexicon)
    if mixed is not None:
        m_start, m_end, cue_at = mixed
        cue = _cue_span(index, cue_at) if cue_at else None
        return Candidate("mixed", m_start, m_end, Pattern.MIXED, cue, cue_at)
    if words >= _LONE_WORDS and region.closed and not _title_like(text[start:end], lexicon):
        return _lone(index, region, floor, lexicon)
    diagnostics.append(
        Diagnostic("scare_quote", f"quoted phrase without a speech cue: {text[start:end][:60]!r}", start)
    )
    return None


def _merge_mixed(candidates: list[Candidate]) -> list[Candidate]:
    """Two fragments quoted in one reported clause make one mixed quote."""
    out: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if out and out[-1].kind == "mixed" and cand.kind == "mixed" and cand.start < out[-1].end:
            last = out[-1]
            out[-1] = replace(last, end=max(last.end, cand.end), pattern=Pattern.MIXED, continuation=False)
        else:
            out.append(cand)
    return out


def _mixed_cut(index: TokenIndex, cand: Candidate, regions: Sequence[Region], lexicon: Lexicon) -> Candidate:
    """A mixed quote ends where the writer takes over after its last quoted fragment."""
    if cand.kind != "mixed":
        return cand
    ends = [r.end for r in regions if cand.start <= r.start and r.end <= cand.end]
    if not ends:
        return cand
    cue = index.token(cand.cue_at) if cand.cue_at is not None else None
    end = mixed_end(index, cand.start, cand.end, cue, max(ends), lexicon)
    return replace(cand, end=trim(index.doc.text, cand.start, end)[1]) if end < cand.end else cand


def _headline(index: TokenIndex, regions: Sequence[Region], lexicon: Lexicon) -> list[Candidate]:
    """ "Pence: Flowers Won't Be at Debate": a headline that names its speaker before a colon."""
    text = index.doc.text
    start = len(text) - len(text.lstrip())
    label = speaker_label(text, start, headline=True) if start < len(text) else None
    if label is None or any(r.start <= start < r.end for r in regions):
        return []
    begin, end = trim(text, label.end(), paragraph_of(text, start)[1])
    # too short to say anything, or a quotation that the quote rules handle
    if len(text[begin:end].split()) < 3 or any(r.start == begin for r in regions):
        return []
    # quoted words inside make it a mixed quote, as with any reported content; without them the
    # words before the colon must name somebody, or they are the headline's kicker
    kind: QuoteKind = "mixed" if any(begin <= r.start < end for r in regions) else "indirect"
    if kind == "indirect" and not _names_a_source(index, label.start(1), label.end(1), lexicon):
        return []
    colon = label.end(1)
    return [Candidate(kind, begin, end, Pattern.LABEL, index.span(colon, colon + 1))]


def _names_a_source(index: TokenIndex, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether a headline's words before its colon name a speaker ("Pence", "AP-GfK Poll", "Insiders")
    rather than a kicker ("Stealth Over Health", "BOMBSHELL", "Delegate Update", "Clinton Wades In"):
    a name the tagger found, or a noun for a source, and no verb or preposition of a sentence."""
    tokens = [index.token(ref) for ref in index.between(start, end)]
    if not tokens or any(tok.upos in {"VERB", "AUX", "ADP", "INTJ"} for tok in tokens):
        return False
    # a name the tagger found here or anywhere in the article ("Gingrich" in a headline it missed)
    last = tokens[-1]
    if any(last.text in e.text.split() for e in index.doc.entities):
        return True
    word = last.text.lower()
    if word in lexicon.headings:  # "Delegate Update", "Campaign Briefing"
        return False
    single = singular(word)
    heads = lexicon.anonymous_heads | lexicon.group_heads | lexicon.organisation_heads | lexicon.person_roles
    return bool({word, single} & (heads | lexicon.document_heads.all))


def _after_dateline(text: str, cand: Candidate) -> Candidate:
    """A candidate that starts in a dateline starts after it: "DUBLIN (Reuters) - " is nobody's words."""
    begin = dateline_end(text, cand.start)
    if not cand.start < begin < cand.end:
        return cand
    return replace(cand, start=begin)


def detect(doc: AnnotatedDoc, *, lexicon: Lexicon, index: TokenIndex | None = None) -> Detection:
    """Find direct, mixed and reported-speech candidates in a doc, with their cues (`index`: the
    doc's `TokenIndex`, when the caller has built it already)."""
    text = doc.text
    index = TokenIndex(doc) if index is None else index
    regions, marks = find_regions(text)
    diagnostics = list(marks)
    clauses = find_clauses(index, lexicon=lexicon)
    candidates: list[Candidate] = []
    floor = 0
    for region in regions:
        # a dateline ("DUBLIN (Reuters) - ") opens the paragraph but is no part of its sentence
        para_start = dateline_end(text, region.start)
        found = _classify(index, region, max(floor, para_start), clauses, lexicon, diagnostics)
        # a long quote with no cue in its sentence goes on from the quote before it, or from nobody
        if found is not None and found.pattern == Pattern.STANDALONE and found.kind == "mixed":
            found = found if _goes_on_from(text, candidates, found) else None
        if found is not None:
            candidates.append(found)
        # the show a thing was said on, mid-sentence ("stating on NBC's 'Meet the Press' that ..."),
        # leaves its sentence open to the quotes after it, the way a scare quote does not
        elif text[region.content_start : region.content_end].rstrip()[-1:] not in {
            ".",
            "!",
            "?",
        } and _names_a_channel(index, region, max(floor, para_start), lexicon):
            continue
        floor = region.end
    candidates = [_mixed_cut(index, c, regions, lexicon) for c in _merge_mixed(candidates)]
    candidates += _headline(index, regions, lexicon)
    quoted = [(c.start, c.end) for c in candidates]
    used_cues = {c.cue_at for c in candidates if c.cue_at is not None}
    direct_regions = [
        r
        for r in regions
        if any(c.kind == "direct" and r.start < c.end and c.start < r.end for c in candidates)
    ]
    for clause in clauses:
        cue_tok = index.token(clause.cue_at)
        # a cue already used by a quote, or reported speech overlapping one, is not a second quote
        if clause.cue_at in used_cues or any(s < clause.end and clause.start < e for s, e in quoted):
            continue
        if any(r.start <= cue_tok.start < r.end for r in regions):
            continue  # the cue is inside someone's quote: the speaker's own reporting, not the article's
        if any(r.start < clause.end and clause.start < r.end for r in direct_regions):
            continue
        cue = _cue_span(index, clause.cue_at)
        candidates.append(Candidate("indirect", clause.start, clause.end, clause.pattern, cue, clause.cue_at))
        quoted.append((clause.start, clause.end))
    candidates = [_after_dateline(text, c) for c in candidates]
    candidates.sort(key=lambda c: c.start)
    return Detection(tuple(candidates), regions, tuple(diagnostics))
