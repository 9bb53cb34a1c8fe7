"""Where quoted words begin: at "that" ("said that “Q”"), at the start of a sentence a tag
interrupts ("The industry, she said, is “...”"), past when, where, how and to whom something was
said ("told reporters outside ... that"), or after the verb a long quote with no cue follows."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.clauses import Clause
from quotes.lexicon import Lexicon
from quotes.marks import Region, frame_start, trim
from quotes.model import Token
from quotes.objects import occasion_noun
from quotes.tokens import TokenIndex, is_word

# quotation marks as the tokenizer writes them (around a show's title after its occasion)
_MARK_TOKENS = frozenset({'"', "“", "”", "''", "``", "‘", "’", "'"})
# the first word of a phrase before a tag that is the writer's link, not part of what was said
_WRITERS_OPENERS = frozenset({"CCONJ", "ADV", "PART"})


def reported_lead(
    index: TokenIndex, region: Region, floor: int, cue: tuple[int, int], lexicon: Lexicon
) -> int | None:
    """Where the reported words begin when a quote after its cue finishes a sentence begun outside
    the marks: at "that" ("said that “Q”", "recalled that in 2009, “Q”"), or at the sentence's start
    when the cue is a tag set off by commas and the quote goes on in lower case ("An economic
    downturn, he said, “could be a good time to borrow”")."""
    text = index.doc.text
    tail = [ref for ref in index.between(index.token(cue).end, region.start) if is_word(index.token(ref))]
    if tail and index.token(tail[0]).text.lower() == "that":
        return index.token(tail[0]).start
    quoted = text[region.content_start : region.content_end].lstrip(" '\"‘“")
    if tail or not quoted[:1].islower():
        return None
    return sentence_around_tag(index, frame_start(text, region.start, floor), cue, lexicon)


def sentence_around_tag(index: TokenIndex, start: int, cue: tuple[int, int], lexicon: Lexicon) -> int | None:
    """Where a sentence that a tag set off by commas interrupts begins ("The industry, she said, is
    ..."; the sentence starts at `start`), or None when the cue is no such tag."""
    text = index.doc.text
    tokens = index.doc.sentences[cue[0]].tokens
    # the tag closes on a comma, maybe after when or how it was said ("he said in an interview,")
    closing = next(
        (k for k in range(cue[1] + 1, min(cue[1] + 8, len(tokens))) if tokens[k].text == ","), None
    )
    between = tokens[cue[1] + 1 : closing] if closing is not None else []
    if closing is None or (between and between[0].upos not in {"ADP", "ADV"}):
        return None
    if any(tok.upos in {"VERB", "AUX", "SCONJ"} for tok in between):
        return None
    head = text[start : tokens[cue[1]].start]
    comma = head.rfind(",")
    # one phrase before the tag, and not a connective or an adverb of the writer's ("But, he said,
    # “q”", "Still, she added, “q”"; nor one of several phrases: "..., including, he said, “q”")
    fronted = [index.token(ref) for ref in index.between(start, start + max(comma, 0))]
    if comma < 0 or not fronted or "," in head[:comma] or fronted[0].upos in _WRITERS_OPENERS:
        return None
    # the subject between the commas is short and plain ("he", "the report", "Mr. Cohn"): no clause
    # ("a path to victory, which he declared")
    subject = [index.token(ref) for ref in index.between(start + comma + 1, tokens[cue[1]].start)]
    if not 0 < len(subject) <= 4 or any(
        tok.upos in {"VERB", "AUX", "SCONJ"} or tok.text.lower() in lexicon.phrase_words["relative"]
        for tok in subject
    ):
        return None
    return trim(text, start, tokens[cue[1]].start)[0]


def clause_start(index: TokenIndex, clause: Clause, region: Region, floor: int, lexicon: Lexicon) -> int:
    """Where a mixed quote found in a reported clause begins: at the sentence's start when its cue
    is a tag set off by commas ("The industry, she said, is “...”"), past when and where it was said
    when the clause opens right after its cue ("said Thursday “...”"), and never inside the marks."""
    cue = index.token(clause.cue_at)
    if cue.end < clause.start:
        lead = sentence_around_tag(
            index, frame_start(index.doc.text, region.start, floor), clause.cue_at, lexicon
        )
        if lead is not None:
            return lead
    tokens = index.doc.sentences[clause.cue_at[0]].tokens
    k = clause.cue_at[1] + 1
    if k < len(tokens) and tokens[k].start == clause.start:
        k = past_the_lead(tokens, k, region.start, cue, lexicon, object_preposition=False)
        return min(tokens[k].start if k < len(tokens) else region.start, region.start)
    return min(clause.start, region.start)


def past_the_lead(
    tokens: Sequence[Token],
    k: int,
    end: int,
    cue: Token,
    lexicon: Lexicon,
    *,
    object_preposition: bool = True,
) -> int:
    """The first token of what was said after a cue, past the words before the quote that say when,
    where, how or to whom it was said: "said Thursday", "reported on Wednesday", "said in Reno",
    "wrote on his Twitter feed", "told reporters outside a polling station that", and the preposition
    of a verb's object ("warned of the dangers of “...”", "called for “...”")."""
    dates = lexicon.time_words["date"] | lexicon.months
    listener = cue.lemma.lower() in lexicon.object_verbs.all
    while k < len(tokens) and tokens[k].end <= end:
        word = tokens[k].text.lower()
        nxt = tokens[k + 1].text.lower() if k + 1 < len(tokens) else ""
        if word == "," or (word in dates and tokens[k].upos in {"PROPN", "NOUN", "ADV"}):
            k += 1
        elif word in lexicon.phrase_words["time-lead"] and (
            nxt in dates or nxt in lexicon.time_words["time"]
        ):
            k += 2
        elif (occasion := _occasion_end(tokens, k, lexicon)) is not None:
            k = occasion
        elif tokens[k].upos == "ADP" and k + 1 < len(tokens) and tokens[k + 1].upos == "PROPN":
            k = _past_names(tokens, k + 1)  # "in Reno", "from New Hampshire", "in Madison, Wis."
        elif listener and (said := _listener_end(tokens, k, end, lexicon)) is not None:
            return said
        else:
            break
    if (
        object_preposition
        and k < len(tokens)
        and tokens[k].end <= end
        and tokens[k].text.lower() in lexicon.phrase_words["object-lead"]
    ):
        k += 1
    return k


def _occasion_end(tokens: Sequence[Token], k: int, lexicon: Lexicon) -> int | None:
    """After the phrase at token `k` that names the occasion or channel of a saying ("at a rally",
    "in an interview", "on his official Twitter feed"), or None when none starts there."""
    noun = occasion_noun(tokens, k, lexicon)
    if noun is None:
        return None
    j = noun + 1
    while j < len(tokens) and tokens[j].upos in {"NOUN", "PROPN"}:
        j += 1
    # and the show's quoted title: "on the MSNBC show ''Morning Joe''"
    if j < len(tokens) and tokens[j].text in _MARK_TOKENS:
        close = next(
            (c for c in range(j + 1, min(j + 9, len(tokens))) if tokens[c].text in _MARK_TOKENS), None
        )
        j = close + 1 if close is not None else j
    return j


def _past_names(tokens: Sequence[Token], k: int) -> int:
    """After a run of proper names from token `k`, commas between names included ("Madison,
    Wisconsin,")."""
    while k < len(tokens) and (
        tokens[k].upos == "PROPN"
        or (tokens[k].text == "," and k + 1 < len(tokens) and tokens[k + 1].upos == "PROPN")
    ):
        k += 1
    return k


def _listener_end(tokens: Sequence[Token], k: int, end: int, lexicon: Lexicon) -> int | None:
    """Where what was said begins after the listener of "told", "asked" ("told reporters outside a
    polling station that ...", "asked the moderator whether ...", "tells the crowd he was ..."): at
    the first complementiser or subject pronoun within a few words, or None."""
    for j in range(k, min(k + 12, len(tokens))):
        if tokens[j].end > end:
            return None
        word = tokens[j].text.lower()
        if word in lexicon.connectives["complement"] | lexicon.connectives["question"]:
            return j
        if word in lexicon.phrase_words["relative"]:  # "a book in which he exposes ...": no listener
            return None
        if j > k and word in lexicon.pronoun_sets["subject"]:
            return j
        finite = tokens[j].upos in {"VERB", "AUX"} and tokens[j].xpos not in {"VBG", "VBN"}
        if finite or tokens[j].text in {";", ":"}:
            return None
    return None


def subject_verb(index: TokenIndex, start: int, end: int) -> tuple[int, int] | None:
    """The last finite verb between `start` and `end` that has a subject of its own before it."""
    for ref in reversed(index.between(start, end)):
        tok = index.token(ref)
        if tok.upos != "VERB" or tok.xpos in {"VBG", "VBN"}:
            continue
        if any(w.deprel.startswith("nsubj") and w.index < ref[1] for w in index.dependents(*ref)):
            return ref
    return None
