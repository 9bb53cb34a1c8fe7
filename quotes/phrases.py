"""Noun phrases next to a cue, read off the surface: the speaker as written.

`noun_phrase_before` reads right to left from a cue ("the Russian foreign ministry said"), skipping
auxiliaries, adverbs, short time phrases and asides (", speaking to Interfax,"); `noun_phrase_after`
reads an inverted speaker ("said the Russian foreign ministry"). Both keep to a floor or ceiling
offset, so a speaker never reaches into the quote.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotes.lexicon import Lexicon
from quotes.marks import MARKS
from quotes.model import AnnotatedDoc, Span, Token
from quotes.tokens import FINITE_XPOS, VERB_UPOS, TokenIndex

# tags, not words: the parts of speech a noun phrase is made of
_NP_UPOS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART", "X"})
_MAX_NP = 12


def _np_token(tok: Token, tagged: bool, lexicon: Lexicon) -> bool:
    # a possessive ending may share its token's text ("Putin's" split by the tokeniser)
    if tok.text.lower() in lexicon.np_links["inside"] or tok.xpos == "POS":
        return True
    # "both sides", "all parties": a quantifier opens the phrase whatever it is tagged
    if tok.text.lower() in lexicon.determiners["quantifier"]:
        return True
    if not any(c.isalnum() for c in tok.text):
        return False
    # particles other than the possessive ("to", "not") end a noun phrase
    if tok.upos == "PART":
        return False
    return tok.upos in _NP_UPOS if tagged else True


def _participle_modifier(tok: Token) -> bool:
    return tok.deprel == "amod" and tok.xpos in {"VBN", "VBG"}


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


def _clean(tokens: list[Token], lexicon: Lexicon) -> list[Token]:
    """Drop linking words and pronoun objects left at the edges of a collected phrase."""
    # "Trump this week also said": a time expression after the subject is not part of it
    while len(tokens) > 1 and tokens[-1].text.lower() in lexicon.time_words["time"]:
        tokens = tokens[:-1]
    # "Orvea and Telbel both declined": a floating quantifier after the subject is not part of it
    if len(tokens) > 1 and tokens[-1].text.lower() in lexicon.determiners["floating"]:
        tokens = tokens[:-1]
    links = lexicon.np_links
    while tokens and (tokens[0].text.lower() in links["inside"] or tokens[0].upos == "PART"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text.lower() in links["inside"] - links["possessive"]:
        tokens = tokens[:-1]
    return tokens[-_MAX_NP:]


def _is_pronoun(tok: Token, lexicon: Lexicon) -> bool:
    return tok.upos == "PRON" or tok.text.lower() in lexicon.pronoun_sets["phrase"]


def _parenthetical_start(tokens: Sequence[Token], comma: int, lexicon: Lexicon) -> int | None:
    """For a comma just before a cue, where the parenthetical it closes begins (", speaking to X,")."""
    for k in range(comma - 1, max(-1, comma - 14), -1):
        if tokens[k].text == ",":
            first = tokens[k + 1] if k + 1 < comma else None
            # participles, relative clauses and "in an interview" are asides; the subject is before them
            # (", for his part,", ", for one,": a preposition before a lower-case word opens one too;
            # so does an age, a number alone: "Woodrow Benford, 58, said")
            second = tokens[k + 2] if k + 2 < comma else None
            if first is not None and (
                first.text.lower() in lexicon.parenthetical_openers.all
                or first.xpos == "VBG"
                or first.text.endswith("ing")
                or (first.upos == "ADP" and second is not None and not second.text[:1].isupper())
                or (first.upos == "NUM" and second is None)
            ):
                return k
            return None
    return None


def skippable(tok: Token, tagged: bool, lexicon: Lexicon) -> bool:
    """Auxiliaries and adverbs between a subject and its verb: "was quoted", "also said", "He's claiming"."""
    word = tok.text.lower().replace("’", "'")
    if word in lexicon.auxiliaries["contraction"] and (tok.upos != "PART" or tok.xpos != "POS"):
        return True
    # any auxiliary the tagger recognises, contracted or not ("He's claiming", "has said")
    if tagged and tok.upos == "AUX":
        return True
    skip = word in lexicon.auxiliaries["skip"] or word in lexicon.verb_adverbs
    return skip or (tagged and tok.upos == "ADV") or (word.endswith("ly") and len(word) > 4)


def _time_phrase_start(tokens: Sequence[Token], k: int, lexicon: Lexicon) -> int | None:
    """For "who in 2010 said", "filed on Sunday night revealed": where a short time phrase ending at
    token `k` begins (an opener, then up to three time words or numbers)."""
    j = k
    while j >= 1 and k - j < 3:
        tok = tokens[j]
        if not (tok.upos == "NUM" or tok.text.isdigit() or tok.text.lower() in lexicon.time_words["time"]):
            return None
        j -= 1
        if tokens[j].text.lower() in lexicon.time_words["opener"]:
            return j
    return None


def _share_start(tokens: Sequence[Token], first: int, floor: int, lexicon: Lexicon) -> int:
    """Where a phrase that starts at token `first` starts once the share or count before it is read:
    "[Nine in] 10 voters", "[about] half of voters", "[more than] a third", "[at least] 4 in 10"."""

    def number(k: int) -> bool:
        return k >= 0 and tokens[k].start >= floor and (tokens[k].upos == "NUM" or tokens[k].text.isdigit())

    k = first
    if number(k) and k >= 2 and tokens[k - 1].text.lower() == "in" and number(k - 2):
        k -= 2
    while k >= 1 and tokens[k - 1].start >= floor:
        word = tokens[k - 1].text.lower()
        pair = tokens[k - 2].text.lower() if k >= 2 and tokens[k - 2].start >= floor else ""
        if word in lexicon.determiners["approximate"]:
            k -= 1
        elif (pair, word) in lexicon.share_openers:
            k -= 2
        else:
            break
    return k


def _collect_back(tokens: Sequence[Token], k: int, floor: int, tagged: bool, lexicon: Lexicon) -> list[Token]:
    """Noun-phrase words ending at token `k`, read right to left."""
    phrase: list[Token] = []
    while k >= 0 and tokens[k].start >= floor and len(phrase) < _MAX_NP:
        tok = tokens[k]
        # "people familiar with the matter", "a source close to Orvea": the formula of an unnamed
        # source holds a preposition that would otherwise end the phrase
        if k >= 1 and (tokens[k - 1].text.lower(), tok.text.lower()) in lexicon.source_formulas:
            phrase[:0] = tokens[k - 1 : k + 1]
            k -= 2
            continue
        # "Shop owners on Gloucester Road", "residents in Leeds": a plural noun placed by a phrase
        # after it ("officials on Monday" is a time, not a place)
        plural = k >= 1 and tokens[k - 1].upos == "NOUN" and tokens[k - 1].text.lower().endswith("s")
        placed = tok.text.lower() in lexicon.np_links["place"] and plural
        timed = bool(phrase) and phrase[-1].text.lower() in lexicon.time_words["time"]
        if placed and phrase and phrase[0].text[:1].isupper() and not timed:
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
        if not _np_token(tok, tagged, lexicon) and not _plural_possessive(tokens, k):
            break
        # a pronoun is a phrase on its own: "he said", never "Moscow he said"
        if phrase and _is_pronoun(tok, lexicon) and tok.text.lower() not in lexicon.pronoun_sets["owner"]:
            break
        phrase.insert(0, tok)
        if _is_pronoun(tok, lexicon) and len(phrase) == 1:
            break
        k -= 1
    return _clean(phrase, lexicon)


def _appositive_start(
    tokens: Sequence[Token], comma: int, floor: int, tagged: bool, lexicon: Lexicon
) -> int | None:
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
            if (
                inside[0].upos in {"ADP", "SCONJ", "ADV"}
                and inside[0].text.lower() not in lexicon.np_links["inside"]
            ):
                return None
            # ", for his part,", ", for one,": a linking preposition opens an appositive only before a
            # name (", of Columbia University,")
            if inside[0].upos == "ADP" and (len(inside) < 2 or not inside[1].text[:1].isupper()):
                return None
            # a verb inside makes it a clause, unless a relative clause describes the subject
            # ("Douglas Brinkley, a historian who attended the session, recalled")
            # or a participle after a noun opens a reduced one ("Brett McGurk, the special envoy to
            # the coalition fighting the Islamic State, tweeted")
            relative = lexicon.connectives["describes"]
            for i, word in enumerate(inside):
                is_verb = (tagged and word.upos in VERB_UPOS) or word.xpos in FINITE_XPOS
                reduced = word.xpos in {"VBG", "VBN"} and i > 1 and inside[i - 1].upos in {"NOUN", "PROPN"}
                if is_verb and not reduced and not any(w.text.lower() in relative for w in inside[:i]):
                    return None
            return k
    return None


def noun_phrase_before(
    doc: AnnotatedDoc, s: int, t: int, *, floor: int, lexicon: Lexicon, tagged: bool = True
) -> Span | None:
    """The noun phrase that ends just before token `t` of sentence `s` (the cue's subject)."""
    tokens = doc.sentences[s].tokens
    k = t - 1
    while k >= 0 and tokens[k].start >= floor:
        timed = _time_phrase_start(tokens, k, lexicon)
        if timed is not None:
            k = timed - 1
        elif skippable(tokens[k], tagged, lexicon):
            k -= 1
        else:
            break
    end: Token | None = None
    if k >= 0 and tokens[k].text == ",":
        aside = _parenthetical_start(tokens, k, lexicon)
        apposition = None if aside is not None else _appositive_start(tokens, k, floor, tagged, lexicon)
        if aside is None and apposition is None:
            return None
        # an appositive is part of the speaker as written ("Brian Fallon, the press secretary,"), and
        # so is a relative clause that describes the speaker ("Chris Cox, who runs the NRA's lobbying
        # arm,"), not one that reports ("Fiona Walsh, who said she would run,")
        describes = False
        if aside is not None and tokens[aside + 1].text.lower() in lexicon.connectives["relative"]:
            describes = not any(lexicon.is_reporting(tok.text, tok.lemma) for tok in tokens[aside + 1 : k])
        # and so is an age ("Jim Bennett, 57, told")
        aged = aside is not None and all(tok.upos == "NUM" for tok in tokens[aside + 1 : k])
        end = tokens[k - 1] if apposition is not None or describes or aged else None
        k = (aside if aside is not None else apposition or 0) - 1
    # "a report released Tuesday said", "disclosures filed on Sunday night revealed": a participle
    # after a noun opens a reduced relative clause, part of the phrase up to the cue
    reduced = _reduced_start(tokens, t, floor, lexicon) if end is None and tokens[k].text != "," else None
    if reduced is not None:
        end = next(tok for tok in reversed(tokens[reduced:t]) if tok.upos not in {"ADV", "PUNCT"})
        k = reduced - 1
    phrase = _collect_back(tokens, k, floor, tagged, lexicon)
    # "Jillian Chase, 27, a Tinder user, said": an age set off by commas belongs to the name before it
    age = len(phrase) == 1 and phrase[0].upos == "NUM" and phrase[0].index >= 2 and end is not None
    if age and tokens[phrase[0].index - 1].text == ",":
        named = _collect_back(tokens, phrase[0].index - 2, floor, tagged, lexicon)
        phrase = named if named and named[-1].upos == "PROPN" else phrase
    # "Voters whose homes were flooded last year said", "Residents who fled on Monday said": the
    # words next to the cue end a relative clause; the subject is the noun phrase the clause
    # describes, with the clause
    relative = _relative_start(tokens, phrase[0].index if phrase else k + 1, floor, lexicon)
    if relative is not None and end is None:
        described = noun_phrase_before(doc, s, relative, floor=floor, lexicon=lexicon, tagged=tagged)
        if described is None:
            return None
        # the whole phrase, relative clause and all, as the parse reads it
        last = next(tok for tok in reversed(tokens[relative:t]) if tok.upos not in {"ADV", "PUNCT"})
        return Span(described.start, last.end, doc.text[described.start : last.end])
    if not phrase:
        return None
    first = tokens[_share_start(tokens, phrase[0].index, floor, lexicon)]
    last = end or phrase[-1]
    return Span(first.start, last.end, doc.text[first.start : last.end])


def _reduced_start(tokens: Sequence[Token], t: int, floor: int, lexicon: Lexicon) -> int | None:
    """The past participle of a short reduced relative clause ending just before token `t` ("a memo
    obtained by the paper", "a report released Tuesday"), right after a noun; no punctuation or
    other finite verb between it and `t`. Before a finite cue a past tense there is a participle,
    whatever the tagger says: a clause has one finite verb."""
    forms = {"VBN", "VBD"} if tokens[t].xpos in FINITE_XPOS else {"VBN"}
    for v in range(t - 1, max(0, t - 7), -1):
        tok = tokens[v]
        if tok.start < floor or tok.upos == "PUNCT":
            return None
        # "Clinton beamed as she noted": a subordinator or a subject pronoun opens the cue's own clause
        word = tok.text.lower()
        if (
            tok.upos == "SCONJ"
            or word in lexicon.connectives["subordinate"]
            or word in lexicon.pronoun_sets["subject"]
        ):
            return None
        participle = tok.upos == "VERB" and tok.xpos in forms
        if participle and tokens[v - 1].upos in {"NOUN", "PROPN"} and tokens[v - 1].start >= floor:
            return v
        if tok.xpos in FINITE_XPOS:
            return None
    return None


def _relative_start(tokens: Sequence[Token], k: int, floor: int, lexicon: Lexicon) -> int | None:
    """The relative pronoun of a restrictive relative clause ending just before token `k` ("voters
    whose homes were flooded", "the group that organised the march"): right after a noun, with a
    finite verb after it, and no punctuation between it and `k`."""
    # "who gained attention when he yelled": a subject pronoun is the cue's own subject
    if k < len(tokens) and tokens[k].text.lower() in lexicon.pronoun_sets["subject"]:
        return None
    verb = False
    for i in range(k - 1, -1, -1):
        tok = tokens[i]
        opens = tok.text.lower() in lexicon.connectives["subordinate"] or tok.upos == "SCONJ"
        if tok.start < floor or tok.upos == "PUNCT" or opens or tok.text in MARKS:
            return None
        verb = verb or tok.xpos in FINITE_XPOS
        relative = tok.text.lower() in lexicon.connectives["relative"] and tok.xpos in {"WDT", "WP", "WP$"}
        if relative:
            named = i > 0 and tokens[i - 1].upos in {"NOUN", "PROPN"}
            return i if verb and named and i - 1 >= 0 and tokens[i - 1].start >= floor else None
    return None


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
            _np_token(tokens[k], tagged, lexicon)
            or _plural_possessive(tokens, k)
            or _participle_modifier(tokens[k])
        )
        and len(phrase) < _MAX_NP
    ):
        # "that" opens the reported clause and "said Friday" is a date: neither is the speaker
        word = tokens[k].text.lower()
        if (
            word == "that"
            or word in lexicon.time_words["date"]
            or (phrase and _is_pronoun(tokens[k], lexicon) and tokens[k].upos == "PRON")
        ):
            break
        phrase.append(tokens[k])
        if len(phrase) == 1 and _is_pronoun(tokens[k], lexicon) and word in lexicon.pronoun_sets["inverted"]:
            break
        k += 1
    phrase = _clean(phrase, lexicon)
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


