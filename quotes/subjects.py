"""Where a cue stands and the noun phrases its arcs give: its subject, the object of "according to" or
"quoting", as parsed and checked against the phrase as written; the subject of a sentence's main verb."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.detect import Candidate
from quotes.lexicon import Lexicon
from quotes.marks import dateline_end
from quotes.model import Span, Token
from quotes.parsed_phrase import noun_phrase_parsed
from quotes.phrases import noun_phrase_before, skippable
from quotes.tokens import FINITE_XPOS, VERB_UPOS, TokenIndex

# tags, not words: the arcs of a subject, and the verb tags
SUBJECT_DEPRELS = frozenset({"nsubj", "nsubj:pass"})
_VERB_XPOS = FINITE_XPOS | {"VBN"}


def parse_subject(index: TokenIndex, at: Site, lexicon: Lexicon) -> Span | None:
    """The cue's nominal subject as the parse has it, on whichever side of the cue it stands."""
    cue = at.tokens[at.t]
    subjects = [tok.index for tok in index.dependents(at.s, at.t) if tok.deprel in SUBJECT_DEPRELS]
    before = [k for k in subjects if k < at.t]
    # "said the Russian foreign ministry", never the listener of an inverted "told"
    inverted = lexicon.reporting_lemma(cue.text, cue.lemma) not in lexicon.object_verbs["listener"]
    after = [k for k in subjects if k > at.t] if inverted else []
    if before:
        heads, within = before[::-1], (at.floor, cue.start)
    elif after:
        # "said manager Ann Lowe": parsers take the title for the verb's object, right before the name
        title = [tok.index for tok in index.dependents(at.s, at.t) if tok.deprel == "obj"]
        heads, within = [k for k in title if k + 1 == after[0]] + after, (cue.end, at.ceiling)
    else:
        return None
    kids = index.children[at.s]

    def phrase(group: Sequence[int]) -> Span | None:
        return noun_phrase_parsed(index.doc, at.s, group, within=within, children=kids, lexicon=lexicon)

    # a parser may split one subject into several ("Tom Ng , a spokesman"; "The mayor and the chief")
    # or take a fronted phrase for one ("In a swipe at X, Clinton said"): from the one nearest the
    # cue, the others join only across "and" or as an appositive description
    group = [heads[0]]
    for k in heads[1:]:
        near, far = phrase(group), phrase([k])
        if near is None or far is None or not _one_phrase(index.doc.text, far, near, lexicon):
            break
        group.append(k)
    return phrase(group)


def _one_phrase(text: str, a: Span, b: Span, lexicon: Lexicon) -> bool:
    """Whether two pieces of a split subject, in either order, make one phrase: nothing or a
    coordinator between them, or a comma before a description ("Tom Ng, a spokesman")."""
    left, right = (a, b) if a.start < b.start else (b, a)
    gap = text[left.end : right.start].strip().lower()
    # "Sen. Kristen Gillibrand (D-NY), a supporter": the bracket closes the name before the comma
    gap = gap.removeprefix(")").strip() if "(" in left.text else gap
    if gap in {"", "and", "or", "&"}:
        return True
    if gap != ",":
        return False
    # "Tom Ng, a spokesman for the union": a description after the name
    first = right.text.split()[0] if right.text.split() else ""
    described = first.islower() or first.lower() in lexicon.determiners["article"]
    if described and first.lower() not in lexicon.pronoun_sets["phrase"]:
        return True
    # "Carter's press secretary, Peter Cook": a role before the name
    last = left.text.split()[-1].lower() if left.text.split() else ""
    return (
        last in lexicon.titles and first[:1].isupper() and first.lower() not in lexicon.pronoun_sets["phrase"]
    )


def with_surface(text: str, parsed: Span | None, written: Span | None, lexicon: Lexicon) -> Span | None:
    """The parse's phrase, checked against the surface one next to the cue."""
    if parsed is None or written is None:
        return parsed
    if not overlaps(parsed, written.start, written.end):
        # "a naval source quoted by the Tass news agency said": the surface finds the conduit
        following = text[parsed.end : written.start].split()
        relayed = bool(following) and following[0].lower() in lexicon.speaker_trims["conduit"]
        # otherwise the parse hung the wrong phrase on the cue ("Meanwhile, speaking to X, Trump said")
        return parsed if relayed else written
    # "Brett McGurk, the special envoy to the coalition fighting ISIS, tweeted": the parse took the
    # appositive for the subject; the surface has the name before it, and the appositive with it
    named = text[written.start : parsed.start].rstrip()
    if (
        written.start < parsed.start
        and parsed.end <= written.end
        and named.endswith(",")
        and named[:1].isupper()
    ):
        return written
    # where the two end together and the surface starts earlier, a parser dropped a title or first
    # name ("Sanders campaign manager Jeff Weaver"), unless a coordinator or quote mark lies between
    title = Span(written.start, parsed.start, text[written.start : parsed.start])
    if parsed.end == written.end and title.text and _belongs(text, title, parsed, lexicon):
        return written
    # "Graham, a former candidate, told": the surface keeps an appositive the parse let go
    described = Span(parsed.end, written.end, text[parsed.end : written.end])
    if parsed.start == written.start and described.text.startswith(","):
        return written if _one_phrase(text, parsed, described, lexicon) else parsed
    # "Voters whose homes were flooded said": the relative clause the parse hung elsewhere
    following = described.text.split()
    if (
        parsed.start == written.start
        and following
        and following[0].lower() in lexicon.connectives["relative"]
    ):
        return written
    # "the Irish Airline Pilots' Association": a parser split the phrase at a plural possessive;
    # "More than half of the voters": at a comparison
    if parsed.start == written.start and described.text.startswith(("'", "’", " than ")):
        return written
    return parsed


