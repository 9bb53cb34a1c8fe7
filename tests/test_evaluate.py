"""`quotes evaluate`: span trimming and matching, the scores, and the command, on invented articles."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quotes.cli.app import app
from typer.testing import CliRunner

from quotes.confidence import parse_table
from quotes.errors import InputError
from quotes.evaluate import (
    ERROR_CATEGORIES,
    PRF,
    GoldArticle,
    Scores,
    SpeechVerbs,
    Target,
    context,
    error_counts,
    exact_matches,
    gold_from_dict,
    gold_to_result,
    half_overlap,
    load_speech_verbs,
    match,
    non_name,
    predicted_attributions,
    read_gold,
    read_predictions,
    render_errors,
    render_json,
    render_table,
    score,
    source_figures,
    target,
    trim,
)
from quotes.lexicon import load_lexicon
from quotes.model import ArticleResult, Quote, QuoteKind, Source, Span
from quotes.report import to_jsonl

# Invented articles: never real news text in this repository.
TEXT = (
    'Mayor Lena Ortiz said the budget was "a disaster for everyone." '
    '"We will fight it in court," said Ana Ruiz, a council member. '
    "Critics say the plan will fail. "
    "Ruiz wants a new vote."
)
TWO_PIECES = '"The road is finished," the engineer said, "and the bridge is next."'


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the `nth` occurrence of `part` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def gold_quote(
    text: str,
    content: str | list[str],
    kind: QuoteKind,
    speaker: str | None = None,
    cue: str | None = None,
) -> dict[str, Any]:
    parts = [content] if isinstance(content, str) else content
    spans = [list(at(text, part)) for part in parts]
    quote: dict[str, Any] = {
        "start": spans[0][0],
        "end": spans[-1][1],
        "text": text[spans[0][0] : spans[-1][1]],
        "spans": spans,
        "kind": kind,
        "speaker": None,
        "speaker_start": None,
        "speaker_end": None,
        "cue": None,
        "cue_start": None,
        "cue_end": None,
    }
    if speaker is not None:
        s, e = at(text, speaker)
        quote.update(speaker=speaker, speaker_start=s, speaker_end=e, speaker_spans=[[s, e]])
    if cue is not None:
        s, e = at(text, cue)
        quote.update(cue=cue, cue_start=s, cue_end=e)
    return quote


def gold_article(quotes: list[dict[str, Any]], text: str = TEXT, article_id: str = "a1") -> GoldArticle:
    return gold_from_dict({"id": article_id, "text": text, "quotes": quotes})


def pred_quote(
    text: str, content: str, kind: QuoteKind, speaker: str | None = None, source: str | None = None
) -> Quote:
    start, end = at(text, content)
    mention = None
    if speaker is not None:
        s, e = at(text, speaker)
        mention = Span(s, e, speaker)
    return Quote(
        id=f"q{start}", kind=kind, start=start, end=end, text=content, speaker=mention, source=source
    )


def run(
    article: GoldArticle, quotes: list[Quote], sources: tuple[Source, ...] = (), **options: Any
) -> Scores:
    result = ArticleResult(id=article.id, title=None, quotes=tuple(quotes), sources=sources)
    return score([article], {article.id: result}, **options)


def prf(scores: PRF) -> tuple[float | None, float | None, float | None]:
    return scores.precision, scores.recall, scores.f1


# ----------------------------------------------------------------------------------------- trimming


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("  “We will fight it,”  ", "We will fight it"),
        ('"Yes!"', "Yes"),
        ("'a disaster for everyone.'", "a disaster for everyone"),
        ("(the plan)", "the plan"),
        ("\u00a0said ", "said"),
        ("— the road —", "the road"),
        ("don't", "don't"),
        ("it’s ‘in their heads.’", "it’s ‘in their heads"),
        ("—", "—"),  # nothing but punctuation: left as it is rather than emptied
    ],
)
def test_trim(span: str, expected: str) -> None:
    text = f"xx{span}yy"
    start, end = trim(text, 2, 2 + len(span))
    assert text[start:end] == expected


def test_target_keeps_pieces_and_trimmed_extent() -> None:
    t = target(
        TWO_PIECES, [at(TWO_PIECES, '"The road is finished,"'), at(TWO_PIECES, '"and the bridge is next."')]
    )
    assert [TWO_PIECES[s:e] for s, e in t.pieces] == ["The road is finished", "and the bridge is next"]
    assert (
        TWO_PIECES[t.key[0] : t.key[1]] == 'The road is finished," the engineer said, "and the bridge is next'
    )


# ----------------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (((0, 10),), ((0, 10),), True),
        (((0, 10),), ((0, 5),), True),  # half of gold, all of pred
        (((0, 10),), ((0, 4),), False),  # less than half of gold
        (((0, 10),), ((5, 20),), False),  # half of gold but a third of pred
        (((0, 10),), ((10, 20),), False),  # touching is not overlapping
        (((0, 4), (8, 12)), ((2, 10),), True),  # pieces: 4 of 8 gold characters, 4 of 8 pred
        (((0, 4), (8, 12)), ((3, 10),), False),
    ],
)
def test_half_overlap(
    gold: tuple[tuple[int, int], ...], pred: tuple[tuple[int, int], ...], expected: bool
) -> None:
    assert half_overlap(gold, pred) is expected
    assert half_overlap(pred, gold) is expected


def t(*spans: tuple[int, int]) -> Target:
    return Target(spans, (spans[0][0], spans[-1][1]))


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([t((0, 10))], [t((0, 10)), t((0, 9))], [(0, 0)]),  # one-to-one: the second pred is spurious
        ([t((0, 10))], [t((0, 9)), t((0, 10))], [(0, 1)]),  # the identical span wins
        ([t((0, 10)), t((0, 8))], [t((0, 8)), t((0, 10))], [(0, 1), (1, 0)]),
        ([t((0, 10)), t((20, 30))], [t((25, 40)), t((2, 12))], [(0, 1)]),
        ([t((0, 4), (8, 12))], [t((0, 12))], [(0, 0)]),  # gold in pieces matches a span over the whole
        ([], [t((0, 1))], []),
    ],
)
def test_match(gold: list[Target], pred: list[Target], expected: list[tuple[int, int]]) -> None:
    assert sorted(match(gold, pred)) == expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([(0, 5), (6, 9)], [(0, 5)], 1),
        ([(0, 5), (0, 5)], [(0, 5)], 1),
        ([(0, 5), (0, 5)], [(0, 5), (0, 5), (0, 5)], 2),
        ([(0, 5)], [(0, 6)], 0),
    ],
)
def test_exact_matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]], expected: int) -> None:
    assert exact_matches(gold, pred) == expected


# ---------------------------------------------------------------------------------- quoted material


def test_quoted_material_half_overlap_and_exact() -> None:
    article = gold_article(
        [
            gold_quote(
                TEXT, 'the budget was "a disaster for everyone."', "mixed", "Mayor Lena Ortiz", "said"
            ),
            gold_quote(TEXT, '"We will fight it in court,"', "direct", "Ana Ruiz", "said"),
            gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say"),
        ]
    )
    scores = run(
        article,
        [
            pred_quote(TEXT, "a disaster for everyone.", "direct"),  # more than half of the mixed gold
            pred_quote(TEXT, "Ruiz wants a new vote", "direct"),  # spurious
            pred_quote(TEXT, "the plan will fail", "indirect"),  # not quoted material
        ],
    )
    assert prf(scores.quoted) == (0.5, 0.5, 0.5)
    assert (scores.quoted.pred_total, scores.quoted.gold_total) == (2, 2)
    assert prf(scores.quoted_exact) == (0.0, 0.0, 0.0)
    kinds = {e.category for e in scores.errors}
    assert kinds == {"missed_quoted", "spurious_quoted", "wrong_speaker"}  # no predicted speaker
    missed = next(e for e in scores.errors if e.category == "missed_quoted")
    assert missed.gold == '"We will fight it in court,"'
    assert "[[" in missed.context and missed.gold_speaker == "Ana Ruiz"


def test_exact_span_after_trimming_marks_and_punctuation() -> None:
    article = gold_article([gold_quote(TEXT, '"We will fight it in court,"', "direct", "Ana Ruiz")])
    scores = run(article, [pred_quote(TEXT, "We will fight it in court", "direct")])
    assert prf(scores.quoted_exact) == (1.0, 1.0, 1.0)
    assert prf(scores.attributions_exact) == (1.0, 1.0, 1.0)


def test_less_than_half_does_not_match() -> None:
    article = gold_article([gold_quote(TEXT, '"We will fight it in court,"', "direct")])
    scores = run(article, [pred_quote(TEXT, "We will", "direct")])
    assert prf(scores.quoted) == (0.0, 0.0, 0.0)


def test_gold_in_pieces_matches_one_span_or_the_first_piece() -> None:
    article = gold_article(
        [gold_quote(TWO_PIECES, ['"The road is finished,"', '"and the bridge is next."'], "direct")],
        text=TWO_PIECES,
    )
    whole = run(article, [pred_quote(TWO_PIECES, TWO_PIECES, "direct")])
    assert prf(whole.quoted) == (1.0, 1.0, 1.0)
    assert prf(whole.quoted_exact) == (1.0, 1.0, 1.0)  # exact compares the trimmed extents
    second = run(article, [pred_quote(TWO_PIECES, "and the bridge is next.", "direct")])
    assert prf(second.quoted) == (1.0, 1.0, 1.0)  # 22 of the 42 gold characters


# Invented: a quote split by its cue, then a paragraph that continues it, then another speaker.
SPLIT = (
    "“The road is finished,” the engineer said, “and the bridge is next.”\n\n"
    "“After that, the tunnel.”\n\n"
    "“Not this year,” said the mayor."
)


def split_quotes(text: str = SPLIT) -> list[Quote]:
    """The engine's reading of SPLIT: three quotes of one attribution (a shared cue, a continuation)."""
    cue = Span(*at(text, "said"), "said")
    engineer = Span(*at(text, "the engineer"), "the engineer")
    first = replace(
        pred_quote(text, "The road is finished,", "direct"), cue=cue, speaker=engineer, source="s1"
    )
    second = replace(
        pred_quote(text, "and the bridge is next.", "direct"), cue=cue, speaker=engineer, source="s1"
    )
    third = replace(
        pred_quote(text, "After that, the tunnel.", "direct"),
        speaker=engineer,
        source="s1",
        continuation=True,
    )
    mayor = replace(
        pred_quote(text, "Not this year,", "direct", "the mayor"),
        cue=Span(*at(text, "said", 1), "said"),
        source="s2",
    )
    return [first, second, third, mayor]


