"""Rules on real annotations by the bundled models: cases that hand-built docs cannot show, because
they hinge on how the tagger and the parser read the words."""

from __future__ import annotations

import pytest

from quotes.annotate import Annotator
from quotes.extent import finite
from quotes.lexicon import load_lexicon
from quotes.pipeline import analyse_doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reporting word inside a compound adjective is no cue
        (
            "The self-described democratic socialist said he would win the state’s primary.",
            [("said", "The self-described democratic socialist")],
        ),
        # a fronted "Asked ..." with no question reports nothing; the main clause's cue does
        (
            "Asked to comment, Clinton said she was not going to jump to that conclusion.",
            [("said", "Clinton")],
        ),
        # with a question, it reports the question, put by no one named
        (
            "Asked if she believed the report, Clinton said she was not going to jump to that conclusion.",
            [("Asked", None), ("said", "Clinton")],
        ),
        # a statement a body issued speaks for the body
        (
            "His office put out a statement saying the governor was not involved.",
            [("saying", "His office")],
        ),
        (
            "The town released a statement Wednesday saying it would review the case.",
            [("saying", "The town")],
        ),
        # a reduced relative clause after the subject's noun is part of the subject, not a date as
        # the subject (a past tense there is a participle, whatever the tagger says)
        (
            "A news report published Wednesday said the defense secretary used a personal email account.",
            [("said", "A news report published Wednesday")],
        ),
        (
            "The city will close three schools next year, a report released Tuesday said.",
            [("said", "a report released Tuesday")],
        ),
        # ... except a conduit's: "seen by Reuters", like "quoted by Tass", is the way it came
        (
            "The mine will close in May, a memo seen by Reuters said.",
            [("said", "a memo")],
        ),
        (
            "Wealthy donors are paying for the attacks, disclosures filed on Sunday night revealed.",
            [("revealed", "disclosures filed on Sunday night")],
        ),
        # a time after a cue that tags the sentence before it is no object of the cue
        (
            "Consumer sentiment was higher than in any year since 2004, the University of Michigan reported"
            " last week.",
            [("reported", "the University of Michigan")],
        ),
        # a tag set off by commas reports the sentence before it, whatever follows the second comma
        (
            "He was unable to find a single taker, he said, on condition of anonymity to speak freely.",
            [("said", "he")],
        ),
        (
            "The so-called experts said the plan would fail.",
            [("said", "The so-called experts")],
        ),
        # a reporting word in -s that the tagger takes for a plural noun is a verb where it stands:
        # after a name or "the NOUN", before a quotation mark, a colon or the sentence's end
        ("“The budget will not pass this year,” Hartley notes.", [("notes", "Hartley")]),
        ("“We were never told about the plan,” Ortega points out.", [("points", "Ortega")]),
        ("The ad claims “the senator never voted for a tax cut.”", [("claims", "The ad")]),
        ("The firm paid no tax. “It is a scandal,” Weber notes.", [("notes", "Weber")]),
        # a share of people is read whole: "Nine in 10", "about half", "more than half"
        ("Nine in 10 Democratic voters said they trusted her.", [("said", "Nine in 10 Democratic voters")]),
        (
            "More than half of the voters said the economy was their top issue.",
            [("said", "More than half of the voters")],
        ),
        # a restrictive relative clause before the cue belongs to the subject; it is not the subject
        (
            "Voters whose homes were flooded last year said the government had done nothing.",
            [("said", "Voters whose homes were flooded last year")],
        ),
        (
            "Residents whose homes were flooded on Monday accused the council of ignoring warnings.",
            [("accused", "Residents whose homes were flooded")],
        ),
        # a wrong arc that hangs the subject under the reported clause does not make it content
        (
            "A spokesman for the group that organised the march said the police had been told in advance.",
            [("said", "A spokesman for the group that organised the march")],
        ),
        # a charge and the one charged are what was said, a pronoun too
        ("The union accused the company of breaking the deal.", [("accused", "The union")]),
        ("The senator blamed them for the delays at the border.", [("blamed", "The senator")]),
        # a participle after a tag shares the tag's subject, not the subject of what was said
        (
            "The plan will not pass this year, the senator said, adding that the vote would be close.",
            [("said", "the senator"), ("adding", "the senator")],
        ),
    ],
)
def test_cues_and_speakers(annotator: Annotator, text: str, expected: list[tuple[str, str | None]]) -> None:
    result = analyse_doc(annotator.annotate(text))
    found = [(q.cue.text if q.cue else None, q.speaker.text if q.speaker else None) for q in result.quotes]
    assert found == expected


def test_a_tag_inside_its_content_reports_the_sentence_around_it(annotator: Annotator) -> None:
    text = "Many of the closures, he said, have involved public and semi-private courses."
    result = analyse_doc(annotator.annotate(text))
    assert [(q.text, q.speaker.text if q.speaker else None) for q in result.quotes] == [
        ("Many of the closures, he said, have involved public and semi-private courses", "he")
    ]


def test_a_relative_clause_closing_reported_speech_is_the_writers_gloss(annotator: Annotator) -> None:
    text = "The mayor said he would close the old bridge, which was built in 1890."
    result = analyse_doc(annotator.annotate(text))
    assert [q.text for q in result.quotes] == ["he would close the old bridge"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # "according to X" set inside its content reports the sentence around it
        (
            "At the heart of the trouble, according to a former envoy, was a decision by the president.",
            "At the heart of the trouble, according to a former envoy, was a decision by the president",
        ),
        # content introduced by a colon starts after it
        (
            "The tax did not hurt it: London was the financial capital in 2015, according to one index.",
            "London was the financial capital in 2015",
        ),
    ],
)
def test_according_to_covers_its_content(annotator: Annotator, text: str, content: str) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.text for q in result.quotes] == [content]


