"""The fuzz run of `benchmarks/fuzz.py` in the suite: a quick one always, a bigger one marked slow.

The full counts of the reliability issue (100,000 rules cases, 3,000 through Stanza) are the script's
default run: `python benchmarks/fuzz.py`.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quotes.annotate import Annotator
from quotes.model import ArticleResult, Quote, Source, Span
from quotes.pipeline import analyse_doc

ROOT = Path(__file__).resolve().parent.parent


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()


def _explain(failures: list[Any]) -> str:
    """The count and the first failure's case, text and traceback, for the assertion message."""
    if not failures:
        return ""
    first = failures[0]
    return f"{len(failures)} failures; first: case {first.case} {first.text[:500]!r}\n{first.error}"


def test_rules_fuzz_quick() -> None:
    count, failures = fuzz.run_rules(1, iter(range(2_000)))
    assert count == 2_000
    assert not failures, _explain(failures)


@pytest.mark.slow
def test_rules_fuzz() -> None:
    count, failures = fuzz.run_rules(2, iter(range(10_000)))
    assert count == 10_000
    assert not failures, _explain(failures)


@pytest.mark.slow
def test_stanza_fuzz(annotator: Annotator) -> None:
    count, failures = fuzz.run_stanza(3, 100, annotator=annotator, progress=False)
    assert count == 100
    assert not failures, _explain(failures)


# -- the fuzzer itself: its docs are what it claims, its checks can fail ---------------------------


@pytest.mark.parametrize("case", range(300))
def test_generated_docs_are_well_formed(case: int) -> None:
    rng = fuzz.case_rng(0, case)
    text = fuzz._rules_text(rng)
    doc = fuzz.make_doc(text, rng)
    assert doc.text == text
    for sentence in doc.sentences:
        tokens = sentence.tokens
        assert [t.index for t in tokens] == list(range(len(tokens)))
        assert all(text[t.start : t.end] == t.text and t.text.strip() for t in tokens)
        assert [t.head for t in tokens].count(-1) == 1
        assert all(t.deprel == "root" for t in tokens if t.head == -1)
        for token in tokens:  # every word reaches the root: a tree, no cycle
            seen, at = set(), token.index
            while at != -1:
                assert at not in seen and 0 <= at < len(tokens)
                seen.add(at)
                at = tokens[at].head
    assert all(text[e.start : e.end] == e.text for e in doc.entities)


def test_a_case_depends_on_the_seed_and_its_number_alone() -> None:
    first = [fuzz._rules_text(fuzz.case_rng(5, case)) for case in range(20)]
    again = [fuzz._rules_text(fuzz.case_rng(5, case)) for case in reversed(range(20))]
    assert first == again[::-1] and len(set(first)) > 10
    assert [fuzz._rules_text(fuzz.case_rng(6, case)) for case in range(20)] != first


def test_generated_texts_cover_every_quote_convention() -> None:
    texts = "".join(fuzz._rules_text(fuzz.case_rng(0, case)) for case in range(500))
    for mark in ['"', "“", "”", "„", "«", "»", "‘", "’", "‚", "'", "\n\n", "—", "\x00", "\u2028"]:
        assert mark in texts, repr(mark)
    assert max(len(word) for word in texts.split()) >= 1_000


def _seed_like() -> tuple[ArticleResult, str]:
    text = "“We will win,” Smith said. “No,” she said."
    doc = fuzz.make_doc(text, fuzz.case_rng(0, 0))
    return analyse_doc(doc), text


def _broken(result: ArticleResult) -> list[ArticleResult]:
    quote = Quote("q9", "direct", 0, 5, "abcde", source="s1")
    return [
        replace(result, quotes=(quote,)),  # a span that does not slice the text
        replace(result, quotes=(replace(quote, text="“We w", source=None),) * 2),  # two quotes overlap
        replace(result, quotes=(replace(quote, text="“We w", source="s7"),)),  # a source that is not there
        replace(result, sources=(Source("s1", "X", "person", mentions=(Span(0, 2, "no"),)),)),
        replace(result, summary=replace(result.summary, anonymous_quote_share=2.0)),  # the schema says <= 1
    ]


@pytest.mark.parametrize("index", range(5))
def test_check_catches_each_broken_invariant(index: int) -> None:
    result, text = _seed_like()
    fuzz.check(result, text)  # the real result passes
    with pytest.raises(AssertionError):
        fuzz.check(_broken(result)[index], text)


def test_a_failing_case_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> ArticleResult:
        raise ValueError("boom")

    monkeypatch.setattr(fuzz, "analyse_doc", explode)
    count, failures = fuzz.run_rules(0, iter(range(3)))
    assert count == 3 and [f.case for f in failures] == [0, 1, 2]
    assert "ValueError: boom" in failures[0].error
    assert failures[0].text == fuzz._rules_text(fuzz.case_rng(0, 0))
