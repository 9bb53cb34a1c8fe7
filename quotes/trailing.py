"""Content a cue tags from after or inside it: "CONTENT, both sides said.", "CONTENT, he said,
CONTENT.", "..., as some have speculated.", "As the Post reported, CONTENT."."""

from __future__ import annotations

from collections.abc import Sequence

from quotes.cues import cue_lemma
from quotes.extent import finite
from quotes.lexicon import Lexicon
from quotes.marks import MARKS, paragraph_of, trim
from quotes.model import Token
from quotes.tokens import FINITE_XPOS, TokenIndex


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


def trailing_clause(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "CONTENT, both sides said." / "CONTENT, said the ministry.": the cue tags the sentence."""
    tokens = index.doc.sentences[s].tokens
    text = index.doc.text
    comma = _tag_comma(index, s, t, lexicon)
    if comma is None:
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
    if comma < 3 or not _short_tag(index, s, t, comma + 1 < t, lexicon):
        return None
    return _content_before(index, s, first, comma, lexicon)


def _tag_comma(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> int | None:
    """The comma that sets off the tag the cue at (s, t) stands in, with only its speaker between."""
    tokens = index.doc.sentences[s].tokens
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
    # (not when the speaker follows the cue: "..., whom he's alienated, said Larry Sabato")
    relative = lexicon.connectives["relative"]
    inverted = t + 1 < len(tokens) and tokens[t + 1].upos in {"PROPN", "DET"}
    if (
        not between
        and not inverted
        and any(tokens[k].text == "," and tokens[k + 1].text.lower() in relative for k in range(comma - 1))
    ):
        return None
    return comma


def _short_tag(index: TokenIndex, s: int, t: int, between: bool, lexicon: Lexicon) -> bool:
    """Whether what follows the cue at (s, t) to the sentence's end is only its speaker or a short tag
    ("said in a statement"); a bare noun there is an object ("declared bankruptcy"), not an inverted
    speaker. `between`: whether a speaker stands between the tag's comma and the cue."""
    tokens = index.doc.sentences[s].tokens
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
        return False
    # "reported last week": a time after the cue is no object; "said several observers": a quantifier
    # opens the speaker's noun phrase, whatever its tag
    opens = bool(tail) and (
        tail[0].text.lower() in lexicon.time_words.all
        or tail[0].text.lower() in lexicon.determiners["quantifier"]
    )
    # (the noun after "told" is its listener: "..., the senator told reporters")
    listener = cue_lemma(tokens[t], lexicon) in lexicon.object_verbs["listener"]
    bare = (
        tail
        and index.tagged
        and tail[0].upos in {"NOUN", "ADJ", "VERB"}
        and tail[0].text.islower()
        and not opens
        and not listener
    )
    return not bare or _titled_name(tail, lexicon)


def _content_before(
    index: TokenIndex, s: int, first: int, comma: int, lexicon: Lexicon
) -> tuple[int, int] | None:
    """The content from token `first` to the tag's comma, if it is a main clause and no quotation."""
    tokens = index.doc.sentences[s].tokens
    text = index.doc.text
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


def as_tag(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
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
    listener = cue_lemma(tokens[t], lexicon) in lexicon.object_verbs["listener"]
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


def tag_inside(index: TokenIndex, s: int, t: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """ "CONTENT, he said, CONTENT.": the sentence around a cue set off by commas on both sides."""
    tokens = index.doc.sentences[s].tokens
    if t + 1 >= len(tokens) or tokens[t + 1].text != ",":
        return None
    found = trailing_clause(index, s, t, lexicon)
    cue = tokens[t]
    return found if found is not None and found[0] < cue.start and cue.end < found[1] else None