@pytest.mark.parametrize(
    ("kind", "text", "content"),
    [
        # content reported in a clause fronted before the main clause ends where the main clause begins
        (
            "indirect",
            "While the mayor said that the bridge would reopen in May, the council voted to delay the work.",
            "that the bridge would reopen in May",
        ),
        # what a speaker points to is what was said; a demand of a noun phrase may be two words
        (
            "indirect",
            "The governor pointed to the state's falling unemployment rate.",
            "the state's falling unemployment rate",
        ),
        ("indirect", "Protesters outside the stadium called for his resignation.", "his resignation"),
        (
            "indirect",
            "The farmers complained about the long wait for compensation.",
            "the long wait for compensation",
        ),
        ("indirect", "The governor later joked about the cold weather.", "the cold weather"),
        # a figure reported is what was said; a report with no figure is not
        ("indirect", "The company reported a profit of $1.78 a share.", "a profit of $1.78 a share"),
        # a relative pronoun the subject of what was said: the content starts at its verb
        (
            "indirect",
            "Voters rejected the policy, which he said had harmed the economy for years.",
            "had harmed the economy for years",
        ),
        # a relative clause on the content is no description of a speaker who follows the cue
        (
            "indirect",
            "Cruz also lacks support from his colleagues in Congress, whom he has alienated with his "
            "rhetoric, said Larry Sabato, a political scientist.",
            "Cruz also lacks support from his colleagues in Congress, whom he has alienated with his "
            "rhetoric",
        ),
        # (a main clause opened by a contraction the tokenizer expands: "it’s", "there’s")
        (
            "indirect",
            "And while the senator said he’d hold a hearing, it’s unlikely the bill will pass this year.",
            "he’d hold a hearing",
        ),
        (
            "indirect",
            "Because the early polls suggested that turnout was low, there’s a sense the race is closer.",
            "that turnout was low",
        ),
        (
            "indirect",
            "Weeks after the company announced that it would close the plant, workers staged a strike.",
            "that it would close the plant",
        ),
        (
            "indirect",
            "Stating that the accounts were sound, the auditor signed the report.",
            "that the accounts were sound",
        ),
        # a reported question starts at its wh-word
        (
            "indirect",
            "At the rally in Dayton, the senator touted how far her campaign had come since the spring.",
            "how far her campaign had come since the spring",
        ),
        (
            "indirect",
            "A teacher stood up at the meeting, and explained how much it cost her to drive to work.",
            "how much it cost her to drive to work",
        ),
        # after its last quoted words a mixed quote ends where the writer takes over: at a comma ...
        (
            "mixed",
            "The governor said the proposal was “dead on arrival” at the statehouse, a blow to the mayor.",
            "the proposal was “dead on arrival” at the statehouse",
        ),
        # ... or a lone dash
        (
            "mixed",
            "The mayor described the deal as “a disgrace” — and walked out of the meeting.",
            "the deal as “a disgrace”",
        ),
        # the speaker's next act, coordinated with the cue, is no part of what was said
        (
            "indirect",
            "The judge ruled the contract void and ordered the firm to repay the loans.",
            "the contract void",
        ),
        (
            "indirect",
            "The minister insists the tax must rise, and has voted against every cut in spending.",
            "the tax must rise",
        ),
        # ... unless the reported words have a verb of that form it may be joined to
        (
            "indirect",
            "She said she was tired of the old parties and wanted someone new.",
            "she was tired of the old parties and wanted someone new",
        ),
        # an order to someone reports the order, the one asked included
        (
            "indirect",
            "In a letter, the mayor asked the network to donate the profits to charity.",
            "the network to donate the profits to charity",
        ),
        # a charge reports the one charged and the charge
        (
            "indirect",
            "The opposition accused him of hiding the report from parliament.",
            "him of hiding the report from parliament",
        ),
        # an "as" clause closing the sentence reports the words before its comma
        (
            "indirect",
            "The new tax would hurt small farmers most, as the minister noted in a speech.",
            "The new tax would hurt small farmers most",
        ),
        # a headline in title case: the capitalised verb reports the rest of the headline
        (
            "indirect",
            "Mayor Says City Will Not Raise Property Taxes, Blames State\n\nThe mayor spoke on Monday.",
            "City Will Not Raise Property Taxes",
        ),
        (
            "indirect",
            "Farm Union Chief Slams New Water Rules\n\nThe union's leader spoke in Leeds.",
            "New Water Rules",
        ),
        # a word that stands for a whole answer is what was said; "the same" runs on to its object
        ("indirect", "And three-quarters said the same of Sanders.", "the same of Sanders"),
        ("indirect", "Asked to choose, the candidate said no.", "no"),
        # ... but not a word that opens a phrase of its own
        ("indirect", "The minister said no decision had been made.", "no decision had been made"),
        # an approximator may open the subject of a reported clause
        (
            "indirect",
            "The budget office said about half of the adjustment reflected revenue losses.",
            "about half of the adjustment reflected revenue losses",
        ),
        # ... and so may a two-word one ("at least", "more than")
        (
            "indirect",
            "As the parade went by, the station reported at least six planes filled the sky.",
            "at least six planes filled the sky",
        ),
        # an aside set off by commas inside the reported clause's subject keeps the clause whole
        (
            "indirect",
            "Speaking on the radio last week, the singer said his band and his producer, a former drummer,"
            " wrote a host of new songs.",
            "his band and his producer, a former drummer, wrote a host of new songs",
        ),
        # a clause may open with "there", and be a pronoun and an auxiliary alone
        (
            "indirect",
            "He called the payments lawful, and said there was no attempt to hide them.",
            "there was no attempt to hide them",
        ),
        (
            "indirect",
            "Most senators refused to back the bill. Senator Jane Ross said she would.",
            "she would",
        ),
        # a relative clause's verb inside the subject is not the clause's verb; an aside may hold a
        # participle
        (
            "indirect",
            "The imam said he and many of those who prayed with the gunman are trying to raise money.",
            "he and many of those who prayed with the gunman are trying to raise money",
        ),
        (
            "indirect",
            "The Census Bureau says Millennials, numbering 75.3 million, surpassed Baby Boomers last year.",
            "Millennials, numbering 75.3 million, surpassed Baby Boomers last year",
        ),
        # a reporting word in -s after a name, before "that" and a clause, is the name's verb
        (
            "indirect",
            "Viguerie notes that rural voters can play a key role in the election.",
            "that rural voters can play a key role in the election",
        ),
        # content reported inside the sentence's subject ends where the sentence's verb begins
        (
            "indirect",
            "Voters who say the economy is most important were evenly divided.",
            "the economy is most important",
        ),
        # a verb joined after the last fragment belongs to the content when the content has a verb of
        # the cue's form it may be joined to
        (
            "mixed",
            "He said he was largely focused on “transparency” and had no desire to change the rules.",
            "he was largely focused on “transparency” and had no desire to change the rules",
        ),
        # ... and "called" after a noun that is its subject still gives a name to someone
        (
            "mixed",
            "The debate went on; one lawmaker called Trump “the orange prince of self-publicity.”",
            "Trump “the orange prince of self-publicity.”",
        ),
        # a name given to a person reports the person and the name, its words listed too
        (
            "indirect",
            "At the funeral his brother called him a kind, loving and admirable person.",
            "him a kind, loving and admirable person",
        ),
        # (where it was said is not what was)
        ("indirect", "Trump called Cruz a liar at the rally.", "Cruz a liar"),
        # a quoted name given "as" after a verb of calling or casting, the one named included, not
        # the verb's preposition
        (
            "mixed",
            "The chancellor heralded the deal with Turkey as a “breakthrough.”",
            "the deal with Turkey as a “breakthrough.”",
        ),
        (
            "mixed",
            "The mayor portrayed the demonstrators as “my friends” at the rally.",
            "the demonstrators as “my friends”",
        ),
        # a clause coordinated inside the reported words stays
        (
            "mixed",
            "She said the plan was “complex” and she hoped it would pass.",
            "the plan was “complex” and she hoped it would pass",
        ),
    ],
)
def test_reported_content_starts_and_ends_where_the_clause_does(
    annotator: Annotator, kind: str, text: str, content: str
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.text for q in result.quotes if q.kind == kind] == [content]


