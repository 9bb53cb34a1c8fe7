"""Where reported content ends: at the sentence's or paragraph's end, or earlier, where the
narrator's words take over (", adding ...", "; they only learned", ", however ...", the comma that
closes a relative clause the cue sits in, the main clause after a fronted one, the speaker's next
act coordinated with the cue, the writer's words after a mixed quote's last fragment); and whether a
finite clause starts at a word (`clause_starts`).
The rules of `clauses.py`, `surface.py`, `objects.py` and `trailing.py` find where content starts."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.lexicon import Lexicon
from quotes.marks import MARKS, paragraph_of
from quotes.model import Token
from quotes.tokens import FINITE_XPOS, VERB_UPOS, TokenIndex, subtree

NP_START = frozenset({"DET", "PROPN", "PRON", "NOUN", "NUM", "ADJ"})
_BREAKS = frozenset({",", "—", "–", "--", "-"})  # a comma or a dash: what may stand before a clause cut
_VERB_GROUP = VERB_UPOS | {"PART"}  # the words of a verb group: auxiliaries, verbs, "not"


def content_end(index: TokenIndex, sentence: int, first: int, lexicon: Lexicon) -> int:
    """Where a complement clause starting at token `first` stops: at the sentence end, or at a comma
    that opens a participial tag (", adding ...", ", referring to ...")."""
    tokens = index.doc.sentences[sentence].tokens
    para_end = paragraph_of(index.doc.text, tokens[first].start)[1] if first < len(tokens) else 0
    end = tokens[-1].end if tokens else 0
    for k in range(first, len(tokens)):
        tok = tokens[k]
        if tok.start >= para_end:
            return min(end, para_end)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        # a closing mark may stand between the comma and the next word: “jobs, jobs,” but ...
        if nxt is not None and nxt.text in MARKS and k + 2 < len(tokens):
            nxt = tokens[k + 2]
        # (not ", but that ...": a second clause of the same saying)
        after = tokens[k + 2] if k + 2 < len(tokens) else None
        same = after is not None and after.text.lower() == "that" and nxt is not None and nxt.upos == "CCONJ"
        if tok.text in _BREAKS and nxt is not None and nxt.text.lower() in lexicon.clause_cuts and not same:
            return tok.start
        # ", arguing that ...", "... and warned against ...": the speaker goes on to another saying
        goes_on = nxt is not None and lexicon.is_reporting(nxt.text, nxt.lemma)
        if goes_on and (
            tok.text == "and" or (tok.text == "," and nxt is not None and nxt.text.endswith("ing"))
        ):
            return tok.start
        # "... the Zika virus, which is spread by mosquitoes.": a relative clause closing the sentence
        # after a comma is the writer's gloss, not the speaker's words
        gloss = tok.text == "," and nxt is not None and nxt.text.lower() == "which"
        quoted = any(w.text in MARKS or w.text == "''" for w in tokens[first:k])  # the speaker's own words
        if k > first and gloss and not quoted and not any(w.text == "," for w in tokens[k + 1 :]):
            return tok.start
        # "was not intentional; they only learned ...": a semicolon joins the narrator's next clause
        if k > first and tok.text == ";":
            return tok.start
        # "..., and human rights groups warned that ...", "but noted ...", "and more than 4 in 10 said":
        # a coordinated clause with a saying of its own is a new attribution, whoever says it; not a
        # second clause of the same saying ("and that the committee would ...")
        # (but "and when asked whether ..." is a new saying: a cue right after the question word)
        asked = (
            k + 2 < len(tokens)
            and tokens[k + 1].text.lower() in lexicon.connectives["subordinate"]
            and lexicon.is_reporting(tokens[k + 2].text, tokens[k + 2].lemma)
        )
        second = (
            nxt is not None and nxt.text.lower() in lexicon.connectives["question"] | {"that"} and not asked
        )
        if (
            k > first
            and tok.text.lower() in lexicon.connectives["coordinator"]
            and not second
            and any(
                lexicon.is_reporting(w.text, w.lemma) and w.upos in VERB_UPOS for w in tokens[k + 1 : k + 8]
            )
        ):
            cut = tokens[k - 1] if tokens[k - 1].text in {",", "—", "--", "-"} else tok
            return cut.start
        # "... for him.” She says": a quote closing after a full stop ends the sentence, split or not
        if k > first and tok.text in '”"»' and tokens[k - 1].text in {".", "!", "?"}:
            return tok.end
    return min(end, para_end) if para_end else end


def surface_end(index: TokenIndex, s: int, t: int, found: tuple[int, int], lexicon: Lexicon) -> int:
    """Where a complement clause the parse found after its cue ends: a parse often drops the
    clause's coordinated or infinitival rest ("planned to bus in supporters [to stage a protest]",
    "holds $214 billion [and would owe ...]"), so it runs on to where the surface ends it."""
    tokens = index.doc.sentences[s].tokens
    first = next((k for k, tok in enumerate(tokens) if tok.start >= found[0]), None)
    # content before its cue ("X, he said") is bounded by the cue itself
    if first is None or first <= t:
        return found[1]
    return content_end(index, s, first, lexicon)


def aside_end(index: TokenIndex, s: int, t: int, found: tuple[int, int], lexicon: Lexicon) -> int:
    """ "Barkley, who said he votes Democratic, said ...": a cue in a relative clause set off by
    commas reports up to the comma that closes the clause, not the main clause after it."""
    tokens = index.doc.sentences[s].tokens
    k = t - 1
    while k >= 0 and tokens[k].upos in {"ADV", "AUX"}:  # "who also said", "who has said"
        k -= 1
    aside = k >= 1 and tokens[k].text.lower() in lexicon.connectives["relative"] and tokens[k - 1].text == ","
    if not aside:
        return found[1]
    commas = (tok.start for tok in tokens[t + 1 :] if tok.text == "," and found[0] < tok.start < found[1])
    return next(commas, found[1])


def clause_starts(tokens: Sequence[Token], first: int, tagged: bool, lexicon: Lexicon) -> bool:
    """Whether a finite clause starts at `first`: a nominal start and a finite verb soon after."""
    return clause_verb(tokens, first, tagged, lexicon) is not None


def clause_verb(tokens: Sequence[Token], first: int, tagged: bool, lexicon: Lexicon) -> int | None:
    """The finite verb of a clause starting at `first` (see `clause_starts`), if one starts there."""
    if first >= len(tokens):
        return None
    # "said about half of the adjustment reflected ...": an approximator opens the subject
    if tokens[first].text.lower() in lexicon.determiners["approximate"] and first + 1 < len(tokens):
        first += 1
    pair = tuple(tok.text.lower() for tok in tokens[first : first + 2])
    if pair in lexicon.share_openers and first + 2 < len(tokens):  # "reported at least six planes filled"
        first += 2
    head = tokens[first]
    # ("said both Obama and Biden have been fair": a quantifier opens the subject, whatever its tag)
    if tagged and head.upos not in NP_START and head.text.lower() not in lexicon.determiners["quantifier"]:
        return None
    # "said it would", "noted his attorney offered": subject or possessive pronouns start clauses
    pronouns = lexicon.pronoun_sets
    # (a pronoun in a contraction the tokenizer expanded, "it’s", is known by its lemma)
    allowed = pronouns["subject"] | pronouns["possessive"]
    if head.upos == "PRON" and head.text.lower() not in allowed and head.lemma.lower() not in allowed:
        return None
    # a subject may run long before its verb ("her plans to raise a host of taxes on the rich and
    # give tax breaks to the middle class would ..."): up to twenty words
    skip_to, relative = -1, False
    for i, tok in enumerate(tokens[first + 1 : first + 21]):
        if i <= skip_to:
            continue
        # "said his collaborator Brian Burton, AKA Danger Mouse, wrote ...": an aside set off by two
        # commas, with no verb, is part of the subject
        aside = _aside(tokens, first + 1 + i) if tok.text == "," and tok.upos == "PUNCT" else None
        if aside is not None:
            skip_to = i + aside
            continue
        if tok.text in {",", ".", ";", ":"} and tok.upos == "PUNCT":
            return None
        word = tok.text.lower()
        # "praised her as one of the finest athletes ...": an object and its description, no clause
        if i == 0 and word == "as":
            return None
        # "accuse the Kremlin of a conflict that has killed ...": the first verb after a relative
        # pronoun is the relative clause's, not the subject's ("he and those who worshiped with him
        # are trying")
        if i > 0 and word in lexicon.connectives["relative"]:
            relative = True
            continue
        # "tweeted his observations of the rally as he lined up", "called her son a hero before
        # explaining ...": a subordinator before any verb leaves an object, and the verb its clause's
        if not relative and word in lexicon.connectives["subordinate"] and tok.upos == "SCONJ":
            return None
        # a finite verb, or a past form that a tagger may have called a participle ("the campaign planned")
        if finite(tok, lexicon) or (tok.xpos == "VBN" and tok.upos == "VERB"):
            if not relative:
                return first + 1 + i
            relative, skip_to = False, _relative_verbs_end(tokens, first + 1 + i) - first - 1
    return None


def verb_group_end(tokens: Sequence[Token], k: int) -> int:
    """The last token of the verb group whose first verb is token `k` ("has killed", "doesn't have",
    "have not been")."""
    while k + 1 < len(tokens) and tokens[k + 1].upos in _VERB_GROUP:
        k += 1
    return k


def _relative_verbs_end(tokens: Sequence[Token], k: int) -> int:
    """The last token of a relative clause's verbs from its first verb at `k`: the verb group ("has
    killed", "have not been") and verbs coordinated with it ("who was briefed ... and spoke")."""
    k = verb_group_end(tokens, k)
    for j in range(k + 1, min(len(tokens) - 1, k + 12)):
        if tokens[j].text in {",", ".", ";", ":"} or tokens[j].upos in VERB_UPOS:
            break  # another verb: the main clause's ("those who worshiped with him are trying")
        if tokens[j].upos == "CCONJ" and tokens[j + 1].upos in VERB_UPOS:
            return _relative_verbs_end(tokens, j + 1)
    return k


