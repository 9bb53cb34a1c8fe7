"""Speaker mentions to source entities."""

from __future__ import annotations

import re

import pytest
from docbuilder import auto_doc, table_doc

from quotes.coref import resolve
from quotes.lexicon import load_lexicon
from quotes.model import Span

LEXICON = load_lexicon()


def chains_of(text: str, mentions: list[str], entities: tuple[tuple[str, str], ...] = ()) -> list[int]:
    """Chain index of each mention; a mention is found at its first occurrence after the previous one."""
    doc = auto_doc(text, entities)
    spans, position = [], 0
    for mention in mentions:
        match = re.compile(re.escape(mention)).search(text, position)
        assert match is not None, mention
        spans.append(Span(match.start(), match.end(), mention))
        position = match.end()
    _, chain_of = resolve(doc, spans, lexicon=LEXICON)
    return list(chain_of)


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        # indefinite mentions start new entities; definite ones refer back to the latest match
        (
            "a source said X. another source said Y. the source said Z.",
            ["a source", "another source", "the source"],
            [0, 1, 1],
        ),
        ("a diplomatic source said X. the source added Y.", ["a diplomatic source", "the source"], [0, 0]),
        ("A source said X. A source said Y.", ["A source", "A source"], [0, 1]),
        # short names to full names
        (
            "US Secretary of State John Kerry said X. Kerry said Y.",
            ["US Secretary of State John Kerry", "Kerry"],
            [0, 0],
        ),
        (
            "John Kerry said X. Sergei Lavrov said Y. Kerry said Z.",
            ["John Kerry", "Sergei Lavrov", "Kerry"],
            [0, 1, 0],
        ),
        # definite descriptions of bodies and roles
        (
            "said the Russian foreign ministry. the foreign ministry said.",
            ["the Russian foreign ministry", "the foreign ministry"],
            [0, 0],
        ),
        (
            "Putin's spokesman Dmitry Peskov said X. the spokesman said Y.",
            ["Putin's spokesman Dmitry Peskov", "the spokesman"],
            [0, 0],
        ),
        # the statement: the body that issued it
        (
            "said the Russian foreign ministry. the statement said.",
            ["the Russian foreign ministry", "the statement"],
            [0, 0],
        ),
        (
            "said a source. said the ministry. the statement said.",
            ["a source", "the ministry", "the statement"],
            [0, 1, 1],
        ),
        # a poll or an email is no body's voice: it joins an earlier mention of itself only
        (
            "said the ministry. a new poll found X. the poll found Y.",
            ["the ministry", "a new poll", "the poll"],
            [0, 1, 1],
        ),
        ("said the ministry. the email said X.", ["the ministry", "the email"], [0, 1]),
        # "it" may be a document that spoke
        ("a new poll found X. it also found Y.", ["a new poll", "it"], [0, 0]),
        # "its annual report" belongs to whoever "its" names, not to the body that last spoke
        (
            "said the association. X, according to its annual report.",
            ["the association", "its annual report"],
            [0, 1],
        ),
        # a relative pronoun is whoever it hangs on
        (
            "according to chief executive Fiona Walsh, who said X. the ministry said Y.",
            ["chief executive Fiona Walsh", "who", "the ministry"],
            [0, 0, 1],
        ),
        ("the ministry said X. a source, who said Y.", ["the ministry", "who"], [0, 1]),
        # a word that modifies a title does not describe the person ("federation president X")
        (
            "the brewers' federation said X. federation president Georg Huber said Y. the federation said Z.",
            ["the brewers' federation", "federation president Georg Huber", "the federation"],
            [0, 1, 0],
        ),
    ],
)
def test_chains(text: str, mentions: list[str], expected: list[int]) -> None:
    assert chains_of(text, mentions) == expected


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        ("John Kerry said X. he said Y.", ["John Kerry", "he"], [0, 0]),
        (
            "the ministry said X. John Kerry said Y. it said Z.",
            ["the ministry", "John Kerry", "it"],
            [0, 1, 0],
        ),
        (
            "the ministry said X. John Kerry said Y. they said Z.",
            ["the ministry", "John Kerry", "they"],
            [0, 1, 0],
        ),
        (
            "John Kerry said X. Sergei Lavrov said Y. she said Z.",
            ["John Kerry", "Sergei Lavrov", "she"],
            [0, 1, 1],
        ),
    ],
)
def test_pronouns_take_the_latest_compatible_chain(
    text: str, mentions: list[str], expected: list[int]
) -> None:
    assert chains_of(text, mentions) == expected


def test_pronoun_goes_to_a_named_person_who_has_not_spoken_yet() -> None:
    text = "the ministry said X. Then Angela Merkel arrived. she said Y."
    doc = auto_doc(text, [("Angela Merkel", "PER")])
    spans = [Span(0, 12, "the ministry"), Span(text.index("she"), text.index("she") + 3, "she")]
    chains, chain_of = resolve(doc, spans, lexicon=LEXICON)
    assert chain_of == (0, 1)
    assert [m.text for m in chains[1].mentions] == ["Angela Merkel", "she"]


