"""HTML pages and WARC files in (quotes.web through quotes.read): real trafilatura and warcio on pages
and WARC files built here, and `quotes analyse page.html` end to end with the bundled models."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path

import pytest
from quotes.cli.app import app
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotes import web
from quotes.model import Article
from quotes.read import ReadError, read_articles, read_items
from quotes.report import results_from_json

runner = CliRunner()

TITLE = "Harbour plan splits Ardmore council"
PARAGRAPHS = (
    "Plans to rebuild the old harbour wall in Ardmore have divided the town council, with members "
    "arguing over the cost for a third week running.",
    '"We cannot keep patching a wall that the sea has already beaten," said Margaret Holloway, the '
    "council's harbour committee chair.",
    "Opponents said the estimate of 4.2 million pounds was too high for a town of 9,000 people and that "
    "the money should go to housing first.",
    "Daniel Price, who runs a fishing business on the quay, told the Herald that the boats could not "
    'wait another year. "If the wall goes, we go," he said.',
    "The council will vote on the plan at its meeting next Thursday.",
)
URL = "https://www.coastalherald.example/news/2024/03/harbour-plan"


def news_page(
    *,
    title: str = TITLE,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    published: str = "2024-03-14T09:30:00+00:00",
    author: str = "Fiona Walsh",
    site: str = "The Coastal Herald",
) -> bytes:
    """A news article page as a CMS writes one: metadata in the head, menus, a byline, a sidebar, a footer."""
    body = "\n".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{URL}">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By <span class="author">{author}</span></p>
{body}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm closes coast road</a></li>
<li><a href="/b">School wins award</a></li></ul></aside>
<footer><p>© 2024 {site}. All rights reserved.</p><p>Contact us | Privacy | Cookies</p></footer>
</body>
</html>
""".encode()


EMPTY_PAGE = b"""<!DOCTYPE html><html><head><title>Page not found</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><p>Sorry.</p></body></html>"""


def test_html_page_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "harbour.html"
    path.write_bytes(news_page())
    [article] = read_articles(path)
    assert (article.id, article.origin) == (path.as_posix(), path.as_posix())
    assert (article.title, article.date, article.author) == (TITLE, "2024-03-14", "Fiona Walsh")
    assert (article.outlet, article.url) == ("The Coastal Herald", URL)
    # laid out as a .txt article: the title, then a paragraph a line, a blank line between each
    assert article.text == "\n\n".join([TITLE, *PARAGRAPHS]) + "\n"
    assert article.diagnostics == ()


def test_page_of_another_encoding_and_no_site_name() -> None:
    html = news_page(site="").replace(b'<meta charset="utf-8">', b'<meta charset="windows-1252">')
    found = web.page(html.decode("utf-8").replace('"We', "\u201cWe").encode("cp1252"))
    assert "\u201cWe cannot keep patching" in found.text
    assert found.outlet == "coastalherald.example"  # the host name stands in for a missing site name


def test_page_with_no_article_text_is_an_error_record(tmp_path: Path) -> None:
    path = tmp_path / "404.htm"
    path.write_bytes(EMPTY_PAGE)
    [error] = read_items(path)
    assert isinstance(error, ReadError) and error.origin == path.as_posix()
    assert "no article text in the HTML page" in error.reason