def _aside(tokens: Sequence[Token], comma: int) -> int | None:
    """How many tokens an aside with no finite verb after the comma at `comma` runs, its closing comma
    included (", AKA Danger Mouse,", ", a former aide,", ", numbering 75.3 million,"); None where no
    such aside opens there."""
    for k in range(comma + 1, min(len(tokens), comma + 8)):
        tok = tokens[k]
        if tok.text == "," and k > comma + 1:
            return k - comma
        # (a participle may stand in it: ", numbering 75.3 million,")
        if (tok.upos in VERB_UPOS and tok.xpos not in {"VBG", "VBN"}) or tok.upos == "PUNCT":
            return None
    return None


def finite(tok: Token, lexicon: Lexicon) -> bool:
    """A finite verb by its tag, or an auxiliary by its form (taggers miss "'s" and "'ll")."""
    # (not a name: "Chairman Will Rogers")
    name = tok.upos == "PROPN" and tok.text[:1].isupper()
    return tok.xpos in FINITE_XPOS or (tok.text.lower() in lexicon.auxiliaries["finite"] and not name)


def _fronted(tokens: Sequence[Token], t: int, lexicon: Lexicon) -> bool:
    """Whether cue `t` sits in a clause fronted before the sentence's main clause: after a
    subordinator with no comma between ("While Ramos said ...", "weeks after Obama announced ..."),
    or as a participle opening the sentence ("Stating that ...", "In stating that ...")."""
    for k in range(t - 1, -1, -1):
        if tokens[k].text in {",", ";", ":", "—", "–"}:
            break
        if tokens[k].text.lower() in lexicon.connectives["subordinate"]:
            return True
    opening = t == 0 or (t == 1 and tokens[0].upos in {"ADP", "SCONJ", "ADV"})
    # (a past tense opening the sentence with no subject is a participle: "Asked whether ...")
    return opening and tokens[t].xpos in {"VBG", "VBN", "VBD"}


