"""Speaker mentions: the noun phrase next to the cue, as written."""

from __future__ import annotations

import pytest
from docbuilder import auto_doc, table_doc

from quotes.attribute import attribute
from quotes.detect import detect
from quotes.lexicon import load_lexicon

LEXICON = load_lexicon()


def speakers(text: str) -> list[tuple[str, str | None]]:
    doc = auto_doc(text)
    found, _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    return [(a.candidate.kind, a.speaker.text if a.speaker else None) for a in found]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will win the vote,” said the Russian foreign ministry.", "the Russian foreign ministry"),
        ("“We will win the vote,” Putin's spokesman Dmitry Peskov said.", "Putin's spokesman Dmitry Peskov"),
        ("Putin's spokesman Dmitry Peskov said: “We will win the vote.”", "Putin's spokesman Dmitry Peskov"),
        ("The minister said “we will win the vote today.”", "The minister"),
        ("“We will win the vote,” the diplomatic source was quoted as saying.", "the diplomatic source"),
        ("Interfax quoted the source as saying: “We will win the vote.”", "the source"),
        ("“We will win the vote,” he told reporters.", "he"),
        ("“We will win the vote,” she also said.", "she"),
        ("The source, speaking to Interfax, said: “We will win the vote.”", "The source"),
        ("“We will win the vote,” the ministry said in a statement.", "the ministry"),
        (
            "“We will win the vote,” US Secretary of State John Kerry said.",
            "US Secretary of State John Kerry",
        ),
        ("“We will win the vote,” a spokesman for the campaign said.", "a spokesman for the campaign"),
    ],
)
def test_direct_quote_speaker(text: str, speaker: str) -> None:
    assert speakers(text) == [("direct", speaker)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A source told the Interfax news agency that Russia expected more help.", "A source"),
        (
            "The state RIA Novosti news agency, quoting a diplomatic source, said Kerry would come.",
            "a diplomatic source",
        ),
        ("The source, speaking to Interfax, said bilateral ties had suffered badly.", "The source"),
        ("According to the ministry, the talks will resume next week.", "the ministry"),
        ("The talks will resume next week, according to the ministry.", "the ministry"),
        ("The talks will resume next week, both sides said.", "both sides"),
        ("The talks will resume next week, said the foreign ministry.", "the foreign ministry"),
        ("The source added that the visit was a sign of goodwill.", "The source"),
        ("The US State Department said Kerry would meet Putin in Sochi.", "The US State Department"),
        # the formulas of unnamed sources hold a preposition
        (
            "The talks have stalled, two people familiar with the matter said on Thursday.",
            "two people familiar with the matter",
        ),
        ("A source close to Orvea told Reuters that the price was too high.", "A source close to Orvea"),
        # a plural placed by "on"/"in" keeps its place; a time is not a place
        (
            "Shop owners on Gloucester Road say the lanes will remove parking.",
            "Shop owners on Gloucester Road",
        ),
        ("Officials on Monday said the lanes will remove parking.", "Officials"),
    ],
)
def test_reported_speech_speaker(text: str, speaker: str) -> None:
    assert speakers(text) == [("indirect", speaker)]


def test_participle_cue_shares_the_main_speaker() -> None:
    text = "“Kerry will come on May 12,” said the ministry, adding that he will meet Lavrov in Sochi."
    assert speakers(text) == [("direct", "the ministry"), ("indirect", "the ministry")]


def test_continuation_takes_the_previous_speaker() -> None:
    text = "“The plan is dead,” the source said.\n\n“We will try something else next year.”"
    doc = auto_doc(text)
    found, _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert [(a.speaker and a.speaker.text, a.follows) for a in found] == [
        ("the source", None),
        ("the source", 0),
    ]


def test_quote_far_from_any_speaker_is_left_unattributed_with_a_note() -> None:
    text = "The vote is on Sunday.\n\nThe count is on Monday.\n\n“We will try something else next year.”"
    doc = auto_doc(text)
    found, notes = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert [a.speaker for a in found] == [None]
    assert [n.code for n in notes] == ["no_cue"]


# the surface keeps an appositive with the speaker, as written
PARSED = """
“ PUNCT 3 punct
We PRON 3 nsubj
win VERB 12 ccomp win VBP
, PUNCT 3 punct
” PUNCT 3 punct
the DET 8 det
Kremlin PROPN 8 compound
spokesman NOUN 12 nsubj spokesman NN
, PUNCT 10 punct
Peskov PROPN 8 appos
, PUNCT 10 punct
told VERB 0 root tell VBD
reporters NOUN 12 obj
. PUNCT 12 punct
"""


def test_appositive_stays_with_the_speaker() -> None:
    text = "“We win,” the Kremlin spokesman, Peskov, told reporters."
    doc = table_doc(text, PARSED)
    found, _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert [a.speaker and a.speaker.text for a in found] == ["the Kremlin spokesman, Peskov"]


# where the surface finds no phrase before the cue, the parse's subject arc answers
FALLBACK = """
The DET 2 det
minister NOUN 6 nsubj minister NN
“ PUNCT 4 punct
firmly ADV 6 advmod firmly RB
” PUNCT 4 punct
said VERB 0 root say VBD
that SCONJ 11 mark that IN
the DET 9 det
vote NOUN 11 nsubj vote NN
would AUX 11 aux would MD
go VERB 6 ccomp go VB
ahead ADV 11 advmod ahead RB
. PUNCT 6 punct
"""


