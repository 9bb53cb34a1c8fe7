"""Reports: the table's verdict and layout, JSON that round-trips, and CSV columns that never move."""

from __future__ import annotations

import csv
import io
import re

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes.errors import InputError
from quotes.html import to_html
from quotes.model import ArticleResult, Diagnostic, Event, Quote, Source, Span, Summary
from quotes.report import (
    FORMULA_STARTS,
    QUOTE_COLUMNS,
    SOURCE_COLUMNS,
    result_from_json,
    results_from_json,
    summary_table,
    to_csv,
    to_json,
    to_jsonl,
    to_sources_csv,
    to_table,
    verdict,
)
from quotes.summary import summarise
from quotes.xlsx import write_xlsx


def _quote(number: int, kind: str, source: str | None, text: str, via: tuple[str, ...] = ()) -> Quote:
    return Quote(
        id=f"q{number}",
        kind=kind,  # type: ignore[arg-type]
        start=number * 100,
        end=number * 100 + len(text),
        text=text,
        cue=Span(number * 100 + 50, number * 100 + 54, "said"),
        speaker=Span(number * 100 + 40, number * 100 + 49, "the source") if source else None,
        source=source,
        via=via,
        pattern="after" if kind == "direct" else None,
        confidence=0.95 if kind == "direct" else None,
    )


def sample() -> ArticleResult:
    """Shaped like the Sochi seed: a ministry, anonymous sources via two agencies, a declined comment."""
    anonymous = [
        _quote(i, "direct", "s2", f'Anonymous remark number {i}, "quoted"; with, commas', ("s4",))
        for i in range(1, 5)
    ]
    anonymous += [_quote(i, "indirect", "s3", f"Reported view {i}", ("Interfax",)) for i in range(5, 9)]
    named = [
        _quote(
            9, "direct", "s1", "US Secretary of State John Kerry will pay a working visit to Russia on May 12"
        ),
        _quote(10, "mixed", "s1", "normalisation of bilateral ties"),
        _quote(11, "direct", None, "Nobody claims this one"),
    ]
    return ArticleResult(
        id="seed-000",
        title="US Secretary of State John Kerry to meet Putin in Sochi May 12",
        quotes=tuple(anonymous + named),
        sources=(
            Source(id="s1", name="Russian foreign ministry", type="organisation", direct=1, mixed=1),
            Source(
                id="s2",
                name="diplomatic source",
                type="anonymous",
                descriptor="a diplomatic source",
                via=("s4",),
            ),
            Source(id="s3", name="source", type="anonymous", via=("Interfax",)),
            Source(id="s4", name="RIA Novosti", type="organisation", title="state news agency"),
            Source(id="s5", name="Dmitry Peskov", type="person", title="Putin's spokesman"),
        ),
        events=(
            Event(
                type="declined_comment", source="s5", start=900, end=940, text="declined immediate comment"
            ),
        ),
        diagnostics=(Diagnostic(code="unclosed_quote", message="quote left open", start=777),),
        summary=Summary(quotes=11, direct=6, mixed=1, indirect=4, anonymous_quote_share=8 / 11),
        outlet="AFP",
        date="2015-05-09",
        author="Staff and agencies",
    )


def test_verdict() -> None:
    assert verdict(sample()) == (
        "11 quotes from 3 sources (1 unattributed); 8 of 11 quotes (73%) from anonymous sources, "
        "via RIA Novosti and Interfax"
    )
    assert verdict(ArticleResult(id="x", title=None)) == "no quotes found"


def test_table_layout() -> None:
    table = to_table(sample(), width=100, color=False)
    lines = table.splitlines()
    assert lines[0] == "seed-000 — US Secretary of State John Kerry to meet Putin in Sochi May 12"
    assert lines[1].startswith("11 quotes from 3 sources")
    assert all(len(line) <= 100 for line in lines)
    assert "…" in table  # the long quote was shortened to fit
    for expected in (
        "diplomatic source",
        "RIA Novosti",
        "(unattributed)",
        "declined comment",
        "Dmitry Peskov",
    ):
        assert expected in table
    assert "diagnostics: unclosed_quote@777" in table
    assert "\x1b[" not in table
    assert "73%" not in lines[3:]  # shares are per source: the foreign ministry has 2 of 11
    assert "18%" in table