def test_predicted_pieces_are_grouped_into_one_attribution() -> None:
    parts = predicted_attributions(SPLIT, split_quotes())
    assert [[SPLIT[s:e] for s, e in p.spans] for p in parts] == [
        ["The road is finished,", "and the bridge is next.", "After that, the tunnel."],
        ["Not this year,"],
    ]
    assert [p.speaker.text if p.speaker else None for p in parts] == ["the engineer", "the mayor"]
    assert len(predicted_attributions(SPLIT, split_quotes(), group=False)) == 4


def test_grouped_pieces_match_gold_in_pieces() -> None:
    gold = [
        gold_quote(
            SPLIT,
            ["“The road is finished,”", "“and the bridge is next.”", "“After that, the tunnel.”"],
            "direct",
            "the engineer",
        ),
        gold_quote(SPLIT, "“Not this year,”", "direct", "the mayor"),
    ]
    article = gold_article(gold, text=SPLIT)
    grouped = run(article, split_quotes())
    assert prf(grouped.quoted) == (1.0, 1.0, 1.0)
    assert prf(grouped.quoted_exact) == (1.0, 1.0, 1.0)
    assert grouped.speaker_mention.value == 1.0
    alone = run(article, split_quotes(), group=False)
    # scored alone, no piece covers half of the engineer's attribution: only the mayor's matches
    assert prf(alone.quoted) == (0.25, 0.5, pytest.approx(1 / 3))


