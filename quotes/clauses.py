"""Reported speech: reporting verbs and the content they report.

A cue is a reporting verb used as a verb. Its content is the complement clause the parse gives
(ccomp) or, failing that, what the surface shows: "said that ...", "said Kerry would ...",
"CONTENT, officials said.", "according to X, CONTENT", "called for X". `cues.py` says which words are
cues; `surface.py`, `objects.py` and `trailing.py` hold the rules for what the surface shows; this
module chooses among them for each cue and cuts the content where the narrator takes over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quotes.cues import is_cue, noun_owner
from quotes.extent import (
    NP_START,
    aside_end,
    clause_verb,
    finite,
    fronted_end,
    next_act_end,
    surface_end,
    verb_group_end,
)
from quotes.lexicon import Lexicon
from quotes.marks import MARKS, paragraph_of, trim
from quotes.model import Pattern, Token
from quotes.objects import object_content
from quotes.surface import answer_content, headline_content, surface_clause
from quotes.tokens import TokenIndex, subtree
from quotes.trailing import as_tag, tag_inside, trailing_clause

_ASIDE_MARKS = frozenset({",", "—", "–", "--"})  # what sets "according to X" off from its content
_VERB_GROUP_RELATIONS = frozenset({"aux", "aux:pass", "cop"})  # the parse's arcs within a verb group


@dataclass(frozen=True, slots=True)
class Clause:
    """A reporting verb and the content it reports (a complement clause, or the sentence it tags)."""

    cue_at: tuple[int, int]
    start: int
    end: int
    pattern: Pattern


def _parse_clause(index: TokenIndex, s: int, t: int) -> tuple[int, int] | None:
    """The complement clause the parse hangs on the cue (ccomp), with its "that" (as PolNeAR has it)."""
    tokens = index.doc.sentences[s].tokens
    for child in index.dependents(s, t):
        if child.deprel == "ccomp" and child.index > t:
            # a wrong arc may hang the cue's own subject under its clause ("A spokesman ... said the
            # police had been told"): the clause after a cue starts after it
            part = [tok for tok in subtree(tokens, child.index, children=index.children[s]) if tok.index > t]
            # "he said, adding that ...": a participle after a comma goes on with the speaker, and
            # what follows it is its content, whatever the parse hangs on the first cue
            between = tokens[t + 1 : part[0].index + 1] if part else []
            going_on = any(tok.xpos == "VBG" and tokens[tok.index - 1].text == "," for tok in between)
            if len(part) >= 3 and not going_on:
                # a parse may run a sentence across a paragraph break; the content stays in its paragraph
                para_end = paragraph_of(index.doc.text, tokens[t].start)[1]
                return part[0].start, min(para_end, max(tok.end for tok in part))
    return None


def _subject_clause_end(index: TokenIndex, s: int, t: int, found: tuple[int, int], lexicon: Lexicon) -> int:
    """Where content reported inside its sentence's subject ends: where the sentence's own verb
    begins ("Clinton's claim that she never sent it | was contradicted", "Those who said the economy
    was their top issue | split evenly"). As parsed for a noun of saying, else the next finite verb
    after the content's own, with no joining word between them."""
    tokens = index.doc.sentences[s].tokens
    cue = tokens[t]
    relatives = lexicon.connectives["relative"]
    opener = next((k for k in range(t - 1, max(-1, t - 3), -1) if tokens[k].text.lower() in relatives), None)
    owned = noun_owner(tokens, t, lexicon) is not None
    if owned:
        opener = t
    if opener is None or any(finite(tok, lexicon) for tok in tokens[:opener]):
        return found[1]
    if owned and cue.deprel.startswith("nsubj") and cue.head > t:
        group = [cue.head] + [
            w.index for w in index.dependents(s, cue.head) if w.deprel in _VERB_GROUP_RELATIONS
        ]
        starts = [tokens[k].start for k in group if k > t and tokens[k].start > found[0]]
        return min([found[1], *starts])
    inside = index.between(found[0], found[1])
    if not inside:
        return found[1]
    first = inside[0][1] + (tokens[inside[0][1]].text.lower() == "that")
    verb = clause_verb(tokens, first, index.tagged, lexicon)
    if verb is None:
        return found[1]
    verb = verb_group_end(tokens, verb)  # "doesn't have", "has been"
    joins = lexicon.connectives["coordinator"] | relatives | lexicon.connectives["subordinate"]
    for k in range(verb + 1, len(tokens)):
        tok = tokens[k]
        if (
            tok.start >= found[1]
            or tok.text.lower() in joins
            or tok.upos in {"PRON", "PUNCT", "SCONJ", "CCONJ"}
        ):
            break
        # (a past form after a noun is the sentence's verb, whatever the tagger says: "issue split")
        past = tok.xpos == "VBN" and tok.upos == "VERB" and tokens[k - 1].upos in {"NOUN", "PROPN", "NUM"}
        if finite(tok, lexicon) or past:
            return tok.start
    return found[1]


def _elliptical(index: TokenIndex, start: int, end: int, lexicon: Lexicon) -> bool:
    """ "said he would", "said she did": a subject pronoun and a finite auxiliary, a whole clause."""
    words = [index.token(ref) for ref in index.between(start, end)]
    return (
        len(words) == 2
        and words[0].text.lower() in lexicon.pronoun_sets["subject"]
        and words[1].text.lower() in lexicon.auxiliaries["finite"]
    )


def _no_content_after(index: TokenIndex, s: int, t: int, start: int) -> bool:
    """Whether a clause found after the cue at (s, t) from offset `start` is no content of it: a
    participle after a comma ("he said, wiping sweat off his face"; "Spicer said, adding ..."), words
    after an inverted speaker ("said David Gilbert, its president"), or an infinitive after a phrase
    of the cue's own ("Wilkin said during his speech to be a delegate")."""
    tokens = index.doc.sentences[s].tokens
    first = next(
        (k for k in range(t + 1, len(tokens)) if tokens[k].start >= start and tokens[k].upos != "PUNCT"), None
    )
    if first is None:
        return False
    if tokens[first].xpos == "VBG" and tokens[first - 1].text == ",":
        return True
    inverted = [w for w in index.dependents(s, t) if w.deprel.startswith("nsubj") and w.index > t]
    tagging = t > 0 and (
        tokens[t - 1].text == "," or tokens[t - 1].text in MARKS or tokens[t - 1].text == "''"
    )
    if inverted and tagging and first > min(w.index for w in inverted):
        return True
    # ('“Q,” said Tom Ng, a spokesman ...', whatever the parse makes of the name: a name and a comma
    # after a tagging cue are its speaker, and what follows describes them)
    gap = [tok for tok in tokens[t + 1 : first] if tok.text != ","]
    if tagging and gap and tokens[first - 1].text == "," and all(tok.upos == "PROPN" for tok in gap):
        return True
    # (", he said, to talk to Congress": after the tag's comma alone, the infinitive goes on with the
    # content split around the tag)
    between = [tok for tok in tokens[t + 1 : first] if tok.upos != "PUNCT"]
    return tokens[first].text.lower() == "to" and bool(between) and tokens[first].upos == "PART"


def _goes_on(rest: Sequence[Token], lexicon: Lexicon) -> bool:
    """Whether the words after "according to X," carry on the sentence ("..., was a decision"),
    rather than describe X ("..., who said ...")."""
    relative = lexicon.connectives["relative"]
    if not rest or rest[0].text.lower() in relative:
        return False
    return any(finite(w, lexicon) for w in rest)


def _content_start(tokens: Sequence[Token], before: int) -> int:
    """The first token of content that ends before token `before`: after the last colon or semicolon
    before it (what precedes a colon introduces the content), else the sentence's first."""
    marks = [k for k in range(before) if tokens[k].text in {":", ";"}]
    return marks[-1] + 1 if marks and marks[-1] + 1 < before else 0


def _according_clauses(index: TokenIndex, lexicon: Lexicon) -> Iterator[Clause]:
    """ "According to X, CONTENT." and "CONTENT, according to X." """
    text = index.doc.text
    for s, sentence in enumerate(index.doc.sentences):
        tokens = sentence.tokens
        for t, tok in enumerate(tokens[:-1]):
            if tok.text.lower() != "according" or tokens[t + 1].text.lower() != "to":
                continue
            comma_after = next((k for k in range(t + 2, len(tokens)) if tokens[k].text == ","), None)
            comma_before = t - 1 if t > 0 and tokens[t - 1].text in _ASIDE_MARKS else None
            rest = tokens[comma_after + 1 :] if comma_after is not None else []
            if comma_before is not None and comma_before >= 3 and _goes_on(rest, lexicon):
                # "At the heart of it, according to X, was a decision ...": the sentence around it
                start, end = trim(text, tokens[_content_start(tokens, comma_before)].start, tokens[-1].end)
            elif comma_before is not None and comma_before >= 3:
                # "London was the capital of finance: CONTENT, according to X": from the colon on
                start, end = trim(
                    text, tokens[_content_start(tokens, comma_before)].start, tokens[comma_before].start
                )
            elif t <= 1 and comma_after is not None and comma_after + 1 < len(tokens):
                start, end = trim(text, tokens[comma_after + 1].start, tokens[-1].end)
            else:
                continue
            if end - start >= 12:
                yield Clause((s, t), start, end, Pattern.ACCORDING)


def _embedded(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
    """ "what Trump says his plan would do", "as he said": whether the cue at token `t` sits in a noun
    phrase or an aside, where it reports nothing of its own. Not a comparison's "as" a comma before the
    cue ("was just as blunt, claiming that ..."), nor a "while" with what was said after the cue ("she
    beamed as she noted how happy ...")."""
    near = [tok.text.lower() for tok in tokens[max(0, t - 3) : t]]
    following = tokens[t + 1].text.lower() if t + 1 < len(tokens) else ""
    aside = (
        "as" in near[:-1]
        and "," not in near[near.index("as") :]
        and following != "that"
        and following not in lexicon.connectives["question"]
    )
    return bool(lexicon.connectives["embedding"] & set(near)) or aside


def _content(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int, Pattern] | None:
    """The content the cue at (s, t) reports, as first found: the parse's clause, the surface's, a
    headline's or an answer's, the sentence it tags, or the noun phrase it names."""
    found = _parse_clause(index, s, t)
    surface = surface_clause(index, s, t, lexicon)
    pattern = Pattern.CCOMP
    # "Sales were great, he said, wiping sweat off his face": what follows is no content
    if found is not None and _no_content_after(index, s, t, found[0]):
        found = None
    if surface is not None and _no_content_after(index, s, t, surface[0]):
        surface = None
    # "Many of the closures, he said, have involved ...": a tag inside its content reports
    # the whole sentence around it, whatever the parse hangs on the cue
    inside = tag_inside(index, s, t, lexicon)
    # a headline's verb and a one-word answer ("said so") are read off the surface alone
    headline = headline_content(index, s, t, lexicon) or answer_content(index, s, t, lexicon)
    if headline is not None:
        found, surface, pattern = headline[:2], None, headline[2]
    elif inside is not None:
        found, surface, pattern = inside, None, Pattern.TAG
    if found is None and surface is not None:
        found, pattern = surface[:2], surface[2]
    elif found is None:
        found, pattern = trailing_clause(index, s, t, lexicon), Pattern.TAG
        if found is None:
            found, pattern = object_content(index, s, t, lexicon), Pattern.OBJECT
    elif surface is not None and surface[0] < found[0] <= surface[1]:
        # "said Kerry and Lavrov were set to ...": one wrong arc (Kerry as the verb's object)
        # must not cut the clause's first words; the surface knows where it starts
        found = (surface[0], found[1])
    return None if found is None else (*found, pattern)


def _extent(
    index: TokenIndex, s: int, t: int, found: tuple[int, int], pattern: Pattern, lexicon: Lexicon
) -> tuple[int, int]:
    """Where the content first found for the cue at (s, t) ends: short of the surface's end, of the
    sentence's own verb, of an aside, of a fronted phrase's and of the next act."""
    if pattern == Pattern.CCOMP:
        found = (found[0], surface_end(index, s, t, found, lexicon))
    found = (found[0], _subject_clause_end(index, s, t, found, lexicon))
    found = (found[0], aside_end(index, s, t, found, lexicon))
    found = (found[0], fronted_end(index, s, t, found, lexicon))
    if found[0] > index.doc.sentences[s].tokens[t].start:
        found = (found[0], next_act_end(index, s, t, found, lexicon))
    return found


def _fewest_words(index: TokenIndex, pattern: Pattern, start: int, end: int) -> int:
    """How many words content needs to report anything: three, but two for an object ("defended the
    tweets") or a demand of a noun phrase ("called for his dismissal"; not "agreed with him")."""
    first = index.between(start, end)[:1]
    nominal = bool(first) and index.token(first[0]).upos in NP_START
    return 2 if pattern == Pattern.OBJECT or (pattern == Pattern.DIRECTIVE and nominal) else 3


def find_clauses(index: TokenIndex, *, lexicon: Lexicon) -> list[Clause]:
    """Every reporting verb with the content it reports, one clause per cue."""
    clauses: list[Clause] = []
    text = index.doc.text
    for s, sentence in enumerate(index.doc.sentences):
        for t in range(len(sentence.tokens)):
            if not is_cue(index, (s, t), lexicon):
                continue
            closing = as_tag(index, s, t, lexicon)
            if closing is not None:
                clauses.append(Clause((s, t), *closing, Pattern.TAG))
                continue
            if _embedded(sentence.tokens, t, lexicon):
                continue
            content = _content(index, s, t, lexicon)
            if content is None:
                continue
            pattern = content[2]
            start, end = trim(text, *_extent(index, s, t, content[:2], pattern, lexicon))
            # "ruled that out", "ask yourself that question": too short to report anything; an object
            # names what was said in two words ("defended the tweets")
            answer = text[start:end].lower() in lexicon.answers or _elliptical(index, start, end, lexicon)
            if answer or len(re.findall(r"\w+", text[start:end])) >= _fewest_words(
                index, pattern, start, end
            ):
                clauses.append(Clause((s, t), start, end, pattern))
    clauses += _according_clauses(index, lexicon)
    return clauses
