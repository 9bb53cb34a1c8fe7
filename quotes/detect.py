"""Quote candidates and their cues: direct quotes, mixed quotes and reported speech.

`marks.py` pairs the quotation marks and `clauses.py` finds reporting verbs with their content;
`tags.py` finds the cue beside a quote, `titles.py` tells titles of works and shows from sayings and
`leads.py` where quoted words begin. This module decides what each quoted passage is (a direct
quote, part of a mixed quote, a continuation, a title) and adds the reported speech that no quote
covers.

Two kinds of evidence are combined so that one wrong arc does not lose a quote: the surface
(quotation marks, commas, a reporting verb next to the quote) and, where it helps, the dependency
parse (a reporting verb's complement clause). Nothing here raises on odd punctuation: an unclosed
quote or a stray mark becomes a `Diagnostic` and the rest of the article is still analysed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quotes.clauses import Clause, find_clauses
from quotes.extent import mixed_end
from quotes.kinds import singular
from quotes.leads import clause_start, past_the_lead, reported_lead, sentence_around_tag, subject_verb
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
from quotes.model import AnnotatedDoc, Diagnostic, Pattern, QuoteKind, Span
from quotes.tags import LABEL_DASHES, after_a_tag, after_cue, before_cue, cue_span, cues_in, fronted_before
from quotes.titles import names_a_channel, only_the_channel, title_like
from quotes.tokens import TokenIndex

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


def _lone(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> Candidate:
    """A long quote with no cue in its sentence: still somebody's words, most often those of the
    speaker quoted just before ("In Europe, by contrast, “claims based on religion have ...”"),
    unless the sentence's own subject and verb come first ("The ad targets a “corrupt system that
    ...”"): the verb is then its cue."""
    text = index.doc.text
    frame = frame_start(text, region.start, floor)
    verb = subject_verb(index, frame, region.start)
    if verb is not None:
        tokens = index.doc.sentences[verb[0]].tokens
        first = past_the_lead(tokens, verb[1] + 1, region.start, tokens[verb[1]], lexicon)
        begin = tokens[first].start if first < len(tokens) else region.start
        b, e = trim(text, min(begin, region.start), _sentence_after(text, region, lexicon))
        return Candidate("mixed", b, max(e, region.end), Pattern.MIXED, cue_span(index, verb), verb)
    b, e = trim(text, frame, _sentence_after(text, region, lexicon))
    return Candidate("mixed", b, max(e, region.end), Pattern.STANDALONE, continuation=True)


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
    channel = names_a_channel(index, region, floor, lexicon)
    for clause in clauses:
        if clause.start <= region.content_start and region.content_end <= clause.end + 1:
            if channel and only_the_channel(index, clause, region):
                return None
            return (
                clause_start(index, clause, region, floor, lexicon),
                max(clause.end, region.end),
                clause.cue_at,
            )
    if channel:
        return None
    text = index.doc.text
    start = frame_start(text, region.start, floor)
    quoted = text[region.content_start : region.content_end]
    # told MSNBC's "Morning Joe" that ...: a title before a reported clause is not part of it
    if title_like(quoted, lexicon) and any(
        region.end <= c.start < paragraph_of(text, region.end)[1] for c in clauses
    ):
        return None
    # a cue followed by a comma tags an earlier quote ("she said, but ..."), it introduces nothing here
    cues = [
        ref
        for ref in cues_in(index, start, region.start, lexicon)
        if ref[1] + 1 >= len(index.doc.sentences[ref[0]].tokens)
        or index.doc.sentences[ref[0]].tokens[ref[1] + 1].text != ","
    ]
    if (
        cues
        and title_like(quoted, lexicon)
        and len(index.between(index.token(cues[-1]).end, region.start)) > 3
    ):
        cues = []  # a title quoted far from the cue: "sings to X in a clip of 'The 411'"
    # "When Trump announced his candidacy, he referred to them as “criminals”": a cue in a fronted
    # subordinate clause reports that clause's object; the quote in the main clause is not its
    cues = [ref for ref in cues if not fronted_before(index, ref, region.start, lexicon)]
    if cues:
        return _after_its_cue(index, region, cues[-1], start, lexicon)
    after = after_cue(index, region, lexicon)
    # a cue with its own complement after it reports that, not this quote; nor is a title a saying
    reports_other = any(c.cue_at == after and c.start > region.end for c in clauses)
    if after is not None and not reports_other and not title_like(quoted, lexicon):
        # the plan is "dead on arrival," he said: the content is the sentence up to the quote's end,
        # or from a dash that sets the quote and its tag off ("He was not impressed - “Born rich,”
        # Mr. Elk said - but ...")
        dash = max(text.rfind(f" {d} ", start, region.start) for d in LABEL_DASHES)
        closed_off = re.search(r"\s[-–—]{1,2}\s", text[region.end : frame_end(text, region.end, len(text))])
        begin = dash + 2 if dash >= 0 and closed_off else start
        return trim(text, begin, region.end)[0], region.end, after
    return None