def test_grouped_pieces_match_one_gold_span() -> None:
    # gold taking the whole of the split quote as one span, cue included: the pieces still match it
    article = gold_article([gold_quote(SPLIT, SPLIT.split("\n\n")[0], "direct")], text=SPLIT)
    scores = run(article, split_quotes()[:2])
    assert prf(scores.quoted) == (1.0, 1.0, 1.0)


def test_reported_speech_is_never_grouped_with_quotes() -> None:
    quotes = split_quotes()
    quotes[1] = replace(quotes[1], kind="indirect")
    assert len(predicted_attributions(SPLIT, quotes)) == 4


def test_the_table_and_json_say_predictions_are_grouped() -> None:
    scores = run(gold_article([gold_quote(SPLIT, "“Not this year,”", "direct")], text=SPLIT), split_quotes())
    assert "grouped by attribution" in render_table(scores)
    assert "grouped by attribution" in json.loads(render_json(scores))["predictions"]


# Invented, in older newspaper style: two apostrophes for a double quotation mark.
APOSTROPHES = "''The levy is a mistake,'' said the treasurer. She said the vote was ''rushed'' by the board."


@pytest.mark.parametrize(
    ("content", "given", "expected"),
    [
        ("''The levy is a mistake,''", "indirect", "direct"),  # the converter saw no marks
        ("the vote was ''rushed'' by the board", "indirect", "mixed"),
        ("the treasurer", "indirect", "indirect"),  # nothing quoted: left as given
    ],
)
def test_gold_kind_counts_two_apostrophes_as_a_mark(content: str, given: QuoteKind, expected: str) -> None:
    article = gold_article([gold_quote(APOSTROPHES, content, given)], text=APOSTROPHES)
    assert article.quotes[0].kind == expected


