"""The speaker after its cue, read off the surface: "said the Russian foreign ministry", "said Tom Ng, a
spokesman for the union" (with the description after the name, to where the sentence goes on)."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.lexicon import Lexicon
from quotes.marks import MARKS
from quotes.model import AnnotatedDoc, Span, Token
from quotes.phrases import MAX_NP, clean, is_pronoun, np_token, participle_modifier, plural_possessive
from quotes.tokens import FINITE_XPOS, VERB_UPOS


def noun_phrase_after(
    doc: AnnotatedDoc, s: int, t: int, *, ceiling: int, lexicon: Lexicon, tagged: bool = True
) -> Span | None:
    """The noun phrase that starts just after token `t` ("said the Russian foreign ministry")."""
    tokens = doc.sentences[s].tokens
    phrase: list[Token] = []
    k = t + 1
    while (
        k < len(tokens)
        and tokens[k].end <= ceiling
        # "said the Irish Airline Pilots' Association": a plural possessive stays in the phrase;
        # "said undecided Republican voter ...": so does a participle the parse hangs on a noun
        and (
            np_token(tokens[k], tagged, lexicon)
            or plural_possessive(tokens, k)
            or participle_modifier(tokens[k])
        )
        and len(phrase) < MAX_NP
    ):
        # "that" opens the reported clause and "said Friday" is a date: neither is the speaker
        word = tokens[k].text.lower()
        if (
            word == "that"
            or word in lexicon.time_words["date"]
            or (phrase and is_pronoun(tokens[k], lexicon) and tokens[k].upos == "PRON")
        ):
            break
        phrase.append(tokens[k])
        if len(phrase) == 1 and is_pronoun(tokens[k], lexicon) and word in lexicon.pronoun_sets["inverted"]:
            break
        k += 1
    phrase = clean(phrase, lexicon)
    if not phrase:
        return None
    last = (
        _apposed_name_end(tokens, phrase[-1].index, ceiling, tagged)
        or _description_end(tokens, phrase[-1].index, ceiling, lexicon)
        or _participle_end(tokens, phrase[-1].index, ceiling)
        or phrase[-1]
    )
    return Span(phrase[0].start, last.end, doc.text[phrase[0].start : last.end])


def _participle_end(tokens: Sequence[Token], k: int, ceiling: int) -> Token | None:
    """For "says a source involved in the super PAC's creation.", "wrote a man calling himself Paul.":
    the last word of a reduced relative clause after the common noun that ends at token `k`, running
    to the sentence's end with no comma, mark or finite verb; it is part of the speaker as written (as
    before a cue: "a report released Tuesday said")."""
    if k + 1 >= len(tokens) or tokens[k].upos != "NOUN" or tokens[k + 1].xpos not in {"VBN", "VBG"}:
        return None
    j = k + 1
    while j < len(tokens) and tokens[j].end <= ceiling and j < k + 16:
        tok = tokens[j]
        if tok.text in {".", "!", "?"}:
            break
        if tok.text in MARKS or tok.text in {",", ";", ":", "''", "``"} or tok.xpos in FINITE_XPOS:
            return None
        j += 1
    return tokens[j - 1] if j < len(tokens) and tokens[j].text in {".", "!", "?"} else None


def _description_end(tokens: Sequence[Token], k: int, ceiling: int, lexicon: Lexicon) -> Token | None:
    """For "said Douglas Holtz-Eakin, a former adviser to President George W. Bush.": the last word of
    a description after the name that ends at token `k`, running to the sentence's end; the
    description is part of the speaker as written (as it is before a cue: "X, a historian, said")."""
    if k + 2 >= len(tokens) or tokens[k + 1].text != "," or not tokens[k].text[:1].isupper():
        return None
    opener = tokens[k + 2]
    opens = opener.text[:1].islower() or opener.text.lower() in lexicon.determiners["article"]
    j = k + 2
    while j < len(tokens) and tokens[j].end <= ceiling and j < k + 40:
        if tokens[j].text in {".", "!", "?"}:
            break
        if tokens[j].text in MARKS or tokens[j].text in {";", ":", "''", "``"}:
            return None
        # "..., of Derry, N.H., before the barn event": a time after the description is no part of it
        # (a relative clause keeps its own: "who helmed the DNC from 1995, during Clinton's presidency")
        when = (
            tokens[j].text == ","
            and j + 1 < len(tokens)
            and tokens[j + 1].text.lower() in lexicon.phrase_words["when"]
        )
        if when and opener.text.lower() not in lexicon.connectives["relative"]:
            return tokens[j - 1] if j - 1 >= k + 2 else None
        j += 1
    # the description must end the sentence: "said X, adding ..." goes on with a clause of its own
    if j < len(tokens) and tokens[j].text not in {".", "!", "?"}:
        return None
    described = tokens[k + 2 : j]
    # a capitalised start describes too where lower-case words follow ("Democrat of Delaware",
    # "President Obama's first budget director"), not in a list of names ("Paul Jones and Mary Lee")
    coordinators = lexicon.connectives["coordinator"]
    lower = [tok for tok in described if tok.text[:1].islower() and tok.text.lower() not in coordinators]
    # an age is part of the speaker as written, as before a cue ("said Woodrow Benford, 58.")
    aged = bool(described) and all(tok.upos == "NUM" for tok in described)
    if not (opens or lower or aged):
        return None
    if not described or described[0].xpos in FINITE_XPOS:
        return None
    return _described_end(described, lexicon)


def _described_end(described: Sequence[Token], lexicon: Lexicon) -> Token | None:
    """The last word of a description after a name (`described`, to the sentence's end), short of a
    clause, a saying of its own or what the speaker went on to do; None when it is a clause."""
    # a finite verb with no relative pronoun before it makes a clause ("according to Roffman, Trump
    # made further demands"), not a description ("Frank, whose appointment sparked anger")
    # (a capitalised word, or a plain present before a noun, is a name's or a compound's, whatever
    # the tagger says: "Worldwide", "think tank")
    relative = lexicon.connectives["describes"] | lexicon.connectives["relative"]
    for i, tok in enumerate(described):
        compound = tok.xpos == "VBP" and i + 1 < len(described) and described[i + 1].upos == "NOUN"
        possessive = tok.text in {"'s", "’s"}  # "the convention's": a possessive, whatever the tag
        verb = tok.xpos in FINITE_XPOS and tok.text[:1].islower() and not (compound or possessive)
        if verb and not any(w.text.lower() in relative for w in described[:i]):
            return None
    # "said Tom Ng, a spokesman, who asked that ...": a clause that reports is a saying of its own
    # (a verb: "who has drawn attention for her remarks" describes)
    reports = next(
        (
            i
            for i, tok in enumerate(described)
            if lexicon.is_reporting(tok.text, tok.lemma) and tok.upos in VERB_UPOS
        ),
        None,
    )
    if reports is not None:
        commas = [i for i, tok in enumerate(described[:reports]) if tok.text == ","]
        if not commas or commas[-1] == 0:
            return None
        described = described[: commas[-1]]
    # ", echoing comments made earlier", ", after listening to him": a participle or a subordinate
    # clause after the description tells what the speaker did, not who the speaker is
    goes_on = next((i for i, tok in enumerate(described) if _goes_on_doing(described, i, lexicon)), None)
    if goes_on is not None:
        described = described[: max(goes_on - 1, 0)]
    return described[-1] if described and described[-1].text != "," else None


def _goes_on_doing(described: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
    """Whether a participle or a subordinator starts at `described[i]`: its first word, or one after a
    comma."""
    if i > 0 and described[i - 1].text != ",":
        return False
    tok = described[i]
    # (not an adjective before its noun: "managing director")
    adjective = i + 1 < len(described) and described[i + 1].upos in {"NOUN", "PROPN"}
    subordinate = tok.upos == "SCONJ" and tok.text.lower() in lexicon.connectives["subordinate"]
    return (tok.xpos == "VBG" and not adjective) or subordinate


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
