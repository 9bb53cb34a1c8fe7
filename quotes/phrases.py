"""Noun phrases next to a cue, read off the surface: the speaker as written.

`noun_phrase_before` reads right to left from a cue ("the Russian foreign ministry said"), skipping
auxiliaries, adverbs, short time phrases and asides (", speaking to Interfax,"); `inverted.py` reads
an inverted speaker ("said the Russian foreign ministry") with the token tests kept here. Both keep
to a floor or ceiling offset, so a speaker never reaches into the quote.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotes.lexicon import Lexicon
from quotes.marks import MARKS
from quotes.model import AnnotatedDoc, Span, Token
from quotes.tokens import FINITE_XPOS, VERB_UPOS, TokenIndex

# tags, not words: the parts of speech a noun phrase is made of
_NP_UPOS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART", "X"})
MAX_NP = 12


def np_token(tok: Token, tagged: bool, lexicon: Lexicon) -> bool:
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


def participle_modifier(tok: Token) -> bool:
    return tok.deprel == "amod" and tok.xpos in {"VBN", "VBG"}


def plural_possessive(tokens: Sequence[Token], k: int) -> bool:
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


def clean(tokens: list[Token], lexicon: Lexicon) -> list[Token]:
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
    return tokens[-MAX_NP:]


def is_pronoun(tok: Token, lexicon: Lexicon) -> bool:
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


def share_start(tokens: Sequence[Token], first: int, floor: int, lexicon: Lexicon) -> int:
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
    while k >= 0 and tokens[k].start >= floor and len(phrase) < MAX_NP:
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
        if not np_token(tok, tagged, lexicon) and not plural_possessive(tokens, k):
            break
        # a pronoun is a phrase on its own: "he said", never "Moscow he said"
        if phrase and is_pronoun(tok, lexicon) and tok.text.lower() not in lexicon.pronoun_sets["owner"]:
            break
        phrase.insert(0, tok)
        if is_pronoun(tok, lexicon) and len(phrase) == 1:
            break
        k -= 1
    return clean(phrase, lexicon)


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
    first = tokens[share_start(tokens, phrase[0].index, floor, lexicon)]
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