def test_gold_kind_is_kept_without_two_apostrophes() -> None:
    # the converter's kind is kept where it read the marks itself, even if the engine would differ
    article = gold_article([gold_quote(TEXT, '"We will fight it in court,"', "mixed")])
    assert article.quotes[0].kind == "mixed"


def test_no_prediction_for_an_article() -> None:
    article = gold_article([gold_quote(TEXT, '"We will fight it in court,"', "direct")])
    scores = score([article], {})
    assert scores.missing == ("a1",)
    assert prf(scores.quoted) == (None, 0.0, 0.0)
    assert scores.speaker_mention.value is None


# ------------------------------------------------------------------------------------------ speakers


def test_speaker_accuracy_mention_and_entity() -> None:
    article = gold_article(
        [
            gold_quote(TEXT, "a disaster for everyone.", "direct", "Mayor Lena Ortiz", "said"),
            gold_quote(TEXT, '"We will fight it in court,"', "direct", "Ana Ruiz", "said"),
            gold_quote(TEXT, "Ruiz wants a new vote", "direct"),  # no gold speaker: left out
        ]
    )
    ruiz = Source(
        id="s2", name="Ana Ruiz", type="person", mentions=(Span(*at(TEXT, "Ana Ruiz"), "Ana Ruiz"),)
    )
    scores = run(
        article,
        [
            pred_quote(TEXT, "a disaster for everyone", "direct", speaker="Lena Ortiz"),  # overlaps gold
            pred_quote(
                TEXT, "We will fight it in court", "direct", speaker="Ruiz", source="s2"
            ),  # in "Ana Ruiz"
            pred_quote(TEXT, "Ruiz wants a new vote", "direct", speaker="Critics"),
        ],
        sources=(ruiz,),
    )
    assert (scores.speaker_mention.correct, scores.speaker_mention.total) == (2, 2)

    wrong = Quote(
        id="q",
        kind="direct",
        start=at(TEXT, "We will fight it in court")[0],
        end=at(TEXT, "We will fight it in court")[1],
        text="We will fight it in court",
        speaker=Span(*at(TEXT, "Ruiz", nth=1), "Ruiz"),  # the "Ruiz" of "Ruiz wants": wrong mention
        source="s2",  # ... of the right entity
    )
    scores = run(article, [wrong], sources=(ruiz,), max_errors=5)
    assert (scores.speaker_mention.correct, scores.speaker_mention.total) == (0, 1)
    assert (scores.speaker_entity.correct, scores.speaker_entity.total) == (1, 1)
    (error,) = [e for e in scores.errors if e.category == "wrong_speaker"]
    assert (error.gold_speaker, error.pred_speaker) == ("Ana Ruiz", "Ruiz")


def test_speaker_missing_in_prediction_is_wrong() -> None:
    article = gold_article([gold_quote(TEXT, '"We will fight it in court,"', "direct", "Ana Ruiz")])
    scores = run(article, [pred_quote(TEXT, "We will fight it in court", "direct")])
    assert (scores.speaker_mention.correct, scores.speaker_entity.correct, scores.speaker_entity.total) == (
        0,
        0,
        1,
    )


