"""Golden files: short invented articles, one per news convention, run through the real models.

Each case is a text and a reviewed `<name>.expected.json` (see `tests/golden.py` for where cases
come from): every `fixtures/**/<name>.txt` with a golden beside it, and the seed article
`seeds/000_df30cf6afb0c0192.txt` with its golden in `fixtures/seed/`. The text's first line is
its title; the article id is the file's stem.

The golden format pins what a reader of the result cares about, not offsets (the property test
below checks that every span slices the text), so a diff of a golden reads like a diff of findings:

    {
      "id": "pronoun_chain", "title": "Olympic champion announces retirement",
      "quotes": [{"kind": "direct", "text": "...", "cue": "said", "speaker": "she",
                  "source": "s1", "via": [], "continuation": false}, ...],
      "sources": [{"id": "s1", "name": "Helen Carter", "type": "person", "descriptor": null,
                   "title": null, "via": [], "mentions": ["Helen Carter", "She", "she"],
                   "direct": 2, "mixed": 0, "indirect": 1}, ...],
      "events": [{"type": "declined_comment", "source": "s2", "text": "Northgrid declined to comment"}],
      "diagnostics": ["unclosed_quote"],      # the codes, sorted and deduplicated
      "xfail": {"sections": ["quotes", "sources"], "reason": "what the engine gets wrong"},
      "note": "why the expectation is so"   # optional, for reviewers
    }

Quotes are in text order and sources keep the pipeline's ids (s1, s2, ... by first appearance),
so two anonymous sources with the same name are still told apart. Mentions are texts in order.

Each of the four sections (quotes, sources, events, diagnostics) is a test of its own, so that a
fixture with one known engine miss still guards the rest. A known miss keeps the CORRECT output in
the file and lists the sections it spoils under `"xfail"`; those run as strict xfails, so they turn
red (XPASS) the day the engine is fixed, and the section can leave the list.

Regenerate after a reviewed engine change with `python tests/golden.py [NAME ...]` (sections
listed under "xfail" are kept unless `--force`), then review `git diff fixtures/` before committing.
"""

from __future__ import annotations

import difflib
import itertools
from typing import Any

import orjson
import pytest
from golden import HUMAN_KEYS, SECTIONS, Case, cases, dump, pinned

from quotes import contract
from quotes.annotate import Annotator
from quotes.model import Article, ArticleResult
from quotes.pipeline import analyse_doc
from quotes.report import result_from_json, to_json

CASES = cases()
_RESULTS: dict[str, ArticleResult] = {}


def _params() -> list[Any]:
    params = []
    for case in CASES:
        xfail = case.expected().get("xfail", {})
        for section in SECTIONS:
            marks = []
            if section in xfail.get("sections", ()):
                marks.append(pytest.mark.xfail(reason=xfail["reason"], strict=True))
            params.append(pytest.param(case, section, id=f"{case.name}:{section}", marks=marks))
    return params


def result_of(case: Case, annotator: Annotator) -> ArticleResult:
    """Each text is annotated once per session: the golden and the property tests share it."""
    if case.name not in _RESULTS:
        article = Article(id=case.text_path.stem, text=case.text, title=case.title)
        _RESULTS[case.name] = analyse_doc(annotator.annotate(case.text), article=article)
    return _RESULTS[case.name]


def test_there_are_golden_cases() -> None:
    names = {case.name for case in CASES}
    assert len(names) >= 13 and "seed/000_df30cf6afb0c0192" in names


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_golden_files_are_well_formed(case: Case) -> None:
    expected = case.expected()
    assert set(expected) <= {"id", "title", *SECTIONS, *HUMAN_KEYS}
    assert (expected["id"], expected["title"]) == (case.text_path.stem, case.title)
    if "xfail" in expected:
        xfail = expected["xfail"]
        assert set(xfail) == {"sections", "reason"} and xfail["reason"].strip()
        assert xfail["sections"] and set(xfail["sections"]) <= set(SECTIONS)


@pytest.mark.parametrize(("case", "section"), _params())
def test_golden(case: Case, section: str, annotator: Annotator) -> None:
    expected = case.expected()[section]
    actual = pinned(result_of(case, annotator))[section]
    if actual != expected:
        diff = difflib.unified_diff(
            dump({section: expected}).decode().splitlines(),
            dump({section: actual}).decode().splitlines(),
            f"{case.expected_path.name} (expected)",
            "engine output",
            lineterm="",
        )
        pytest.fail(f"golden {section} differ:\n" + "\n".join(diff), pytrace=False)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_spans_slice_the_text_and_json_round_trips(case: Case, annotator: Annotator) -> None:
    result = result_of(case, annotator)
    text = case.text
    spans: list[Any] = list(result.quotes)
    spans += [s for q in result.quotes for s in (q.cue, q.speaker) if s is not None]
    spans += [m for source in result.sources for m in source.mentions]
    spans += list(result.events)
    for span in spans:
        assert text[span.start : span.end] == span.text, span
    for diagnostic in result.diagnostics:
        assert diagnostic.start is None or 0 <= diagnostic.start <= len(text)
    ordered = sorted(result.quotes, key=lambda q: q.start)
    for a, b in itertools.pairwise(ordered):
        assert a.end <= b.start, (a.text, b.text)
    ids = {s.id for s in result.sources}
    assert all(q.source in ids for q in result.quotes if q.source is not None)
    assert all(e.source in ids for e in result.events if e.source is not None)
    assert contract.validate(orjson.loads(to_json(result))) == []  # the JSON contract, exactly
    assert result_from_json(to_json(result)) == result


def test_seed_sources(annotator: Annotator) -> None:
    """The seed's three quoted voices, spelled out (its golden pins the rest)."""
    [case] = [case for case in CASES if case.name == "seed/000_df30cf6afb0c0192"]
    result = result_of(case, annotator)
    by_id = {s.id: s for s in result.sources}
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert len(direct) == 11
    voices = list(dict.fromkeys(q.source for q in direct))  # in order of their first direct quote
    assert len(voices) == 3 and None not in voices
    ministry, ria, interfax = (by_id[v or ""] for v in voices)
    assert (ministry.name, ministry.type, ministry.via) == ("Russian foreign ministry", "organisation", ())
    assert {"the statement", "the foreign ministry"} <= {m.text for m in ministry.mentions}
    assert (ria.type, ria.via) == ("anonymous", ("RIA Novosti",))
    assert (interfax.type, interfax.via) == ("anonymous", ("Interfax",))
    assert ria.id != interfax.id
    [event] = result.events
    assert event.type == "declined_comment" and by_id[event.source or ""].name == "Dmitry Peskov"
