"""Quote detection on hand-built docs: every quotation convention, mixed quotes, reported speech."""

from __future__ import annotations

import pytest
from docbuilder import auto_doc, table_doc

from quotes.detect import detect
from quotes.lexicon import load_lexicon
from quotes.marks import dateline_end, find_regions
from quotes.model import Pattern

LEXICON = load_lexicon()


def found(text: str) -> list[tuple[str, str, str | None, bool]]:
    """(kind, quote text, cue, continuation) for each candidate in `text`."""
    doc = auto_doc(text)
    return [
        (c.kind, text[c.start : c.end], c.cue.text if c.cue else None, c.continuation)
        for c in detect(doc, lexicon=LEXICON).candidates
    ]


@pytest.mark.parametrize(
    ("text", "quote", "cue"),
    [
        ('"We will win the vote," he said.', "We will win the vote", "said"),
        ("“We will win the vote,” he said.", "We will win the vote", "said"),
        ('"We will win the vote," said the minister.', "We will win the vote", "said"),
        ("„We will win the vote“, he said.", "We will win the vote", "said"),
        ("„We will win the vote”, he said.", "We will win the vote", "said"),
        ("«We will win the vote», he said.", "We will win the vote", "said"),
        ("»We will win the vote«, he said.", "We will win the vote", "said"),
        ("‹We will win the vote›, he said.", "We will win the vote", "said"),
        ("The minister said: “We will win the vote.”", "We will win the vote.", "said"),
        ("The minister said, “We will win the vote.”", "We will win the vote.", "said"),
        ('The minister said "we will win the vote today."', "we will win the vote today.", "said"),
        (
            '"We will win the vote," the source was quoted as saying.',
            "We will win the vote",
            "quoted as saying",
        ),
        ("“Why would we lose the vote?” she asked.", "Why would we lose the vote?", "asked"),
        (
            "“It's the voters' choice, not ours,” the aide added.",
            "It's the voters' choice, not ours",
            "added",
        ),
    ],
)
def test_direct_quote_conventions(text: str, quote: str, cue: str) -> None:
    assert found(text) == [("direct", quote, cue, False)]


def test_single_marks_nested_in_double_marks_stay_inside_the_quote() -> None:
    text = "“He told me ‘never again’ and walked out of the room,” she said."
    assert found(text) == [("direct", "He told me ‘never again’ and walked out of the room", "said", False)]


def test_quote_reopened_at_each_paragraph_is_one_quote() -> None:
    text = "“The first part of what I said.\n\n“And the second part of it,” he said."
    assert found(text) == [
        ("direct", "The first part of what I said.\n\n“And the second part of it", "said", False)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“The plan is dead,” he said.\n\n“We will try something else next year.”",
        "“The plan is dead,” he said. “We will try something else next year.”",
    ],
)
def test_quote_without_cue_after_a_quote_is_a_continuation(text: str) -> None:
    assert found(text)[1] == ("direct", "We will try something else next year.", None, True)


def test_split_quote_shares_the_cue() -> None:
    text = "“The plan is dead,” he said, “and we will try something else.”"
    assert [(k, q, c) for k, q, c, _ in found(text)] == [
        ("direct", "The plan is dead", "said"),
        ("direct", "and we will try something else.", "said"),
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('Lavrov called the visit "very symbolic" on Monday.', 'the visit "very symbolic" on Monday'),
        # a verb of the cue's own form joined after the quoted words is the speaker's next act
        ("He said the plan was “dead on arrival” and walked out.", "the plan was “dead on arrival”"),
        ("The senator said that the bill was “a disgrace.”", "that the bill was “a disgrace.”"),
    ],
)
def test_mixed_quote_spans_the_whole_reported_content(text: str, content: str) -> None:
    assert [(k, q) for k, q, _, _ in found(text)] == [("mixed", content)]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "The ministry said that the talks would resume next week.",
            "that the talks would resume next week",
            "said",
        ),
        ("The ministry said the talks would resume next week.", "the talks would resume next week", "said"),
        ("The talks will resume next week, officials said.", "The talks will resume next week", "said"),
        ("The talks will resume next week, said the ministry.", "The talks will resume next week", "said"),
        (
            "A source told the Interfax news agency that Russia expected more from Washington.",
            "that Russia expected more from Washington",
            "told",
        ),
        (
            "According to the ministry, the talks will resume next week.",
            "the talks will resume next week",
            "According to",
        ),
        (
            "The talks will resume next week, according to the ministry.",
            "The talks will resume next week",
            "according to",
        ),
    ],
)
def test_reported_speech(text: str, content: str, cue: str) -> None:
    assert found(text) == [("indirect", content, cue, False)]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “peace plan” was rejected by both parliaments.",
        "Reuters Photo\n\n“Breaking News”\n\nThe talks went on.",
        "Kerry called Lavrov on Sunday to congratulate him.",
        "The report was published on Sunday.",
    ],
)
def test_no_quote(text: str) -> None:
    assert found(text) == []


