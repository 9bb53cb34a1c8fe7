"""Cues: a reporting word used as a verb ("said", "warned", "a poll found"), or a noun of saying
with its owner ("Clinton's claim that ..."). `clauses.py` finds what each cue reports."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.extent import clause_starts
from quotes.lexicon import Lexicon
from quotes.marks import MARKS
from quotes.model import Token
from quotes.tokens import VERB_UPOS, TokenIndex

_HYPHENS = frozenset({"-", "\u2010", "\u2011"})


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
    if headline_verb(sentence.tokens, ref[1], lexicon):
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
    if _adjective(sentence.tokens, ref[1], lexicon) or _naming_participle(sentence.tokens, ref[1], lexicon):
        return False
    # "the report", "a statement": a determiner before it makes it a noun, whatever the tagger says
    nominal = lexicon.determiners["nominal"] | lexicon.pronoun_sets["nominal"]
    if previous is not None and previous.text.lower() in nominal:
        return False
    # "it is worth noting that", "having said that", "did not say": no one reports anything
    negated = previous is not None and previous.lemma.lower() in lexicon.not_reporting_before["lemma"]
    if negated or (previous is not None and previous.text.lower() in lexicon.not_reporting_before.all):
        return False
    # "two people briefed on the plans": the formula of an unnamed source, not a cue
    if following is not None and (tok.text.lower(), following.text.lower()) in lexicon.source_formulas:
        return False
    if _infinitive(sentence.tokens, ref[1]):
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


def _infinitive(tokens: Sequence[Token], t: int) -> bool:
    """ "declined to say whether", "too early to say": an infinitive reports nothing, unless "that"
    follows ("are quick to point out that ...": a particle may come between)."""
    previous = tokens[t - 1] if t > 0 else None
    following = tokens[t + 1] if t + 1 < len(tokens) else None
    next_word = tokens[t + 2] if t + 2 < len(tokens) else None
    that = following is not None and (
        following.text == "that"
        or (following.xpos == "RP" and next_word is not None and next_word.text == "that")
    )
    return previous is not None and previous.text.lower() == "to" and not that


def _adjective(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
    """Whether the reporting participle at token `t` describes a noun ("the senator's repeated
    attacks", "271 pledged delegates", "other promising news", "natives threatened by ...")."""
    tok = tokens[t]
    previous = tokens[t - 1] if t > 0 else None
    following = tokens[t + 1] if t + 1 < len(tokens) else None
    # "the senator's repeated attacks": after a possessive (a tag, not a word: "he's" is "has") the
    # participle is an adjective
    if previous is not None and previous.xpos == "POS" and tok.xpos in {"VBD", "VBN"}:
        return True
    # "271 pledged delegates", "of revised estimates", "include pledged delegates": a participle between
    # a number, preposition, determiner or verb (not an auxiliary) and a noun is an adjective
    before = {"NUM", "ADP", "DET", "VERB"}
    modifier = previous is not None and (previous.upos in before or previous.xpos == "PRP$")
    if modifier and tok.xpos == "VBN" and following is not None and following.upos == "NOUN":
        return True
    # "other promising news", "his most promising paths": a present participle after a determiner,
    # an adjective or a degree word, before a noun, is an adjective too
    graded = previous is not None and (
        previous.upos in {"DET", "ADJ"}
        or previous.xpos == "PRP$"
        or previous.text.lower() in lexicon.phrase_words["degree"]
    )
    if graded and tok.xpos == "VBG" and following is not None and following.upos == "NOUN":
        return True
    # "natives threatened by ethnic diversity": a participle with its agent is passive, nobody's saying
    agent = following is not None and following.text.lower() == "by"
    after_noun = previous is not None and previous.upos in {"NOUN", "PROPN"}
    return tok.xpos == "VBN" and agent and after_noun and cue_lemma(tok, lexicon) in lexicon.directive_verbs


def _naming_participle(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
    """Whether the participle of naming at token `t` names a thing after a noun ("a website called
    “X”", "a play, called “X”", "a super PAC called Future 45")."""
    tok = tokens[t]
    previous = tokens[t - 1] if t > 0 else None
    # "a website called “X”", "a play, called “X”", "the so called “X”": a participle of naming after a
    # noun names the thing; nobody is said to have said anything
    naming = cue_lemma(tok, lexicon) in lexicon.object_content_verbs["naming"]
    before_comma = tokens[t - 2] if t >= 2 and previous is not None and previous.text == "," else None
    named = previous is not None and (
        previous.upos in {"NOUN", "PROPN"} or previous.text.lower() in {"so", "so-"}
    )
    # the name itself comes right after it: quoted ("called “Hypo-Cruz”", "called the “Feed”") or a
    # name with no quotation after ("a super PAC called Future 45"); not an object and what it was
    # called ("one lawmaker called Trump “the orange prince”"), nor "called for"
    after = list(tokens[t + 1 : t + 8])
    if after and after[0].upos == "DET":
        after = after[1:]
    name_follows = bool(after) and (
        after[0].text in MARKS or (after[0].upos == "PROPN" and not any(w.text in MARKS for w in after))
    )
    return (
        naming
        and tok.xpos == "VBN"
        and name_follows
        and (named or (before_comma is not None and before_comma.upos == "NOUN"))
    )


def cue_lemma(tok: Token, lexicon: Lexicon) -> str:
    """The reporting verb a token is a form of ("says" -> "say"), else its own lower-case text."""
    return lexicon.reporting_lemma(tok.text, tok.lemma) or tok.text.lower()


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


def headline_verb(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
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
