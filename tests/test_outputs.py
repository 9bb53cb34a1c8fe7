"""The files a reader opens: the xlsx workbook, the CSVs as an analyst reads them, the HTML views.

Everything here runs the real pipeline with the bundled models on real text (fixture articles and
one hostile article), once per module, through a real `quotes batch` run; `quotes analyse` then
finds the same texts in the annotation cache.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import orjson
import pandas
import pytest
from quotes.cli import analyse as analyse_command
from quotes.cli.app import app
from typer.testing import CliRunner

from quotes import contract, flow
from quotes.batch import BatchOutcome, iter_results, run_batch
from quotes.cache import default_dir, prepare
from quotes.model import ArticleResult
from quotes.report import ARTICLE_COLUMNS, QUOTE_COLUMNS, SOURCE_COLUMNS, SOURCE_FIELDS, summary_table
from quotes.xlsx import SUMMARY_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/", "click")'
HOSTILE = (
    'Formula warning <script>alert("x")</script>\n\n'
    "Police spokesman Tom Ng said attackers had typed formulas into the council's online forms.\n\n"
    '"=1+2 was the first thing they tried, then <b>tags</b> & worse," Ng said.\n\n'
    "A council official, who asked not to be named, said the forms had been taken offline.\n"
)
runner = CliRunner()


def _records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = [
        {
            "id": name,
            "title": name.replace("_", " "),
            "text": (FIXTURES / f"{name}.txt").read_text(encoding="utf-8"),
            "outlet": outlet,
            "date": date,
            "url": f"https://news.example/{name}",
        }
        for name, outlet, date in (
            ("two_anonymous_sources", "Reuters", "2015-04-02"),
            ("quoted_as_saying", "AFP", "2015-05-12"),
            ("according_to", "Reuters", "2015-05-20"),
        )
    ]
    records.append({"id": "hostile", "title": HOSTILE_TITLE, "text": HOSTILE, "outlet": "=evil"})
    return records


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in _records()))
    return path


@pytest.fixture(scope="module")
def run(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> BatchOutcome:
    """A real batch run over the articles, filling the session's annotation cache."""
    factory = functools.partial(flow.default_annotator, "bundled", cache=prepare(default_dir()))
    out = tmp_path_factory.mktemp("run") / "out"
    return run_batch([articles], out_dir=out, annotator_factory=factory)


@pytest.fixture(scope="module")
def results(run: BatchOutcome) -> list[ArticleResult]:
    return list(iter_results(run.out_dir / "results.jsonl"))


def _sheet_rows(path: Path | io.BytesIO, name: str) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(path, read_only=False)
    return [tuple(cell.value for cell in row) for row in workbook[name].iter_rows()]


# -- xlsx -----------------------------------------------------------------------------------------


def test_batch_writes_a_workbook_with_quotes_sources_and_summary(
    run: BatchOutcome, results: list[ArticleResult]
) -> None:
    assert (run.analysed, run.failed) == (4, 0)
    path = run.out_dir / "quotes.xlsx"
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["quotes", "sources", "summary"]
    quotes, sources, summary = (workbook[name] for name in workbook.sheetnames)
    for sheet, columns in ((quotes, QUOTE_COLUMNS), (sources, SOURCE_COLUMNS), (summary, SUMMARY_COLUMNS)):
        assert tuple(cell.value for cell in sheet[1]) == columns
        assert sheet.freeze_panes == "A2"  # the header row stays in view
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width >= 10
    assert quotes.max_row - 1 == sum(len(result.quotes) for result in results)
    assert sources.max_row - 1 == sum(len(result.sources) for result in results)
    rows = [dict(zip(QUOTE_COLUMNS, row, strict=True)) for row in _sheet_rows(path, "quotes")[1:]]
    first = results[0].quotes[0]
    assert rows[0]["quote_id"] == first.id and rows[0]["quote_start"] == first.start  # numbers stay numbers
    figures = {(row[0], row[1]) for row in _sheet_rows(path, "summary")[1:]}
    assert {("run", "all articles"), ("outlet", "Reuters"), ("month", "2015-05")} <= figures
    assert any(figure == "most quoted" for figure, _ in figures)