def test_scare_quote_is_noted() -> None:
    result = detect(auto_doc("The so-called “peace plan” was rejected."), lexicon=LEXICON)
    assert [d.code for d in result.diagnostics] == ["scare_quote"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ('"We will win the vote, he said.\nThe vote is on Sunday.', ["unclosed_quote", "odd_quote_marks"]),
        ("We will win the vote,” he said.", ["unmatched_close"]),
        ('He said "no" and "yes" and "', ["unclosed_quote", "odd_quote_marks"]),
    ],
)
def test_bad_punctuation_gives_diagnostics_not_errors(text: str, codes: list[str]) -> None:
    result = detect(auto_doc(text), lexicon=LEXICON)
    assert [d.code for d in result.diagnostics if d.code != "scare_quote"] == codes


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = '"We will win the vote, he said.\nThe vote is on Sunday.'
    regions, _ = find_regions(text)
    assert [(text[r.start : r.end], r.closed) for r in regions] == [
        ('"We will win the vote, he said.', False)
    ]


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        # a straight mark closed by a curly one when no straight mark closes it
        (
            '"But the senator won,” the aide said. "I know. It is why we worry,” she said.',
            ['"But the senator won,”', '"I know. It is why we worry,”'],
        ),
        # a curly mark closed by a straight one when no curly mark closes it
        (
            '“The economy is strong," he said. He added that "more work" is needed.',
            ['“The economy is strong,"', '"more work"'],
        ),
        ('“It was fair," she said, “and it was fast.”', ['“It was fair,"', "“and it was fast.”"]),
        # but a quote whose own closing mark comes keeps it
        ('“We said "no" twice,” he said.', ['“We said "no" twice,”']),
    ],
)
def test_a_quote_closed_by_the_other_kind_of_mark(text: str, quotes: list[str]) -> None:
    regions, _ = find_regions(text)
    assert [text[r.start : r.end] for r in regions] == quotes


def test_a_full_stop_before_a_lower_case_word_ends_no_sentence() -> None:
    text = (
        '"Unions will not defect," Steve Rivers, a former director of the A.F.L.-C.I.O. and an organizer,'
        " wrote in an email."
    )
    assert found(text) == [("direct", "Unions will not defect", "wrote", False)]


def test_apostrophes_are_not_quote_marks() -> None:
    regions, diagnostics = find_regions("It's Kerry's visit and the voters' choice, isn’t it?")
    assert regions == () and diagnostics == ()


# a parse with the cue attached to the wrong head: the surface still finds quote and cue
WRONG_PARSE = """
" PUNCT 3 punct
We PRON 3 nsubj
win VERB 0 root win VBP
the DET 5 det
vote NOUN 3 obj
, PUNCT 3 punct
" PUNCT 3 punct
the DET 9 det
minister NOUN 5 nmod
said VERB 5 acl say VBD
. PUNCT 3 punct
"""


def test_surface_finds_the_quote_when_the_parse_is_wrong() -> None:
    text = '"We win the vote," the minister said.'
    doc = table_doc(text, WRONG_PARSE)
    [cand] = detect(doc, lexicon=LEXICON).candidates
    assert (cand.kind, text[cand.start : cand.end], cand.cue and cand.cue.text) == (
        "direct",
        "We win the vote",
        "said",
    )