def test_source_exact_counts_each_mention_once() -> None:
    article = gold_article(
        [
            gold_quote(TEXT, "a disaster for everyone.", "direct", "Mayor Lena Ortiz", "said"),
            gold_quote(TEXT, "the budget was", "indirect", "Mayor Lena Ortiz", "said"),
            gold_quote(TEXT, "We will fight it in court", "direct", "Ana Ruiz"),
        ]
    )
    scores = run(
        article,
        [
            pred_quote(TEXT, "a disaster for everyone", "direct", speaker="Mayor Lena Ortiz"),
            pred_quote(TEXT, "the budget was", "indirect", speaker="Mayor Lena Ortiz"),
            pred_quote(TEXT, "We will fight it in court", "direct", speaker="Ana Ruiz, a council member"),
        ],
    )
    assert (scores.speaker_mentions_exact.pred_correct, scores.speaker_mentions_exact.pred_total) == (1, 2)
    assert (scores.speaker_mentions_exact.gold_found, scores.speaker_mentions_exact.gold_total) == (1, 2)
    trimmed = run(article, [pred_quote(TEXT, "We will fight it in court", "direct", speaker="Ana Ruiz,")])
    assert (trimmed.speaker_mentions_exact.pred_correct, trimmed.speaker_mentions_exact.pred_total) == (1, 1)


# ------------------------------------------------------------------------------------ reported speech


def test_reported_speech_recall_on_speech_verbs_precision_on_any_attribution() -> None:
    article = gold_article(
        [
            gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say"),
            gold_quote(TEXT, "a new vote", "indirect", "Ruiz", "wants"),  # not speech: not in recall
            gold_quote(TEXT, '"We will fight it in court,"', "direct", "Ana Ruiz", "said"),
        ]
    )
    scores = run(
        article,
        [
            pred_quote(TEXT, "the plan will fail", "indirect"),
            pred_quote(TEXT, "a new vote", "indirect"),  # right against the "wants" attribution
            pred_quote(TEXT, "We will fight it in court", "indirect"),  # right against the direct gold
            pred_quote(TEXT, "Mayor Lena Ortiz", "indirect"),  # matches nothing
        ],
        max_errors=5,
    )
    assert (scores.reported.gold_found, scores.reported.gold_total) == (1, 1)
    assert (scores.reported.pred_correct, scores.reported.pred_total) == (3, 4)
    assert scores.reported.precision == 0.75
    (spurious,) = [e for e in scores.errors if e.category == "spurious_reported"]
    assert spurious.pred == "Mayor Lena Ortiz"


def test_missed_reported_speech_example() -> None:
    article = gold_article([gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say")])
    scores = run(article, [], max_errors=5)
    (missed,) = scores.errors
    assert (missed.category, missed.cue, missed.gold_speaker) == ("missed_reported", "say", "Critics")
    assert scores.reported.recall == 0.0 and scores.reported.precision is None


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("said", True),
        ("has said", True),
        ("said:", True),
        ("told", True),
        ("according to", True),
        ("pointed out", True),
        ("wants", False),
        ("polls show", False),
        ("―", False),
    ],
)
def test_speech_verbs(cue: str, expected: bool) -> None:
    assert load_speech_verbs().matches(cue) is expected


def test_speech_verbs_are_the_lexicons_reporting_verbs() -> None:
    lexicon = load_lexicon()
    verbs = load_speech_verbs()
    assert verbs.lexicon is lexicon and verbs.origin == "quotes/lexicon/reporting_verbs.txt"
    # every lemma and every form the lexicon knows ("told", "testified") is a speech cue, in any case
    for form in sorted(lexicon.reporting_lemmas | lexicon.reporting_forms):
        assert verbs.matches(f"has {form.upper()}:"), form
    assert not verbs.matches("believes")


def test_speech_phrases_are_separate_from_the_verbs() -> None:
    without = SpeechVerbs(lexicon=load_lexicon(), phrases=())
    assert not without.matches("according to") and without.matches("said")
    assert SpeechVerbs(lexicon=load_lexicon(), phrases=(("polls", "show"),)).matches("Polls show")


def test_max_errors_per_category() -> None:
    article = gold_article(
        [
            gold_quote(TEXT, '"We will fight it in court,"', "direct"),
            gold_quote(TEXT, "a disaster for everyone.", "direct"),
            gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say"),
        ]
    )
    scores = run(article, [], max_errors=1)
    assert [e.category for e in scores.errors] == ["missed_quoted", "missed_reported"]
    assert len(run(article, []).errors) == 3