def test_an_aside_in_a_trailing_speaker_does_not_count_against_the_cue(annotator: Annotator) -> None:
    text = (
        "The account was suspended. “Twitter works as a way to sell books, and it works as a way to"
        " crowdsource terrorism,” James B. Comey Jr., the director of the Federal Bureau of Investigation,"
        " said on Wednesday."
    )
    quotes = analyse_doc(annotator.annotate(text)).quotes
    assert [(q.kind, q.cue.text if q.cue else None) for q in quotes] == [("direct", "said")]
    assert quotes[0].speaker is not None and quotes[0].speaker.text.startswith("James B. Comey Jr.")


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # a verb that reports only with the word after it
        (
            "“Jeb wants to be a tough guy tonight,” Trump shot back.",
            "Jeb wants to be a tough guy tonight",
            "Trump",
        ),
        (
            "As Akhil Amar, a professor at Yale, put it, “Senate Republicans should remember that a"
            " compromise candidate today may be far better.”",
            "Senate Republicans should remember that a compromise candidate today may be far better.",
            "Akhil Amar",
        ),
    ],
)
def test_a_two_word_cue_reports(annotator: Annotator, text: str, quote: str, speaker: str) -> None:
    quotes = analyse_doc(annotator.annotate(text)).quotes
    assert [(q.text, q.speaker.text.split(",")[0] if q.speaker else None) for q in quotes] == [
        (quote, speaker)
    ]


def test_a_two_word_cue_needs_its_word(annotator: Annotator) -> None:
    assert analyse_doc(annotator.annotate("The guard shot the intruder and put the gun away.")).quotes == ()


def test_a_saying_joined_after_a_mixed_quote_is_its_own(annotator: Annotator) -> None:
    text = "She says she respects his “passion and commitment” but argues that he cannot keep his promises."
    quotes = analyse_doc(annotator.annotate(text)).quotes
    assert [q.text for q in quotes] == [
        "she respects his “passion and commitment”",
        "that he cannot keep his promises",
    ]


def test_a_short_whole_sentence_after_a_tag_continues_the_quote(annotator: Annotator) -> None:
    text = (
        '"They sue," the developer said. "Everybody sues, right?"\n\nThe ad ends on a line.\n\n"A change'
        ' warrior."'
    )
    quotes = analyse_doc(annotator.annotate(text)).quotes
    assert [(q.text, q.continuation) for q in quotes] == [
        ("They sue", False),
        ("Everybody sues, right?", True),
    ]


def test_a_coordinated_saying_with_a_long_subject_ends_the_content(annotator: Annotator) -> None:
    text = (
        "Most voters said they were worried about the economy, and more than four in 10 voters said nothing"
        " else mattered."
    )
    quotes = analyse_doc(annotator.annotate(text)).quotes
    assert [q.text for q in quotes] == ["they were worried about the economy", "nothing else mattered"]