# --------------------------------------------------------------------------- the parse's reading

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
    first = _share_start(tokens, first, lo, lexicon)
    while last > head and (tokens[last].upos in _EDGE_UPOS or tokens[last].text in {",", "—", "-"}):
        # a bracket opened inside the phrase closes inside it ("Rep. Gwen Moore (D-Wis.)")
        if tokens[last].text == ")" and any(tokens[k].text == "(" for k in range(first, last)):
            break
        last -= 1
    start, end = tokens[first].start, tokens[last].end
    return Span(start, end, doc.text[start:end])


def uncontracted(index: TokenIndex, span: Span | None) -> Span | None:
    """ "He’s predicting": the speaker is "He", not the token it shares with the auxiliary."""
    if span is None:
        return None
    refs = index.between(span.start, span.end)
    if not refs:
        return span
    s, t = refs[-1]
    tokens = index.doc.sentences[s].tokens
    # the words of a multi-word token share its offsets: start from its first word
    while t > 0 and (tokens[t - 1].start, tokens[t - 1].end) == (tokens[t].start, tokens[t].end):
        t -= 1
    last = tokens[t]
    shared = t + 1 < len(tokens) and (tokens[t + 1].start, tokens[t + 1].end) == (last.start, last.end)
    cut = max(last.text.rfind("'"), last.text.rfind("’"))
    if shared and tokens[t + 1].upos == "AUX" and cut > 0 and last.start + cut > span.start:
        end = last.start + cut
        return Span(span.start, end, index.doc.text[span.start : end])
    return span
