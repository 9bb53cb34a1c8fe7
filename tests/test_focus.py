"""Which sentences the parser sees: the choice, without models."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quotes.focus import Focus, SentenceView, focus

FOCUS = focus()


def views(text: str) -> list[SentenceView]:
    """One view per line of `text`; lemmas are the lower-cased words, "said" -> "say"."""
    out, at = [], 0
    for line in text.split("\n"):
        words = tuple(line.replace(",", " ,").replace(".", " .").split())
        lemmas = tuple({"said": "say", "told": "tell", "warned": "warn"}.get(w, w.lower()) for w in words)
        out.append(SentenceView(at, at + len(line), words, lemmas))
        at += len(line) + 1
    return out


@pytest.mark.parametrize(
    ("line", "chosen"),
    [
        ("The bridge opened in 1932.", False),
        ("It carries six lanes of traffic.", False),
        ("The council said the tolls would rise.", True),  # a reporting verb
        ("Officials warned of delays.", True),  # by its lemma
        ("According to the mayor, the tolls will rise.", True),  # an anchor word
        ("Quoting a source, the agency reported a delay.", True),
        ("The ministry declined to comment.", True),  # a sourcing event
        ("The plan is “very symbolic” for the city.", True),  # quotation marks
        ("Trump’s plan is dead.", False),  # an apostrophe is no quotation mark
    ],
)
def test_sentences_chosen_for_the_parser(line: str, chosen: bool) -> None:
    text = "Nothing here.\n" + line
    assert FOCUS.chosen(text, views(text)) == [False, chosen]


def test_a_quote_over_several_sentences_is_chosen_where_its_marks_are() -> None:
    text = "“We will build it. It will be fine. We are sure.”"
    starts = [0, 19, 36]
    ends = [18, 35, len(text)]
    sentences = [
        SentenceView(a, b, tuple(text[a:b].split()), tuple(text[a:b].lower().split()))
        for a, b in zip(starts, ends, strict=True)
    ]
    assert FOCUS.chosen(text, sentences) == [True, False, True]


def test_an_unpaired_closing_mark_is_chosen() -> None:
    text = "We will build it.\nWe are sure.”"
    assert FOCUS.chosen(text, views(text)) == [False, True]


def test_the_fingerprint_follows_the_words() -> None:
    other = replace(FOCUS, lemmas=FOCUS.lemmas | {"mumble"})
    assert isinstance(FOCUS, Focus)
    assert other.fingerprint != FOCUS.fingerprint
    assert focus().fingerprint == FOCUS.fingerprint
