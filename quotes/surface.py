"""What a cue reports as the surface shows it, rule by rule: "said that ...", "said Kerry would ...",
"called for X", "told aides to ...", "asked whether ...", a headline's verb, a one-word answer."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.cues import asked_question, cue_lemma, headline_verb
from quotes.extent import NP_START, clause_starts, content_end, finite
from quotes.lexicon import Lexicon
from quotes.model import Pattern, Token
from quotes.tokens import VERB_UPOS, TokenIndex

Surface = tuple[int, int, Pattern]


def _asked(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "Asked whether he would run, ...": the question, to where the main clause begins."""
    tokens = index.doc.sentences[s].tokens
    first = asked_question(tokens, t, lexicon)
    if first is None:
        return None
    return tokens[first].start, content_end(index, s, first, lexicon), Pattern.THAT


def headline_content(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """What a headline's verb reports: the rest of the headline, up to a comma or its end ("Clinton
    Says [Russians Hacked DNC], Calls ..."); after a particle the verb takes ("Calls For [Action]")."""
    tokens = index.doc.sentences[s].tokens
    if not headline_verb(tokens, t, lexicon):
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


def _as_saying(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
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


def _directive(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "called for a moratorium", "urged Republicans to join", "vowed to punish", "agreed to pay":
    demands, promises and agreements report what was asked, promised or agreed, whatever its form."""
    tokens = index.doc.sentences[s].tokens
    lemma = cue_lemma(tokens[t], lexicon)
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
        after_and = nxt.text.lower() in lexicon.connectives["coordinator"] and clause_starts(
            tokens, k + 2, index.tagged, lexicon
        )
        comment = nxt.text.lower() in lexicon.determiners["comment"] and any(
            tok.text.lower() in lexicon.connectives["describes"] for tok in tokens[k + 2 : k + 6]
        )
        participle = nxt.xpos == "VBG" and nxt.text.lower() not in lexicon.phrase_words["example-lead"]
        if after_and or comment or participle:
            return tokens[k].start
    return end


def _told_to(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "told his advisers to find a way", "asked the network to donate": an order to someone reports
    what was asked, the one asked included."""
    tokens = index.doc.sentences[s].tokens
    told_to = cue_lemma(tokens[t], lexicon) in lexicon.object_verbs["order"] and any(
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


def _cited(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "cited the strategic importance of ...": what is cited is reported, a noun phrase as often as not."""
    tokens = index.doc.sentences[s].tokens
    if cue_lemma(tokens[t], lexicon) == "cite" and t + 1 < len(tokens) and tokens[t + 1].upos in NP_START:
        return tokens[t + 1].start, content_end(index, s, t + 1, lexicon), Pattern.CITED
    return None


def _said_that(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
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


def _bare_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
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
    listener = cue_lemma(cue, lexicon) in lexicon.object_verbs.all
    if finite_cue and not listener and clause_starts(tokens, t + 1, index.tagged, lexicon):
        return tokens[t + 1].start, content_end(index, s, t + 1, lexicon), Pattern.BARE
    return None


def _question(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "asked whether the plan would pass", "explained how much it cost", "asked him why he left": a question
    reported in the asker's or the answerer's words starts at its "if", "whether" or wh-word; a verb
    whose object is its listener may name the listener first."""
    tokens = index.doc.sentences[s].tokens
    first, questions = t + 1, lexicon.connectives["question"]
    if cue_lemma(tokens[t], lexicon) in lexicon.object_verbs.all:
        while first < min(len(tokens), t + 5) and tokens[first].text.lower() not in questions:
            if tokens[first].upos not in NP_START | {"PART"}:
                return None
            first += 1
    if first + 1 < len(tokens) and tokens[first].text.lower() in questions:
        return tokens[first].start, content_end(index, s, first, lexicon), Pattern.THAT
    return None


def answer_content(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "half said so", "the candidate said no", "three-quarters said the same of Sanders": a word
    that stands for a whole answer (answers.txt) is what was said; "the same" runs on to the comma."""
    tokens = index.doc.sentences[s].tokens
    if cue_lemma(tokens[t], lexicon) != "say" or t + 1 >= len(tokens):
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


def _gap_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """ "the policy, which he said had harmed the economy", "a decision they say allowed ...": in a
    relative clause whose pronoun is the subject of what was said, the content starts at its verb."""
    tokens = index.doc.sentences[s].tokens
    if t + 2 >= len(tokens) or not tokens[t].xpos.startswith("VB") or tokens[t].xpos in {"VBG", "VBN"}:
        return None
    if not finite(tokens[t + 1], lexicon):
        return None
    # the speaker, a short noun phrase, between the relative pronoun and the cue
    k = t - 1
    while k >= 0 and t - k <= 3 and tokens[k].upos in NP_START:
        if tokens[k].text.lower() in lexicon.connectives["relative"]:
            break
        k -= 1
    if k < 0 or k == t - 1 or tokens[k].text.lower() not in lexicon.connectives["relative"]:
        return None
    return tokens[t + 1].start, content_end(index, s, t + 1, lexicon), Pattern.BARE


# the surface rules for a cue's content, in order: the first that finds one wins
_SURFACE_RULES = (
    _asked, _as_saying, _directive, _told_to, _cited, _said_that, _question, _bare_clause, _gap_clause,
)  # fmt: skip


def surface_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> Surface | None:
    """The content a cue reports as the surface shows it, with the rule that found it."""
    return next((found for rule in _SURFACE_RULES if (found := rule(index, s, t, lexicon)) is not None), None)