def test_errors_of_one_article_come_in_category_order() -> None:
    article = gold_article(
        [
            gold_quote(TEXT, "a disaster for everyone.", "direct", "Mayor Lena Ortiz", "said"),
            gold_quote(TEXT, '"We will fight it in court,"', "direct"),
            gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say"),
        ]
    )
    predicted = [
        pred_quote(TEXT, "a new vote", "indirect"),  # matches no gold attribution
        pred_quote(TEXT, "Mayor Lena Ortiz", "direct"),  # matches no quoted gold
        pred_quote(TEXT, "a disaster for everyone", "direct", speaker="Ana Ruiz"),  # the wrong speaker
    ]
    scores = run(article, predicted)
    assert [e.category for e in scores.errors] == list(ERROR_CATEGORIES)
    assert error_counts(scores) == dict.fromkeys(ERROR_CATEGORIES, 1)
    wrong = scores.errors[2]
    assert (wrong.gold_speaker, wrong.pred_speaker, wrong.cue) == ("Mayor Lena Ortiz", "Ana Ruiz", "said")


@pytest.mark.parametrize(
    ("start", "end", "width", "expected"),
    [
        (0, 5, 20, "[[Mayor]] Lena Ortiz said the…"),
        (6, 16, 6, "Mayor [[Lena Ortiz]] said …"),  # the text starts exactly `width` before: no "…"
        (len(TEXT) - 9, len(TEXT), 6, "…nts a [[new vote.]]"),
    ],
)
def test_context(start: int, end: int, width: int, expected: str) -> None:
    assert context(TEXT, start, end, width) == expected
    assert context("one\n\ntwo  three", 5, 8, 7) == "one [[two]] three"  # on one line


# -------------------------------------------------------------------------------------------- reading


def test_read_gold_and_predictions(tmp_path: Path) -> None:
    article = gold_article([gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say")])
    path = tmp_path / "gold.jsonl"
    line = {
        "id": "a1",
        "text": TEXT,
        "quotes": [gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say")],
    }
    path.write_text(json.dumps(line) + "\n\n", encoding="utf-8")
    assert list(read_gold(path)) == [article]
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(to_jsonl(gold_to_result(article)))
    assert read_predictions(pred) == {"a1": gold_to_result(article)}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "gold.jsonl:1"),
        (json.dumps({"text": "x"}), "'id' and 'text'"),
        (
            json.dumps({"id": "a", "text": "short", "quotes": [{"start": 0, "end": 99, "kind": "direct"}]}),
            "offsets",
        ),
        (
            json.dumps({"id": "a", "text": "short", "quotes": [{"start": 0, "end": 2, "kind": "quoted"}]}),
            "kind",
        ),
    ],
)
def test_read_gold_rejects_bad_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_gold(path))


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        list(read_gold(tmp_path / "nope.jsonl"))
    with pytest.raises(InputError, match="cannot read"):
        read_predictions(tmp_path / "nope.jsonl")


# ------------------------------------------------------------------------------------------ property

KINDS: tuple[QuoteKind, ...] = ("direct", "mixed", "indirect")


