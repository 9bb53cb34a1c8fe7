"""Source typing, titles, conduits and sourcing events."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docbuilder import auto_doc

from quotes.attribute import attribute
from quotes.coref import Chain
from quotes.detect import detect
from quotes.lexicon import load_lexicon
from quotes.model import Span
from quotes.sources import Profile, conduits, find_events, profile

LEXICON = load_lexicon()


def profile_of(text: str, mentions: list[str], entities: tuple[tuple[str, str], ...] = ()) -> Profile:
    doc = auto_doc(text, entities)
    spans = [Span(text.index(m), text.index(m) + len(m), m) for m in mentions]
    return profile(doc, Chain(tuple(spans)), lexicon=LEXICON)


@pytest.mark.parametrize(
    ("text", "mentions", "entities", "expected"),
    [
        (
            "US Secretary of State John Kerry said so.",
            ["US Secretary of State John Kerry"],
            (("John Kerry", "PER"),),
            Profile("person", "John Kerry", title="US Secretary of State"),
        ),
        (
            "Putin's spokesman Dmitry Peskov said so.",
            ["Putin's spokesman Dmitry Peskov"],
            (),
            Profile("person", "Dmitry Peskov", title="Putin's spokesman"),
        ),
        (
            "Dmitry Peskov said so.",
            ["Dmitry Peskov"],
            (("Dmitry Peskov", "PER"),),
            Profile("person", "Dmitry Peskov"),
        ),
        (
            "said the Russian foreign ministry. the statement said.",
            ["the Russian foreign ministry", "the statement"],
            (),
            Profile("organisation", "Russian foreign ministry"),
        ),
        (
            "a diplomatic source said. the source said.",
            ["a diplomatic source", "the source"],
            (),
            Profile("anonymous", "a diplomatic source", descriptor="a diplomatic source"),
        ),
        ("officials said so.", ["officials"], (), Profile("anonymous", "officials", descriptor="officials")),
        ("both sides said so.", ["both sides"], (), Profile("group", "both sides")),
        ("analysts said so.", ["analysts"], (), Profile("group", "analysts")),
        # the formulas of unnamed sources: what they are close to is not who they are
        (
            "A source close to Orvea said so.",
            ["A source close to Orvea"],
            (("Orvea", "PER"),),
            Profile("anonymous", "A source close to Orvea", descriptor="A source close to Orvea"),
        ),
        (
            "two people familiar with the matter said so.",
            ["two people familiar with the matter"],
            (),
            Profile(
                "anonymous",
                "two people familiar with the matter",
                descriptor="two people familiar with the matter",
            ),
        ),
        # a spokesperson for a named body speaks as the body; for a person, as a spokesperson
        (
            "A spokeswoman for the glass maker Wiegand-Glas said so.",
            ["A spokeswoman for the glass maker Wiegand-Glas"],
            (),
            Profile("organisation", "Wiegand-Glas"),
        ),
        # two names the article also uses apart are two sources; one firm's name is not
        (
            "Orvea bid. Telbel balked. Orvea and Telbel declined to comment.",
            ["Orvea and Telbel"],
            (),
            Profile("group", "Orvea and Telbel"),
        ),
        (
            "Procter and Gamble declined to comment.",
            ["Procter and Gamble"],
            (("Procter and Gamble", "ORG"),),
            Profile("organisation", "Procter and Gamble"),
        ),
        (
            "Shop owners on Gloucester Road say so.",
            ["Shop owners on Gloucester Road"],
            (),
            Profile("group", "Shop owners on Gloucester Road"),
        ),
        # the name after the head names their employer, not them
        (
            "Economists at Commerzbank said so.",
            ["Economists at Commerzbank"],
            (("Commerzbank", "ORG"),),
            Profile("group", "Economists at Commerzbank"),
        ),
        (
            "The Washington Post reported so.",
            ["The Washington Post"],
            (),
            Profile("organisation", "Washington Post"),
        ),
        # a pronoun is never a name: unresolved, nothing is known of who speaks
        ("it said so.", ["it"], (), Profile("unknown", "")),
        (
            "the Irish Airline Pilots' Association said so.",
            ["the Irish Airline Pilots' Association"],
            (),
            Profile("organisation", "Irish Airline Pilots' Association"),
        ),
        ("the regulator said so.", ["the regulator"], (), Profile("organisation", "regulator")),
        # a name introduced by a body's noun is a body, here or elsewhere in the article
        (
            "Consumer group Citizens Power said so.",
            ["Consumer group Citizens Power"],
            (),
            Profile("organisation", "Citizens Power"),
        ),
        (
            "An inquiry into supplier Northgrid opened. Northgrid declined to comment.",
            ["Northgrid"],
            (),
            Profile("organisation", "Northgrid"),
        ),
        # the article's words outrank a tagger that takes a one-word firm for a person
        (
            "An inquiry into supplier Northgrid opened. Northgrid declined to comment.",
            ["Northgrid"],
            (("Northgrid", "PER"),),
            Profile("organisation", "Northgrid"),
        ),
        # an appositive describes; it is no part of the name, nor does a body named in it speak
        (
            "Ban Ki-moon, the secretary general of the United Nations, said so.",
            ["Ban Ki-moon, the secretary general of the United Nations"],
            (("United Nations", "ORG"),),
            Profile("person", "Ban Ki-moon", title="secretary general of the United Nations"),
        ),
        (
            "The Patent Office, the agency that grants patents, said so.",
            ["The Patent Office, the agency that grants patents"],
            (("Patent Office", "ORG"),),
            Profile("organisation", "Patent Office"),
        ),
        (
            "Officials at the Harbour Authority, a branch of the ministry, said so.",
            ["Officials at the Harbour Authority, a branch of the ministry"],
            (),
            Profile(
                "anonymous",
                "Officials at the Harbour Authority",
                descriptor="Officials at the Harbour Authority, a branch of the ministry",
            ),
        ),
        # a list of names goes on after its comma
        (
            "Orvea, Telbel and Kimo said so. Orvea grew. Telbel shrank. Kimo closed.",
            ["Orvea, Telbel and Kimo"],
            (),
            Profile("group", "Orvea, Telbel and Kimo"),
        ),
        # a title before a name is no body's noun
        (
            "union leader Anna Berg said so.",
            ["union leader Anna Berg"],
            (),
            Profile("person", "Anna Berg", title="union leader"),
        ),
    ],
)
def test_profile(
    text: str, mentions: list[str], entities: tuple[tuple[str, str], ...], expected: Profile
) -> None:
    assert profile_of(text, mentions, entities) == expected


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("A source told the Interfax news agency that Russia expected more help.", ("Interfax",)),
        (
            "The state RIA Novosti news agency, quoting a diplomatic source, said Kerry would come.",
            ("RIA Novosti",),
        ),
        ("The source, speaking to Interfax, said bilateral ties had suffered badly.", ("Interfax",)),
        ("“We will not give up on the vote,” the senator told AFP.", ("AFP",)),
        ("“We will not give up on the vote,” the senator told The Washington Post.", ("Washington Post",)),
        ("“We will not give up on the vote,” the senator said.", ()),
        # the dateline's agency files the story; nobody told it anything
        ("LONDON (Reuters) - The senator said the vote would be held next week.", ()),
        ("MOSCOW, May 5 (AFP) — The senator told Interfax that the vote would be held.", ("Interfax",)),
        # an outlet outside the agency list, named with its kind
        ("The senator told the newspaper Borsen that the vote would be held.", ("Borsen",)),
        (
            "The senator was quoted by the Hurriyet newspaper as saying that the vote would be held.",
            ("Hurriyet",),
        ),
    ],
)
def test_conduits(text: str, via: tuple[str, ...]) -> None:
    doc = auto_doc(text)
    [att], _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert conduits(doc, att.candidate, lexicon=LEXICON) == via


def test_outlet_as_speaker_is_also_the_conduit() -> None:
    text = "The Washington Post reported that the senator would resign next week."
    doc = auto_doc(text)
    [att], _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert att.speaker is not None and att.speaker.text == "The Washington Post"
    assert conduits(doc, att.candidate, lexicon=LEXICON) == ("Washington Post",)


@pytest.mark.parametrize(
    ("text", "kind", "subject", "span"),
    [
        (
            "Putin's spokesman Dmitry Peskov declined immediate comment.",
            "declined_comment",
            "Putin's spokesman Dmitry Peskov",
            "Putin's spokesman Dmitry Peskov declined immediate comment",
        ),
        (
            "The ministry declined to comment.",
            "declined_comment",
            "The ministry",
            "The ministry declined to comment",
        ),
        (
            "The campaign refused to comment on the report.",
            "declined_comment",
            "The campaign",
            "The campaign refused to comment",
        ),
        # a floating quantifier after the subject is not part of it
        (
            "Orvea and Telbel both declined to comment.",
            "declined_comment",
            "Orvea and Telbel",
            "Orvea and Telbel both declined to comment",
        ),
        (
            "A spokesman did not respond to a request for comment.",
            "no_response",
            "A spokesman",
            "A spokesman did not respond to a request for comment",
        ),
        (
            "The senator did not immediately respond to requests for comment.",
            "no_response",
            "The senator",
            "The senator did not immediately respond to requests for comment",
        ),
        (
            "Her lawyer could not be reached for comment.",
            "no_response",
            "Her lawyer",
            "Her lawyer could not be reached for comment",
        ),
    ],
)
def test_events(text: str, kind: str, subject: str, span: str) -> None:
    [event] = find_events(auto_doc(text), lexicon=LEXICON)
    assert (event.type, event.subject and event.subject.text, text[event.start : event.end]) == (
        kind,
        subject,
        span,
    )


def test_no_event_in_an_ordinary_sentence() -> None:
    assert find_events(auto_doc("The ministry commented on the visit."), lexicon=LEXICON) == ()


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        (
            "Mayor Bill de Blasio said so.",
            "Mayor Bill de Blasio",
            Profile("person", "Bill de Blasio", title="Mayor"),
        ),
        (
            "Brian Fallon, the campaign’s press secretary, said so.",
            "Brian Fallon, the campaign’s press secretary",
            Profile("person", "Brian Fallon", title="campaign’s press secretary"),
        ),
    ],
)
def test_person_titles(text: str, mention: str, expected: Profile) -> None:
    assert profile_of(text, [mention]) == expected


def test_capitalised_title_inside_a_tagged_name_is_the_title() -> None:
    text = "Mayor Claire Dubois said so."
    found = profile_of(text, ["Mayor Claire Dubois"], (("Mayor Claire Dubois", "PER"),))
    assert found == Profile("person", "Claire Dubois", title="Mayor")


def test_title_before_a_name_in_apposition() -> None:
    text = "“No,” the association's president, Declan Byrne, said."
    found = profile_of(text, ["the association's president, Declan Byrne"], (("Declan Byrne", "PER"),))
    assert found == Profile("person", "Declan Byrne", title="association's president")


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        ((("Vladimir Putin", "PER"), ("Putin", "LOC")), "person"),  # the full name outvotes a slip
        ((("Putin", "LOC"),), "unknown"),  # no fuller name to borrow from
        # ends in another word: no borrowing; the untagged "Vladimir Putin" still makes it a surname
        ((("Greenpeace International", "ORG"),), "person"),
    ],
)
def test_a_surname_borrows_the_type_of_its_full_name(
    entities: tuple[tuple[str, str], ...], expected: str
) -> None:
    text = "Russian President Vladimir Putin met Greenpeace. Later Putin said Russia was ready."
    mention = "Putin said"[:5]
    doc = auto_doc(text, entities)
    at = text.rindex(mention)
    result = profile(doc, Chain((Span(at, at + 5, mention),)), lexicon=LEXICON)
    assert result.type == expected


def test_a_tagged_possessor_is_not_the_name_of_the_source() -> None:
    text = "Lithuania's foreign minister said so."
    found = profile_of(text, ["Lithuania's foreign minister"], (("Lithuania's", "PER"),))
    assert found.name == "Lithuania's foreign minister"


def test_a_name_split_into_touching_entities_is_one_name() -> None:
    text = "Foreign Minister Tomas Vaitkus said so."
    entities = (("Minister Tomas", "PER"), ("Vaitkus", "PER"))
    found = profile_of(text, ["Foreign Minister Tomas Vaitkus"], entities)
    assert found == Profile("person", "Tomas Vaitkus", title="Foreign Minister")


# ------------------------------------------------------------------- source typing policy (issue 9)


def anonymous(descriptor: str) -> Profile:
    return Profile("anonymous", descriptor, descriptor=descriptor)


@pytest.mark.parametrize(
    ("text", "mentions", "entities", "expected"),
    [
        # an unnamed person described by a formula is anonymous, with the formula as descriptor
        ("A person familiar with the talks said so.", ["A person familiar with the talks"], (), None),
        ("Two people briefed on the plans said so.", ["Two people briefed on the plans"], (), None),
        (
            "A person with knowledge of the matter said so.",
            ["A person with knowledge of the matter"],
            (),
            None,
        ),
        ("An aide in the mayor's office told reporters so.", ["An aide in the mayor's office"], (), None),
        ("An executive at the bank said so.", ["An executive at the bank"], (), None),
        # the copy says it keeps them unnamed, in the mention's sentence
        (
            "A fire brigade spokesman, who declined to be named, said so.",
            ["A fire brigade spokesman"],
            (),
            None,
        ),
        ("The spokesman, speaking on condition of anonymity, said so.", ["The spokesman"], (), None),
        # a relative clause is no part of the head ("official", not "spoke"), nor of the name: it
        # stays in the descriptor
        (
            "So said a senior official who spoke on condition of anonymity.",
            ["a senior official who spoke on condition of anonymity"],
            (),
            Profile(
                "anonymous",
                "a senior official",
                descriptor="a senior official who spoke on condition of anonymity",
            ),
        ),
        (
            "A senior official, who asked not to be identified, said so.",
            ["A senior official, who asked not to be identified"],
            (),
            Profile(
                "anonymous",
                "A senior official",
                descriptor="A senior official, who asked not to be identified",
            ),
        ),
        ("A senior official, who asked not to be identified, said so.", ["A senior official"], (), None),
        ("An unnamed minister said so.", ["An unnamed minister"], (), None),
        # a spokesperson with no name is unnamed, whoever they speak for
        ("A spokeswoman for the ministry said so.", ["A spokeswoman for the ministry"], (), None),
        ("A company spokeswoman said so.", ["A company spokeswoman"], (), None),
        # plurals too; a sentence's capital makes no name
        ("Officials said so.", ["Officials"], (), None),
        ("Western diplomats said so.", ["Western diplomats"], (), None),
        ("Two police officers said so.", ["Two police officers"], (), None),
        # a collective that speaks as a body is a group
        ("Protesters said so.", ["Protesters"], (), Profile("group", "Protesters")),
        ("Residents said so.", ["Residents"], (), Profile("group", "Residents")),
        ("The opposition said so.", ["The opposition"], (), Profile("group", "opposition")),
        # a name is the name; what describes the person is the title
        (
            "Tom Ng, a spokesman for the union, said so.",
            ["Tom Ng, a spokesman for the union"],
            (("Tom Ng", "PER"),),
            Profile("person", "Tom Ng", title="spokesman for the union"),
        ),
        (
            "“Yes,” said manager Ann Lowe.",
            ["manager Ann Lowe"],
            (),
            Profile("person", "Ann Lowe", title="manager"),
        ),
        # a pronoun takes its antecedent's name, and is never a name itself
        (
            "Anna Berg said so. she said so.",
            ["Anna Berg", "she"],
            (("Anna Berg", "PER"),),
            Profile("person", "Anna Berg"),
        ),
        ("he said so.", ["he"], (), Profile("unknown", "")),
        # a person pronoun tells a person where the other words do not
        (
            "the former first lady said so. she said so.",
            ["the former first lady", "she"],
            (),
            Profile("person", "former first lady", descriptor="the former first lady"),
        ),
        ("he’d said so.", ["he’d"], (), Profile("unknown", "")),
        ("Critics, who said so.", ["who"], (), Profile("unknown", "")),
        # a date, a determiner alone, a clause: nothing known of who speaks, and no name
        ("Friday said so.", ["Friday"], (), Profile("unknown", "")),
        ("the said so.", ["the"], (), Profile("unknown", "")),
        ("officials said the talks had stalled.", ["officials said the talks"], (), Profile("unknown", "")),
        # an outlet named by its kind is a body
        ("The newspaper said so.", ["The newspaper"], (), Profile("organisation", "newspaper")),
        ("The broadcaster said so.", ["The broadcaster"], (), Profile("organisation", "broadcaster")),
        # people counted, not named, speak as a group
        ("Both said so.", ["Both"], (), Profile("group", "", descriptor="Both")),
        ("The two said so.", ["The two"], (), Profile("group", "", descriptor="The two")),
        (
            "55 percent of voters said so.",
            ["55 percent of voters"],
            (),
            Profile("group", "55 percent of voters"),
        ),
        (
            "All three candidates said so.",
            ["All three candidates"],
            (),
            Profile("group", "All three candidates"),
        ),
        ("One said so.", ["One"], (), Profile("unknown", "")),
        # a people or a party's members, named in the plural, are a group
        ("Americans say so.", ["Americans"], (("Americans", "MISC"),), Profile("group", "Americans")),
        # ... whatever entity the tagger makes of the party's name
        (
            "Many Democrats say so.",
            ["Many Democrats"],
            (("Democrats", "PER"),),
            Profile("group", "Many Democrats"),
        ),
        (
            "Senate Republicans said so.",
            ["Senate Republicans"],
            (("Senate Republicans", "PER"),),
            Profile("group", "Senate Republicans"),
        ),
        # ... but a body named after its members is a body, and a person in it a person
        (
            "Gregory Angelo, president of the Log Cabin Republicans, said so.",
            ["Gregory Angelo, president of the Log Cabin Republicans"],
            (("Gregory Angelo", "PER"), ("Log Cabin Republicans", "ORG")),
            Profile("person", "Gregory Angelo", title="president of the Log Cabin Republicans"),
        ),
        # a name before the head says whom the source works for, not who it is
        ("Another unnamed GOP official said so.", ["Another unnamed GOP official"], (("GOP", "ORG"),), None),
        (
            "A senior Obama administration official said so.",
            ["A senior Obama administration official"],
            (("Obama", "PER"),),
            None,
        ),
        (
            "Several prominent GOP elders said so.",
            ["Several prominent GOP elders"],
            (("GOP", "ORG"),),
            Profile("group", "Several prominent GOP elders"),
        ),
        (
            "Sanders supporters said so.",
            ["Sanders supporters"],
            (("Sanders", "PER"),),
            Profile("group", "Sanders supporters"),
        ),
        # ... and a name after it is somebody else's: whom the source speaks for, works for or talks to
        ("A spokesman for Clinton said so.", ["A spokesman for Clinton"], (("Clinton", "PER"),), None),
        ("An aide to Clinton said so.", ["An aide to Clinton"], (("Clinton", "PER"),), None),
        (
            "Another intelligence source speaking to Fox News said so.",
            ["Another intelligence source speaking to Fox News"],
            (("Fox News", "ORG"),),
            None,
        ),
        # a document by a body is a document, whoever wrote it
        (
            "A 2009 report by the Center for Economic and Policy Research said so.",
            ["A 2009 report by the Center for Economic and Policy Research"],
            (("Center for Economic and Policy Research", "ORG"),),
            Profile(
                "document",
                "2009 report by the Center for Economic and Policy Research",
                descriptor="A 2009 report by the Center for Economic and Policy Research",
            ),
        ),
        (
            "A letter from the American Legion said so.",
            ["A letter from the American Legion"],
            (("American Legion", "ORG"),),
            Profile(
                "document", "letter from the American Legion", descriptor="A letter from the American Legion"
            ),
        ),
        # a person's name in apposition, or after a title at the end, names the speaker
        (
            "Her senior policy adviser, Jake Sullivan, said so.",
            ["Her senior policy adviser, Jake Sullivan"],
            (("Jake Sullivan", "PER"),),
            Profile("person", "Jake Sullivan", title="Her senior policy adviser"),
        ),
        (
            "A former spokesman for the Foreign Ministry, Oleg Voloshyn, said so.",
            ["A former spokesman for the Foreign Ministry, Oleg Voloshyn"],
            (("Foreign Ministry", "ORG"), ("Oleg Voloshyn", "PER")),
            Profile("person", "Oleg Voloshyn", title="former spokesman for the Foreign Ministry"),
        ),
        (
            "The Council on American-Islamic Relations Executive Director Nihad Awad said so.",
            ["The Council on American-Islamic Relations Executive Director Nihad Awad"],
            (("Council on American-Islamic Relations", "ORG"), ("Nihad Awad", "PER")),
            Profile("person", "Nihad Awad", title="Council on American-Islamic Relations Executive Director"),
        ),
        # ... also after an unnamed role, or a tagged name inside the description
        (
            "Another RT America host, Abby Martin, said so.",
            ["Another RT America host, Abby Martin"],
            (("RT America", "ORG"), ("Abby Martin", "PER")),
            Profile("person", "Abby Martin"),
        ),
        (
            "A longtime JNF official, Howard Ingram, said so.",
            ["A longtime JNF official, Howard Ingram"],
            (("JNF", "PER"), ("Howard Ingram", "PER")),
            Profile("person", "Howard Ingram"),
        ),
        # a title inside the tagged name ends what describes the person; a suffix is no name
        (
            "Homeland Security Secretary Jeh Johnson said so.",
            ["Homeland Security Secretary Jeh Johnson"],
            (("Homeland Security Secretary Jeh Johnson", "PER"),),
            Profile("person", "Jeh Johnson", title="Homeland Security Secretary"),
        ),
        (
            "Martin Luther King Jr. said so.",
            ["Martin Luther King Jr."],
            (("Martin Luther King Jr.", "PER"),),
            Profile("person", "Martin Luther King Jr."),
        ),
        # a name described as a body is a body
        (
            "Teck, the Canadian mining company, said so.",
            ["Teck, the Canadian mining company"],
            (),
            Profile("organisation", "Teck"),
        ),
        # ... but not after a body's noun, whatever the tagger says of the name
        (
            "The Israeli newspaper Haaretz said so.",
            ["The Israeli newspaper Haaretz"],
            (("Haaretz", "PER"),),
            Profile("organisation", "Haaretz"),
        ),
        # people named by what they do or are, in the plural, are a group
        ("Clinton defenders said so.", ["Clinton defenders"], (), Profile("group", "Clinton defenders")),
        ("Some activists said so.", ["Some activists"], (), Profile("group", "Some activists")),
        ("The residents said so.", ["The residents"], (), Profile("group", "residents")),
        # a surname the article also writes after a first name is a person, tagged or not
        (
            "Columnist Dana Milbank wrote it. Milbank said so.",
            ["Milbank"],
            (),
            Profile("person", "Milbank"),
        ),
        # acronyms with or without full stops name a body; plurals in -ies keep their kind
        ("The F.B.I. said so.", ["The F.B.I."], (), Profile("organisation", "F.B.I.")),
        (
            "The studies say so.",
            ["The studies"],
            (),
            Profile("document", "studies", descriptor="The studies"),
        ),
        ("The companies said so.", ["The companies"], (), Profile("group", "companies")),
        # a body named by its kind of institution, tagged or not
        (
            "The National Golf Foundation said so.",
            ["The National Golf Foundation"],
            (),
            Profile("organisation", "National Golf Foundation"),
        ),
        (
            "The Center for Responsive Politics said so.",
            ["The Center for Responsive Politics"],
            (),
            Profile("organisation", "Center for Responsive Politics"),
        ),
        # data speak like documents
        (
            "FBI data show so.",
            ["FBI data"],
            (("FBI", "ORG"),),
            Profile("document", "FBI data", descriptor="FBI data"),
        ),
        # a website speaks as the body that runs it
        ("Tchadinfos.com reported so.", ["Tchadinfos.com"], (), Profile("organisation", "Tchadinfos.com")),
        # a place that speaks is its government
        ("Russia said so.", ["Russia"], (("Russia", "LOC"),), Profile("organisation", "Russia")),
        ("Moscow says so.", ["Moscow"], (("Moscow", "LOC"),), Profile("organisation", "Moscow")),
        # a definite role is somebody the article identifies by it: a person, described by the role
        (
            "The minister said so.",
            ["The minister"],
            (),
            Profile("person", "minister", descriptor="The minister"),
        ),
    ],
)
def test_typing_policy(
    text: str, mentions: list[str], entities: tuple[tuple[str, str], ...], expected: Profile | None
) -> None:
    assert profile_of(text, mentions, entities) == (expected or anonymous(mentions[0]))


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("A naval source quoted by the Tass news agency said the ship had docked.", ("Tass",)),
        ("The senator told the Financial Times that the vote would be held.", ("Financial Times",)),
        ("The Daily Herald, citing two officials, said the vote would be held.", ("Daily Herald",)),
        (
            "The Evening Post reported, quoting a police source, that the vote would be held.",
            ("Evening Post",),
        ),
        ("Kommersant, citing a government source, said the vote would be held.", ("Kommersant",)),
        ("“We will not give up,” the senator told Sky News.", ("Sky News",)),
        (
            "The senator said in an interview with the Boston Globe that the vote would be held.",
            ("Boston Globe",),
        ),
        # one channel named in part and in full is named once, in full
        ("“We will not give up,” the senator told BBC Radio on Sunday.", ("BBC Radio",)),
        # a listener who is no outlet is no channel
        ("The senator told reporters that the vote would be held.", ()),
        ("The senator told the Senate that the vote would be held.", ()),
    ],
)
def test_conduits_of_named_outlets(text: str, via: tuple[str, ...]) -> None:
    doc = auto_doc(text)
    [att], _ = attribute(doc, detect(doc, lexicon=LEXICON).candidates, lexicon=LEXICON)
    assert conduits(doc, att.candidate, lexicon=LEXICON) == via


def test_a_name_untagged_here_takes_its_type_from_another_occurrence() -> None:
    text = "Veltrix cut prices. Later Veltrix said so."
    doc = auto_doc(text, (("Veltrix cut", "ORG"),))  # tagged once (here with a stray word), not twice
    at = text.rindex("Veltrix")
    found = profile(doc, Chain((Span(at, at + 7, "Veltrix"),)), lexicon=LEXICON)
    assert found.type == "unknown"  # "Veltrix cut" ends in another word: nothing to borrow
    doc = auto_doc(text, (("Veltrix", "ORG"),))
    entities = tuple(e for e in doc.entities if e.start < at)  # only the first occurrence is tagged
    found = profile(replace(doc, entities=entities), Chain((Span(at, at + 7, "Veltrix"),)), lexicon=LEXICON)
    assert found == Profile("organisation", "Veltrix")


def described(kind: str, mention: str) -> Profile:
    """A source known by its description alone: `name` and `descriptor` are the description."""
    bare = mention.split(" ", 1)[1] if mention.split(" ", 1)[0].lower() in {"a", "an", "the"} else mention
    return Profile(kind, bare, descriptor=mention)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "mentions", "entities", "expected"),
    [
        # a document that speaks, with no body named as its voice
        ("A new poll found that voters were split.", ["A new poll"], (), described("document", "A new poll")),
        ("The email said the meeting was off.", ["The email"], (), described("document", "The email")),
        (
            "A statement said the plant would close.",
            ["A statement"],
            (),
            described("document", "A statement"),
        ),
        (
            "An earlier report in a local paper said so.",
            ["An earlier report in a local paper"],
            (),
            described("document", "An earlier report in a local paper"),
        ),
        ("The survey shows support falling.", ["The survey"], (), described("document", "The survey")),
        ("Court filings show the firm paid.", ["Court filings"], (), described("document", "Court filings")),
        ("Poll: Larsen leads the race", ["Poll"], (), described("document", "Poll")),
        ("Her tweets said otherwise.", ["Her tweets"], (), described("document", "Her tweets")),
        ("An op-ed argued the opposite.", ["An op-ed"], (), described("document", "An op-ed")),
        # the document names nobody new: "the poll ... it found" is the poll
        (
            "A new poll found so. the poll also found more.",
            ["A new poll", "the poll"],
            (),
            described("document", "the poll"),
        ),
        # a possessive after the document's noun owns something else
        (
            "A document on the campaign's website said so.",
            ["A document on the campaign's website"],
            (),
            described("document", "A document on the campaign's website"),
        ),
        # a body's own statement is the body speaking
        (
            "The campaign's statement said so.",
            ["The campaign's statement"],
            (),
            Profile("organisation", "campaign's statement"),
        ),
        # a capitalised head is the last word of a name, not a document
        (
            "The Washington Post said so.",
            ["The Washington Post"],
            (("The Washington Post", "ORG"),),
            Profile("organisation", "Washington Post"),
        ),
        ("Bill said so.", ["Bill"], (("Bill", "PER"),), Profile("person", "Bill")),
        # a role with no name: a person described by the role
        (
            "The Florida senator said so.",
            ["The Florida senator"],
            (("Florida", "LOC"),),
            described("person", "The Florida senator"),
        ),
        (
            "The billionaire businessman said so.",
            ["The billionaire businessman"],
            (),
            described("person", "The billionaire businessman"),
        ),
        ("The actress said so.", ["The actress"], (), described("person", "The actress")),
        ("The 43-year-old said so.", ["The 43-year-old"], (), described("person", "The 43-year-old")),
        ("Earlier the moderator said so.", ["the moderator"], (), described("person", "the moderator")),
        # an indefinite role introduces somebody never named, whom "the judge" then refers back to
        ("A local judge ruled. The judge said so.", ["A local judge", "The judge"], (), None),
        # an indefinite role introduces somebody never named
        ("A reporter asked so.", ["A reporter"], (), None),
        ("A student said so.", ["A student"], (), None),
        # several people of one role, or a share of those polled, speak together: a group
        ("The candidates said so.", ["The candidates"], (), Profile("group", "candidates")),
        ("The Vermont senators said so.", ["The Vermont senators"], (), Profile("group", "Vermont senators")),
        (
            "51 percent of respondents said so.",
            ["51 percent of respondents"],
            (),
            Profile("group", "51 percent of respondents"),
        ),
        ("A third said so.", ["A third"], (), Profile("group", "third")),
        (
            "Liberal organizations said so.",
            ["Liberal organizations"],
            (),
            Profile("group", "Liberal organizations"),
        ),
        (
            "The anti-war movement said so.",
            ["The anti-war movement"],
            (),
            Profile("group", "anti-war movement"),
        ),
        # an acronym alone names a body; a church or a publication is one
        ("The FBI said so.", ["The FBI"], (), Profile("organisation", "FBI")),
        ("The church said so.", ["The church"], (), Profile("organisation", "church")),
        # a name with the role is a named person, the role its title
        (
            "The actress Meryl Stone said so.",
            ["The actress Meryl Stone"],
            (("Meryl Stone", "PER"),),
            Profile("person", "Meryl Stone"),
        ),
    ],
)
def test_documents_and_roles(
    text: str, mentions: list[str], entities: tuple[tuple[str, str], ...], expected: Profile | None
) -> None:
    assert profile_of(text, mentions, entities) == (expected or anonymous(mentions[0]))
