"""Content that is a noun phrase: the object of a verb that reports by naming what was said
("criticized the plan", "called him a liar"), short of when, where and how it was said."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from quotes.cues import cue_lemma
from quotes.extent import NP_START, content_end, finite
from quotes.lexicon import Lexicon
from quotes.marks import MARKS
from quotes.model import Token
from quotes.tokens import TokenIndex

_ADJECTIVAL = frozenset({"JJ", "JJR", "JJS", "VBG", "VBN"})  # tags of words that may describe a noun


def object_content(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "criticized the plan", "announced a series of steps to tighten sales": the object of a verb
    that reports by naming what was said, up to a comma or the clause's end. Not a passive ("was
    announced"), and only where no clause was found."""
    tokens = index.doc.sentences[s].tokens
    cue = tokens[t]
    lemma = cue_lemma(cue, lexicon)
    # "a new poll showed Trump leading": a document's verb (a cue only with a document as subject)
    if cue.lemma.lower() in lexicon.document_verbs:
        lemma = cue.lemma.lower()
    if lemma not in lexicon.object_content_verbs.all or t + 1 >= len(tokens):
        return None
    # "Kiev and the West accuse Moscow of ...": a charge in its plain form (taggers may call it a past)
    # is a standing one, background rather than a statement
    charge = lemma in lexicon.object_content_verbs["charge"]
    if charge and cue.text.lower() == lemma:
        return None
    if index.tagged and not cue.xpos.startswith("VB"):
        return None
    before = tokens[max(0, t - 3) : t]
    passive = lexicon.auxiliaries["passive"]
    if cue.xpos == "VBN" and any(tok.text.lower() in passive for tok in before):
        return None
    # "is criticizing the plan" reports; "for criticizing the plan", "Criticizing police tactics will
    # alienate ..." name an act, whoever does it: a gerund reports only after its auxiliary
    # (", decrying the influence of money": a participle after a comma has the main clause's subject)
    participle = t > 0 and tokens[t - 1].text == ","
    if cue.xpos == "VBG" and not participle and not any(tok.upos == "AUX" for tok in before):
        return None
    # "praised her as one of the finest": a person praised or blamed is no thing said (PRP: a tag)
    # "proposed barring all foreign Muslims": a gerund names an act as a noun does
    # "accused him of sexism", "blamed them for the loss": a person with the charge is what was said
    charged = (
        charge and t + 2 < len(tokens) and tokens[t + 2].text.lower() in lexicon.phrase_words["charge-lead"]
    )
    if not (tokens[t + 1].upos in NP_START or tokens[t + 1].xpos == "VBG"):
        return None
    naming = lemma in lexicon.object_content_verbs["naming"]
    if naming and not _named_as(tokens, t):
        return None
    if tokens[t + 1].xpos == "PRP" and not (charged or naming):
        return None
    end = _first_cut(index, s, t, naming, lexicon)
    # "reported a profit of $1.78 a share", "reported spending $6 million": a figure reported is said
    figure = lemma in lexicon.object_content_verbs["figure"]
    if figure and not any(tok.upos == "NUM" for tok in tokens[t + 1 :] if tok.end <= end):
        return None
    # "endorsed Cruz last week", "criticized the plan on Tuesday": a time after the object is when it
    # was said, not what was
    # (a charge keeps its time and place: "accused him of grabbing her at a press conference")
    if charged:
        return tokens[t + 1].start, end
    when = _time_phrase(tokens, t + 2, end, lexicon)
    end = min(when, end) if when is not None else end
    # "criticized the plan at a rally", "denied it through a spokeswoman": nor where or how it was said
    where = _occasion(tokens, t + 2, end, lexicon)
    return tokens[t + 1].start, min(where, end) if where is not None else end


def _first_cut(index: TokenIndex, s: int, t: int, naming: bool, lexicon: Lexicon) -> int:
    """Where the object after the cue at (s, t) ends: at the clause's end, or at a semicolon or a
    comma before it that no list, name or date explains."""
    tokens = index.doc.sentences[s].tokens
    end = content_end(index, s, t + 1, lexicon)
    # (a name may list its words: "called him a kind, loving and admirable person", "called him a
    # “liar,” a “fraud”"; a comma before a new phrase ends it: "called him competent, after ...")
    # nor does a comma inside a list of things said ("mentioned Jake Tapper, Dana Bash and Wolf
    # Blitzer", "touted her plans to invest in roads, expand benefits, and end debt")
    cuts = (
        tok.start
        for k, tok in enumerate(tokens[t + 1 :], t + 1)
        if tok.text == ";"
        or (
            tok.text == ","
            and not (naming and k + 1 < len(tokens) and _lists_on(tokens, k + 1))
            and not _in_list(tokens, k, lexicon)
            and not _inside_name(index, tokens, k)
        )
    )
    end = min(next(cuts, end), end)
    return end


_OCCASION_SKIP = frozenset({"DET", "ADJ", "NUM", "PROPN", "NOUN"})  # "a recent", "his weekly radio"


