"""Reported speech: reporting verbs and the content they report.

A cue is a reporting verb used as a verb. Its content is the complement clause the parse gives
(ccomp) or, failing that, what the surface shows: "said that ...", "said Kerry would ...",
"CONTENT, officials said.", "according to X, CONTENT", "called for X".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quotes.extent import (
    NP_START,
    aside_end,
    clause_starts,
    clause_verb,
    content_end,
    finite,
    fronted_end,
    next_act_end,
    surface_end,
    verb_group_end,
)
from quotes.lexicon import Lexicon
from quotes.marks import MARKS, paragraph_of, trim
from quotes.model import Pattern, Token
from quotes.tokens import FINITE_XPOS, VERB_UPOS, TokenIndex, subtree

_ASIDE_MARKS = frozenset({",", "—", "–", "--"})  # what sets "according to X" off from its content
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_VERB_GROUP_RELATIONS = frozenset({"aux", "aux:pass", "cop"})  # the parse's arcs within a verb group
_ADJECTIVAL = frozenset({"JJ", "JJR", "JJS", "VBG", "VBN"})  # tags of words that may describe a noun


def is_cue(index: TokenIndex, ref: tuple[int, int], lexicon: Lexicon) -> bool:
    """Whether a token is a reporting verb used as a verb (asked of a token once a doc: clause finding
    asks of every token, detection again of the tokens near each quote)."""
    known = index.cues.get(ref)
    if known is None:
        known = index.cues[ref] = _is_cue(index, ref, lexicon)
    return known


def _is_cue(index: TokenIndex, ref: tuple[int, int], lexicon: Lexicon) -> bool:
    tok = index.token(ref)
    if tok.lemma.lower() not in lexicon.cue_words and tok.text.lower() not in lexicon.cue_words:
        return False
    sentence = index.doc.sentences[ref[0]]
    if noun_owner(sentence.tokens, ref[1], lexicon) is not None:
        return True
    if not lexicon.is_reporting(tok.text, tok.lemma):
        # "as one analyst put it", "Trump shot back": a verb that reports with the word after it
        following = sentence.tokens[ref[1] + 1] if ref[1] + 1 < len(sentence.tokens) else None
        phrase = (
            following is not None and (tok.lemma.lower(), following.text.lower()) in lexicon.reporting_phrases
        )
        return (phrase and tok.upos in VERB_UPOS) or _document_finding(index, ref, lexicon)
    previous = sentence.tokens[ref[1] - 1] if ref[1] > 0 else None
    following = sentence.tokens[ref[1] + 1] if ref[1] + 1 < len(sentence.tokens) else None
    # "the self-described socialist", "the so-called deal": a compound adjective, no verb
    if previous is not None and previous.text in _HYPHENS and previous.end == tok.start:
        return False
    if _headline_verb(sentence.tokens, ref[1], lexicon):
        return True
    # "Asked whether he would run, ...", "when asked about the vote": the question put to someone
    if asked_question(sentence.tokens, ref[1], lexicon) is not None:
        return True
    # "Asked to comment, she said ...", "When told of it, he said ...": a fronted participle of a
    # verb whose object is its listener reports nothing; the main clause's cue does
    fronted = ref[1] == 0 or (ref[1] == 1 and previous is not None and previous.upos == "SCONJ")
    listener = tok.lemma.lower() == "ask" or tok.lemma.lower() in lexicon.object_verbs.all
    # (a past tense with no subject before it is a participle, whatever the tagger says)
    if fronted and listener and tok.xpos in {"VBN", "VBD"}:
        return False
    # "the senator's repeated attacks": after a possessive (a tag, not a word: "he's" is "has") the
    # participle is an adjective
    if previous is not None and previous.xpos == "POS" and tok.xpos in {"VBD", "VBN"}:
        return False
    # "271 pledged delegates", "of revised estimates", "include pledged delegates": a participle between
    # a number, preposition, determiner or verb (not an auxiliary) and a noun is an adjective
    before = {"NUM", "ADP", "DET", "VERB"}
    modifier = previous is not None and (previous.upos in before or previous.xpos == "PRP$")
    if modifier and tok.xpos == "VBN" and following is not None and following.upos == "NOUN":
        return False
    # "other promising news", "his most promising paths": a present participle after a determiner,
    # an adjective or a degree word, before a noun, is an adjective too
    graded = previous is not None and (
        previous.upos in {"DET", "ADJ"}
        or previous.xpos == "PRP$"
        or previous.text.lower() in {"most", "more", "very"}
    )
    if graded and tok.xpos == "VBG" and following is not None and following.upos == "NOUN":
        return False
    # "natives threatened by ethnic diversity": a participle with its agent is passive, nobody's saying
    agent = following is not None and following.text.lower() == "by"
    after_noun = previous is not None and previous.upos in {"NOUN", "PROPN"}
    if (
        tok.xpos == "VBN"
        and agent
        and after_noun
        and _reporting_lemma(tok, lexicon) in lexicon.directive_verbs
    ):
        return False
    # "a website called “X”", "a play, called “X”", "the so called “X”": a participle of naming after a
    # noun names the thing; nobody is said to have said anything
    naming = _reporting_lemma(tok, lexicon) in lexicon.object_content_verbs["naming"]
    before_comma = (
        sentence.tokens[ref[1] - 2] if ref[1] >= 2 and previous is not None and previous.text == "," else None
    )
    named = previous is not None and (
        previous.upos in {"NOUN", "PROPN"} or previous.text.lower() in {"so", "so-"}
    )
    # the name itself comes right after it: quoted ("called “Hypo-Cruz”", "called the “Feed”") or a
    # name with no quotation after ("a super PAC called Future 45"); not an object and what it was
    # called ("one lawmaker called Trump “the orange prince”"), nor "called for"
    after = list(sentence.tokens[ref[1] + 1 : ref[1] + 8])
    if after and after[0].upos == "DET":
        after = after[1:]
    name_follows = bool(after) and (
        after[0].text in MARKS or (after[0].upos == "PROPN" and not any(w.text in MARKS for w in after))
    )
    if (
        naming
        and tok.xpos == "VBN"
        and name_follows
        and (named or (before_comma is not None and before_comma.upos == "NOUN"))
    ):
        return False
    # "the report", "a statement": a determiner before it makes it a noun, whatever the tagger says
    nominal = lexicon.determiners["nominal"] | lexicon.pronoun_sets["nominal"]
    if previous is not None and previous.text.lower() in nominal:
        return False
    # "it is worth noting that", "having said that", "did not say": no one reports anything
    negated = previous is not None and previous.lemma.lower() in lexicon.not_reporting_before["lemma"]
    if negated or (previous is not None and previous.text.lower() in lexicon.not_reporting_before.all):
        return False
    # "declined to say whether", "too early to say": an infinitive reports nothing, unless "that" follows
    # "two people briefed on the plans": the formula of an unnamed source, not a cue
    if following is not None and (tok.text.lower(), following.text.lower()) in lexicon.source_formulas:
        return False
    # ("are quick to point out that ...": a particle may come between)
    next_word = sentence.tokens[ref[1] + 2] if ref[1] + 2 < len(sentence.tokens) else None
    that = following is not None and (
        following.text == "that"
        or (following.xpos == "RP" and next_word is not None and next_word.text == "that")
    )
    if previous is not None and previous.text.lower() == "to" and not that:
        return False
    if not index.tagged:
        return True
    # a tagged doc: the tagger must agree it is a verb (participles tagged ADJ are still cues)
    if tok.upos in VERB_UPOS or tok.xpos.startswith("VB"):
        return True
    # "He notes that": after a subject pronoun it is a verb, whatever the tagger says
    if previous is not None and previous.text.lower() in lexicon.pronoun_sets["subject"]:
        return True
    # ("Trump's claim that ...", a noun of saying with its owner, is `noun_owner`'s, above)
    return _verb_by_place(sentence.tokens, ref[1], lexicon)


_ASKED_AFTER = frozenset({"when", "if", "after", "before", "once", "while", "as"})


def asked_question(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> int | None:
    """Where the question starts that a fronted or subordinate "asked" puts to someone ("Asked
    whether he would run, Reid said ...", "Asked by a reporter about the vote, she ...", "he said
    when asked about it"): its if/whether/wh-word or "about", before the clause's first comma. The
    one asked is the main clause's subject; whoever asked is a "by" phrase, or no one named."""
    tok = tokens[t]
    if tok.lemma.lower() != "ask" or tok.xpos not in {"VBN", "VBD"}:
        return None
    previous = tokens[t - 1].text.lower() if t > 0 else ""
    if not (t == 0 or previous in _ASKED_AFTER or (t == 1 and tokens[0].upos in {"ADV", "CCONJ"})):
        return None
    opens = lexicon.connectives["question"] | {"about"}
    for k in range(t + 1, min(len(tokens) - 1, t + 12)):
        if tokens[k].text in {",", ".", ";", ":", "?", "!"}:
            return None
        if tokens[k].text.lower() in opens:
            return k
    return None


def _asked(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "Asked whether he would run, ...": the question, to where the main clause begins."""
    tokens = index.doc.sentences[s].tokens
    first = asked_question(tokens, t, lexicon)
    if first is None:
        return None
    return tokens[first].start, content_end(index, s, first, lexicon), Pattern.THAT


def noun_owner(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """For a noun of saying with its "that" clause ("Clinton's claim that she never ...", "his
    repeated assertion that ..."; reporting_nouns.txt), the first and last token of its owner, who
    said it: a possessive pronoun, or a noun phrase ending in a possessive."""
    tok = tokens[t]
    if tok.upos != "NOUN" or tok.text.lower() not in lexicon.reporting_nouns:
        return None
    if (
        t + 2 >= len(tokens)
        or tokens[t + 1].text.lower() != "that"
        or not clause_starts(tokens, t + 2, True, lexicon)
    ):
        return None
    k = t - 1
    while k >= 0 and t - k <= 2 and (tokens[k].upos in {"ADJ", "ADV"} or tokens[k].xpos in {"VBN", "VBG"}):
        k -= 1  # "his oft-repeated claim", "the mayor's latest warning"
    if k < 0:
        return None
    if tokens[k].xpos == "PRP$":
        return k, k
    if tokens[k].xpos != "POS":
        return None
    last, k = k, k - 1
    while (
        k > 0 and tokens[k - 1].upos in {"PROPN", "NOUN", "DET", "ADJ", "NUM"} and tokens[k - 1].xpos != "POS"
    ):
        k -= 1
    return (k, last) if k >= 0 and tokens[k].upos in {"PROPN", "NOUN", "DET", "ADJ", "NUM"} else None


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


def _document_finding(index: TokenIndex, ref: tuple[int, int], lexicon: Lexicon) -> bool:
    """ "A new poll found that ...", "Records show the company paid ...": a verb of finding or
    showing (document_verbs.txt) reports what a document says when a document is its subject, the
    noun right before it or its parsed subject ("a poll released Tuesday found")."""
    tokens = index.doc.sentences[ref[0]].tokens
    tok = tokens[ref[1]]
    if tok.lemma.lower() not in lexicon.document_verbs or tok.upos not in VERB_UPOS:
        return False
    heads = lexicon.document_heads.all
    subjects = [w for w in index.dependents(*ref) if w.deprel.startswith("nsubj")]
    if subjects:
        return any(w.lemma.lower() in heads or w.text.lower() in heads for w in subjects)
    k = ref[1] - 1
    while k >= 0 and tokens[k].upos in {"AUX", "ADV", "PART"}:
        k -= 1
    return (
        k >= 0
        and tokens[k].upos == "NOUN"
        and (tokens[k].lemma.lower() in heads or tokens[k].text.lower() in heads)
    )


def title_case(tokens: Sequence[Token]) -> bool:
    """Whether a sentence is a headline in title case: four words or more, nearly all capitalised
    ("Bernie Sanders Says He's Already Started Writing His Inaugural Address")."""
    words = [tok.text for tok in tokens if tok.text[:1].isalpha()]
    return len(words) >= 4 and sum(word[:1].isupper() for word in words) >= 0.8 * len(words)


def _headline_verb(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
    """ "Trump Says He Never Pledged ...", "Jeb Bush Super PAC Chief Praises ...": in a headline in
    title case a capitalised reporting verb in -s after a capitalised word is the headline's verb,
    whatever a tagger trained on running text made of it."""
    tok = tokens[t]
    verb = tok.text[:1].isupper() and tok.text.lower().endswith("s") and tok.text.lower() != "its"
    return (
        verb
        and t > 0
        and tokens[t - 1].text[:1].isupper()
        and lexicon.reporting_lemma(tok.text) is not None
        and title_case(tokens)
    )


def _headline(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """What a headline's verb reports: the rest of the headline, up to a comma or its end ("Clinton
    Says [Russians Hacked DNC], Calls ..."); after a particle the verb takes ("Calls For [Action]")."""
    tokens = index.doc.sentences[s].tokens
    if not _headline_verb(tokens, t, lexicon):
        return None
    first = t + 1
    lemma = lexicon.reporting_lemma(tokens[t].text) or ""
    if first < len(tokens) and f"{lemma} {tokens[first].text.lower()}" in lexicon.directive_verbs:
        first += 1
    stops = {",", ";", ":", ".", "?", "!"}
    stop = next((k for k in range(first, len(tokens)) if tokens[k].text in stops), len(tokens))
    if stop - first < 1:
        return None
    return tokens[first].start, tokens[stop - 1].end, Pattern.BARE


def _verb_by_place(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
    """ "...,” Viguerie notes.", "Bozell points out.", "The ad claims “...”": a reporting word in -s that
    taggers take for a plural noun is the verb of the name or noun before it when a quotation, a colon
    or the sentence's end follows it (a plural noun there would end its noun phrase with no verb), or
    "that" and a clause after a name ("Viguerie notes that ...")."""
    tok = tokens[t]
    if t == 0 or not tok.text.lower().endswith("s") or tok.upos not in {"NOUN", "PROPN"}:
        return False
    # "O'Malley frequently notes that": adverbs between the name and its verb
    k = t - 1
    while k > 0 and tokens[k].upos == "ADV" and tokens[k].text.lower().endswith("ly"):
        k -= 1
    subject = tokens[k]
    if subject.upos != "PROPN" and not (subject.upos == "NOUN" and k >= 1 and tokens[k - 1].upos == "DET"):
        return False
    rest = [w.text for w in tokens[t + 1 : t + 3]]
    if rest[:1] == ["out"]:  # "points out"
        rest = rest[1:]
    # "Viguerie notes that Reagan Democrats can ...", "And former Rep. David Duke reports that ...": a
    # name that opens its clause, then "that" and a clause of its own (not "the Clinton notes that she
    # kept", a noun with its relative clause)
    first = k
    while first > 0 and tokens[first - 1].upos in {"PROPN", "ADJ"}:
        first -= 1
    opens = first == 0 or tokens[first - 1].upos in {"PUNCT", "CCONJ", "SCONJ"}
    if rest[:1] == ["that"] and subject.upos == "PROPN" and opens:
        return clause_starts(tokens, t + 2, True, lexicon)
    if k != t - 1:  # the adverbs only before "that"
        return False
    return (
        not rest
        or rest[0] in MARKS
        or rest[0] in {":", ".", ",", "?", "!"}
        or rest[:2] in ([",", mark] for mark in MARKS)
    )


# --------------------------------------------------------------------------- reported speech


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


_Surface = tuple[int, int, Pattern]


def _reporting_lemma(tok: Token, lexicon: Lexicon) -> str:
    return lexicon.reporting_lemma(tok.text, tok.lemma) or tok.text.lower()


def _as_saying(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "quoted governor Kemal Aydin as saying that ...": the words before "as saying" name the
    speaker; what was said follows them ("was quoted by X as saying" leaves the cue to "saying")."""
    tokens = index.doc.sentences[s].tokens
    if tokens[t].text.lower() != "quoted" or (t > 0 and tokens[t - 1].lemma.lower() == "be"):
        return None
    said = next(
        (
            j
            for j in range(t + 1, min(len(tokens) - 2, t + 12))
            if [w.text.lower() for w in tokens[j : j + 2]] == ["as", "saying"]
        ),
        None,
    )
    if said is None or t + 1 >= said:
        return None
    first = said + 2
    if tokens[first].text.lower() == "that" and first + 1 < len(tokens):
        return tokens[first].start, content_end(index, s, first + 1, lexicon), Pattern.THAT
    if clause_starts(tokens, first, index.tagged, lexicon):
        return tokens[first].start, content_end(index, s, first, lexicon), Pattern.BARE
    return None


def _directive(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "called for a moratorium", "urged Republicans to join", "vowed to punish", "agreed to pay":
    demands, promises and agreements report what was asked, promised or agreed, whatever its form."""
    tokens = index.doc.sentences[s].tokens
    lemma = _reporting_lemma(tokens[t], lexicon)
    # "Texas was called for Cruz": a passive demands nothing of anyone
    passive = lexicon.auxiliaries["passive"]
    if tokens[t].xpos == "VBN" and any(tok.text.lower() in passive for tok in tokens[max(0, t - 3) : t]):
        return None
    if lemma in lexicon.directive_verbs:
        first = t + 1
    elif t + 1 < len(tokens) and f"{lemma} {tokens[t + 1].text}" in lexicon.directive_verbs:
        first = t + 2  # "called for": the content starts after the particle
    else:
        return None
    # "..., the campaigns agree.": nothing after the verb, which tags the sentence before it; nor in
    # "48 percent agreed and 44 percent disagreed"
    if (
        first < len(tokens)
        and tokens[first].text.lower() != "that"
        and tokens[first].upos not in {"PUNCT", "CCONJ"}
    ):
        return tokens[first].start, _demand_end(index, s, first, lexicon), Pattern.DIRECTIVE
    return None


def _demand_end(index: TokenIndex, s: int, first: int, lexicon: Lexicon) -> int:
    """Where a demand, promise or agreement from token `first` stops: where its clause does, or
    earlier at a comma after which the writer goes on with a clause of their own (", and the hashtag
    was soon trending"), a participle (", meaning that ...") or a comment on it (", a requirement
    that ...", ", a decision which ...")."""
    tokens = index.doc.sentences[s].tokens
    end = content_end(index, s, first, lexicon)
    for k in range(first + 1, len(tokens) - 1):
        if tokens[k].start >= end:
            break
        if tokens[k].text != ",":
            continue
        nxt = tokens[k + 1]
        after_and = nxt.text.lower() in {"and", "but"} and clause_starts(tokens, k + 2, index.tagged, lexicon)
        comment = nxt.text.lower() in {"a", "an"} and any(
            tok.text.lower() in {"that", "which", "who"} for tok in tokens[k + 2 : k + 6]
        )
        participle = nxt.xpos == "VBG" and nxt.text.lower() not in lexicon.phrase_words["example-lead"]
        if after_and or comment or participle:
            return tokens[k].start
    return end


def _told_to(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "told his advisers to find a way", "asked the network to donate": an order to someone reports
    what was asked, the one asked included."""
    tokens = index.doc.sentences[s].tokens
    told_to = _reporting_lemma(tokens[t], lexicon) in lexicon.object_verbs["order"] and any(
        tok.text.lower() == "to" for tok in tokens[t + 2 : t + 5]
    )
    if not told_to or t + 1 >= len(tokens) or tokens[t + 1].upos not in NP_START:
        return None
    to = next(k for k in range(t + 2, t + 5) if tokens[k].text.lower() == "to")
    # only a noun phrase stands between the verb and "to"
    possessive = lexicon.np_links["possessive"]
    if all(tok.upos in NP_START | {"PART"} or tok.text in possessive for tok in tokens[t + 1 : to]):
        return tokens[t + 1].start, _demand_end(index, s, t + 1, lexicon), Pattern.DIRECTIVE
    return None


def _cited(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "cited the strategic importance of ...": what is cited is reported, a noun phrase as often as not."""
    tokens = index.doc.sentences[s].tokens
    if (
        _reporting_lemma(tokens[t], lexicon) == "cite"
        and t + 1 < len(tokens)
        and tokens[t + 1].upos in NP_START
    ):
        return tokens[t + 1].start, content_end(index, s, t + 1, lexicon), Pattern.CITED
    return None


def _object_content(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "criticized the plan", "announced a series of steps to tighten sales": the object of a verb
    that reports by naming what was said, up to a comma or the clause's end. Not a passive ("was
    announced"), and only where no clause was found."""
    tokens = index.doc.sentences[s].tokens
    cue = tokens[t]
    lemma = _reporting_lemma(cue, lexicon)
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
    charged = charge and t + 2 < len(tokens) and tokens[t + 2].text.lower() in {"of", "for"}
    if not (tokens[t + 1].upos in NP_START or tokens[t + 1].xpos == "VBG"):
        return None
    naming = lemma in lexicon.object_content_verbs["naming"]
    if naming and not _named_as(tokens, t):
        return None
    if tokens[t + 1].xpos == "PRP" and not (charged or naming):
        return None
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
        (j for j in range(k + 1, min(len(tokens), k + 16)) if tokens[j].text.lower() in {"and", "or"}), None
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


def _said_that(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "said that ...": the complementiser is the clearest sign of reported speech, and belongs to
    the content, as annotators of attribution mark it."""
    tokens = index.doc.sentences[s].tokens
    nxt = t + 1
    # "told the Interfax news agency that", "said via email that": skip what stands before "that"
    k = nxt
    while k < len(tokens) and k < nxt + 10 and tokens[k].text.lower() != "that":
        if tokens[k].text in {".", ";", ":", "?", "!"} or (index.tagged and tokens[k].upos in VERB_UPOS):
            break
        k += 1
    if k < len(tokens) and tokens[k].text.lower() == "that":
        nxt = k
    if nxt < len(tokens) and tokens[nxt].text.lower() == "that" and nxt + 1 < len(tokens):
        return tokens[nxt].start, content_end(index, s, nxt + 1, lexicon), Pattern.THAT
    return None


def document_before(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> int | None:
    """The document noun right before token `t`, past time words ("a statement saying", "an email
    Friday saying"), if there is one."""
    k = t - 1
    while k >= 0 and tokens[k].text.lower() in lexicon.time_words.all:
        k -= 1
    return k if k >= 0 and tokens[k].lemma.lower() in lexicon.document_heads.all else None


def _bare_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "said Kerry would meet ...": a finite clause right after a verb with a subject of its own
    ("said", "says"), or after a participle tagging a clause (", saying it shows ..."); not "to say",
    and not after a verb whose object is its listener ("told reporters")."""
    tokens = index.doc.sentences[s].tokens
    cue = tokens[t]
    before = tokens[t - 1].text.lower() if t > 0 else ""
    # ", saying it shows ...", "released a statement saying it would ...": a participle tagging a clause
    # ("after saying he was nervous", "by arguing the plan would fail": a gerund after a preposition)
    participle = cue.xpos == "VBG" and (
        before == ","
        or before in lexicon.phrase_words["gerund-lead"]
        or document_before(tokens, t, lexicon) is not None
    )
    finite_cue = not index.tagged or (cue.xpos.startswith("VB") and (cue.xpos != "VBG" or participle))
    finite_cue = finite_cue and before != "to"
    listener = _reporting_lemma(cue, lexicon) in lexicon.object_verbs.all
    if finite_cue and not listener and clause_starts(tokens, t + 1, index.tagged, lexicon):
        return tokens[t + 1].start, content_end(index, s, t + 1, lexicon), Pattern.BARE
    return None


def _question(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "asked whether the plan would pass", "explained how much it cost", "asked him why he left": a question
    reported in the asker's or the answerer's words starts at its "if", "whether" or wh-word; a verb
    whose object is its listener may name the listener first."""
    tokens = index.doc.sentences[s].tokens
    first, questions = t + 1, lexicon.connectives["question"]
    if _reporting_lemma(tokens[t], lexicon) in lexicon.object_verbs.all:
        while first < min(len(tokens), t + 5) and tokens[first].text.lower() not in questions:
            if tokens[first].upos not in NP_START | {"PART"}:
                return None
            first += 1
    if first + 1 < len(tokens) and tokens[first].text.lower() in questions:
        return tokens[first].start, content_end(index, s, first, lexicon), Pattern.THAT
    return None


def _answer(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """ "half said so", "the candidate said no", "three-quarters said the same of Sanders": a word
    that stands for a whole answer (answers.txt) is what was said; "the same" runs on to the comma."""
    tokens = index.doc.sentences[s].tokens
    if _reporting_lemma(tokens[t], lexicon) != "say" or t + 1 >= len(tokens):
        return None
    for size in (2, 1):
        words = tokens[t + 1 : t + 1 + size]
        if len(words) == size and " ".join(tok.text.lower() for tok in words) in lexicon.answers:
            after = tokens[t + 1 + size] if t + 1 + size < len(tokens) else None
            # "said no decision was made", "said so far", "said the same day": the word opens a phrase
            opens = after is not None and (
                after.upos in {"NOUN", "PROPN", "ADJ", "ADV", "DET", "NUM"}
                or after.text.lower() in lexicon.time_words.all
            )
            if opens and not (size == 2 and after is not None and after.upos == "ADP"):
                return None
            if size == 1:
                return words[0].start, words[0].end, Pattern.OBJECT
            end = content_end(index, s, t + 1, lexicon)
            comma = next(
                (tok.start for tok in tokens[t + 1 :] if tok.text in {",", ";"} and tok.start < end), end
            )
            return words[0].start, comma, Pattern.OBJECT
    return None


# the surface rules for a cue's content, in order: the first that finds one wins
_SURFACE_RULES = (_asked, _as_saying, _directive, _told_to, _cited, _said_that, _question, _bare_clause)


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


def _surface_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> _Surface | None:
    """The content a cue reports as the surface shows it, with the rule that found it."""
    return next((found for rule in _SURFACE_RULES if (found := rule(index, s, t, lexicon)) is not None), None)


def _quoted_edge(text: str, start: int, end: int) -> bool:
    """Whether a span starts or ends with a quotation mark (then the quote rules own it)."""
    return text[start] in MARKS or text[end - 1] in MARKS or text[end - 2 : end - 1] in set(MARKS)


def _titled_name(tail: Sequence[Token], lexicon: Lexicon) -> bool:
    """ "said plant manager Ann Lowe": a lower-case title right before a name is the speaker, unlike
    the object of "declared bankruptcy" (nouns only, ending in a capitalised name that is no date)."""
    # (a place or body after the name is the speaker's own: "political scientist Dossym Satpayev in
    # Almaty")
    place = next((k for k, tok in enumerate(tail) if tok.upos == "ADP"), None)
    tail = tail[:place] if place else tail
    named = tail[-1].upos == "PROPN" and tail[-1].text[:1].isupper()
    nominal = all(tok.upos in {"NOUN", "PROPN", "ADJ"} for tok in tail)
    return named and nominal and tail[-1].text.lower() not in lexicon.time_words.all


def _trailing_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "CONTENT, both sides said." / "CONTENT, said the ministry.": the cue tags the sentence."""
    tokens = index.doc.sentences[s].tokens
    text = index.doc.text
    comma = next((k for k in range(t - 1, max(-1, t - 13), -1) if tokens[k].text == ","), None)
    if comma is None or comma < 1:
        return None
    # between the comma and the cue only a noun phrase (the speaker) may stand, not "which advocates"
    between = tokens[comma + 1 : t]
    # (a participle right after a noun is a reduced relative inside it: "disclosures filed on Sunday")
    reduced = {k for k in range(comma + 2, t) if tokens[k].xpos == "VBN" and tokens[k - 1].upos == "NOUN"}
    if any(tok.upos == "VERB" and index.tagged and tok.index not in reduced for tok in between):
        return None
    if between and between[0].text.lower() in lexicon.connectives["aside"]:
        return None
    # "The judge rubbed his chin, and then said ...": a verb coordinated with the one before shares its
    # subject and tags nothing; nor does a participle (", decrying the influence of ..."), which
    # reports what follows it
    if all(tok.upos in {"CCONJ", "ADV"} for tok in between) and any(tok.upos == "CCONJ" for tok in between):
        return None
    if tokens[t].xpos == "VBG":
        return None
    # "Merkel, who has adopted ..., warned against ...": a comma right before the cue that closes a
    # relative clause on the subject sets off a description, not a tag
    relative = lexicon.connectives["relative"]
    if not between and any(
        tokens[k].text == "," and tokens[k + 1].text.lower() in relative for k in range(comma - 1)
    ):
        return None
    first = 0
    para_start = paragraph_of(text, tokens[t].start)[0]
    while first < comma and tokens[first].start < para_start:
        first += 1
    rest = tokens[t + 2 :] if t + 1 < len(tokens) and tokens[t + 1].text == "," else []
    # "..., Spicer said, adding ...": a participle after the tag goes on with the speaker, not the content
    if rest and rest[0].xpos == "VBG":
        rest = []
    rest_words = [tok for tok in rest if tok.upos != "PUNCT"]
    has_verb = any(finite(tok, lexicon) for tok in rest[:12])
    # (two words are enough with a verb among them: "This campaign, he says, is different.")
    enough = len(rest_words) >= 3 or (len(rest_words) == 2 and has_verb and index.tagged)
    if enough and (has_verb or not index.tagged) and comma - first >= 1:
        # "Acts of protest, Mr. Obama said, are acts of patriotism": the tag sits inside its content;
        # "But, Carson added, he did not ...": after a connective alone, the content follows the tag
        lead = all(tok.text.lower() in lexicon.connectives["opener"] for tok in tokens[first:comma])
        start, end = trim(text, (rest[0] if lead else tokens[first]).start, tokens[-1].end)
        return None if _quoted_edge(text, start, end) else (start, end)
    if comma < 3:
        return None
    # after the cue, only the speaker or a short tag ("said in a statement") before the end; a bare
    # noun there is an object ("declared bankruptcy"), not an inverted speaker
    after = tokens[t + 1 :]
    # "said Mr. Barrett, the lawyer for the state, ...": an appositive after the speaker's comma
    # describes the speaker; only the words up to that comma must be a short tag
    comma_after = next((k for k, tok in enumerate(after) if tok.text == ","), None)
    if comma_after is not None:
        after = after[:comma_after]
    # (a phrase of the cue's own may be longer: "said during his campaign speech to be a delegate")
    longest = 14 if after and after[0].xpos == "IN" and between else 8
    tail = [tok for tok in after[: longest + 3] if tok.upos != "PUNCT"]
    if len(tail) > longest or any(tok.xpos in FINITE_XPOS for tok in tail):
        return None
    # "reported last week": a time after the cue is no object; "said several observers": a quantifier
    # opens the speaker's noun phrase, whatever its tag
    opens = bool(tail) and (
        tail[0].text.lower() in lexicon.time_words.all
        or tail[0].text.lower() in lexicon.determiners["quantifier"]
    )
    # (the noun after "told" is its listener: "..., the senator told reporters")
    listener = _reporting_lemma(tokens[t], lexicon) in lexicon.object_verbs["listener"]
    bare = (
        tail
        and index.tagged
        and tail[0].upos in {"NOUN", "ADJ", "VERB"}
        and tail[0].text.islower()
        and not opens
        and not listener
    )
    if bare and not _titled_name(tail, lexicon):
        return None
    start, end = trim(text, tokens[first].start, tokens[comma].start)
    # "“Q,” he said" is a direct quote: quoted words may only sit inside the content (a mixed quote)
    if end - start < 12 or _quoted_edge(text, start, end):
        return None
    content = [tok for tok in tokens[first:comma] if tok.start >= start]
    # "But when Congress cut funding, Mexico said enough": a subordinate clause is no content, and
    # content needs a finite verb of its own ("Campaigning in 2012, he barely mentioned it")
    opener = next((tok for tok in content if tok.text.lower() not in lexicon.connectives["opener"]), None)
    # "After some challenges, the work has met the standards, an official said": a main clause after
    # the fronted phrase's comma is content all the same
    main_after = any(tok.text == "," for tok in content[1:-1])
    if opener is not None and opener.text.lower() in lexicon.connectives["subordinate"] and not main_after:
        return None
    if index.tagged and not any(finite(tok, lexicon) for tok in content):
        return None
    return start, end


def _as_tag(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "His defeat won't derail his campaign, as some have speculated.", "..., as David Dayen noted
    in The Intercept.": a cue in an "as" clause that closes the sentence after a comma reports the
    words before the comma."""
    tokens = index.doc.sentences[s].tokens
    text = index.doc.text
    k = next((i for i in range(t - 1, max(-1, t - 11), -1) if tokens[i].text.lower() == "as"), None)
    opens = k is not None and (k == 0 or (k == 1 and tokens[0].upos == "CCONJ"))
    if k is not None and opens and k + 1 < t:
        return _fronted_as(index, s, t, k, lexicon)
    if k is None or t - k > 6 or k < 2 or tokens[k - 1].text != "," or k + 1 == t:
        return None
    # between "as" and the cue only its subject, auxiliaries and adverbs
    if any(tok.upos in {"VERB", "PUNCT"} for tok in tokens[k + 1 : t]):
        return None
    # after the cue only a short tag to the sentence's end ("in The Intercept", "recently")
    rest = [tok for tok in tokens[t + 1 :] if tok.upos != "PUNCT"]
    if len(rest) > 8 or any(tok.xpos in FINITE_XPOS or tok.text in MARKS for tok in tokens[t + 1 :]):
        return None
    # "as his supporters have urged them to do": a cue with an object and a clause of its own
    if any(tok.upos == "PRON" or tok.text.lower() == "to" for tok in rest):
        return None
    para_start = paragraph_of(text, tokens[t].start)[0]
    first = next(i for i in range(k) if tokens[i].start >= para_start or i == k - 1)
    content = tokens[first : k - 1]
    if not any(finite(tok, lexicon) for tok in content):
        return None
    start, end = trim(text, tokens[first].start, tokens[k - 1].start)
    return None if end - start < 12 or _quoted_edge(text, start, end) else (start, end)


def _fronted_as(index: TokenIndex, s: int, t: int, k: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "As the Post reported on Tuesday, CONTENT.", "As one analyst put it, CONTENT.": a cue in an
    "as" clause that opens the sentence (token `k` is the "as") reports the words after its comma."""
    tokens = index.doc.sentences[s].tokens
    text = index.doc.text
    # between "as" and the cue only its subject, auxiliaries and adverbs
    if any(tok.upos in {"VERB", "PUNCT"} or tok.text.lower() == "if" for tok in tokens[k + 1 : t]):
        return None
    # after the cue a short tag ("just today", "in a statement", "it" of "put it") up to the comma
    comma = next((i for i in range(t + 1, min(len(tokens), t + 7)) if tokens[i].text == ","), None)
    if comma is None or comma + 1 >= len(tokens):
        return None
    tag = tokens[t + 1 : comma]
    phrase = bool(tag) and (tokens[t].lemma.lower(), tag[0].text.lower()) in lexicon.reporting_phrases
    # an adverb, a time or a place first ("just today", "in a statement"); an object only after a
    # verb of telling ("As he told reporters, ..."): "As Trump demands wall, ..." reports nothing
    listener = _reporting_lemma(tokens[t], lexicon) in lexicon.object_verbs["listener"]
    opening = bool(tag) and (
        tag[0].upos in {"ADV", "ADP"} or tag[0].text.lower() in lexicon.time_words.all or phrase or listener
    )
    if tag and not opening:
        return None
    # no verb of its own ("as Centerview continues gaining momentum"), no clause of its own
    if any(tok.upos == "VERB" or tok.xpos in FINITE_XPOS or tok.text in MARKS for tok in tag):
        return None
    if any(tok.text.lower() in {"to", "that"} for tok in tag):
        return None
    # a pronoun object ("As she described it, ...", but "As one analyst put it, ...") is not a tag
    if any(tok.upos == "PRON" for tok in tag[1 if phrase else 0 :]):
        return None
    content = tokens[comma + 1 :]
    if not any(finite(tok, lexicon) for tok in content):
        return None
    start, end = trim(text, content[0].start, tokens[-1].end)
    return None if end - start < 12 or _quoted_edge(text, start, end) else (start, end)


def _tag_inside(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "CONTENT, he said, CONTENT.": the sentence around a cue set off by commas on both sides."""
    tokens = index.doc.sentences[s].tokens
    if t + 1 >= len(tokens) or tokens[t + 1].text != ",":
        return None
    found = _trailing_clause(index, s, t, lexicon)
    cue = tokens[t]
    return found if found is not None and found[0] < cue.start and cue.end < found[1] else None


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


def find_clauses(index: TokenIndex, *, lexicon: Lexicon) -> list[Clause]:
    """Every reporting verb with the content it reports, one clause per cue."""
    clauses: list[Clause] = []
    text = index.doc.text
    for s, sentence in enumerate(index.doc.sentences):
        for t in range(len(sentence.tokens)):
            if not is_cue(index, (s, t), lexicon):
                continue
            closing = _as_tag(index, s, t, lexicon)
            if closing is not None:
                clauses.append(Clause((s, t), *closing, Pattern.TAG))
                continue
            # "what Trump says his plan would do", "as he said": the cue sits in a noun phrase or aside
            near = [tok.text.lower() for tok in sentence.tokens[max(0, t - 3) : t]]
            # (not a comparison's "as" a comma before the cue: "was just as blunt, claiming that ...";
            # nor a "while" with what was said after the cue: "she beamed as she noted how happy ...")
            following = sentence.tokens[t + 1].text.lower() if t + 1 < len(sentence.tokens) else ""
            aside = (
                "as" in near[:-1]
                and "," not in near[near.index("as") :]
                and following != "that"
                and following not in lexicon.connectives["question"]
            )
            if lexicon.connectives["embedding"] & set(near) or aside:
                continue
            found = _parse_clause(index, s, t)
            surface = _surface_clause(index, s, t, lexicon)
            pattern = Pattern.CCOMP
            # "Sales were great, he said, wiping sweat off his face": what follows is no content
            if found is not None and _no_content_after(index, s, t, found[0]):
                found = None
            if surface is not None and _no_content_after(index, s, t, surface[0]):
                surface = None
            # "Many of the closures, he said, have involved ...": a tag inside its content reports
            # the whole sentence around it, whatever the parse hangs on the cue
            inside = _tag_inside(index, s, t, lexicon)
            # a headline's verb and a one-word answer ("said so") are read off the surface alone
            headline = _headline(index, s, t, lexicon) or _answer(index, s, t, lexicon)
            if headline is not None:
                found, surface, pattern = headline[:2], None, headline[2]
            elif inside is not None:
                found, surface, pattern = inside, None, Pattern.TAG
            if found is None and surface is not None:
                found, pattern = surface[:2], surface[2]
            elif found is None:
                found, pattern = _trailing_clause(index, s, t, lexicon), Pattern.TAG
                if found is None:
                    found, pattern = _object_content(index, s, t, lexicon), Pattern.OBJECT
            elif surface is not None and surface[0] < found[0] <= surface[1]:
                # "said Kerry and Lavrov were set to ...": one wrong arc (Kerry as the verb's object)
                # must not cut the clause's first words; the surface knows where it starts
                found = (surface[0], found[1])
            if found is not None and pattern == Pattern.CCOMP:
                found = (found[0], surface_end(index, s, t, found, lexicon))
            if found is not None:
                found = (found[0], _subject_clause_end(index, s, t, found, lexicon))
            if found is not None:
                found = (found[0], aside_end(index, s, t, found, lexicon))
                found = (found[0], fronted_end(index, s, t, found, lexicon))
                if found[0] > sentence.tokens[t].start:
                    found = (found[0], next_act_end(index, s, t, found, lexicon))
            if found is not None:
                start, end = trim(text, *found)
                # "ruled that out", "ask yourself that question": too short to report anything; an object
                # names what was said in two words ("defended the tweets")
                answer = text[start:end].lower() in lexicon.answers or _elliptical(index, start, end, lexicon)
                if answer or len(re.findall(r"\w+", text[start:end])) >= (
                    2 if pattern == Pattern.OBJECT else 3
                ):
                    clauses.append(Clause((s, t), start, end, pattern))
    clauses += _according_clauses(index, lexicon)
    return clauses