@st.composite
def gold_articles(draw: st.DrawFn, article_id: str) -> GoldArticle:
    text = draw(st.text(alphabet="ab .,“”\"'—\n", min_size=12, max_size=60))
    quotes = []
    for _ in range(draw(st.integers(0, 6))):
        bounds = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=4, unique=True)))
        if len(bounds) == 4 and draw(st.booleans()):
            spans = [[bounds[0], bounds[1]], [bounds[2], bounds[3]]]  # content in two pieces
        else:
            spans = [[bounds[0], bounds[-1]]]
        quote: dict[str, Any] = {
            "start": spans[0][0],
            "end": spans[-1][1],
            "spans": spans,
            "kind": draw(st.sampled_from(KINDS)),
            "cue": None,
            "cue_start": None,
            "cue_end": None,
        }
        if draw(st.booleans()):
            s, e = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=2, unique=True)))
            quote.update(speaker=text[s:e], speaker_start=s, speaker_end=e, speaker_spans=[[s, e]])
        if draw(st.booleans()):
            quote.update(cue="says", cue_start=0, cue_end=1)
        quotes.append(quote)
    return gold_from_dict({"id": article_id, "text": text, "quotes": quotes})


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 0), min_size=1, max_size=3).flatmap(
    lambda ids: st.tuples(*(gold_articles(f"a{i}") for i in range(len(ids))))
))  # fmt: skip
def test_gold_scored_against_itself_is_perfect(articles: tuple[GoldArticle, ...]) -> None:
    # each gold attribution scored on its own: invented gold may give two attributions one cue, which
    # grouping (for the engine's split quotes) would join
    predictions = {a.id: gold_to_result(a) for a in articles}
    scores = score(articles, predictions, speech_verbs=load_speech_verbs(), group=False)
    for counts in (
        scores.quoted,
        scores.quoted_exact,
        scores.reported,
        scores.attributions,
        scores.attributions_exact,
        scores.speaker_mentions_exact,
    ):
        assert counts.precision in (None, 1.0)
        assert counts.recall in (None, 1.0)
        assert counts.f1 in (None, 1.0)
    assert scores.speaker_mention.value in (None, 1.0)
    assert scores.speaker_entity.value in (None, 1.0)
    assert not scores.errors and not scores.missing
    if any(a.quotes for a in articles):
        assert prf(scores.attributions) == (1.0, 1.0, 1.0)