def fronted_end(index: TokenIndex, s: int, t: int, found: tuple[int, int], lexicon: Lexicon) -> int:
    """ "While Ramos said that journalists cannot ..., he appears uneasy": content reported inside a
    fronted clause ends at the comma where the main clause, with its own subject and verb, begins."""
    tokens = index.doc.sentences[s].tokens
    if not _fronted(tokens, t, lexicon):
        return found[1]
    for k in range(t + 1, len(tokens) - 1):
        if tokens[k].start >= found[1]:
            break
        # '“... as president,” 72 percent said': a closing mark may follow the comma
        after = k + 2 if k + 2 < len(tokens) and tokens[k + 1].text in MARKS else k + 1
        main = tokens[k].text == "," and clause_starts(tokens, after, index.tagged, lexicon)
        if main and tokens[k].start > found[0]:
            return tokens[after - 1].end if after == k + 2 else tokens[k].start
    return found[1]


def next_act_end(index: TokenIndex, s: int, t: int, found: tuple[int, int], lexicon: Lexicon) -> int:
    """Where content after cue `t` gives way to the speaker's next act: a verb the parse coordinates
    with the cue, with no subject of its own and of the cue's form ("ruled Cruz eligible [and ordered
    ...]", "insists the GOP must ..., [and has championed ...]", "claimed self-defense [and was
    acquitted]"), unless the content has a verb of that form that it may be joined to instead."""
    tokens = index.doc.sentences[s].tokens
    cue, end = tokens[t], found[1]
    for child in index.dependents(s, t):
        if child.index <= t or child.upos not in VERB_UPOS:
            continue
        kids = index.dependents(s, child.index)
        if child.deprel != "conj" or any(k.deprel.startswith("nsubj") for k in kids):
            continue
        part = subtree(tokens, child.index, children=index.children[s])
        verb = next((tok for tok in part if tok.upos in VERB_UPOS), child)  # "and has championed"
        first = part[0].index
        while first > t and tokens[first - 1].upos in {"PUNCT", "CCONJ"}:
            first -= 1
        if not found[0] < tokens[first].start < end or _form(verb) != _form(cue):
            continue
        # "said she was tired ... and wanted": a verb of the same form in the content may be the one
        # coordinated, whatever the parse says
        content = [tok for tok in tokens[t + 1 : first] if tok.start >= found[0]]
        if not any(finite(tok, lexicon) and _form(tok) == _form(verb) for tok in content):
            end = tokens[first].start
    return end