def test_pages_in_a_directory_and_a_zip(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.htm").write_bytes(news_page())
    (tmp_path / "site" / "b.html").write_bytes(EMPTY_PAGE)
    first, second = read_items(tmp_path / "site")
    assert isinstance(first, Article) and first.author == "Fiona Walsh"
    assert isinstance(second, ReadError) and "no article text" in second.reason
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("2024/harbour.html", news_page())
        handle.writestr("2024/brief.txt", "A brief\n\nNothing to report.")
    page, text = read_articles(archive)
    assert page.id == f"{archive.as_posix()}/2024/harbour.html"
    assert (page.title, page.outlet, page.date) == (TITLE, "The Coastal Herald", "2024-03-14")
    assert text.id == f"{archive.as_posix()}/2024/brief.txt" and text.author is None


def test_html_on_standard_input() -> None:
    [article] = read_items("-", stdin=io.BytesIO(b"\n  " + news_page()))
    assert isinstance(article, Article) and article.id.startswith("sha1:") and article.title == TITLE


def test_trafilatura_imports_and_extracts_with_the_network_cut() -> None:
    """In a fresh interpreter whose sockets all fail: nothing at import or extraction goes online."""
    script = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.create_connection = socket.getaddrinfo = refuse\n"
        "import sys, trafilatura\n"
        "from quotes import web\n"
        "found = web.page(sys.stdin.buffer.read())\n"
        "print(found.author, found.date)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=news_page(), capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == ["Fiona", "Walsh", "2024-03-14"]
    assert b"network used" not in done.stderr


# -- WARC files ---------------------------------------------------------------------------------

PAGE_A = "https://www.coastalherald.example/news/a"
PAGE_B = "https://www.coastalherald.example/news/b"


def _response(
    writer: WARCWriter, uri: str, payload: bytes, content_type: str, *, date: str, status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def crawl(*, gzipped: bool) -> bytes:
    """A crawl as a crawler writes one: warcinfo, then per fetch a request and a response."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    request = StatusAndHeaders(
        "GET /news/a HTTP/1.1", [("Host", "www.coastalherald.example")], is_http_request=True
    )
    writer.write_record(writer.create_warc_record(PAGE_A, "request", http_headers=request))
    _response(writer, PAGE_A, news_page(), "text/html; charset=utf-8", date="2024-03-15T10:00:00Z")
    logo = "https://www.coastalherald.example/logo.png"
    _response(writer, logo, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png", date="2024-03-15T10:00:01Z")
    moved = "https://www.coastalherald.example/old"
    _response(writer, moved, b"", "text/html", date="2024-03-15T10:00:02Z", status="301 Moved Permanently")
    # a page that says it was published after it was fetched: the crawl's day is the better date
    later = news_page(title="Storm closes coast road", published="2024-09-01T08:00:00+00:00")
    _response(writer, PAGE_B, later, "application/xhtml+xml", date="2024-03-16T23:59:59Z")
    return out.getvalue()


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_are_articles(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(crawl(gzipped=gzipped))
    items = list(read_items(path))
    assert all(isinstance(item, Article) for item in items)
    first, second = (item for item in items if isinstance(item, Article))
    name = path.as_posix()
    assert (first.id, first.url, first.origin) == (PAGE_A, PAGE_A, f"{name}#3")
    assert (first.title, first.author, first.outlet) == (TITLE, "Fiona Walsh", "The Coastal Herald")
    assert first.date == "2024-03-14" and first.diagnostics == ()
    assert first.text == "\n\n".join([TITLE, *PARAGRAPHS]) + "\n"
    assert (second.id, second.url, second.origin) == (PAGE_B, PAGE_B, f"{name}#6")
    assert second.title == "Storm closes coast road" and second.date == "2024-03-16"
    late, skipped = second.diagnostics
    assert late.code == "date_after_capture" and "2024-09-01" in late.message
    # the records that are no HTML page, counted by kind on the file's last article
    assert skipped.code == "warc_skipped"
    assert skipped.message == (
        f"{name}: records that are not HTML pages skipped (4): "
        "1 request, 1 response 301, 1 response image/png, 1 warcinfo"
    )


def test_truncated_warc_gz_keeps_the_articles_before_the_cut(tmp_path: Path) -> None:
    whole = crawl(gzipped=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[:-300])  # a download that stopped inside the last page
    items = list(read_items(path))
    assert [type(item) for item in items] == [Article, ReadError]
    article, error = items
    assert isinstance(article, Article) and isinstance(error, ReadError)
    assert article.id == PAGE_A and article.author == "Fiona Walsh"
    assert (error.id, error.origin) == (PAGE_B, f"{path.as_posix()}#6")
    assert "WARC record cut short" in error.reason
    # counted on the last article that was read
    assert [diagnostic.code for diagnostic in article.diagnostics] == ["warc_skipped"]


def test_warc_cut_inside_a_record_header(tmp_path: Path) -> None:
    whole = crawl(gzipped=False)
    start = whole.index(b"WARC/1.0", whole.index(PAGE_B.encode()) - 400)  # the last record's header
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: start + 40])
    items = list(read_items(path))
    assert [item.id for item in items] == [PAGE_A, None]
    error = items[-1]
    assert isinstance(error, ReadError) and "corrupt or cut short" in error.reason


def test_warc_with_no_html_page_and_garbage(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    _response(writer, "https://x.example/a.png", b"\x89PNG", "image/png", date="2024-03-15T10:00:00Z")
    (tmp_path / "images.warc.gz").write_bytes(out.getvalue())
    [error] = read_items(tmp_path / "images.warc.gz")
    assert isinstance(error, ReadError) and error.reason == (
        "no HTML page in the WARC file (records that are not HTML pages skipped (1): 1 response image/png)"
    )
    (tmp_path / "garbage.warc").write_bytes(b"this is not a WARC file\n" * 10)
    [error] = read_items(tmp_path / "garbage.warc")  # one error, not one per line
    assert isinstance(error, ReadError) and error.origin == f"{(tmp_path / 'garbage.warc').as_posix()}#1"
    assert error.reason.startswith("corrupt WARC record, rest of the file skipped: ArchiveLoadFailed")


def test_warc_page_with_no_text_and_a_compressed_transfer(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    _response(writer, PAGE_A, EMPTY_PAGE, "text/html", date="2024-03-15T10:00:00Z")
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        PAGE_B, "response", payload=io.BytesIO(gzip.compress(news_page())), http_headers=headers
    )
    writer.write_record(record)
    (tmp_path / "site.warc").write_bytes(out.getvalue())
    error, article = read_items(tmp_path / "site.warc")
    assert isinstance(error, ReadError) and error.id == PAGE_A and "no article text" in error.reason
    assert isinstance(article, Article) and article.id == PAGE_B and article.title == TITLE


def test_warc_files_in_a_directory_and_a_zip(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "part-0.warc.gz").write_bytes(crawl(gzipped=True))
    (tmp_path / "crawl" / "part-1.warc").write_bytes(crawl(gzipped=False))
    ids = [article.id for article in read_articles(tmp_path / "crawl")]
    assert ids == [PAGE_A, PAGE_B, PAGE_A, PAGE_B]
    archive = tmp_path / "crawl.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("part-0.warc.gz", crawl(gzipped=True))
    first, _ = read_articles(archive)
    assert first.origin == f"{archive.as_posix()}/part-0.warc.gz#3"


def test_analyse_a_broken_warc_lists_its_errors(tmp_path: Path) -> None:
    """No article in it, so no model is loaded: exit 1 and every error on standard error."""
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(crawl(gzipped=True)[:1500])
    result = runner.invoke(app, ["analyse", str(path), "-f", "json"])
    assert result.exit_code == 1
    assert "WARC" in result.stderr and "cut" in result.stderr


# -- end to end with the real Stanza models -------------------------------------------------------


@pytest.mark.slow
def test_analyse_an_html_page_with_the_models(tmp_path: Path) -> None:
    path = tmp_path / "harbour.html"
    path.write_bytes(news_page())
    result = runner.invoke(app, ["analyse", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    [analysed] = results_from_json(result.stdout_bytes)
    assert (analysed.id, analysed.title, analysed.url) == (path.as_posix(), TITLE, URL)
    assert (analysed.author, analysed.outlet, analysed.date) == (
        "Fiona Walsh",
        "The Coastal Herald",
        "2024-03-14",
    )
    sources = {source.id: source for source in analysed.sources}
    said = {quote.text: sources[quote.source].name for quote in analysed.quotes if quote.source}
    assert said["We cannot keep patching a wall that the sea has already beaten"] == "Margaret Holloway"
    assert said["If the wall goes, we go"] == "Daniel Price"
