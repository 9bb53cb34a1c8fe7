"""The speaker of a quote that a colon, a label ("WALLACE:") or a dash introduces rather than a cue."""

from __future__ import annotations

from quotes.cues import title_case
from quotes.detect import Candidate
from quotes.inverted import noun_phrase_after
from quotes.kinds import no_speaker, source_kind
from quotes.lexicon import Lexicon
from quotes.marks import dateline_end
from quotes.mentions import describe
from quotes.model import Pattern, Span
from quotes.phrases import noun_phrase_before, uncontracted
from quotes.subjects import main_subject
from quotes.tags import LABEL_DASHES
from quotes.tokens import TokenIndex


def colon_speaker(index: TokenIndex, cand: Candidate, lexicon: Lexicon) -> Span | None:
    """ "WALLACE: "Q"" — the name before a colon; "Sanders made the following comment: "Q"" — the
    subject of the verb before it."""
    if cand.cue is None:
        return None
    refs = [ref for ref in index.between(0, cand.cue.start + 1) if index.token(ref).start == cand.cue.start]
    if not refs:
        return None
    s, t = refs[0]
    floor = dateline_end(index.doc.text, cand.cue.start)
    if cand.pattern == Pattern.DASH:
        # “Q” ― Edwin Monroy: the name after the dash signs the quote (tagging ignored: names only)
        return noun_phrase_after(index.doc, s, t, ceiling=len(index.doc.text), lexicon=lexicon, tagged=False)
    if cand.pattern == Pattern.LABEL:
        # "WALLACE:" is the whole speaker, from the line start or the quotation mark before it
        text = index.doc.text
        floor = max([floor] + [text.rfind(mark, 0, cand.cue.start) + 1 for mark in "\"“'‘"])
        return noun_phrase_before(index.doc, s, t, floor=floor, lexicon=lexicon, tagged=False)
    # "Media shares blame in poll overhype - HuffPollster: “Q”": after a dash, a short name before the
    # colon labels the quote, whatever the sentence before the dash says
    tokens = index.doc.sentences[s].tokens
    dash = next((k for k in range(t - 1, max(-1, t - 7), -1) if tokens[k].text in LABEL_DASHES), None)
    label = tokens[dash + 1 : t] if dash is not None else []
    if label and label[0].text[:1].isupper() and all(tok.upos != "VERB" for tok in label):
        return Span(label[0].start, label[-1].end, index.doc.text[label[0].start : label[-1].end])
    # "Elizabeth Warren Hammers Wells Fargo CEO: ‘Q’": a headline in title case names its speaker first
    if title_case(tokens[:t]):
        person = next((e for e in index.doc.entities if e.type == "PER" and e.start == tokens[0].start), None)
        if person is not None and person.end < tokens[t - 1].start:
            return Span(person.start, person.end, person.text)
    # "Sanders made the following comment:"; but "The health issue is a partisan issue:" is nobody
    main = main_subject(index, s, t, floor=floor, lexicon=lexicon)
    if main is not None:
        return None if no_speaker(index.doc, uncontracted(index, main) or main, lexicon) else main
    # "the laugh line: “Q”": a phrase before a colon speaks only if it names or describes a source
    before = noun_phrase_before(index.doc, s, t, floor=floor, lexicon=lexicon, tagged=index.tagged)
    if before is None:
        return None
    info = describe(before, lexicon=lexicon, doc=index.doc)
    return (
        before
        if info.pronoun is not None or source_kind(index.doc, before, info, lexicon) != "unknown"
        else None
    )