@pytest.mark.parametrize(
    "text",
    [
        # a participle between a number and a noun is an adjective, no cue
        "Clinton now holds 271 pledged delegates in the state.",
        # a passive demands nothing of anyone
        "The state was called for the governor minutes after the polls closed.",
        # referring a case to a court says nothing
        "She referred the case to the appeals court on Monday.",
        # calling the police or a meeting names nobody
        "The mayor called the police after the break-in.",
        "She called a press conference on Monday.",
        # a charge in its plain form is a standing one, background rather than a statement
        "Kiev and the West accuse Moscow of arming the rebels in the east.",
        # a present participle between a determiner or degree word and a noun is an adjective; a
        # participle with its agent is passive
        "There is other promising news for the campaign at the county level.",
        "It mixes a fear of terrorism with the older xenophobia of natives threatened by ethnic diversity.",
        # an agreement with nothing after it agrees to nothing; agreeing with someone reports nothing
        "In the poll, 48 percent agreed and 44 percent disagreed.",
        "The mayor agreed with him.",
        "The paper reported the story first.",
        # a participle of naming after a noun names a thing; nobody is said to have said it
        "A group of comedians is performing a play called “Los Hijos de Trump” in Mexico City.",
        "The campaign formed a new super PAC called Future 45 to run ads in Iowa.",
        "The second initiative, the so called “Self-Determination Initiative,” seeks to bind the courts.",
        # a title-case headline with no reporting verb, and "Its" is no verb in -s
        "Stocks Rise As Oil Prices Fall Again\n\nMarkets were calm on Monday.",
        "Council Loses Its Fight Over Parking Fees\n\nThe vote was close.",
    ],
)
def test_no_reported_speech(annotator: Annotator, text: str) -> None:
    assert analyse_doc(annotator.annotate(text)).quotes == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb coordinated with the one before tags nothing: what it names is what was said
        (
            "The council met on Monday, and criticized the plan to close the library.",
            [("criticized", "the plan to close the library")],
        ),
        # a participle after a comma reports what follows it, with the main clause's subject
        (
            "The senator delivered her usual speech, decrying the influence of lobbyists on the party.",
            [("decrying", "the influence of lobbyists on the party")],
        ),
    ],
)
def test_no_tag_before_a_shared_subject(
    annotator: Annotator, text: str, expected: list[tuple[str, str]]
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [(q.cue.text if q.cue else "", q.text) for q in result.quotes] == expected


@pytest.mark.parametrize(
    "text",
    [
        # a person named inside the quotation is not who "he" is
        "Viguerie notes that voters can play a key role. “If Trump is not the nominee, many will stay home,”"
        " he said.",
        # nor is a plural the tagger took for a name
        "Mark Kelly spoke to reporters about Democrats. “Many will stay home,” he said.",
    ],
)
def test_a_pronoun_is_not_a_name_inside_the_quote_nor_a_plural(annotator: Annotator, text: str) -> None:
    result = analyse_doc(annotator.annotate(text))
    said = [q for q in result.quotes if q.cue is not None and q.cue.text == "said"]
    assert len(said) == 1
    source = next(s for s in result.sources if s.id == said[0].source)
    assert source.name == text.split(" spoke")[0].split(" notes")[0]


@pytest.mark.parametrize(
    ("text", "question", "asker", "answer"),
    [
        # a fronted "asked" reports the question, put by no one named; the main clause reports the answer
        (
            "Asked whether he would run again, the senator said he had not decided.",
            "whether he would run again",
            None,
            "he had not decided",
        ),
        # whoever asked is the "by" phrase
        (
            "Asked by a reporter about the vote, the mayor said the council had acted lawfully.",
            "about the vote",
            "a reporter",
            "the council had acted lawfully",
        ),
        # a question in quotation marks ends where the main clause begins, after its closing mark
        (
            "Asked if the governor is “ready to lead,” 72 percent of voters said yes.",
            "if the governor is “ready to lead,”",
            None,
            "yes",
        ),
    ],
)
def test_a_fronted_asked_reports_the_question(
    annotator: Annotator, text: str, question: str, asker: str | None, answer: str
) -> None:
    quotes = analyse_doc(annotator.annotate(text)).quotes
    asked = [q for q in quotes if q.cue is not None and q.cue.text.lower() == "asked"]
    said = [q for q in quotes if q.cue is not None and q.cue.text == "said"]
    assert [q.text for q in asked] == [question]
    assert (asked[0].speaker.text if asked[0].speaker else None) == asker
    assert [q.text for q in said] == [answer]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a verb of finding or showing reports what a document says when a document is its subject
        (
            "A new poll found that 55 percent of voters oppose the plan.",
            "that 55 percent of voters oppose the plan",
            "A new poll",
        ),
        ("Records show the company paid no taxes in 2014.", "the company paid no taxes in 2014", "Records"),
        # ... and nothing with any other subject
        ("The police found the car abandoned near the river.", None, None),
        ("The candidate showed that he could win in the South.", None, None),
    ],
)
def test_a_document_finds_and_shows(
    annotator: Annotator, text: str, content: str | None, speaker: str | None
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [(q.text, q.speaker.text if q.speaker else None) for q in result.quotes] == (
        [(content, speaker)] if content else []
    )
    if content:
        assert [s.type for s in result.sources] == ["document"]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "name"),
    [
        # a noun of saying with its "that" clause is said by its owner, named without the possessive;
        # as the sentence's subject, its clause ends where the sentence's verb begins
        (
            "Clinton’s claim that she never sent classified material was contradicted by the report.",
            "that she never sent classified material",
            "Clinton’s",
            "Clinton",
        ),
        (
            "The administration’s argument that the cuts would pay for themselves was rejected by Democrats.",
            "that the cuts would pay for themselves",
            "The administration’s",
            "administration",
        ),
    ],
)
def test_a_noun_of_saying_is_said_by_its_owner(
    annotator: Annotator, text: str, content: str, speaker: str, name: str | None
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [(q.text, q.speaker.text if q.speaker else None) for q in result.quotes] == [(content, speaker)]
    assert name is None or [s.name for s in result.sources] == [name]


def test_a_noun_of_saying_with_no_owner_reports_nothing(annotator: Annotator) -> None:
    assert (
        analyse_doc(annotator.annotate("The claim that the city would go bankrupt proved false.")).quotes
        == ()
    )


def test_a_reduced_relative_describes_a_document_source_and_does_not_name_it(annotator: Annotator) -> None:
    text = "The city will close three schools, a report released Tuesday said."
    result = analyse_doc(annotator.annotate(text))
    assert [(s.name, s.type, s.descriptor) for s in result.sources] == [
        ("report", "document", "a report released Tuesday")
    ]


def test_a_works_title_after_its_noun_is_no_quote(annotator: Annotator) -> None:
    text = "The war ended his plans to return home, the senator wrote in his 2012 book, “A Long Way Back.”"
    result = analyse_doc(annotator.annotate(text))
    assert [(q.kind, q.text) for q in result.quotes] == [
        ("indirect", "The war ended his plans to return home")
    ]


def test_a_dated_wire_dateline_is_no_part_of_the_speaker(annotator: Annotator) -> None:
    text = "Dec 29 (Reuters) - Democratic presidential candidate Hillary Clinton said the vote was a mistake."
    result = analyse_doc(annotator.annotate(text))
    assert [q.speaker.text if q.speaker else None for q in result.quotes] == [
        "Democratic presidential candidate Hillary Clinton"
    ]


def test_a_name_after_a_dash_labels_the_quote_its_colon_introduces(annotator: Annotator) -> None:
    text = (
        "Media shares blame in poll overhype - Pollwatch: “Pollsters are taking a lot of heat from the"
        " public for not anticipating the result.”"
    )
    result = analyse_doc(annotator.annotate(text))
    assert [(q.kind, q.speaker.text if q.speaker else None) for q in result.quotes] == [
        ("direct", "Pollwatch")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an "as" clause that opens the sentence reports what follows its comma
        (
            "As the Washington Post reported on Tuesday, the inspector general has issued subpoenas to the"
            " foundation.",
            [("the inspector general has issued subpoenas to the foundation", "the Washington Post")],
        ),
        (
            "As one analyst put it, the deal is dead on arrival.",
            [("the deal is dead on arrival", "one analyst")],
        ),
        # ... not one whose cue has an object or a verb of its own
        ("As Trump demands a wall, smugglers build tunnels under the border.", []),
        ("Yet as the bank continues gaining momentum, the question is whether it will last.", []),
        # a quantifier opens an inverted speaker, whatever its tag
        (
            "Obama’s rise may have been more surprising to the black community than to anyone else, said"
            " several observers.",
            [
                (
                    "Obama’s rise may have been more surprising to the black community than to anyone else",
                    "several observers",
                )
            ],
        ),
        # after a connective alone, the content follows the tag
        (
            "But, Carson added, he did not support issuing quarantines.",
            [("he did not support issuing quarantines", "Carson")],
        ),
        # two words around a tag make a sentence when one is a verb
        ("This campaign, he says, is different.", [("This campaign, he says, is different", "he")]),
        # a comparison's "as" before a comma is no "as he said"
        (
            "Mr. Trump was just as blunt, claiming without any evidence that Obama wanted to take in"
            " 250,000 refugees.",
            [("that Obama wanted to take in 250,000 refugees", "Mr. Trump")],
        ),
        # nor a "while" with what was said after the cue, whose subject is the pronoun alone (no
        # reduced relative "Clinton beamed as she")
        (
            "Clinton beamed as she noted how happy she was to be in New York.",
            [("how happy she was to be in New York", "she")],
        ),
    ],
)
def test_as_clauses_and_short_tags(annotator: Annotator, text: str, expected: list[tuple[str, str]]) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [(q.text, q.speaker.text if q.speaker else None) for q in result.quotes] == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the name before an appositive is the speaker's, even where the parse takes the appositive
        # (a reduced relative inside it: "the coalition fighting the Islamic State") for the subject
        (
            "Brett H. McGurk, President Obama's special envoy to the global coalition fighting the Islamic"
            " State, tweeted that he welcomed the decision.",
            "Brett H. McGurk, President Obama's special envoy to the global coalition fighting the"
            " Islamic State",
        ),
        # a reduced relative after an inverted speaker's noun, to the sentence's end, is part of it
        (
            "“It lets people take part without supporting Trump,” says a source involved in the group’s"
            " creation.",
            "a source involved in the group’s creation",
        ),
        # an adjective with its preposition after the noun is part of the subject the parse cut short
        (
            "A person familiar with the planning for Thursday’s meeting says the discussion will focus on"
            " delegates.",
            "A person familiar with the planning for Thursday’s meeting",
        ),
        # ... but a participle after the description tells what the speaker did, not who it is
        (
            "“It has brought a calmness into his life,” said George Bruno, a longtime ally of Mr. Clinton,"
            " referring to the former president's operation.",
            "George Bruno, a longtime ally of Mr. Clinton",
        ),
        # a reporting word in the description that is no verb ("remarks", "the Rules Committee") does
        # not make it a saying of its own
        (
            "“I would choose Donald Trump,” said Le Pen, who has also garnered attention for her"
            " Islamophobic remarks.",
            "Le Pen, who has also garnered attention for her Islamophobic remarks",
        ),
        (
            "“We lost,” said Solomon Yue, a member of the convention Rules Committee.",
            "Solomon Yue, a member of the convention Rules Committee",
        ),
        # ... and a clause with no relative pronoun is no description: "according to X, CONTENT"
        ("According to Roffman, Trump made further demands about the debate schedule.", "Roffman"),
        # (an adjective before its noun is no such participle)
        (
            "“Sales will slow,” said Ken Sena, managing director and internet analyst at Evercore.",
            "Ken Sena, managing director and internet analyst at Evercore",
        ),
        # a possessive after a noun opens a new phrase: the place ends the phrase before it
        (
            "At the convention in Cleveland his operatives said the platform should change.",
            "his operatives",
        ),
        # a person's name after a body's, at the end of a prepositional phrase, is a name of its own
        (
            "In a March meeting with the editorial board of the Washington Post Trump said that NATO"
            " may need to change.",
            "Trump",
        ),
        # ... but a place or body before a title and a name is one phrase
        ("Florida Sen. Marco Rubio said the plan would fail.", "Florida Sen. Marco Rubio"),
        (
            "Missouri Secretary of State Jason Kander said turnout was high.",
            "Missouri Secretary of State Jason Kander",
        ),
        # a subject the tagger misread, right before the cue: a quantifier alone, "those surveyed",
        # a capitalised name with a description set off by commas
        ('Most said they were "very worried."', "Most"),
        (
            'While those surveyed said former Florida governor Jeb Bush has the "best experience," Trump is'
            " the candidate voters trust most.",
            "those surveyed",
        ),
        (
            "And America Rising, a conservative political action committee, called the former president"
            ' less an asset than "a walking liability" for his wife.',
            "America Rising, a conservative political action committee",
        ),
        # a participle the parse hangs on the noun opens an inverted speaker; a time after its place
        # is no part of it
        (
            '"I do not know where he stands on that," said undecided Republican voter Stephanie Hooton of'
            " Derry, N.H., before the barn event.",
            "undecided Republican voter Stephanie Hooton of Derry, N.H.",
        ),
        # a time before the subject is no part of it
        (
            "Over the next eight weeks the Clinton campaign will argue that the race is close.",
            "the Clinton campaign",
        ),
        # a gerund opening the sentence is said by the main clause's subject
        ("After saying he was too tired to go on, the senator left the debate.", "the senator"),
        # a tag whose description has commas of its own, or whose name follows a comma unclosed
        (
            '"Nobody expected the factory to close so soon," Mr. Ortiz, now 74 and retired in Dayton, Ohio,'
            " said by telephone.",
            "Mr. Ortiz",
        ),
        (
            '"We will rebuild every house on this street," another neighbor, Maria Lopez told reporters.',
            "Maria Lopez",
        ),
    ],
)
def test_the_speaker_phrase(annotator: Annotator, text: str, speaker: str) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.speaker.text if q.speaker else None for q in result.quotes] == [speaker]


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        # ", but that ..." is a second clause of the same saying; ", but it ..." the writer's own
        (
            "Bush said the U.S. needs to secure the border, but that he would not support mass deportation.",
            ["the U.S. needs to secure the border, but that he would not support mass deportation"],
        ),
        (
            "Officials said the plan would cost more than expected, but it was too late to stop it.",
            ["the plan would cost more than expected"],
        ),
        # a comma inside a list of the things said does not end them
        (
            "Clinton touted her proposals to invest $275 billion in infrastructure, expand Social Security"
            " benefits, and enable debt-free college.",
            [
                "her proposals to invest $275 billion in infrastructure, expand Social Security benefits, and"
                " enable debt-free college"
            ],
        ),
        (
            "The senator specifically mentioned the network's Jake Tapper, Dana Bash and Wolf Blitzer.",
            ["the network's Jake Tapper, Dana Bash and Wolf Blitzer"],
        ),
        # ... but a comma before a clause of its own does
        (
            "She has been criticizing Donald Trump for embracing debt, and it’s sparking fears among"
            " progressive economists.",
            ["Donald Trump for embracing debt"],
        ),
        # a time after the object is when it was said, not what was
        ("Clinton criticized the plan during a debate.", ["the plan"]),
        ("The governor defended his endorsement this week.", ["his endorsement"]),
        # a comma inside a date does not end the object
        ("The senator mentioned the Sept. 11, 2001, attacks.", ["the Sept. 11, 2001, attacks"]),
        # ... and where or how it was said is not what was
        ("He repeated his position at a town hall in Laconia.", ["his position"]),
        ("The mayor denied the accusations through a spokeswoman.", ["the accusations"]),
        # ... unless what was said goes on after it
        (
            "The senator blasted the agency Tuesday for its decision not to indict her.",
            ["the agency Tuesday for its decision not to indict her"],
        ),
        # an object, then a subordinate clause, is no clause reported after the cue
        (
            "The reporter tweeted his observations of the rally as he lined up with other attendees outside.",
            [],
        ),
        # a reporting word in -s that the tagger takes for a noun is a verb after a name that opens its
        # clause, adverbs and titles too, when "that" and a clause follow
        (
            "The plans are similar, although O’Malley frequently notes that he was the first to put out"
            " an immigration platform.",
            ["that he was the first to put out an immigration platform"],
        ),
        (
            "And former Louisiana Rep. David Duke reports that the businessman has given more Americans"
            " cover to speak out.",
            ["that the businessman has given more Americans cover to speak out"],
        ),
        # a quantifier opens the reported clause's subject, whatever its tag
        (
            "Sanders said both Obama and Biden have been fair to him and Clinton.",
            ["both Obama and Biden have been fair to him and Clinton"],
        ),
        # an infinitive with a particle reports when "that" follows
        (
            "Technology companies are quick to point out that none of the apps are American-made.",
            ["that none of the apps are American-made"],
        ),
        # what a document shows or finds, a noun phrase as often as a clause
        (
            "A Wall Street Journal/NBC News poll showed a slimmer lead for Clinton with 46 percent to"
            " Trump’s 41 percent.",
            ["a slimmer lead for Clinton with 46 percent to Trump’s 41 percent"],
        ),
        (
            "The April survey found Clinton leading Sanders by seven points.",
            ["Clinton leading Sanders by seven points"],
        ),
        # ... and nothing with any other subject
        ("The police found the car near the river.", []),
        # what is stressed or emphasised is what was said, a noun phrase as often as a clause
        (
            "The governor stressed the need to treat both candidates and their followers respectfully.",
            ["the need to treat both candidates and their followers respectfully"],
        ),
        # a cue in a fronted subordinate clause reports its own object, not the quote in the main clause
        (
            "When Trump announced his candidacy in June 2015, he infamously referred to Mexican immigrants"
            " as “criminals” and “rapists” while calling for a border wall.",
            ["his candidacy", "a border wall"],
        ),
        (
            "After blasting the Drudge Report for linking to a Breitbart article, Glenn Beck doubled down on"
            " his religious rhetoric by reciting “a verse.”",
            [],
        ),
        # ... but "As one analyst put it, ..." introduces the sentence after it
        (
            "As one analyst put it, Obama is trying to make Republicans “an offer they can't afford to"
            " refuse.”",
            ["Obama is trying to make Republicans “an offer they can't afford to refuse.”"],
        ),
        # what follows a tag is no content: a participle after its comma, the words after an inverted
        # speaker, an infinitive after a phrase of the cue's own
        ("Sales were great, he said, wiping sweat off his face.", ["Sales were great"]),
        (
            "The host committee has collected roughly $56.5 million, said David Gilbert, its president"
            " and CEO.",
            ["The host committee has collected roughly $56.5 million"],
        ),
        (
            "His allegiance has shifted from Carly Fiorina to Rubio to Cruz, Wilkin said during his campaign"
            " speech to be a national delegate.",
            ["His allegiance has shifted from Carly Fiorina to Rubio to Cruz"],
        ),
        (
            'Ryan and Trump will meet sometime next week, Spicer said, adding, "They need to sit down."',
            ["Ryan and Trump will meet sometime next week", "They need to sit down."],
        ),
        # a comma that closes a relative clause on the subject sets off no tag
        (
            "In her speech, Merkel, who has adopted one of the most open policies in Europe, warned"
            " against hate.",
            [],
        ),
        # a subject may run long before its verb
        (
            "The senator says the only way to stop the governor from winning the primary and taking the"
            " party's nomination may be to unite behind one rival.",
            [
                "the only way to stop the governor from winning the primary and taking the party's nomination"
                " may be to unite behind one rival"
            ],
        ),
        # a title before a name tags the sentence, with the place the speaker is in
        (
            "Even Moscow has more influence through its television channels, says political scientist"
            " Arman Kurmanov in Astana.",
            ["Even Moscow has more influence through its television channels"],
        ),
        # the noun after "told" in a tag is its listener; a party label may stand in the speaker's name
        (
            "The plan will not pass this year, the senator told reporters.",
            ["The plan will not pass this year"],
        ),
        (
            "Farm fuels no longer stir up the same fervor among voters in the state, Sen. Anna Berg (R-Iowa)"
            " told reporters.",
            ["Farm fuels no longer stir up the same fervor among voters in the state"],
        ),
        # a demand stops where the writer goes on with a comment or a clause of their own
        (
            "The council urged residents to stay indoors, a warning that came too late for many.",
            ["residents to stay indoors"],
        ),
        (
            "Activists called for a boycott of the summit, and the hashtag was soon trending across the"
            " country.",
            ["a boycott of the summit"],
        ),
        # a gerund after a preposition reports the clause after it
        ("By arguing the plan would fail, the mayor won the vote.", ["the plan would fail"]),
        # the show a thing was said on is no quote of its own
        (
            '"We will win this state," the governor said on CBS\'s "Face the Nation." "Nobody doubts it."',
            ["We will win this state", "Nobody doubts it."],
        ),
        (
            "''The plan is dead,'' Mr. Lopez told NBC's ''Today.'' ''It was dead on arrival.''",
            ["The plan is dead", "It was dead on arrival."],
        ),
        (
            '"I have no regrets," said the mayor, who hosts the radio show "Morning Drive."',
            ["I have no regrets"],
        ),
        # nor is it part of what was said, nor does it close the sentence to the fragments after it
        (
            'On Sunday, the senator said on ABC\'s "This Week" that the deal was "a historic mistake."',
            ['that the deal was "a historic mistake."'],
        ),
        # a quote that ends on a full stop is its own sentence, whatever follows in the paragraph
        (
            '"Prices are falling," the farmer said. "We cannot sell below cost." Growers in the'
            " region have seen prices drop for three years.",
            ["Prices are falling", "We cannot sell below cost."],
        ),
        # and a short one right after a tag goes on from the quote before it
        (
            '"The campaign is expensive," the adviser said. "Very expensive."',
            ["The campaign is expensive", "Very expensive."],
        ),
    ],
)
def test_what_is_reported(annotator: Annotator, text: str, contents: list[str]) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.text for q in result.quotes] == contents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "said that “Q”": what was said begins at "that", as it does in reported speech
        (
            'The mayor said that "the bridge will reopen in May."',
            [("mixed", 'that "the bridge will reopen in May."')],
        ),
        (
            'The coach recalled that in 2019, "we lost every game on the road."',
            [("mixed", 'that in 2019, "we lost every game on the road."')],
        ),
        # a tag set off by commas inside a sentence the quote finishes in lower case
        (
            'A long recession, the economist said, "would hurt the poorest families first."',
            [("mixed", 'A long recession, the economist said, "would hurt the poorest families first."')],
        ),
        # the tag may say where it was said before its closing comma
        (
            "The records show, he said in a telephone interview, that ''the agency and the charity worked"
            " hand in hand.''",
            [
                (
                    "mixed",
                    "The records show, he said in a telephone interview, that ''the agency and the charity"
                    " worked hand in hand.''",
                )
            ],
        ),
        # but the writer's own link before the tag is no part of it, nor is a quote that begins anew
        (
            'But, the economist said, "nobody expects a recession."',
            [("direct", "nobody expects a recession.")],
        ),
        ('In March, the economist said, "We expect growth."', [("direct", "We expect growth.")]),
        # a sentence ends inside the marks that close it: the next one is not part of its quote
        (
            'She calls herself a "fighter" who "never quits." Last year, the senator said that "change is'
            ' hard."',
            [("mixed", 'herself a "fighter" who "never quits."'), ("mixed", 'that "change is hard."')],
        ),
        # a name and a comma after a tagging cue are the speaker; what follows describes them, even
        # where the parser hangs it on the cue as a clause
        (
            "Prices should fall ''as soon as possible, as far as possible,'' said Mr. Olsen, a member of"
            " the center-right Liberal Party.",
            [("mixed", "Prices should fall ''as soon as possible, as far as possible,''")],
        ),
        (
            "Schools should reopen ''as quickly as possible,'' said Ms. Dunn, a director of the state-run"
            " Education Agency.",
            [("mixed", "Schools should reopen ''as quickly as possible,''")],
        ),
        # dashes set a quote and its tag off from the sentence around them
        (
            'The voters were unmoved - "Nothing ever changes," Ms. Ortiz said - and they stayed home.',
            [("mixed", '"Nothing ever changes,"')],
        ),
        # a quote in the phrase that names the source of "according to" is its document's title
        (
            'According to her "clawback" plan, banks would repay the money.',
            [("indirect", "banks would repay the money")],
        ),
    ],
)
def test_the_kind_and_extent_of_a_quote(
    annotator: Annotator, text: str, expected: list[tuple[str, str]]
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [(q.kind, q.text) for q in result.quotes] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what was said begins past when, where, how and to whom it was said
        (
            'The governor told reporters outside the statehouse that the budget was "a disgrace."',
            'that the budget was "a disgrace."',
        ),
        ('The governor said Thursday "the budget is a disgrace" and left.', '"the budget is a disgrace"'),
        (
            'The governor told reporters waiting outside the statehouse that the budget was "a disgrace."',
            'that the budget was "a disgrace."',
        ),
        (
            'The coach told Smith they would "have to make the first move."',
            'they would "have to make the first move."',
        ),
        ('The governor said in Albany "the budget is a disgrace" and left.', '"the budget is a disgrace"'),
        (
            'The senator boasted about "the best team in the state" at a rally.',
            '"the best team in the state" at a rally',
        ),
        (
            'The senator warned of the "dangerous drift" in foreign policy.',
            'the "dangerous drift" in foreign policy',
        ),
        ('The mayor called for "a fresh start" at city hall.', '"a fresh start" at city hall'),
    ],
)
def test_where_a_mixed_quote_begins(annotator: Annotator, text: str, expected: str) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.text for q in result.quotes if q.kind == "mixed"] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a long quote with no cue in its sentence goes on from the quote before it
        (
            '"The plan will cost jobs," the mayor said.\nIn the long run, "the city will lose thousands of'
            ' workers to the suburbs and never get them back."',
            [
                ("direct", "The plan will cost jobs", "the mayor"),
                (
                    "mixed",
                    'In the long run, "the city will lose thousands of workers to the suburbs and never get'
                    ' them back."',
                    "the mayor",
                ),
            ],
        ),
        # or from the subject of its sentence's verb
        (
            'The union wants "a fair contract that protects every worker from sudden layoffs and cuts to'
            ' their pensions."',
            [
                (
                    "mixed",
                    '"a fair contract that protects every worker from sudden layoffs and cuts to their'
                    ' pensions."',
                    "The union",
                )
            ],
        ),
        # with neither, it is nobody's
        (
            'The council met on Monday. In the long run, "the city will lose thousands of workers to the'
            ' suburbs and never get them back."',
            [],
        ),
    ],
)
def test_a_long_quote_with_no_cue(
    annotator: Annotator, text: str, expected: list[tuple[str, str, str]]
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [(q.kind, q.text, q.speaker.text if q.speaker else None) for q in result.quotes] == expected


def test_a_coordinated_new_saying_after_when_ends_the_first(annotator: Annotator) -> None:
    """ "..., and when asked whether ...": a cue right after the subordinator opens a new saying."""
    text = (
        "He said he had not seen the violent episode in Fayetteville, and when asked whether he was"
        " encouraging his supporters' fury, he said he hoped not."
    )
    result = analyse_doc(annotator.annotate(text))
    assert [q.text for q in result.quotes][:1] == ["he had not seen the violent episode in Fayetteville"]


@pytest.mark.parametrize(
    ("text", "speaker", "name"),
    [
        (
            "“We each have our own opinion, but we are friends,” Jim Bennett, 57, told a voter.",
            "Jim Bennett, 57",
            "Jim Bennett",
        ),
        (
            "Jillian Chase, 27, a Tinder user in New York, said the election would come up on dates.",
            "Jillian Chase, 27, a Tinder user in New York",
            "Jillian Chase",
        ),
    ],
)
def test_an_age_belongs_to_the_name_before_it(
    annotator: Annotator, text: str, speaker: str, name: str
) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.speaker.text if q.speaker else None for q in result.quotes] == [speaker]
    assert [s.name for s in result.sources] == [name]


