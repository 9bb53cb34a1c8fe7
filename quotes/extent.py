"""Where reported content ends: at the sentence's or paragraph's end, or earlier, where the
narrator's words take over (", adding ...", "; they only learned", ", however ...", the comma that
closes a relative clause the cue sits in). The rules of `clauses.py` find where content starts."""

from __future__ import annotations

from quotes.lexicon import Lexicon
from quotes.marks import MARKS, paragraph_of
from quotes.tokens import VERB_UPOS, TokenIndex


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
        if tok.text == "," and nxt is not None and nxt.text.lower() in lexicon.clause_cuts:
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
        # "..., and human rights groups warned that ...", "but noted ...": a coordinated clause with a
        # saying of its own is a new attribution, whoever says it
        if (
            k > first
            and tok.text.lower() in lexicon.connectives["coordinator"]
            and any(
                lexicon.is_reporting(w.text, w.lemma) and w.upos in VERB_UPOS for w in tokens[k + 1 : k + 5]
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