def _after_its_cue(
    index: TokenIndex, region: Region, cue: tuple[int, int], start: int, lexicon: Lexicon
) -> tuple[int, int, tuple[int, int] | None] | None:
    """X called the visit "very symbolic": the content runs from after the cue (the sentence starting
    at `start`) to the sentence end."""
    text = index.doc.text
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
    first = past_the_lead(tokens, first, region.start, cue_tok, lexicon)
    begin = tokens[first].start if first < len(tokens) else region.start
    # "The golf industry, she said, is “doing much better”": the tag interrupts what was said
    lead = sentence_around_tag(index, start, cue, lexicon)
    begin = lead if lead is not None else begin
    b, e = trim(text, min(begin, region.start), _sentence_after(text, region, lexicon))
    return b, max(e, region.end), cue


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
    cues = cues_in(index, frame_start(text, colon, paragraph_of(text, colon)[0]), colon, lexicon)
    if cues:
        return cue_span(index, cues[-1]), cues[-1]
    return index.span(colon, colon + 1), None


def _beside_its_cue(
    index: TokenIndex, region: Region, floor: int, cue_ref: tuple[int, int], lexicon: Lexicon, *, tagged: bool
) -> Candidate:
    """A quote with its cue right beside it: a tag after it (`tagged`) or an introduction before it."""
    text = index.doc.text
    start, end = _trim_quote(text, region)
    rest = _rest_of_sentence(text, region, lexicon)
    goes_on = len(re.findall(r"\w+", text[rest[0] : rest[1]])) >= 2
    # X said that "Q" / an economic downturn, he said, "could be a good time": the quote ends a
    # sentence the writer began, so what was said begins where the writer's words do
    lead = reported_lead(index, region, floor, cue_ref, lexicon) if not tagged else None
    if lead is not None:
        end = rest[1] if goes_on else region.end
        return Candidate("mixed", lead, end, Pattern.BEFORE, cue_span(index, cue_ref), cue_ref)
    # X reported "2,521 shootings" in the city: the sentence goes on, so the quote is a fragment
    if not tagged and goes_on:
        return Candidate("mixed", region.start, rest[1], Pattern.MIXED, cue_span(index, cue_ref), cue_ref)
    pattern = Pattern.AFTER if tagged else Pattern.BEFORE
    return Candidate("direct", start, end, pattern, cue_span(index, cue_ref), cue_ref)


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
    after = after_cue(index, region, lexicon)
    before = before_cue(index, region, floor, lexicon)
    head = text[frame_start(text, region.start, floor) : region.start].strip()
    # the quote is the whole content of its sentence when nothing but an introduction precedes it;
    # a fronted phrase without a cue ("With thousands of systems, "Q," he said") is part of the content
    stands_alone = not head or head.endswith(":") or before is not None
    cue_ref = (after or before) if stands_alone else None
    if cue_ref is not None and not (region.single and words < _SCARE_WORDS):
        return _beside_its_cue(index, region, floor, cue_ref, lexicon, tagged=after is not None)
    if _standalone(text, region, floor):
        # '"They sue," he said. "Everybody sues, right?"': a short quote that is a whole sentence of
        # its own, with a verb, is still somebody's words (a slogan, "A change warrior.", is not)
        verb = any(index.token(ref).upos in {"VERB", "AUX"} for ref in index.between(start, end))
        closed = text[start:end].rstrip("'’”\"")[-1:] in {".", "?", "!"}
        sentence = (verb or after_a_tag(index, floor, region.start, lexicon)) and closed
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
        cue = cue_span(index, cue_at) if cue_at else None
        return Candidate("mixed", m_start, m_end, Pattern.MIXED, cue, cue_at)
    if words >= _LONE_WORDS and region.closed and not title_like(text[start:end], lexicon):
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
        } and names_a_channel(index, region, max(floor, para_start), lexicon):
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
        cue = cue_span(index, clause.cue_at)
        candidates.append(Candidate("indirect", clause.start, clause.end, clause.pattern, cue, clause.cue_at))
        quoted.append((clause.start, clause.end))
    candidates = [_after_dateline(text, c) for c in candidates]
    candidates.sort(key=lambda c: c.start)
    return Detection(tuple(candidates), regions, tuple(diagnostics))