def test_parse_subject_when_the_surface_has_none() -> None:
    text = "The minister “firmly” said that the vote would go ahead."
    doc = table_doc(text, FALLBACK)
    found, _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert [(a.candidate.kind, a.speaker and a.speaker.text) for a in found] == [("indirect", "The minister")]


def test_transcript_label_is_the_speaker() -> None:
    text = 'Transcript: "WALLACE: Let us start with the news.\n"PENCE: Well, it is serious business."\n'
    assert speakers(text) == [("direct", "WALLACE"), ("direct", "PENCE")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an infinitive cue shares the subject of the verb before it
        ("“It is insane,” Sanders said, going on to say that the country had moved on.", "Sanders"),
        # contracted auxiliaries and time phrases stand between subject and cue
        ("He’s claiming that voting fraud is a big problem in this country.", "He"),
        ("McConnell, who in 2010 said the goal was to make Obama a one-term president, smiled.", "who"),
        # a coordinated cue takes the nearest subject, not the sentence's first
        ("When my mother mentioned the devil, I laughed and said, “I don't believe in the devil.”", "I"),
    ],
)
def test_speaker_shared_or_separated(text: str, speaker: str) -> None:
    assert [s for _, s in speakers(text)][-1] == speaker


def test_speaker_of_a_quote_introduced_above() -> None:
    text = "Trump answered the question.\n\nHe said:\n\n“We have a situation where our cities are dangerous.”"
    assert speakers(text) == [("direct", "He")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("DUBLIN (Reuters) - Aer Celtic said it would cut 1,200 jobs next year.", "Aer Celtic"),
        ("MOSCOW, May 5 (AFP) — The foreign ministry said the talks would resume.", "The foreign ministry"),
        ("PARIS - The minister said the talks would resume next week.", "The minister"),
    ],
)
def test_dateline_is_no_part_of_the_speaker(text: str, speaker: str) -> None:
    assert speakers(text) == [("indirect", speaker)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The talks will resume next week, the dockers' union said.", "the dockers' union"),
        (
            "The talks will resume next week, said the Irish Airline Pilots' Association.",
            "the Irish Airline Pilots' Association",
        ),
        (
            "The Harwich Port Employers’ Association said the talks would resume.",
            "The Harwich Port Employers’ Association",
        ),
    ],
)
def test_plural_possessive_stays_in_the_speaker(text: str, speaker: str) -> None:
    assert speakers(text) == [("indirect", speaker)]


def test_plural_possessive_split_by_the_tokeniser_stays_in_the_speaker() -> None:
    # Stanza splits "dockers'" into two words sharing the token, the second tagged as a closing mark
    text = "The dockers' union said the strike would go on."
    doc = table_doc(
        text,
        """
        The DET 3 det
        dockers' NOUN 3 nmod:poss
        dockers' PUNCT 2 punct _ ''
        union NOUN 4 nsubj
        said VERB 0 root say VBD
        the DET 7 det
        strike NOUN 10 nsubj
        would AUX 10 aux
        go VERB 4 ccomp go VB
        on ADP 9 compound:prt
        . PUNCT 4 punct
        """,
    )
    found, _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert [a.speaker.text if a.speaker else None for a in found] == ["The dockers' union"]


def test_name_after_a_dash_signs_the_quote() -> None:
    text = (
        "“The school is our home and we will keep it open.” ― Ana Ruiz\n\n"
        "“Nobody asked the parents.” — Tom Eyre."
    )
    assert speakers(text) == [("direct", "Ana Ruiz"), ("direct", "Tom Eyre")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“We will act,” said the regulator's director of enforcement, Rachel Evans.",
            "the regulator's director of enforcement, Rachel Evans",
        ),
        (
            "“We will act,” said the company's chief executive, Paul Whitman.",
            "the company's chief executive, Paul Whitman",
        ),
        # a name that goes on ("of X", ", who ...") or follows another name is not the role's
        ("“We will act,” said the chief executive, Paul Whitman of Northgrid.", "the chief executive"),
        ("“We will act,” said Anna Berg, Paul Whitman.", "Anna Berg"),
    ],
)
def test_name_apposed_to_an_inverted_speaker_is_kept(text: str, speaker: str) -> None:
    assert speakers(text) == [("direct", speaker)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Anadolu quoted governor Kemal Aydin as saying that inflation was “falling fast”.",
            "mixed",
        ),
        (
            "Anadolu quoted governor Kemal Aydin as saying that inflation was falling fast.",
            "indirect",
        ),
    ],
)
def test_quoted_as_saying_names_the_speaker_before_the_content(text: str, kind: str) -> None:
    doc = auto_doc(text)
    found, _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    quotes = [
        (a.candidate.kind, text[a.candidate.start : a.candidate.end], a.speaker.text if a.speaker else None)
        for a in found
    ]
    content = text[text.index("that") :].rstrip(".")
    assert (kind, content, "governor Kemal Aydin") in quotes