def test_table_color_and_narrow() -> None:
    assert "\x1b[32mdirect\x1b[0m" in to_table(sample(), width=60, color=True)
    assert to_table(ArticleResult(id="empty", title=None)) == "empty\nno quotes found"


def test_json_round_trip_and_shape() -> None:
    result = sample()
    assert result_from_json(to_json(result)) == result
    assert result_from_json(to_jsonl(result)) == result
    assert to_jsonl(result).endswith(b"\n") and to_jsonl(result).count(b"\n") == 1
    data = orjson.loads(to_json(result))
    assert isinstance(data["quotes"][0]["via"], list)  # tuples are lists in JSON
    assert data["quotes"][0]["cue"] == {"start": 150, "end": 154, "text": "said"}


def test_results_from_json_accepts_object_array_and_lines() -> None:
    one, other = sample(), ArticleResult(id="b", title=None)
    assert results_from_json(to_json(one)) == [one]
    assert results_from_json(b"[" + to_json(one) + b"," + to_json(other) + b"]") == [one, other]
    assert results_from_json(to_jsonl(one) + to_jsonl(other)) == [one, other]
    assert results_from_json(b"") == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{", "not a JSON result"),
        (b"[]", "expected `object`, got `array`"),
        (b'{"id": "x"}', "missing required field `title`"),
        (b'{"id": "x", "title": null, "quotes": [{"id": "q", "kind": "shouted"}]}', r"\$.quotes\[0\].kind"),
        (b'{"id": 3, "title": null}', r"result at \$.id"),
    ],
)
def test_result_from_json_rejects_bad_input(data: bytes, message: str) -> None:
    # more cases, and what is tolerated, in test_contract.py
    with pytest.raises(InputError, match=message):
        result_from_json(data)


ints = st.integers(min_value=0, max_value=10**9)
texts = st.text(max_size=30)
spans = st.builds(Span, start=ints, end=ints, text=texts)
quotes = st.builds(
    Quote,
    id=texts,
    kind=st.sampled_from(["direct", "mixed", "indirect"]),
    start=ints,
    end=ints,
    text=texts,
    cue=st.none() | spans,
    speaker=st.none() | spans,
    source=st.none() | texts,
    via=st.lists(texts, max_size=3).map(tuple),
    continuation=st.booleans(),
)
sources = st.builds(
    Source,
    id=texts,
    name=texts,
    type=st.sampled_from(["person", "organisation", "anonymous", "group", "unknown"]),
    descriptor=st.none() | texts,
    title=st.none() | texts,
    via=st.lists(texts, max_size=2).map(tuple),
    mentions=st.lists(spans, max_size=2).map(tuple),
    direct=ints,
    mixed=ints,
    indirect=ints,
)
results = st.builds(
    ArticleResult,
    id=texts,
    title=st.none() | texts,
    quotes=st.lists(quotes, max_size=4).map(tuple),
    sources=st.lists(sources, max_size=3).map(tuple),
    events=st.lists(
        st.builds(
            Event,
            type=st.sampled_from(["declined_comment", "no_response"]),
            source=st.none() | texts,
            start=ints,
            end=ints,
            text=texts,
        ),
        max_size=2,
    ).map(tuple),
    diagnostics=st.lists(
        st.builds(Diagnostic, code=texts, message=texts, start=st.none() | ints), max_size=2
    ).map(tuple),
    summary=st.builds(Summary, quotes=ints, anonymous_quote_share=st.floats(0, 1)),
    outlet=st.none() | texts,
    date=st.none() | texts,
    url=st.none() | texts,
)