def test_workbook_cells_that_start_like_formulas_stay_text(run: BatchOutcome) -> None:
    workbook = openpyxl.load_workbook(run.out_dir / "quotes.xlsx")
    cells = [cell for row in workbook["quotes"].iter_rows(min_row=2) for cell in row]
    hostile = [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=")]
    values = {cell.value for cell in hostile}
    assert HOSTILE_TITLE in values  # the article's title, in every one of its rows
    assert any(value.startswith("=1+2 was the first thing") for value in values)  # the quote itself
    assert all(cell.data_type == "s" for cell in hostile)  # strings, not formulas ("f")
    assert not any(cell.data_type == "f" for cell in cells)


def test_analyse_writes_a_workbook_and_refuses_a_terminal(
    run: BatchOutcome, articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "report.xlsx"
    done = runner.invoke(app, ["analyse", str(articles), "--format", "xlsx", "--output", str(output)])
    assert done.exit_code == 0, done.output
    batch_rows = _sheet_rows(run.out_dir / "quotes.xlsx", "quotes")
    assert _sheet_rows(output, "quotes") == batch_rows  # the same rows as the batch run's
    piped = runner.invoke(app, ["analyse", str(articles), "-f", "xlsx"])
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK")  # a redirect is fine
    monkeypatch.setattr(analyse_command, "stdout_is_terminal", lambda: True)
    refused = runner.invoke(app, ["analyse", str(articles), "-f", "xlsx"])
    assert refused.exit_code == 2
    assert "--format xlsx writes a binary file: give --output FILE" in refused.output


# -- CSV --------------------------------------------------------------------------------------------


def test_csvs_carry_the_article_and_share_one_naming_scheme(
    run: BatchOutcome, results: list[ArticleResult]
) -> None:
    quotes = pandas.read_csv(run.out_dir / "quotes.csv", dtype=str, keep_default_na=False)
    sources = pandas.read_csv(run.out_dir / "sources.csv", dtype=str, keep_default_na=False)
    assert tuple(quotes.columns) == QUOTE_COLUMNS and tuple(sources.columns) == SOURCE_COLUMNS
    assert len(quotes) == sum(len(result.quotes) for result in results)
    # every quote row carries its article's metadata
    by_id = {result.id: result for result in results}
    for row in quotes.itertuples():
        article = by_id[row.article_id]
        if article.id != "hostile":
            assert row.article_title == article.title and row.article_url == article.url
            assert (row.article_outlet, row.article_date) == (article.outlet, article.date)
    anonymous = quotes[quotes.article_id == "two_anonymous_sources"]
    assert set(anonymous.article_outlet) == {"Reuters"} and set(anonymous.article_date) == {"2015-04-02"}
    # the same thing has the same name in both files: they join on the article and the source
    shared = [column for column in QUOTE_COLUMNS if column in SOURCE_COLUMNS]
    assert shared == [*ARTICLE_COLUMNS, *SOURCE_FIELDS]
    attributed = quotes[quotes.source_id != ""]
    joined = attributed.merge(sources, on=["article_id", "source_id"], suffixes=("", "_s"), validate="m:1")
    assert len(joined) == len(attributed)
    assert (joined.source_name == joined.source_name_s).all()
    assert (joined.source_type == joined.source_type_s).all()
    counts = attributed.groupby(["article_id", "source_id"]).size()
    for row in sources.itertuples():
        assert int(row.source_quotes) == counts.get((row.article_id, row.source_id), 0)


def test_resume_of_a_run_with_old_csv_columns_writes_the_new_ones(
    run: BatchOutcome, articles: Path, tmp_path: Path
) -> None:
    """A run folder from before the renaming (no manifest, no schema_version, the old CSV header)
    resumes: its results are read as they are and every table is written anew from them."""
    old = tmp_path / "old"
    old.mkdir()
    lines = []
    for line in (run.out_dir / "results.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        del record["schema_version"]
        lines.append(orjson.dumps(record) + b"\n")
    (old / "results.jsonl").write_bytes(b"".join(lines))
    (old / "quotes.csv").write_text("article_id,title,quote_id,kind,text,speaker_mention\n", encoding="utf-8")
    factory = functools.partial(flow.default_annotator, "bundled", cache=prepare(default_dir()))
    outcome = run_batch([articles], out_dir=old, resume=True, annotator_factory=factory)
    assert (outcome.analysed, outcome.skipped) == (0, 4)
    for name in ("quotes.csv", "sources.csv", "summary.json"):
        assert (old / name).read_bytes() == (run.out_dir / name).read_bytes(), name
    assert _sheet_rows(old / "quotes.xlsx", "quotes") == _sheet_rows(run.out_dir / "quotes.xlsx", "quotes")


def test_readme_lists_the_csv_columns() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, columns in (("quotes.csv", QUOTE_COLUMNS), ("sources.csv", SOURCE_COLUMNS)):
        [line] = [line for line in readme.splitlines() if line.startswith(f"{name}:")]
        assert tuple(line.split(":", 1)[1].strip().split(", ")) == columns, name


# -- summary and HTML -----------------------------------------------------------------------------


def test_summary_lists_the_most_quoted_anonymous_sources(run: BatchOutcome) -> None:
    summary = orjson.loads((run.out_dir / "summary.json").read_bytes())
    assert contract.validate(summary, name="summary") == []
    anonymous = summary["top_anonymous_sources"]
    assert anonymous and {source["type"] for source in anonymous} == {"anonymous"}
    assert sum(source["quotes"] for source in anonymous) == summary["anonymous_quotes"]
    assert all(source["type"] != "anonymous" for source in summary["top_sources"])
    assert "most quoted anonymous" in summary_table(summary)


@pytest.fixture(scope="module")
def page(run: BatchOutcome, articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`quotes analyse --format html` of the articles (from the run's annotation cache)."""
    path = tmp_path_factory.mktemp("html") / "articles.html"
    done = runner.invoke(app, ["analyse", str(articles), "--format", "html", "--output", str(path)])
    assert done.exit_code == 0, done.output
    return path


def test_html_page_is_self_contained_and_escapes_the_article(
    page: Path, results: list[ArticleResult]
) -> None:
    text = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert text.count("<script") == 1 and " src=" not in text and '<link rel="stylesheet"' not in text
    assert '<script>alert("x")' not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "<b>tags</b>" not in text and "&lt;b&gt;tags&lt;/b&gt; &amp; worse" in text
    assert text.count('<mark class="q ') == sum(len(result.quotes) for result in results)
    assert 'href="https://news.example/quoted_as_saying"' in text


def test_batch_report_has_charts_and_article_sections(
    run: BatchOutcome, results: list[ArticleResult]
) -> None:
    text = (run.out_dir / "report.html").read_text(encoding="utf-8")
    for heading in (
        "Anonymous share per outlet",
        "Anonymous share per month",
        "Most quoted sources",
        "Most quoted anonymous sources",
    ):
        assert f"<h2>{heading}</h2>" in text
    assert text.count("<section id=") == len(results)
    targets = set(re.findall(r'href="#(a\d+)"', text))
    assert targets and targets <= set(re.findall(r'<section id="(a\d+)"', text))
    assert text.count('<mark class="q ') == sum(len(result.quotes) for result in results)
    assert '<script>alert("x")' not in text


# -- the HTML in a real browser ---------------------------------------------------------------------


def _browser() -> Any:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip(
            "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1200,2000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


def _console_errors(browser: Any) -> list[dict[str, Any]]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_html_in_a_headless_browser(
    page: Path, run: BatchOutcome, results: list[ArticleResult], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser = _browser()
    try:
        browser.get(page.as_uri())
        for number, result in enumerate(results, start=1):
            section = browser.find_element(By.ID, f"a{number}")
            swatches = {}
            rows = section.find_elements(By.CSS_SELECTOR, "table.legend tbody tr")
            # the legend is the sources, in order, one colour each
            assert [row.get_attribute("data-sid") for row in rows] == [source.id for source in result.sources]
            for row, source in zip(rows, result.sources, strict=True):
                assert row.find_elements(By.TAG_NAME, "td")[1].text == source.name
                swatch = row.find_element(By.CLASS_NAME, "swatch")
                swatches[source.id] = swatch.value_of_css_property("background-color")
            for quote in result.quotes:
                mark = browser.find_element(By.ID, f"a{number}-{quote.id}")
                # highlighted in place: the mark holds exactly the quote's words, in its source's colour
                assert mark.get_attribute("textContent") == quote.text
                assert mark.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
                if quote.source is not None:
                    assert mark.value_of_css_property("background-color") == swatches[quote.source]
        first = results[1].quotes[0]
        mark = browser.find_element(By.ID, f"a2-{first.id}")
        browser.execute_script("arguments[0].scrollIntoView()", mark)
        mark.click()
        panel = browser.find_element(By.ID, "attribution")
        source = {s.id: s for s in results[1].sources}[first.source or ""]
        assert panel.is_displayed() and source.name in panel.text and source.type in panel.text
        assert browser.find_elements(By.CSS_SELECTOR, "mark.q.anon")  # anonymous quotes are flagged
        assert browser.find_elements(By.CSS_SELECTOR, ".flag.via")  # and conduits
        browser.save_screenshot(str(tmp_path / "article.png"))
        assert _console_errors(browser) == []
        browser.get((run.out_dir / "report.html").as_uri())
        assert browser.find_elements(By.CSS_SELECTOR, "table.bars .fill")
        browser.save_screenshot(str(tmp_path / "report.png"))
        assert _console_errors(browser) == []
    finally:
        browser.quit()
    assert (tmp_path / "article.png").stat().st_size > 0
