"""The cue beside a quote: a tag after it ("“Q,” said X"), an introduction before it ("X said:
“Q”"), a tag sentence between two quotes; and the cues in a stretch of text."""

from __future__ import annotations

from quotes.cues import is_cue
from quotes.lexicon import Lexicon
from quotes.marks import Region, frame_end, frame_start, paragraph_of
from quotes.model import Span
from quotes.titles import title_like
from quotes.tokens import TokenIndex, is_word

# tokens between a quote's end and its cue ("the diplomatic source was quoted")
_MAX_TRAILING_ATTRIBUTION = 10
_MAX_LEADING_TAIL = 7  # tokens between a cue and the quote it introduces ("told the Interfax news agency:")
# dashes that set a label off from the sentence before it ("... - HuffPollster: “Q”")
LABEL_DASHES = frozenset({"-", "–", "—", "--"})


def cue_span(index: TokenIndex, ref: tuple[int, int]) -> Span:
    """The cue as written: one verb, or a fixed phrase ("according to", "quoted as saying")."""
    tokens = index.doc.sentences[ref[0]].tokens
    tok = tokens[ref[1]]
    end = tok.end
    words = [x.text.lower() for x in tokens[ref[1] : ref[1] + 3]]
    if words[:2] == ["according", "to"] or (words[0] == "quoted" and words[1:] == ["as", "saying"]):
        end = tokens[ref[1] + (1 if words[0] == "according" else 2)].end
    return index.span(tok.start, end)


def cues_in(index: TokenIndex, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    refs = [ref for ref in index.between(start, end) if is_cue(index, ref, lexicon)]
    refs += [
        ref
        for ref in index.between(start, end)
        if index.token(ref).text.lower() == "according" and ref not in refs
    ]
    return sorted(refs, key=lambda ref: index.token(ref).start)


def after_cue(index: TokenIndex, region: Region, lexicon: Lexicon) -> tuple[int, int] | None:
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
    words = [ref for ref in index.between(region.end, end) if is_word(index.token(ref))]
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
        if aside and is_word(tok) and not closes and is_cue(index, ref, lexicon):
            return ref
        if not is_word(tok) or aside:
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


def before_cue(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """X said: "Q" / X said, "Q" / X told reporters "Q": a cue just before the opening mark."""
    text = index.doc.text
    start = frame_start(text, region.start, floor)
    cues = cues_in(index, start, region.start, lexicon)
    if not cues:
        return None
    cue = cues[-1]
    tail = [ref for ref in index.between(index.token(cue).end, region.start) if is_word(index.token(ref))]
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
    if work and work[0] in lexicon.document_heads.all and title_like(quoted, lexicon):
        return None
    # a colon or comma right before the mark introduces the quote; so does a bare cue ("said "Q"")
    if before.endswith((":", ",")) and len(tail) <= _MAX_LEADING_TAIL:
        return cue
    if not tail or [index.token(r).text.lower() for r in tail] == ["that"]:
        return cue
    return None


def fronted_before(index: TokenIndex, ref: tuple[int, int], end: int, lexicon: Lexicon) -> bool:
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


def after_a_tag(index: TokenIndex, floor: int, start: int, lexicon: Lexicon) -> bool:
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