@given(results)
def test_json_round_trips_any_result(result: ArticleResult) -> None:
    assert result_from_json(to_json(result)) == result
    assert result_from_json(to_jsonl(result)) == result


@given(results, st.text(max_size=60))
def test_every_format_renders_any_result(result: ArticleResult, text: str) -> None:
    to_table(result, width=40)
    page = to_html([result], {result.id: text})
    # whatever the spans, the text comes out escaped and whole, and every mark is closed
    assert page.count("<script") == 1 and page.count("<mark") == page.count("</mark>")
    workbook = io.BytesIO()
    assert write_xlsx([result], workbook, summary=summarise([result])) == (
        len(result.quotes),
        len(result.sources),
    )
    rows = list(csv.DictReader(io.StringIO(to_csv([result]), newline="")))
    # never shortened; only a formula-like start is defused, with a leading apostrophe
    expected = ["'" * quote.text.startswith(FORMULA_STARTS) + quote.text for quote in result.quotes]
    assert [row["quote_text"] for row in rows] == expected
    assert len(list(csv.DictReader(io.StringIO(to_sources_csv([result]), newline="")))) == len(result.sources)


def test_quotes_csv_columns_and_escaping() -> None:
    text = to_csv([sample(), ArticleResult(id="b", title=None)])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == QUOTE_COLUMNS
    rows = list(reader)
    assert len(rows) == 11
    first = rows[0]
    assert first == {
        "article_id": "seed-000",
        "article_title": "US Secretary of State John Kerry to meet Putin in Sochi May 12",
        "article_outlet": "AFP",
        "article_date": "2015-05-09",
        "article_url": "",
        "article_author": "Staff and agencies",
        "quote_id": "q1",
        "quote_kind": "direct",
        "quote_text": 'Anonymous remark number 1, "quoted"; with, commas',
        "quote_start": "100",
        "quote_end": "149",
        "quote_cue": "said",
        "quote_speaker": "the source",
        "quote_via": "RIA Novosti",
        "quote_pattern": "after",
        "quote_confidence": "0.95",
        "source_id": "s2",
        "source_name": "diplomatic source",
        "source_type": "anonymous",
        "source_title": "",
        "source_descriptor": "a diplomatic source",
    }
    long_quote = next(row for row in rows if row["quote_id"] == "q9")
    assert (
        long_quote["quote_text"]
        == "US Secretary of State John Kerry will pay a working visit to Russia on May 12"
    )
    assert long_quote["source_name"] == "Russian foreign ministry" and long_quote["source_title"] == ""
    assert rows[-1]["source_id"] == "" and rows[-1]["source_name"] == ""
    assert not text.startswith("\ufeff")


def test_sources_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(to_sources_csv([sample()]), newline="")))
    assert tuple(rows[0]) == SOURCE_COLUMNS
    ministry = rows[0]
    assert (ministry["article_outlet"], ministry["article_date"]) == ("AFP", "2015-05-09")
    assert (ministry["article_url"], ministry["article_author"]) == ("", "Staff and agencies")
    assert (
        ministry["source_name"],
        ministry["source_direct"],
        ministry["source_mixed"],
        ministry["source_quotes"],
        ministry["source_quote_share"],
    ) == (
        "Russian foreign ministry",
        "1",
        "1",
        "2",
        "0.1818",
    )
    assert rows[4]["source_title"] == "Putin's spokesman" and rows[4]["source_quotes"] == "0"


def test_excel_bom() -> None:
    assert to_csv([sample()], excel=True).startswith("\ufeffarticle_id,")
    assert to_sources_csv([sample()], excel=True).startswith("\ufeffarticle_id,")


