"""The rule pipeline end to end on hand-built docs: the seed article, ids, summary, properties."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from docbuilder import auto_doc, table_doc, whitespace_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.attribute import attribute
from quotes.detect import detect
from quotes.lexicon import load_lexicon
from quotes.model import Article, ArticleResult, Diagnostic
from quotes.pipeline import analyse_doc, attribution_groups, keep_confident
from quotes.sources import find_events
from quotes.tokens import TokenIndex

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_df30cf6afb0c0192.txt"
SEED_ENTITIES = (
    ("John Kerry", "PER"),
    ("Vladimir Putin", "PER"),
    ("Dmitry Peskov", "PER"),
    ("Sergei Lavrov", "PER"),
    ("RIA Novosti", "ORG"),
    ("Interfax", "ORG"),
)


def seed_result() -> ArticleResult:
    return analyse_doc(auto_doc(SEED.read_text(encoding="utf-8"), SEED_ENTITIES))


def test_seed_has_eleven_direct_quotes_from_three_sources() -> None:
    result = seed_result()
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert len(direct) == 11
    by_id = {s.id: s for s in result.sources}
    speakers = [by_id[q.source] for q in direct if q.source]
    assert len(speakers) == 11
    assert sorted({(s.type, s.name, s.via) for s in speakers}) == [
        ("anonymous", "A source", ("Interfax",)),
        ("anonymous", "a diplomatic source", ("RIA Novosti",)),
        ("organisation", "Russian foreign ministry", ()),
    ]


def test_seed_sources_of_each_quote() -> None:
    result = seed_result()
    name = {s.id: s.name for s in result.sources}
    direct = [
        (q.text[:20], name[q.source or ""], q.continuation) for q in result.quotes if q.kind == "direct"
    ]
    ministry, ria, interfax = "Russian foreign ministry", "a diplomatic source", "A source"
    assert direct == [
        ("US Secretary of Stat", ministry, False),
        ("We expect that Secre", ministry, False),
        ("Kerry's visit to Rus", ria, False),
        ("He cancelled his vis", ria, True),
        ("We never clam up, we", ria, False),
        ("It's important that ", interfax, False),
        ("Let's see what the s", interfax, True),
        ("For us it's a princi", interfax, True),
        ("Sergei Lavrov noted ", ministry, False),
        ("Americans destroyed ", interfax, False),
        ("Decades will be need", interfax, True),
    ]


def test_seed_reported_speech_and_event() -> None:
    result = seed_result()
    name = {s.id: s.name for s in result.sources}
    indirect = {q.text[:25]: name.get(q.source or "") for q in result.quotes if q.kind == "indirect"}
    assert indirect["US Secretary of State Joh"] == "both sides"
    assert indirect["that the US diplomat's So"] == "a diplomatic source"
    assert indirect["that Russia expected Wash"] == "A source"
    [event] = result.events
    assert event.type == "declined_comment" and name[event.source or ""] == "Dmitry Peskov"


def test_seed_summary() -> None:
    summary = seed_result().summary
    assert summary.direct == 11 and summary.mixed == 0 and summary.unattributed == 0
    assert summary.quotes == summary.direct + summary.indirect
    assert summary.anonymous_sources == 2


def test_ids_and_order() -> None:
    result = seed_result()
    assert [q.id for q in result.quotes] == [f"q{n}" for n in range(1, len(result.quotes) + 1)]
    assert [s.id for s in result.sources] == [f"s{n}" for n in range(1, len(result.sources) + 1)]
    assert [q.start for q in result.quotes] == sorted(q.start for q in result.quotes)


def test_article_fields_and_diagnostics_are_kept() -> None:
    note = Diagnostic("encoding", "replaced bad bytes", 0)
    text = '"We will win the vote, he said.'
    article = Article(id="a1", text=text, title="T", outlet="O", diagnostics=(note,))
    result = analyse_doc(auto_doc(text), article=article)
    assert (result.id, result.title, result.outlet) == ("a1", "T", "O")
    assert result.diagnostics[0] == note
    assert "unclosed_quote" in [d.code for d in result.diagnostics]


def test_mixed_quote_counts_in_summary() -> None:
    result = analyse_doc(auto_doc('Lavrov called the visit "very symbolic" on Monday.', (("Lavrov", "PER"),)))
    assert result.summary.mixed == 1 and result.quotes[0].source == "s1"
    assert result.sources[0].type == "person"


def test_anonymous_quote_share() -> None:
    text = "“We will win,” a source said.\n\n“We will lose,” Senator John Smith said."
    result = analyse_doc(auto_doc(text, (("John Smith", "PER"),)))
    assert result.summary.anonymous_quote_share == 0.5
    assert result.summary.named_sources == 1 and result.summary.anonymous_sources == 1


def test_every_quote_has_a_pattern_and_the_confidence_measured_for_it() -> None:
    result = seed_result()
    assert all(q.pattern is not None for q in result.quotes)
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert all(q.confidence is not None and 0.5 < q.confidence < 1 for q in direct)


def test_keep_confident_drops_the_doubtful_quotes_and_their_sources_only() -> None:
    result = seed_result()
    levels = sorted({q.confidence for q in result.quotes if q.confidence is not None})
    assert len(levels) >= 2, "the seed's quotes come from patterns of different precision"
    cut = levels[-1]
    kept = keep_confident(result, minimum=cut)
    assert kept.quotes == tuple(q for q in result.quotes if q.confidence is not None and q.confidence >= cut)
    assert 0 < len(kept.quotes) < len(result.quotes)
    assert kept.summary.quotes == len(kept.quotes)
    ids = {s.id for s in kept.sources}
    assert all(q.source in ids for q in kept.quotes if q.source)
    assert all(e.source in ids for e in kept.events if e.source)
    for source in kept.sources:
        mine = [q for q in kept.quotes if q.source == source.id]
        assert source.direct + source.mixed + source.indirect == len(mine)
    check_invariants(kept, SEED.read_text(encoding="utf-8"))
    assert keep_confident(result, minimum=0.0).quotes == tuple(
        q for q in result.quotes if q.confidence is not None
    )
    assert keep_confident(result, minimum=1.0).quotes == ()


def check_invariants(result: ArticleResult, text: str) -> None:
    spans = []
    for quote in result.quotes:
        assert text[quote.start : quote.end] == quote.text
        spans += [s for s in (quote.cue, quote.speaker) if s is not None]
    spans += [m for source in result.sources for m in source.mentions]
    for span in spans:
        assert text[span.start : span.end] == span.text
    for event in result.events:
        assert text[event.start : event.end] == event.text
    ordered = sorted(result.quotes, key=lambda q: q.start)
    for a, b in itertools.pairwise(ordered):
        assert a.end <= b.start
    ids = {s.id for s in result.sources}
    assert all(q.source in ids for q in result.quotes if q.source)


def test_seed_invariants() -> None:
    check_invariants(seed_result(), SEED.read_text(encoding="utf-8"))


QUOTY = st.text(
    alphabet=st.sampled_from(list("ab said told he the source, .:\n\"“”„«»‘’'AB()")) | st.characters(),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(QUOTY)
def test_no_text_crashes_the_pipeline_whitespace_doc(text: str) -> None:
    check_invariants(analyse_doc(whitespace_doc(text)), text)


@settings(max_examples=300, deadline=None)
@given(QUOTY)
def test_no_text_crashes_the_pipeline_tagged_doc(text: str) -> None:
    check_invariants(analyse_doc(auto_doc(text)), text)


WORDS = st.sampled_from(
    [
        "He",
        "she",
        "said",
        "told",
        "the",
        "source",
        "“",
        "”",
        '"',
        ",",
        ".",
        "\n\n",
        "According",
        "to",
        "that",
        "declined",
        "comment",
        "Kerry",
        "a",
        "ministry",
        "quoted",
        "as",
        "saying",
        "visit",
        "is",
        "was",
        "will",
        "''",
        "WALLACE:",
        "(D-Wis.)",
        "‘",
        "’",
        "«",
        "»",
        "but",
        "Reuters",
        "did",
        "not",
        "respond",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60))
def test_quote_like_word_salad_keeps_the_invariants(words: list[str]) -> None:
    text = " ".join(words)
    check_invariants(analyse_doc(auto_doc(text)), text)


def test_attribution_groups_join_continuations_and_shared_cues() -> None:
    text = (
        "“The plan is dead,” he said, “and we will try again.”\n\n"
        "“Next year we will have a new plan.”\n\n“No,” she said."
    )
    result = analyse_doc(auto_doc(text))
    groups = attribution_groups(result.quotes)
    assert [[q.text for q in group] for group in groups] == [
        ["The plan is dead", "and we will try again.", "Next year we will have a new plan."],
        ["No"],
    ]


def test_seed_attribution_groups() -> None:
    groups = attribution_groups(seed_result().quotes)
    direct = [len(g) for g in groups if g[0].kind == "direct"]
    # "For us it's a principal issue." continues reported speech, so it stands alone
    assert direct == [1, 1, 2, 1, 2, 1, 1, 2]


# what Stanza gives: "Putin's" split into two words that share the token's text and offsets
PESKOV = """
Putin's PROPN 3 nmod:poss Putin NNP
Putin's PART 1 case 's POS
spokesman NOUN 6 nsubj spokesman NN
Dmitry PROPN 6 nsubj Dmitry NNP
Peskov PROPN 4 flat Peskov NNP
declined VERB 0 root decline VBD
immediate ADJ 8 amod immediate JJ
comment NOUN 6 obj comment NN
. PUNCT 6 punct . .
"""


def test_event_subject_with_a_split_possessive() -> None:
    text = "Putin's spokesman Dmitry Peskov declined immediate comment."
    doc = table_doc(text, PESKOV)
    result = analyse_doc(doc)
    [event] = result.events
    assert event.text == text[:-1]
    [source] = result.sources
    assert (source.name, source.title) == ("Dmitry Peskov", "Putin's spokesman")


# "both" as a coordinator of the verb, and the speaker's words after the cue as its object
BOTH_SIDES = """
Kerry PROPN 3 nsubj:pass Kerry NNP
is AUX 3 aux:pass be VBZ
expected VERB 0 root expect VBN
to PART 5 mark to TO
meet VERB 3 xcomp meet VB
Putin PROPN 5 obj Putin NNP
, PUNCT 10 punct , ,
both CCONJ 10 cc both CC
sides NOUN 10 nsubj side NNS
said VERB 3 conj say VBD
. PUNCT 3 punct . .
"""


def test_group_speaker_survives_a_parse_that_drops_both() -> None:
    doc = table_doc("Kerry is expected to meet Putin, both sides said.", BOTH_SIDES)
    result = analyse_doc(doc)
    assert [(q.kind, q.speaker and q.speaker.text) for q in result.quotes] == [("indirect", "both sides")]
    assert result.sources[0].type == "group"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=40),
    st.lists(
        st.tuples(st.integers(-1, 45), st.sampled_from(["ccomp", "nsubj", "mark", "punct", "obj"])),
        max_size=45,
    ),
)
def test_any_parse_keeps_the_invariants(words: list[str], arcs: list[tuple[int, str]]) -> None:
    """Heads anywhere (cycles, self-loops, out of range): a wrong parse never breaks the pipeline."""
    text = " ".join(words)
    doc = auto_doc(text)
    sentences = []
    for sentence in doc.sentences:
        tokens = tuple(
            replace(
                tok,
                head=arcs[i % len(arcs)][0] if arcs else -1,
                deprel=arcs[i % len(arcs)][1] if arcs else "root",
            )
            for i, tok in enumerate(sentence.tokens)
        )
        sentences.append(replace(sentence, tokens=tokens))
    check_invariants(analyse_doc(replace(doc, sentences=tuple(sentences))), text)


def test_stages_given_the_token_index_find_what_they_find_alone() -> None:
    doc = auto_doc(SEED.read_text(encoding="utf-8"), SEED_ENTITIES)
    lexicon = load_lexicon()
    index = TokenIndex(doc)
    detection = detect(doc, lexicon=lexicon, index=index)
    assert detection == detect(doc, lexicon=lexicon)
    assert detection.candidates
    assert attribute(doc, detection.candidates, lexicon=lexicon, index=index) == attribute(
        doc, detection.candidates, lexicon=lexicon
    )
    assert find_events(doc, lexicon=lexicon, index=index) == find_events(doc, lexicon=lexicon)


LEXICON_DIR = Path(__file__).resolve().parent.parent / "quotes" / "lexicon"


def test_each_word_list_writes_a_word_once() -> None:
    # a word several rules read has one line naming its sets, never a second line elsewhere in the file
    for path in sorted(LEXICON_DIR.glob("*.txt")):
        rows = [
            line.split("#", 1)[0].strip() if not line.startswith("#") else ""
            for line in path.read_text("utf-8").splitlines()
        ]
        entries = [row.split("\t")[0] if path.name == "comment_events.txt" else row for row in rows if row]
        if path.name in {
            "pronouns.txt",
            "auxiliaries.txt",
            "determiners.txt",
            "connectives.txt",
            "time_words.txt",
            "np_links.txt",
            "parenthetical_openers.txt",
            "object_verbs.txt",
            "not_reporting_before.txt",
            "reporting_verbs.txt",
        }:
            entries = [row.split()[0] for row in entries]
        assert len(entries) == len(set(entries)), path.name


def test_word_sets_are_read_by_name() -> None:
    lexicon = load_lexicon()
    assert lexicon.auxiliaries["passive"] == {"is", "was", "were", "been", "being"}
    assert "was" in lexicon.auxiliaries.all
    assert lexicon.pronoun_sets["inverted"] == {"he", "she", "they", "we"}
    # a possessive speaks only as the owner of a saying ("his claim that ..."), for whoever it names
    assert dict(lexicon.pronouns)["his"] == "person"
    assert "your" not in dict(lexicon.pronouns)
    assert "call for" in lexicon.directive_verbs


@pytest.mark.parametrize(
    "text",
    [
        "The policy urged employees to report gross violations of rights.",
        "“We will win the vote,” the goal said.",
        "The bias is clear: “If you look at what is going on, it is bad.”",
    ],
)
def test_a_thing_is_no_speaker(text: str) -> None:
    """A mention with no name, no pronoun and a head that is no person, body, group or document
    speaks for nobody: the quote stays, unattributed, and no source is made of it."""
    result = analyse_doc(auto_doc(text))
    assert len(result.quotes) == 1
    assert (result.quotes[0].speaker, result.quotes[0].source, result.sources) == (None, None, ())


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("“It is three in the morning,” the announcer said.", ("announcer", "person")),
        ("His ex-wife contended that she should not have to testify.", ("His ex-wife", "person")),
        ("The co-editor said the candidate made announcements there.", ("co-editor", "person")),
        ("Independent analyses suggest that top earners gain most.", ("Independent analyses", "document")),
        ("“Finally, someone who thinks like me,” the piece concludes.", ("piece", "document")),
    ],
)
def test_people_by_trade_or_kin_and_documents_are_typed(text: str, source: tuple[str, str]) -> None:
    result = analyse_doc(auto_doc(text))
    assert [(s.name, s.type) for s in result.sources] == [source]


DEMONSTRATORS = """
Protests NOUN 3 nsubj:pass protest NNS
were AUX 3 aux:pass be VBD
led VERB 0 root lead VBN
by ADP 5 case
demonstrators NOUN 3 obl demonstrator NNS
here ADV 5 advmod
, PUNCT 9 punct
who PRON 9 nsubj
say VERB 5 acl:relcl say VBP
the DET 11 det
police NOUN 12 nsubj
lied VERB 9 ccomp lie VBD
. PUNCT 3 punct
"""


def test_a_relative_speaker_is_the_noun_its_clause_hangs_on_as_parsed() -> None:
    text = "Protests were led by demonstrators here, who say the police lied."
    result = analyse_doc(table_doc(text, DEMONSTRATORS))
    [quote] = result.quotes
    assert (quote.text, quote.speaker and quote.speaker.text) == ("the police lied", "who")
    [source] = result.sources
    assert (source.name, source.type, [m.text for m in source.mentions]) == (
        "demonstrators",
        "group",
        ["demonstrators", "who"],
    )


def test_a_relative_after_a_dash_is_the_name_before_it() -> None:
    text = "The race is close, with Hillary Clinton — who has said that taxes must rise — ahead."
    result = analyse_doc(auto_doc(text, (("Hillary Clinton", "PER"),)))
    assert [(s.name, s.type) for s in result.sources] == [("Hillary Clinton", "person")]