def test_same_span_twice_is_one_mention() -> None:
    doc = auto_doc("the source said X and Y.")
    span = Span(0, 10, "the source")
    chains, chain_of = resolve(doc, [span, span], lexicon=LEXICON)
    assert chain_of == (0, 0) and chains[0].mentions == (span,)


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        # particles and apostrophes of either kind do not split a name
        ("Mayor Bill de Blasio said X. De Blasio said Y.", ["Mayor Bill de Blasio", "De Blasio"], [0, 0]),
        ("James O’Neill said X. O'Neill said Y.", ["James O’Neill", "O'Neill"], [0, 0]),
        # the name of an appositive mention is before its comma
        (
            "Brian Fallon, the press secretary, said X. Fallon said Y.",
            ["Brian Fallon, the press secretary", "Fallon"],
            [0, 0],
        ),
    ],
)
def test_names(text: str, mentions: list[str], expected: list[int]) -> None:
    assert chains_of(text, mentions) == expected


def test_relative_pronoun_takes_the_named_entity_it_hangs_on() -> None:
    text = "The cuts will fall on ground staff, said Fiona Walsh, who said pilots would not be affected."
    doc = auto_doc(text, (("Fiona Walsh", "PER"),))
    who = text.index("who")
    chains, chain_of = resolve(doc, [Span(who, who + 3, "who")], lexicon=LEXICON)
    assert [m.text for m in chains[chain_of[0]].mentions] == ["Fiona Walsh", "who"]


@pytest.mark.parametrize(
    ("text", "relative", "antecedent"),
    [
        # a relative with no named antecedent hangs on the plain noun phrase right before it
        ("Business leaders who say the law is unfair.", "who", "Business leaders"),
        ("It quoted a leading economist who said so.", "who", "a leading economist"),
        ("The council passed the resolution, which said the city objects.", "which", "the resolution"),
        # a pronoun has no phrase to hang on: nothing is added
        ("Those who said so.", "who", None),
        # a name right before it, untagged, is most likely a place: no speaker
        ("Staff met on Capitol Hill who said so.", "who", None),
    ],
)
def test_a_relative_hangs_on_the_noun_phrase_before_it(
    text: str, relative: str, antecedent: str | None
) -> None:
    doc = auto_doc(text)
    at = text.index(f" {relative} ") + 1
    chains, _ = resolve(doc, [Span(at, at + len(relative), relative)], lexicon=LEXICON)
    assert [m.text for m in chains[0].mentions] == ([antecedent] if antecedent else []) + [relative]


# a predicate noun's relative is the copula's subject, also across coordinated predicates and a
# predicate coordinated with a verb
PREDICATE = """
Ann PROPN 3 nsubj
Holt PROPN 1 flat
chairs VERB 0 root chair VBZ
the DET 5 det
board NOUN 3 obj
and CCONJ 9 cc
is AUX 9 cop be VBZ
a DET 9 det
lawyer NOUN 3 conj
and CCONJ 11 cc
activist NOUN 9 conj
who PRON 13 nsubj
said VERB 11 acl:relcl say VBD
so ADV 13 advmod
. PUNCT 3 punct
"""
PLAIN = """
Ann PROPN 3 nsubj
Holt PROPN 1 flat
met VERB 0 root meet VBD
a DET 5 det
lawyer NOUN 3 obj
who PRON 7 nsubj
said VERB 5 acl:relcl say VBD
so ADV 7 advmod
. PUNCT 3 punct
"""

ADJECTIVE = """
Ann PROPN 5 nsubj
Holt PROPN 1 flat
is AUX 5 cop be VBZ
a DET 5 det
lawyer NOUN 0 root lawyer NN
and CCONJ 7 cc
activist ADJ 5 conj activist JJ
who PRON 9 nsubj
said VERB 7 acl:relcl say VBD
so ADV 9 advmod
. PUNCT 5 punct
"""


@pytest.mark.parametrize(
    ("text", "table", "antecedent"),
    [
        ("Ann Holt chairs the board and is a lawyer and activist who said so.", PREDICATE, "Ann Holt"),
        ("Ann Holt met a lawyer who said so.", PLAIN, "a lawyer"),  # an object is no predicate
        # the last predicate tagged an adjective
        ("Ann Holt is a lawyer and activist who said so.", ADJECTIVE, "Ann Holt"),
    ],
)
def test_a_relative_on_a_predicate_noun_is_the_subject(text: str, table: str, antecedent: str) -> None:
    doc = table_doc(text, table)
    at = text.index(" who ") + 1
    chains, _ = resolve(doc, [Span(at, at + 3, "who")], lexicon=LEXICON)
    assert [m.text for m in chains[0].mentions] == [antecedent, "who"]


def test_a_date_tagged_as_a_person_is_no_antecedent() -> None:
    text = "Mayor Ann Holt spoke before Tuesday’s vote. He said it would pass."
    doc = auto_doc(text, (("Ann Holt", "PER"), ("Tuesday’s", "PER")))
    at = text.index("He ")
    chains, _ = resolve(doc, [Span(at, at + 2, "He")], lexicon=LEXICON)
    assert [m.text for m in chains[0].mentions] == ["Ann Holt", "He"]