def _belongs(text: str, extra: Span, phrase: Span, lexicon: Lexicon) -> bool:
    """Whether words the surface reads before the parse's phrase are part of it."""
    words = set(extra.text.lower().split())
    if words & lexicon.connectives["coordinator"] or any(mark in extra.text for mark in '"“”'):
        return False
    if "," not in extra.text:
        return True
    # "Eva Resnick-Day, an activist": the words before the comma, then the phrase as a description
    before = extra.text.rstrip().removesuffix(",").rstrip()
    return _one_phrase(text, Span(extra.start, extra.start + len(before), before), phrase, lexicon)


def parse_object(index: TokenIndex, at: Site, lexicon: Lexicon) -> Span | None:
    """ "according to X" (X heads "according") and "quoting X" (X is its object), as parsed."""
    tokens, cue = at.tokens, at.tokens[at.t]
    if at.word == "according" and cue.deprel == "case" and cue.head > at.t:
        head: int | None = cue.head
    else:
        head = next((tok.index for tok in index.dependents(at.s, at.t) if tok.deprel == "obj"), None)
    if head is None or head <= at.t:
        return None
    # the phrase starts after "according to" / "quoting"
    after = tokens[at.t + 1].end if at.word == "according" and at.t + 1 < len(tokens) else cue.end
    within = (after, at.ceiling)
    kids = index.children[at.s]
    return noun_phrase_parsed(index.doc, at.s, [head], within=within, children=kids, lexicon=lexicon)


def quoting_aside(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> int | None:
    """The index of "quoting"/"citing" in a comma-delimited aside right before the cue, if any."""
    if t == 0 or tokens[t - 1].text != ",":
        return None
    for k in range(t - 2, max(-1, t - 14), -1):
        if tokens[k].text == ",":
            opener = tokens[k + 1].text.lower() if k + 1 < t else ""
            return k + 1 if opener in lexicon.parenthetical_openers["relay"] else None
    return None


def overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and start < span.end


@dataclass(frozen=True, slots=True)
class Site:
    """Where a cue stands: its sentence and token, and the bounds the speaker must keep to."""

    s: int
    t: int
    tokens: Sequence[Token]
    word: str  # the cue as written, lower-cased
    floor: int  # the speaker starts at or after this offset
    ceiling: int  # and ends at or before this one
    shared: bool  # the cue shares the subject of an earlier verb (", saying", "and said")


def site(index: TokenIndex, cand: Candidate, cue_at: tuple[int, int], lexicon: Lexicon) -> Site:
    s, t = cue_at
    tokens = index.doc.sentences[s].tokens
    cue = tokens[t]
    # the quote is on one side of the cue; the speaker never reaches into it
    cue_after_quote = cand.end <= cue.start
    # a dateline ("LONDON (Reuters) - ") before the subject is no part of it
    floor = max(cand.end if cue_after_quote else 0, dateline_end(index.doc.text, cue.start))
    ceiling = cand.start if cand.start >= cue.end else len(index.doc.text)
    shared = _shares_subject(tokens, t, index.tagged, lexicon)
    return Site(s, t, tokens, cue.text.lower(), floor, ceiling, shared)


def is_verb(tok: Token, tagged: bool) -> bool:
    return (tagged and tok.upos in VERB_UPOS) or tok.xpos in _VERB_XPOS


def _shares_subject(tokens: Sequence[Token], t: int, tagged: bool, lexicon: Lexicon) -> bool:
    """A cue with no subject of its own: ", saying ..." or "... and said ..."."""
    k = t - 1
    while k >= 0 and skippable(tokens[k], tagged, lexicon):
        k -= 1
    if k < 0:
        return False
    participle = tokens[t].xpos == "VBG" or tokens[t].text.lower().endswith("ing")
    # "went on to say that": an infinitive shares its subject too
    return (participle and tokens[k].text == ",") or tokens[k].text.lower() in lexicon.connectives["shares"]


def main_subject(
    index: TokenIndex, s: int, t: int, *, floor: int, lexicon: Lexicon, nearest: bool = False
) -> Span | None:
    """The subject of the sentence's first finite verb before token `t` ("Trump attacked Clinton,
    saying ..."), or of the nearest one for a coordinated cue ("I laughed and said")."""
    doc, tagged = index.doc, index.tagged
    tokens = doc.sentences[s].tokens
    for v in range(t - 1, 0, -1) if nearest else range(1, t):
        # a finite verb has a subject; "the following comment" and "being" do not
        # (a past participle right after its subject is a past tense a tagger got wrong)
        after_aux = tokens[v - 1].text.lower() in lexicon.auxiliaries["perfect"]
        finite = (
            is_verb(tokens[v], tagged)
            and tokens[v].xpos != "VBG"
            and not (tokens[v].xpos == "VBN" and after_aux)
        )
        if tokens[v].start >= floor and finite and not tokens[v].text.lower().endswith("ing"):
            found = noun_phrase_before(doc, s, v, floor=floor, lexicon=lexicon, tagged=tagged)
            if found is not None:
                return found
    return None