def test_summary_table_shows_the_run_figures() -> None:
    summary = {
        "articles": 3,
        "quotes": 8,
        "anonymous_quotes": 2,
        "unattributed_quotes": 1,
        "failed": {"total": 1},
        "quotes_by_kind": {"direct": 5, "mixed": 1, "indirect": 2},
        "by_outlet": {"AFP": {"articles": 2, "quotes": 6, "anonymous_quotes": 2}},
        "by_month": {},
        "top_sources": [{"name": "Dmitry Peskov", "type": "person", "quotes": 3, "articles": 2}],
        "conduits": [{"name": "Interfax", "quotes": 2, "articles": 1}],
    }
    table = summary_table(summary)
    assert table.splitlines()[0] == "3 articles, 8 quotes (5 direct, 1 mixed, 2 reported), 1 failed"
    assert "2 quotes (25%) from anonymous sources, 1 unattributed" in table
    assert "AFP" in table and "33%" in table
    assert "Dmitry Peskov" in table and "Interfax" in table
    assert "month" not in table  # no dated articles, no month table


def _hostile() -> ArticleResult:
    """Every text field holds what a spreadsheet runs or a terminal obeys."""
    quote = Quote(
        id="q1",
        kind="direct",
        start=0,
        end=9,
        text='=HYPERLINK("http://x")',
        cue=Span(10, 14, "\rsaid"),
        speaker=Span(15, 20, "@who"),
        source="s1",
    )
    return ArticleResult(
        id="-1+2",
        title="+cmd|' /C calc'!A0 \x1b[2J\x1b]0;pwned\x07",
        quotes=(quote,),
        sources=(Source(id="s1", name="\tTab \x1b[31mred\x9b1m", type="person", descriptor="a=b"),),
        events=(Event(type="declined_comment", source="s1", start=30, end=40, text="no\x00comment\x7f"),),
        diagnostics=(Diagnostic(code="odd\x1b[A", message="m"),),
    )


def test_csv_text_cells_that_start_like_formulas_are_defused() -> None:
    [quote] = csv.DictReader(io.StringIO(to_csv([_hostile()], excel=True).removeprefix("\ufeff"), newline=""))
    assert quote["article_id"] == "'-1+2"
    assert quote["article_title"].startswith("'+cmd")
    assert quote["quote_text"] == '\'=HYPERLINK("http://x")'
    assert quote["quote_cue"] == "'\rsaid" and quote["quote_speaker"] == "'@who"
    assert quote["source_name"].startswith("'\tTab")
    assert quote["source_descriptor"] == "a=b"  # a formula character later in the cell is harmless
    # numbers stay numbers
    assert (quote["quote_start"], quote["quote_end"], quote["quote_kind"]) == ("0", "9", "direct")
    [source] = csv.DictReader(io.StringIO(to_sources_csv([_hostile()]), newline=""))
    assert source["article_id"] == "'-1+2" and source["source_name"].startswith("'\tTab")
    assert (source["source_direct"], source["source_quotes"]) == ("1", "1")


def test_tables_escape_control_characters() -> None:
    for color in (False, True):
        table = to_table(_hostile(), width=100, color=color)
        # only the table's own colours (bold, kinds, reset) may reach the terminal, and line breaks
        rest = re.sub(r"\x1b\[(?:0|1|32|33|36)m", "", table).replace("\n", "")
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", rest), rest
        assert "\\x1b[2J" in table and "\\x9b1m" in table and "no\\x00comment\\x7f" in table
        assert "diagnostics: odd\\x1b[A" in table
    summary = {
        "articles": 1,
        "by_outlet": {"\x1b[2Jout": {"articles": 1, "quotes": 1, "anonymous_quotes": 0}},
        "top_sources": [{"name": "two\nlines\x85", "type": "person\x07", "quotes": 1, "articles": 1}],
        "conduits": [{"name": "\x1b]8;;http://x\x07link", "quotes": 1, "articles": 1}],
    }
    text = summary_table(summary)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), text
    assert "\\x1b[2Jout" in text and "two lines" in text and "person\\x07" in text


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\r"])
def test_results_from_json_lines_keep_a_title_holding_a_unicode_line_separator(separator: str) -> None:
    one = ArticleResult(id="a", title=f"first{separator}second")
    other = ArticleResult(id="b", title=None)
    assert results_from_json(to_jsonl(one) + to_jsonl(other)) == [one, other]