# a correct parse: the complement clause of the cue gives reported speech without "that"
CCOMP_PARSE = """
Putin PROPN 3 nsubj
has AUX 3 aux have VBZ
said VERB 0 root say VBN
Russia PROPN 5 nsubj
is AUX 0 cop be VBZ
ready ADJ 3 ccomp
to PART 8 mark
talk VERB 6 xcomp
. PUNCT 3 punct
"""


def test_parse_complement_is_reported_speech() -> None:
    text = "Putin has said Russia is ready to talk."
    doc = table_doc(text, CCOMP_PARSE.replace("is AUX 0 cop", "is AUX 6 cop"))
    [cand] = detect(doc, lexicon=LEXICON).candidates
    assert (cand.kind, text[cand.start : cand.end], cand.pattern) == (
        "indirect",
        "Russia is ready to talk",
        Pattern.CCOMP,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sentence goes on after a quote introduced by a bare cue: a mixed quote
        (
            "The police reported “2,521 shooting incidents” in the city this year.",
            [("mixed", "“2,521 shooting incidents” in the city this year", "reported")],
        ),
        # a fronted phrase that is no introduction belongs to the content
        (
            "With thousands of systems, “there is no single point of failure,” he said.",
            [("mixed", "With thousands of systems, “there is no single point of failure,”", "said")],
        ),
        # a short title is not a saying, even next to a cue
        (
            "On the broadcast of “Fox News Sunday,” Pence said his running mate was only joking.",
            [("indirect", "his running mate was only joking", "said")],
        ),
        # two apostrophes as a double quotation mark
        ("''We will win the vote,'' Mr. King said.", [("direct", "We will win the vote", "said")]),
        # a participle after a comma reports a clause of its own; what was defended is reported too,
        # as PolNeAR marks it, two words being enough for an object
        (
            "Trump defended the tweets, saying it shows he would be awake at night.",
            [
                ("indirect", "the tweets", "defended"),
                ("indirect", "it shows he would be awake at night", "saying"),
            ],
        ),
        # the reported clause stops where a concession begins
        (
            "Figueroa said the campaign was planning a protest, though she acknowledged it was unlikely.",
            [
                ("indirect", "the campaign was planning a protest", "said"),
                ("indirect", "it was unlikely", "acknowledged"),
            ],
        ),
        (
            "Clinton says at a stop in Toledo, Ohio, that it means nothing.",
            [("indirect", "that it means nothing", "says")],
        ),
    ],
)
def test_surface_rules_from_news(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(k, q, c) for k, q, c, _ in found(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote that closes on a full stop ends the sentence: the next sentence is not content
        (
            "Clinton says Trump’s “latest meltdown is unhinged, even for him.” She left the stage at noon.",
            [("mixed", "Trump’s “latest meltdown is unhinged, even for him.”", "says")],
        ),
        # ", but" ends the reported content
        (
            "Trump promised lower taxes and “jobs, jobs, jobs,” but he has also warned of trouble.",
            [("mixed", "lower taxes and “jobs, jobs, jobs,”", "promised")],
        ),
        # a possessed reporting noun with "that" reports its clause
        (
            "Politifact looked at Trump’s claim that there have been “thousands of shootings” in Chicago.",
            [("mixed", "that there have been “thousands of shootings” in Chicago", "claim")],
        ),
    ],
)
def test_where_reported_content_ends(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(k, q, c) for k, q, c, _ in found(text)] == expected


def test_stray_straight_mark_before_curly_quotes() -> None:
    text = '"Kevin was snoring. “Here he is, babe,” she said.'
    result = detect(auto_doc(text), lexicon=LEXICON)
    assert [(c.kind, text[c.start : c.end]) for c in result.candidates] == [("direct", "Here he is, babe")]
    assert "stray_mark" in [d.code for d in result.diagnostics]


