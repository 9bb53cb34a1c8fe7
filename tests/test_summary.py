"""The run summary counts a person under one name across articles (real pipeline, real models)."""

from __future__ import annotations

import io

from quotes.annotate import Annotator
from quotes.pipeline import analyse_doc
from quotes.runreport import write_run_report
from quotes.summary import person_folds, summarise

ARTICLES = (
    "Donald Trump said the wall would be built. Trump said Mexico would pay for it.",
    "Trump said the plan was great.",
    "Hillary Clinton said she would win the state.",
    "Bill Clinton said his wife would win the state.",
    "Clinton said the race was close.",
)


def test_a_person_is_counted_under_one_name_across_articles(annotator: Annotator) -> None:
    results = [analyse_doc(annotator.annotate(text)) for text in ARTICLES]
    summary = summarise(results)
    top = {(s.name, s.quotes, s.articles) for s in summary.top_sources}
    # "Trump" alone in the second article is the one Trump of the run; "Clinton" names two people
    assert ("Donald Trump", 3, 2) in top
    assert ("Clinton", 1, 1) in top and ("Hillary Clinton", 1, 1) in top
    assert not any(name == "Trump" for name, _, _ in top)
    # the run report links the person's row to both articles
    out = io.StringIO()
    write_run_report(lambda: iter(results), summary, out)
    row = next(line for line in out.getvalue().split("<tr>") if line.startswith("<td>Donald Trump "))
    assert 'href="#a1"' in row and 'href="#a2"' in row


def test_spellings_of_one_name_go_under_the_most_used() -> None:
    uses = {"Donald Trump": 5, "Donald J. Trump": 2, "Trump": 9, "Obama": 3, "Sanders": 1}
    assert person_folds(uses) == {"Donald J. Trump": "Donald Trump", "Trump": "Donald Trump"}
