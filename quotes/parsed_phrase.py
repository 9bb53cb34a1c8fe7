"""A noun phrase as the parse has it: the subtree of a head (a cue's subject, the object of "according
to"), trimmed of relative clauses, appositions, time phrases and punctuation at its edges."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.lexicon import Lexicon
from quotes.model import AnnotatedDoc, Span, Token
from quotes.phrases import share_start

# tags, not words: what a speaker's head may be, and the arcs under it that are no part of the speaker
_HEAD_UPOS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "DET", "X", "ADJ"})


# a clause or aside hanging on the subject says what it did, not who it is
_NEVER_IN_SPEAKER = frozenset(
    {"advcl", "parataxis", "discourse", "vocative", "obl:tmod", "nmod:tmod", "obl:npmod", "dep"}
)


_QUOTE_XPOS = frozenset({"``", "''"})


# wrappers a phrase never starts or ends with
_EDGE_UPOS = frozenset({"PUNCT", "CCONJ", "ADP", "SCONJ"})


def _trimmed(tok: Token, lexicon: Lexicon) -> bool:
    """Whether the arc from `tok` to its head is cut when reading a speaker off the parse."""
    if tok.deprel in _NEVER_IN_SPEAKER:
        return True
    # "a naval source quoted by the Tass news agency": the agency relays, it does not speak
    if tok.deprel.startswith("acl") and tok.text.lower() in lexicon.speaker_trims["conduit"]:
        return True
    # a relative clause, full or reduced to a participle, that describes the speaker is part of the
    # phrase as written ("Chris Cox, who runs the NRA's lobbying arm", "the exit poll conducted by
    # Edison Research", "two people briefed on the plans"); one that reports is a saying of its own
    # ("Fiona Walsh, who said ...")
    if tok.deprel == "acl:relcl" or (tok.deprel == "acl" and tok.xpos in {"VBN", "VBG"}):
        return lexicon.is_reporting(tok.text, tok.lemma)
    # "officials on Tuesday said": a time phrase under the subject dates the words, it names no one
    return tok.deprel.startswith(("obl", "nmod")) and tok.text.lower() in lexicon.time_words["date"]


def _keep(tokens: Sequence[Token], root: int, children: dict[int, list[int]], lexicon: Lexicon) -> set[int]:
    """The words under `root`, arcs the speaker does not take cut."""
    found: set[int] = set()
    todo = [root]
    while todo and len(found) <= len(tokens):  # the bound stops a cycle in a bad parse
        i = todo.pop()
        found.add(i)
        kids = children.get(i, [])
        todo += [c for c in kids if c != i and c not in found and not _trimmed(tokens[c], lexicon)]
    return found


def _without_asides(tokens: Sequence[Token], head: int, part: set[int]) -> set[int]:
    """The phrase's tokens `part` less the asides after its head set off by commas: how it spoke, not
    who it is."""
    part = set(part)  # (the caller's set stays as it was)
    # "Mike Huckabee, for his part, is labeling ...", "Rush Limbaugh, for one,": an aside set off by
    # commas after the head and opened by a preposition or adverb says how it spoke, not who it is
    # ("Woodrow Benford, 58,", "said Sarandon, 69": an age is no part of the speaker either)
    for k in sorted(part):
        if k <= head or tokens[k].text != "," or k + 1 not in part:
            continue
        if tokens[k + 1].upos == "NUM" and (
            k + 2 >= len(tokens) or k + 2 not in part or tokens[k + 2].text == ","
        ):
            part -= {k, k + 1, k + 2} if k + 2 < len(tokens) and tokens[k + 2].text == "," else {k, k + 1}
        elif tokens[k + 1].upos in {"ADP", "ADV"}:
            close = next((j for j in range(k + 2, min(len(tokens), k + 8)) if tokens[j].text == ","), None)
            if close is not None:
                part -= set(range(k, close + 1))
    return part


def noun_phrase_parsed(
    doc: AnnotatedDoc,
    s: int,
    heads: Sequence[int],
    *,
    within: tuple[int, int],
    children: dict[int, list[int]],
    lexicon: Lexicon,
) -> Span | None:
    """The noun phrase the parse hangs on `heads[0]` of sentence `s` (joined with the other heads, for
    a parser that split one subject into several: "Tom Ng , a spokesman", "The mayor and the chief"),
    kept to the character range `within` (the side of the cue the speaker is on, never the quote);
    None where the parse's phrase is no noun phrase (a time, "Last month", a verb)."""
    tokens = doc.sentences[s].tokens
    head = heads[0]
    top = tokens[head]
    if top.upos not in _HEAD_UPOS or top.text.lower() in lexicon.time_words.all:
        return None
    lo, hi = within
    kept = set().union(*(_keep(tokens, k, children, lexicon) for k in heads))
    # the commas and "and" a split parse hangs between the pieces on the verb
    kept |= {k for k in range(min(heads), max(heads)) if tokens[k].upos == "CCONJ" or tokens[k].text == ","}
    part = {k for k in kept if lo <= tokens[k].start and tokens[k].end <= hi}
    # "A source close to Orvea" with "close" hung on the verb: a one-word hole is a misattachment
    part |= {
        k for k in range(len(tokens)) if k - 1 in part and k + 1 in part and tokens[k].xpos not in _QUOTE_XPOS
    }
    if head not in part:
        return None
    part = _without_asides(tokens, head, part)
    # the unbroken run of words around the head: a cut clause leaves the phrase whole on each side
    first, last = head, head
    while first - 1 in part:
        first -= 1
    while last + 1 in part:
        last += 1
    # "Rubio, who he dubbed": a relative word the parser hung on the subject is no part of it
    while first < head and (tokens[first].upos in _EDGE_UPOS or tokens[first].xpos in {"WDT", "WP", ","}):
        first += 1
    # "both sides said": a quantifier parsers hang on the verb (as "cc") still opens the phrase
    quantifiers = lexicon.determiners["quantifier"]
    while first > 0 and tokens[first - 1].start >= lo and tokens[first - 1].text.lower() in quantifiers:
        first -= 1
    first = share_start(tokens, first, lo, lexicon)
    while last > head and (tokens[last].upos in _EDGE_UPOS or tokens[last].text in {",", "—", "-"}):
        # a bracket opened inside the phrase closes inside it ("Rep. Gwen Moore (D-Wis.)")
        if tokens[last].text == ")" and any(tokens[k].text == "(" for k in range(first, last)):
            break
        last -= 1
    start, end = tokens[first].start, tokens[last].end
    return Span(start, end, doc.text[start:end])
