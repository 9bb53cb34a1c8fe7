"""Quoted titles: a run of capitalised words names a work, not a saying, and a title right after
"on NBC's" or "the radio show" is the show something was said on."""

from __future__ import annotations

import re

from quotes.clauses import Clause
from quotes.lexicon import Lexicon
from quotes.marks import Region, frame_start
from quotes.tokens import TokenIndex, is_word

# the words of a phrase that only says where something was said ("on CBS's", "on the radio show")
_CHANNEL_TAGS = frozenset({"ADP", "DET", "PROPN", "PART", "NOUN", "ADJ", "NUM", "PUNCT"})


def names_a_channel(index: TokenIndex, region: Region, floor: int, lexicon: Lexicon) -> bool:
    """A quoted title right after a possessive, "on" or an occasion's noun is the show or work
    something was said on, not what was said: "said on NBC's 'Meet the Press'", "told ABC's 'Good
    Morning America'", "a host on the TV show 'Shark Tank'"."""
    text = index.doc.text
    if not title_like(text[region.content_start : region.content_end], lexicon):
        return False
    before = index.between(frame_start(text, region.start, floor), region.start)
    words = [index.token(ref) for ref in before if is_word(index.token(ref))]
    if not words:
        return False
    last = words[-1]
    possessive = last.upos == "PART" and last.text.lower().endswith(("'s", "’s"))
    return possessive or last.text.lower() == "on" or last.lemma.lower() in lexicon.occasions


def only_the_channel(index: TokenIndex, clause: Clause, region: Region) -> bool:
    """Whether a clause reported around a show's title says nothing more than where it was said
    ("said on CBS's 'Face the Nation'", which a parser may read as the verb's complement)."""
    if clause.end > region.end:
        return False
    before = index.between(clause.start, region.start)
    return all(index.token(ref).upos in _CHANNEL_TAGS for ref in before)


def title_like(text: str, lexicon: Lexicon) -> bool:
    """ "Fox News Sunday", "The 411": a short run of capitalised words names a work, not a saying."""
    words = re.findall(r"[\w'’]+", text)
    small = lexicon.title_words
    return 0 < len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() or w in small for w in words)