def test_transcript_turns_are_one_quote_each() -> None:
    text = (
        'Transcript: "WALLACE: Let us start with the news today.\n'
        '"PENCE: Well, look, it is serious business.\n'
        '"WALLACE: Do you really see them as equal?"\n'
    )
    assert found(text) == [
        ("direct", "Let us start with the news today.", ":", False),
        ("direct", "Well, look, it is serious business.", ":", False),
        ("direct", "Do you really see them as equal?", ":", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pence: Flowers Won’t Be at Debate, Trump Was ‘Mocking’ Clinton Camp\n\nThe debate is on Monday.",
            [("mixed", "Flowers Won’t Be at Debate, Trump Was ‘Mocking’ Clinton Camp", ":", False)],
        ),
        (
            "Politifact: Trump Is Right About Chicago\n\nPolitifact checked the claim.",
            [("indirect", "Trump Is Right About Chicago", ":", False)],
        ),
        # a source's noun names a speaker too
        (
            "Poll: Clinton Leads Trump in Ohio\n\nThe debate is on Monday.",
            [("indirect", "Clinton Leads Trump in Ohio", ":", False)],
        ),
        ("Update: The debate moved to Monday\n\nThe debate is on Monday.", []),
        # without quoted words, a kicker that names nobody says nothing
        ("Stealth Over Health: Clinton Was Headed to Hospital\n\nThe debate is on Monday.", []),
        ("Delegate Update: The latest count in the race\n\nThe debate is on Monday.", []),
    ],
)
def test_headline_naming_its_speaker(text: str, expected: list[tuple[str, str, str, bool]]) -> None:
    assert [
        (c.kind, text[c.start : c.end], c.cue.text if c.cue else None, c.continuation)
        for c in detect(auto_doc(text, [("Politifact", "ORG")]), lexicon=LEXICON).candidates
    ] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a tag inside its content: the whole sentence is the reported speech
        (
            "Acts of protest, Mr. Obama said, are acts of patriotism in this country.",
            [("indirect", "Acts of protest, Mr. Obama said, are acts of patriotism in this country", "said")],
        ),
        # the speaker goes on to another saying: two reported clauses
        (
            "Merrill says Machado was leaving the campaign and said she would stand up to the attacks.",
            [
                ("indirect", "Machado was leaving the campaign", "says"),
                ("indirect", "she would stand up to the attacks", "said"),
            ],
        ),
        (
            "Perdue said he was not worried about the race, arguing that it was divisions that hurt them.",
            [
                ("indirect", "he was not worried about the race", "said"),
                ("indirect", "that it was divisions that hurt them", "arguing"),
            ],
        ),
    ],
)
def test_reported_speech_in_longer_sentences(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(k, q, c) for k, q, c, _ in found(text)] == expected


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "In July, the NAACP called for a moratorium on charter schools.",
            "a moratorium on charter schools",
            "called",
        ),
        (
            "Graham urged Republicans to join the ranks of believers.",
            "Republicans to join the ranks of believers",
            "urged",
        ),
        ("The nominee vowed to harshly punish those who leak.", "to harshly punish those who leak", "vowed"),
    ],
)
def test_demands_and_promises_report_their_object(text: str, content: str, cue: str) -> None:
    assert found(text) == [("indirect", content, cue, False)]


def test_sentence_tag_after_a_quoted_fragment_makes_a_mixed_quote() -> None:
    text = "A cashier who “steals a handful of twenties” is held accountable, Warren said."
    assert found(text) == [
        ("mixed", "A cashier who “steals a handful of twenties” is held accountable", "said", False)
    ]


