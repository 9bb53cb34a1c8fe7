"""Hand-built `AnnotatedDoc`s for the rule tests: no Stanza, no models.

Two ways to build one:

- `auto_doc(text)`: a regex tokeniser and a tiny guessing tagger, no dependency parse (every word is
  a root). This is the "bad parse" case the surface rules must survive.
- `table_doc(text, table)`: a compact CoNLL-like table, one word a line, `WORD UPOS HEAD DEPREL
  [LEMMA] [XPOS]` with HEAD 1-based within the sentence (0 = root) and a blank line between sentences.
  Offsets are found by searching the text from where the previous word ended; a word repeating the
  previous one is a multi-word token's second word and shares its offsets.

Entities are given as `(text, type)` pairs and found at every occurrence in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from quotes.model import AnnotatedDoc, Entity, Sentence, Token

_WORD = re.compile(r"\w+(?:[-.'’]\w+)*\.?(?:'s|’s)?|[^\w\s]")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"}
_DETS = {"the", "a", "an", "this", "that", "these", "those", "another", "his", "her", "their", "its"}
_ADPS = {"of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "about", "over", "into"}
_AUX = {"was", "were", "is", "are", "has", "have", "had", "be", "been", "will", "would", "could", "can"}
_VERBS = {
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "wrote",
    "tweeted",
    "declined",
    "warned",
    "insisted",
    "argued",
    "claimed",
    "called",
    "quoted",
    "quoting",
    "saying",
    "speaking",
    "adding",
    "explained",
    "announced",
    "denied",
    "reports",
    "reported",
    "stated",
    "asked",
    "replied",
    "acknowledged",
    "planned",
}
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "st.", "jr.", "u.s."}


def _guess(word: str, first: bool) -> tuple[str, str]:
    """(upos, xpos) guessed from the word alone: enough for surface rules."""
    low = word.lower()
    if not word[0].isalnum():
        return "PUNCT", "."
    if low in _PRONOUNS and (not word.isupper() or word == "I"):
        return "PRON", "PRP"
    if low in {"and", "or", "but"}:
        return "CCONJ", "CC"
    if low == "that":
        return "SCONJ", "IN"
    if low in _DETS:
        return "DET", "DT"
    if low in _ADPS:
        return "ADP", "IN"
    if low in {"will", "would", "can", "could", "may", "might", "must", "shall", "should"}:
        return "AUX", "MD"
    if low in _AUX:
        return "AUX", "VBD"
    if low in _VERBS:
        return "VERB", "VBG" if low.endswith("ing") else "VBD"
    # a lower-case word in -ed is most likely a past-tense verb; "made" and "met" are common enough
    if low == word and ((low.endswith("ed") and len(low) > 4) or low in {"made", "met", "went", "gave"}):
        return "VERB", "VBD"
    if low == word and low.endswith("ing") and len(low) > 5:
        return "VERB", "VBG"
    if word[0].isupper() and not first:
        return "PROPN", "NNP"
    return "NOUN", "NN"


def _split_sentences(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    sentences: list[list[tuple[int, int]]] = [[]]
    for i, (start, end) in enumerate(spans):
        sentences[-1].append((start, end))
        word = text[start:end]
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        gap = text[end : nxt[0]] if nxt else ""
        ends = word in {".", "!", "?"} and nxt and text[nxt[0]] not in "”\"'’»,)"
        if ends or "\n" in gap:
            sentences.append([])
    return [s for s in sentences if s]


def auto_doc(text: str, entities: Iterable[tuple[str, str]] = ()) -> AnnotatedDoc:
    """Tokenise with a regex and guess tags; no parse (every head is -1, every deprel `root`)."""
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        # a trailing period belongs to the word only for abbreviations
        if word.endswith(".") and len(word) > 1 and word.lower() not in _ABBREVIATIONS:
            spans += [(start, end - 1), (end - 1, end)]
        elif word.endswith(("'s", "’s")) and len(word) > 2:
            spans += [(start, end - 2), (end - 2, end)]
        else:
            spans.append((start, end))
    sentences = []
    for group in _split_sentences(text, spans):
        tokens = []
        for index, (start, end) in enumerate(group):
            word = text[start:end]
            upos, xpos = _guess(word, index == 0)
            if word.lower() in {"'s", "’s"}:
                # "He's claiming" is an auxiliary, "Kerry's visit" a possessive
                after_pronoun = bool(tokens) and tokens[-1].upos == "PRON"
                upos, xpos = ("AUX", "VBZ") if after_pronoun else ("PART", "POS")
            tokens.append(Token(index, word, start, end, upos, xpos, word.lower(), -1, "root"))
        sentences.append(Sentence(group[0][0], group[-1][1], tuple(tokens)))
    return AnnotatedDoc(text, tuple(sentences), find_entities(text, entities))


def find_entities(text: str, entities: Iterable[tuple[str, str]]) -> tuple[Entity, ...]:
    found = [
        Entity(m.start(), m.end(), name, kind)
        for name, kind in entities
        for m in re.finditer(re.escape(name), text)
    ]
    return tuple(sorted(found, key=lambda e: e.start))


def table_doc(text: str, table: str, entities: Iterable[tuple[str, str]] = ()) -> AnnotatedDoc:
    """Build a doc from a CoNLL-like table (see the module docstring)."""
    sentences: list[Sentence] = []
    position = 0
    for block in re.split(r"\n\s*\n", table.strip()):
        tokens: list[Token] = []
        for index, line in enumerate(row for row in block.strip().splitlines() if row.strip()):
            cells = line.split()
            word, upos, head, deprel = cells[0], cells[1], int(cells[2]), cells[3]
            lemma = cells[4] if len(cells) > 4 else word.lower()
            xpos = cells[5] if len(cells) > 5 else _guess(word, index == 0)[1]
            if tokens and tokens[-1].text == word:
                # a multi-word token: its words share the token's text and offsets ("Putin's")
                start, position = tokens[-1].start, tokens[-1].end
            else:
                start = text.index(word, position)
                position = start + len(word)
            tokens.append(Token(index, word, start, position, upos, xpos, lemma, head - 1, deprel))
        sentences.append(Sentence(tokens[0].start, tokens[-1].end, tuple(tokens)))
    return AnnotatedDoc(text, tuple(sentences), find_entities(text, entities))


def whitespace_doc(text: str) -> AnnotatedDoc:
    """The crudest doc: whitespace tokens, every one a root NOUN, one sentence (for property tests)."""
    tokens: Sequence[Token] = tuple(
        Token(i, m.group(), m.start(), m.end(), "NOUN", "NN", m.group().lower(), -1, "root")
        for i, m in enumerate(re.finditer(r"\S+", text))
    )
    if not tokens:
        return AnnotatedDoc(text, ())
    return AnnotatedDoc(text, (Sentence(tokens[0].start, tokens[-1].end, tuple(tokens)),))