# ------------------------------------------------------------------------------------------------ CLI


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A gold JSONL of two invented articles and predictions for the first only."""
    first = {
        "id": "a1",
        "text": TEXT,
        "quotes": [
            gold_quote(TEXT, '"We will fight it in court,"', "direct", "Ana Ruiz", "said"),
            gold_quote(TEXT, "the plan will fail", "indirect", "Critics", "say"),
        ],
    }
    second = {
        "id": "a2",
        "text": TWO_PIECES,
        "quotes": [
            gold_quote(TWO_PIECES, ['"The road is finished,"', '"and the bridge is next."'], "direct")
        ],
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(a) + "\n" for a in (first, second)), encoding="utf-8")
    result = ArticleResult(
        id="a1",
        title=None,
        quotes=(
            pred_quote(TEXT, "We will fight it in court", "direct", speaker="Mayor Lena Ortiz"),
            pred_quote(TEXT, "Critics say the plan will fail", "indirect", speaker="Critics"),
        ),
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(to_jsonl(result))
    return gold, pred


def test_cli_table(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--pred", str(pred), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "quoted material" in result.stdout
    assert "reported speech" in result.stdout
    assert "83.2 / 13.9" in result.stdout and "72.9 / 17.5" in result.stdout
    assert "CofeNet" in result.stdout
    assert "missed quoted material" not in result.stdout  # no --errors, no examples


def test_cli_json(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = CliRunner().invoke(
        app, ["evaluate", str(gold), "--pred", str(pred), "--limit", "1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1
    assert data["quoted_material"]["f1"] == 1.0
    assert data["speaker"]["mention"] == {"accuracy": 0.0, "correct": 0, "total": 1}
    assert data["reported_speech"]["recall"] == 1.0  # "Critics say the plan will fail" covers half of each
    assert data["attributions"]["content_exact"]["pred_correct"] == 1
    assert data["reference_exact_f1"]["CoreNLP"] == {"source": 13.9, "content": 17.5}
    assert "errors" not in data


def test_cli_errors_and_missing_prediction(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--pred", str(pred), "--errors", "3"])
    assert result.exit_code == 1  # a2 has no prediction
    assert "wrong speaker: 1 (showing 1)" in result.stdout
    assert "gold speaker: 'Ana Ruiz'; pred speaker: 'Mayor Lena Ortiz'" in result.stdout
    assert "missed quoted material: 1 (showing 1)" in result.stdout
    assert "  a2  gold" in result.stdout and "[[" in result.stdout
    assert "1 without a prediction" in result.stdout
    assert "1 gold article has no prediction: a2" in result.stderr

    result = CliRunner().invoke(
        app, ["evaluate", str(gold), "--pred", str(pred), "--errors", "3", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert data["missing_predictions"] == ["a2"]
    categories = [e["category"] for e in data["errors"]]
    assert categories.count("wrong_speaker") == 1 and categories.count("missed_quoted") == 1
    wrong = next(e for e in data["errors"] if e["category"] == "wrong_speaker")
    assert wrong["article_id"] == "a1" and "[[" in wrong["context"]


def test_cli_bad_input(tmp_path: Path, files: tuple[Path, Path]) -> None:
    gold, _ = files
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope.jsonl"), "--pred", str(gold)])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a1"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--pred", str(bad)])
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.stderr


def test_cli_help() -> None:
    result = CliRunner().invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "--pred" in result.stdout and "--errors" in result.stdout


# -------------------------------------------------------------------------------- source-level figures


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Lena Ortiz", None),
        ("ministry", None),
        ("a diplomatic source", None),
        ("Said", None),  # a surname, capitalised: not the verb
        ("self-described democratic socialist", None),  # a compound adjective holds no verb
        ("the well-informed source", None),
        ("", None),  # unnamed is not misnamed
        ("who", "pronoun"),
        ("It", "pronoun"),
        ("they", "pronoun"),
        ("He’s", "pronoun"),
        ("they’d", "pronoun"),
        ("which", "pronoun"),
        ("Friday", "date"),
        ("last week", "date"),
        ("November", "date"),
        ("the", "determiner"),
        ("two", "determiner"),
        ("officials said the talks", "clause"),
        ("the mayor, who was", "clause"),
        ("one of the many people in the crowd outside the hall", "clause"),
    ],
)
def test_non_name(name: str, reason: str | None) -> None:
    assert non_name(name, load_lexicon()) == reason


def test_source_figures_count_unknown_and_non_names() -> None:
    sources = (
        Source(id="s1", name="Lena Ortiz", type="person"),
        Source(id="s2", name="who", type="unknown"),
        Source(id="s3", name="protesters", type="group"),
        Source(id="s4", name="", type="unknown"),
        Source(id="s5", name="Monday", type="organisation"),
    )
    figures = source_figures([ArticleResult(id="a", title=None, sources=sources)], lexicon=load_lexicon())
    assert (figures.total, figures.unknown, figures.non_name) == (5, 2, 2)
    assert figures.by_reason == (("pronoun", 1), ("date", 1))
    assert figures.unknown_share == 0.4 and figures.non_name_share == 0.4
    assert [e.name for e in figures.examples] == ["who", "", "Monday"]
    assert source_figures([], lexicon=load_lexicon()).unknown_share is None


def test_scores_carry_source_figures_in_table_and_json() -> None:
    article = gold_article(
        [gold_quote(TEXT, "a disaster for everyone.", "direct", "Mayor Lena Ortiz", "said")]
    )
    result = ArticleResult(
        id=article.id,
        title=None,
        quotes=(pred_quote(TEXT, "a disaster for everyone", "direct", speaker="Mayor Lena Ortiz"),),
        sources=(Source(id="s1", name="it", type="unknown"),),
    )
    scores = score([article], {article.id: result}, speech_verbs=load_speech_verbs())
    assert (scores.sources.total, scores.sources.unknown, scores.sources.non_name) == (1, 1, 1)
    assert scores.speaker_mentions_exact.f1 == 1.0
    table = render_table(scores)
    assert "sources typed unknown" in table and "1 of 1 sources" in table
    assert "speaker mentions, exact span" in table and "pronoun 1" in table
    sources = json.loads(render_json(scores))["sources"]
    assert sources["typed_unknown"] == {"share": 1.0, "count": 1}
    assert sources["named_by_non_name"] == {"share": 1.0, "count": 1, "by_reason": {"pronoun": 1}}
    assert sources["speaker_mention_exact"]["f1"] == 1.0
    assert "'it' (non-name: pronoun)" in render_errors(scores)


def test_cli_calibrate_writes_a_table_the_engine_reads(tmp_path: Path, files: tuple[Path, Path]) -> None:
    gold, pred = files
    table = tmp_path / "confidence.tsv"
    args = ["evaluate", str(gold), "--pred", str(pred), "--calibrate"]
    result = CliRunner().invoke(app, [*args, str(table)])
    assert result.exit_code == 1, result.output  # a2 has no prediction; the table is written all the same
    text = table.read_text(encoding="utf-8")
    assert text.startswith("# ") and "gold.jsonl" in text
    read = parse_table(text.splitlines())
    assert read and all(0 < value < 1 for value in read.values())
    # a folder is no file: one clear line, exit 2
    result = CliRunner().invoke(app, [*args, str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot write the confidence table" in result.stderr