def occasion_noun(tokens: Sequence[Token], j: int, lexicon: Lexicon) -> int | None:
    """The noun of occasions.txt in the phrase that token `j` opens ("at a rally", "in a recent
    interview", "on his weekly radio show"), or None when no such phrase starts there."""
    if tokens[j].text.lower() not in lexicon.phrase_words["occasion-lead"]:
        return None
    for n in range(j + 1, min(j + 5, len(tokens))):
        if tokens[n].text.lower() in lexicon.occasions:
            return n
        if tokens[n].upos not in _OCCASION_SKIP and tokens[n].xpos != "PRP$":
            return None
    return None


def _occasion(tokens: Sequence[Token], k: int, end: int, lexicon: Lexicon) -> int | None:
    """Where a phrase naming the occasion or channel of a saying starts, from token `k` on, before
    offset `end` ("at a town hall in Laconia", "in a recent interview", "on Twitter")."""
    for j in range(k, len(tokens)):
        if tokens[j].start >= end:
            return None
        if occasion_noun(tokens, j, lexicon) is not None:
            return tokens[j].start
    return None


def _time_phrase(tokens: Sequence[Token], k: int, end: int, lexicon: Lexicon) -> int | None:
    """Where a time phrase that ends the content starts, from token `k` on, before offset `end`:
    "last week", "on Tuesday", "in early June", "during a conference call", "Tuesday"; not one that
    what was said goes on after ("blasted the FBI Tuesday for its decision")."""
    dates = lexicon.time_words["date"] | lexicon.months
    for j in range(k, len(tokens)):
        tok = tokens[j]
        if tok.start >= end:
            return None
        word = tok.text.lower()
        nxt = tokens[j + 1].text.lower() if j + 1 < len(tokens) else ""
        date = word in dates and tok.upos in {"PROPN", "NOUN", "ADV"}
        lead = word in lexicon.phrase_words["time-lead"] and (
            nxt in dates or nxt in lexicon.time_words["time"] or word == "during"
        )
        if date or lead:
            rest = [w for w in tokens[j + 1 :] if w.start < end]
            goes_on = any(w.text.lower() in lexicon.phrase_words["goes-on"] or w.upos == "VERB" for w in rest)
            return None if goes_on else tok.start
    return None


def _inside_name(index: TokenIndex, tokens: Sequence[Token], k: int) -> bool:
    """Whether the comma at token `k` sits inside a place's or a date's name: "Buffalo, N.Y.",
    "Burlington, Vermont", "the Sept. 11, 2001, attacks"."""
    if k == 0 or k + 1 >= len(tokens):
        return False
    before, after = tokens[k - 1], tokens[k + 1]
    if before.upos == "NUM" and after.upos == "NUM" and len(after.text) == 4 and after.text.isdigit():
        return True
    # ... and the comma that closes the year ("2001, attacks")
    year = len(before.text) == 4 and before.text.isdigit()
    if year and k >= 3 and tokens[k - 2].text == "," and tokens[k - 3].upos == "NUM":
        return True
    # (the second place ends the name: "the Cavaliers, Cleveland felt ..." is two phrases)
    if k + 2 < len(tokens) and tokens[k + 2].upos not in {"PUNCT", "ADP", "CCONJ"}:
        return False
    places = [e for e in index.doc.entities if e.type == "LOC"]
    return any(e.start <= before.start < e.end for e in places) and any(
        e.start <= after.start < e.end for e in places
    )


def _in_list(tokens: Sequence[Token], k: int, lexicon: Lexicon) -> bool:
    """Whether the comma at token `k` separates items of a list: an "and" or "or" comes after it,
    and neither the items before it nor the last one after it (up to a comma or the end) has a
    finite verb ("..., and it's sparking fears" joins a clause, not an item)."""
    last = next(
        (
            j
            for j in range(k + 1, min(len(tokens), k + 16))
            if tokens[j].text.lower() in lexicon.connectives["list"]
        ),
        None,
    )
    if last is None or last + 1 >= len(tokens):
        return False
    # ", including A and B" adds examples, ", and like the others" an aside: neither is an item
    opener = tokens[k + 1].text.lower()
    if opener in lexicon.clause_cuts or opener == "including" or tokens[last + 1].upos in {"ADP", "SCONJ"}:
        return False
    after = itertools.takewhile(lambda tok: tok.text not in {",", ";", ".", ":"}, tokens[last + 1 : last + 9])
    words = [tok for tok in tokens[k + 1 : last] if tok.text != ","] + list(after)
    return not any(finite(tok, lexicon) or tok.text in MARKS or tok.text == "''" for tok in words)


def _lists_on(tokens: Sequence[Token], k: int) -> bool:
    """Whether the words from token `k` go on with a list of descriptions (after a comma)."""
    first = tokens[k + 1] if tokens[k].text in MARKS and k + 1 < len(tokens) else tokens[k]
    return first.xpos in _ADJECTIVAL or first.upos in {"DET", "ADJ", "CCONJ"} or tokens[k].text in MARKS


def _named_as(tokens: Sequence[Token], t: int) -> bool:
    """ "called him a kind, loving man", "labeled Senator Ted Cruz a liar": after the cue a person
    (a pronoun or a name), then the name given (a determiner, adjective or noun)."""
    k = t + 1
    if k < len(tokens) and tokens[k].xpos == "PRP" and tokens[k].text.lower() != "it":
        k += 1
    else:
        while k < len(tokens) and tokens[k].upos == "PROPN":
            k += 1
    return t + 1 < k < len(tokens) and tokens[k].upos in {"DET", "ADJ", "NOUN"}