def test_quote_introduced_by_the_paragraph_above() -> None:
    text = "Trump answered the question.\n\nHe said:\n\n“We have a situation where our cities are dangerous.”"
    assert found(text) == [("direct", "We have a situation where our cities are dangerous.", "said", False)]


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("DUBLIN (Reuters) - The airline said.", "The airline said."),
        ("MOSCOW, May 5 (AFP) — The airline said.", "The airline said."),
        ("LONDON (AP) —The airline said.", "The airline said."),
        ("HARWICH, England (Reuters) - The airline said.", "The airline said."),
        ("NEW YORK (Reuters) - The airline said.", "The airline said."),
        ("PARIS - The airline said.", "The airline said."),
        ("Headline\n\nBERLIN (dpa) - The airline said.", "The airline said."),
        # a date for the place: a month in full or in three letters, a day, the wire, a dash
        ("Dec 29 (Reuters) - The airline said.", "The airline said."),
        ("August 3 (AP) — The airline said.", "The airline said."),
        ("Decent people (most of them) - said so.", "Decent people (most of them) - said so."),
        # no dateline: an acronym, a hyphenated word, a paragraph of capitals
        ("NATO said the airline would fly.", "NATO said the airline would fly."),
        ("US-China talks resumed.", "US-China talks resumed."),
        ("The US - China talks resumed.", "The US - China talks resumed."),
        ("LONDON (AP) -", "LONDON (AP) -"),
    ],
)
def test_dateline_end(text: str, rest: str) -> None:
    assert text[dateline_end(text, len(text) - 1) :] == rest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DUBLIN (Reuters) - Irish airline Aer Celtic will cut 1,200 jobs, the company said.",
            [("indirect", "Irish airline Aer Celtic will cut 1,200 jobs", "said", False)],
        ),
        (
            "MOSCOW, May 5 (AFP) — The talks will resume next week, according to the ministry.",
            [("indirect", "The talks will resume next week", "according to", False)],
        ),
        (
            "LONDON (AP) — “We will win the vote,” the minister said.",
            [("direct", "We will win the vote", "said", False)],
        ),
    ],
)
def test_dateline_is_no_part_of_a_quote(text: str, expected: list[tuple[str, str, str, bool]]) -> None:
    assert found(text) == expected


# Invented vox pops: each quote signed with a name after a dash.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“The school is our home and we will keep it open.” ― Ana Ruiz "
            "“Nobody asked the parents.” — Tom Eyre.",
            [
                ("direct", "The school is our home and we will keep it open.", "―", False),
                ("direct", "Nobody asked the parents.", "—", False),
            ],
        ),
        # a dash before a lowercase phrase is an aside, not a signature
        ("He likened the plan to “burning the rule book” – a charge that stung.", []),
        # a short phrase signed by a name is still a title or a scare quote
        ("“Open Schools” ― Ana Ruiz.", []),
    ],
)
def test_quote_signed_after_a_dash(text: str, expected: list[tuple[str, str, str | None, bool]]) -> None:
    assert found(text) == expected


# a parse that drops the coordinated rest of the complement clause ("and would ...") from its subtree
SHORT_CCOMP_PARSE = """
The DET 2 det
mayor NOUN 3 nsubj
said VERB 0 root say VBD
the DET 5 det
city NOUN 6 nsubj
holds VERB 3 ccomp hold VBZ
reserves NOUN 6 obj
and CCONJ 11 cc
would AUX 11 aux
then ADV 11 advmod
spend VERB 3 conj
them PRON 11 obj
. PUNCT 3 punct
"""

# the same parse with the rest cut off by a participial tag: ", adding that ..."
TAGGED_CCOMP_PARSE = """
The DET 2 det
mayor NOUN 3 nsubj
said VERB 0 root say VBD
the DET 5 det
city NOUN 6 nsubj
holds VERB 3 ccomp hold VBZ
reserves NOUN 6 obj
, PUNCT 9 punct
adding VERB 3 advcl add VBG
that SCONJ 13 mark
it PRON 13 nsubj
would AUX 13 aux
spend VERB 9 ccomp
them PRON 13 obj
. PUNCT 3 punct
"""