def _form(tok: Token) -> str:
    """A verb's form, the two past forms as one ("has decried ... and highlighted")."""
    return "past" if tok.xpos in {"VBD", "VBN"} else tok.xpos


def mixed_end(
    index: TokenIndex, start: int, end: int, cue: Token | None, quoted_end: int, lexicon: Lexicon
) -> int:
    """Where a mixed quote stops after its last quoted fragment (which closes at `quoted_end`): the
    writer takes over at a comma, a semicolon or a lone dash (", a swipe at ...", "— and waved it
    around"), or at a verb of the cue's own form joined to the cue ("called it “a disgrace” and
    threatened to ...", "calling it “disqualifying” and asserting ..."); what follows up to there
    ("at his rally") still belongs to the reported words."""
    tokens = [index.token(ref) for ref in index.between(quoted_end, end)]
    dashes = {"—", "–", "--"}
    # "said he was focused on “transparency” and had no desire ...": a verb of the cue's form in the
    # content may be the one the next verb is joined to
    content = [index.token(ref) for ref in index.between(start, quoted_end)]
    # (a lexical verb: "the plan was “dead on arrival” and walked out" is the speaker's act)
    own = cue is not None and any(
        w.upos == "VERB" and _form(w) == _form(cue) and w.start != cue.start for w in content
    )
    for k, tok in enumerate(tokens):
        lone_dash = tok.text in dashes and not any(w.text in dashes for w in tokens[k + 1 :])
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        # ... unless it is a saying of its own ("but argues that ...")
        saying = nxt is not None and lexicon.is_reporting(nxt.text, nxt.lemma)
        joined = (
            cue is not None
            and (saying or not own)
            and tok.upos == "CCONJ"
            and nxt is not None
            and nxt.upos in VERB_UPOS
            and _form(nxt) == _form(cue)
        )
        if tok.start > start and (tok.text in {",", ";"} or lone_dash or joined):
            return max(quoted_end, tok.start)
    return end