def test_a_title_case_headline_names_its_speaker_first(annotator: Annotator) -> None:
    text = (
        "Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Be Criminally Investigated.’\n\n"
        "Massachusetts Sen. Elizabeth Warren grilled Wells Fargo CEO John Stumpf on Tuesday.\n"
    )
    result = analyse_doc(annotator.annotate(text))
    assert [(q.text, q.speaker.text if q.speaker else None) for q in result.quotes] == [
        ("You Should Be Criminally Investigated.", "Elizabeth Warren")
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # a crowd or an audience speaks as a group
        ("“Mexico!” the audience screamed back.", "the audience", "group"),
        ("“Nooooo!” the crowd cried out, booing.", "the crowd", "group"),
        # a lawsuit speaks as a document
        ("“Chairman Gowdy tied these statements to the firing,” the suit says.", "the suit", "document"),
    ],
)
def test_collective_and_document_speakers(annotator: Annotator, text: str, speaker: str, kind: str) -> None:
    result = analyse_doc(annotator.annotate(text))
    assert [q.speaker.text if q.speaker else None for q in result.quotes] == [speaker]
    assert [s.type for s in result.sources] == [kind]


def test_a_name_is_no_auxiliary(annotator: Annotator) -> None:
    # "Will" in a name is no finite verb, whatever its lower-case form is
    doc = annotator.annotate("County Chairman Will Rogers will speak on Monday.")
    words = {tok.text: tok for tok in doc.sentences[0].tokens}
    lexicon = load_lexicon()
    assert not finite(words["Will"], lexicon) and finite(words["will"], lexicon)