@pytest.mark.parametrize(
    ("text", "table", "content"),
    [
        (
            "The mayor said the city holds reserves and would then spend them.",
            SHORT_CCOMP_PARSE,
            "the city holds reserves and would then spend them",
        ),
        (
            "The mayor said the city holds reserves, adding that it would spend them.",
            TAGGED_CCOMP_PARSE,
            "the city holds reserves",
        ),
    ],
)
def test_parse_complement_runs_on_to_the_surface_end(text: str, table: str, content: str) -> None:
    cand = detect(table_doc(text, table), lexicon=LEXICON).candidates[0]
    assert (cand.kind, text[cand.start : cand.end], cand.cue and cand.cue.text) == (
        "indirect",
        content,
        "said",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The city will rebuild the bridge next year, said Tom Eyre.",
        # a long appositive after the speaker describes the speaker, it is no object of the verb
        "The city will rebuild the bridge next year, said Tom Eyre, the head of the roads board up north.",
    ],
)
def test_trailing_tag_with_an_appositive_speaker(text: str) -> None:
    assert found(text) == [("indirect", "The city will rebuild the bridge next year", "said", False)]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a semicolon joins the narrator's next clause
        (
            "The mayor said the bridge would open in May; the council met later that week.",
            "the bridge would open in May",
        ),
        # a coordinated clause with a saying of its own is the next attribution
        (
            "The mayor said the bridge would open in May, and the council warned it would not.",
            "the bridge would open in May",
        ),
        ("The mayor said the bridge would open in May and would cost less than planned.", None),
    ],
)
def test_reported_content_ends_before_the_next_clause(text: str, content: str | None) -> None:
    first = found(text)[0]
    expected = content or text[len("The mayor said ") : -1]
    assert (first[0], first[1], first[2]) == ("indirect", expected, "said")


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("The senator cited the cost of the new bridge.", "the cost of the new bridge", "cited"),
        ("The union agreed to end the strike next week.", "to end the strike next week", "agreed"),
        ("The mayor told her staff to close the old bridge.", "her staff to close the old bridge", "told"),
    ],
)
def test_cited_agreed_and_told_to_report_their_object(text: str, content: str, cue: str) -> None:
    assert found(text) == [("indirect", content, cue, False)]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("The mayor announced a set of steps to cut costs.", "a set of steps to cut costs", "announced"),
        ("The senator is criticizing the new tax plan, aides said.", "the new tax plan", "criticizing"),
        ("The governor repeated his promise to repeal the law.", "his promise to repeal the law", "repeated"),
        ("The governor proposed barring all new permits.", "barring all new permits", "proposed"),
        ("The senator described the plan as a failure.", "the plan as a failure", "described"),
    ],
)
def test_a_verb_that_reports_by_naming_what_was_said_reports_its_object(
    text: str, content: str, cue: str
) -> None:
    assert found(text)[0] == ("indirect", content, cue, False)


@pytest.mark.parametrize(
    "text",
    [
        "The new bridge was announced by the city last week.",  # a passive
        "The senator's repeated attacks on the plan went nowhere.",  # an adjective after a possessive
        "Voters punished him for criticizing the new tax plan.",  # a gerund naming an act
        "The coach praised her for her long career.",  # a person is praised, nothing said
    ],
)
def test_a_passive_an_adjective_an_act_or_a_person_is_no_object_content(text: str) -> None:
    doc = auto_doc(text, (("Maria Lopez", "PER"),))
    assert [c for c in detect(doc, lexicon=LEXICON).candidates if c.kind == "indirect"] == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a fronted phrase opened by a subordinator, then a main clause: content all the same
        (
            "After some delays, the new bridge has met every safety standard, one city official said.",
            "After some delays, the new bridge has met every safety standard",
        ),
        # a long subject before the content's verb
        (
            "Engineers say the plan to widen the old road and build two lanes for the buses would cost less.",
            "the plan to widen the old road and build two lanes for the buses would cost less",
        ),
    ],
)
def test_reported_content_with_a_fronted_phrase_or_a_long_subject(text: str, content: str) -> None:
    assert [(kind, quote) for kind, quote, _, _ in found(text)] == [("indirect", content)]


@pytest.mark.parametrize(
    "text",
    [
        "Kiev and the West accuse the Kremlin of masterminding a conflict that has killed thousands.",
        "The coach praised her as one of the finest athletes the country had produced.",
    ],
)
def test_an_object_with_a_relative_clause_or_a_description_is_no_reported_speech(text: str) -> None:
    doc = auto_doc(text)
    assert [c for c in detect(doc, lexicon=LEXICON).candidates if c.kind == "indirect"] == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a cue in a relative clause set off by commas reports up to the comma that closes it
        ("Barkley, who said he would vote for them, says the plan would fail.", "he would vote for them"),
        ("Barkley, who has said he would vote for them, says the plan would fail.", "he would vote for them"),
        # ", however ..." is the narrator's next clause
        ("Most voters said they would stay home, however the count has dropped.", "they would stay home"),
    ],
)
def test_reported_content_ends_with_its_relative_clause_or_before_however(text: str, content: str) -> None:
    assert found(text)[0][1] == content
