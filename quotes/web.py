"""Web pages in: the article of an HTML page (trafilatura) and the HTML pages of a WARC file (warcio).

`page(html)` extracts a page's main text and its metadata: title, date, author, site name (the outlet)
and url. The text is laid out as a `.txt` article is: the title, then one paragraph a line with a blank
line between paragraphs. Nothing here ever goes to the network: trafilatura parses the bytes it is given.

`captures(stream)` walks a WARC file (plain or gzip'd, as crawlers and Common Crawl write them) as a
stream, one record at a time: each HTML `response` record is a `Capture`, a record cut short or
corrupt is a `BadRecord`, and the records that are not HTML pages (requests, metadata, images, redirects)
are counted by kind in the one `Passed` that ends the walk. A WARC cannot be resynchronised after a
damaged header, so that ends the walk too (after a `BadRecord` saying so); what was read before is kept.
`read.py` turns these into articles and read errors.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from quotes.archives import MemberError, bounded_read
from quotes.errors import InputError
from quotes.model import Diagnostic

MIN_WORDS = 20
"""A page whose main text (less its title) has fewer words is no article: a menu, an error page, a
cookie notice. The shortest news briefs run to 40 words or more."""
HTML_TYPES = ("text/html", "application/xhtml+xml")
READ_BLOCK = 2**20


class PageError(InputError):
    """An HTML page with no article text in it, or one that could not be parsed."""


@dataclass(frozen=True, slots=True)
class Page:
    """An HTML page's article: its text and what the page says about it."""

    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


def page(html: bytes, *, url: str | None = None, captured: date | None = None) -> Page:
    """The article in `html` (bytes in any encoding: the page's own charset declaration is used).

    `url`: where the page was found; it is the article's url whatever the page says its address is.
    `captured`: the day a crawler fetched the page; a date the page gives after that day is wrong (a
    "last updated" stamp filled in later, a clock off) and is replaced by that day.
    Raises `PageError` when the page holds no article text.
    """
    import trafilatura  # imported on first use: a second of loading that only web inputs need

    try:
        # comments are readers' words, not the article's; tables are figures, whose cells read as noise
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as error:  # trafilatura parses untrusted markup: one bad page costs only itself
        raise PageError(f"HTML page could not be parsed: {type(error).__name__}: {error}") from error
    if document is None or isinstance(document, dict):
        raise PageError("no article text in the HTML page")
    title = _clean(document.title)
    paragraphs = [line.strip() for line in (document.text or "").splitlines() if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the page's headline heads its text; it is put back first below
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    if words < MIN_WORDS:
        raise PageError(
            f"no article text in the HTML page: {words} words of main text (MIN_WORDS: {MIN_WORDS})"
        )
    # a .txt article: the title on the first line, then the paragraphs, a blank line between each
    text = "\n\n".join([title, *paragraphs] if title else paragraphs) + "\n"
    day, diagnostics = _bounded(_clean(document.date), captured)
    return Page(
        text=text,
        title=title,
        date=day,
        author=_clean(document.author),
        outlet=_clean(document.sitename) or _clean(document.hostname),
        url=url or _clean(document.url),
        diagnostics=diagnostics,
    )


def _clean(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _bounded(day: str | None, captured: date | None) -> tuple[str | None, tuple[Diagnostic, ...]]:
    """The page's date, unless it is after the day it was captured: then that day, with a note."""
    if day is None or captured is None:
        return day, ()
    try:
        published = date.fromisoformat(day)
    except ValueError:
        return day, ()
    if published <= captured:
        return day, ()
    message = f"the page's date {day} is after its capture (WARC-Date) on {captured}: that day is used"
    return captured.isoformat(), (Diagnostic(code="date_after_capture", message=message),)


# -- WARC files ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Capture:
    """An HTML page a crawler received: a WARC `response` record with status 2xx and an HTML type."""

    number: int  # the record's place in the file, from 1
    uri: str  # its WARC-Target-URI
    captured: date | None  # the day of its WARC-Date
    html: bytes


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be read (cut short, corrupt, over the size limit), and why."""

    number: int
    uri: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Passed:
    """The records of the file that are not HTML pages, counted by kind ("request", "response image/png",
    "response 301"); it ends every walk."""

    kinds: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.kinds)

    def __str__(self) -> str:
        return ", ".join(f"{count} {kind}" for kind, count in self.kinds)


WarcEntry = Capture | BadRecord | Passed


def captures(stream: IO[bytes]) -> Iterator[WarcEntry]:
    """The HTML pages of the WARC file `stream` (seekable), in file order, the records it could not
    read, then the count of the records that are not HTML pages. Each record is read whole (and checked
    against its Content-Length) before the next one is."""
    from warcio.archiveiterator import WARCIterator

    passed: Counter[str] = Counter()
    number = 0
    archive = WARCIterator(stream)  # WARC only: an ARC reader would take any line of text for a record
    records = iter(archive)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as error:  # warcio raises its own, zlib's, EOF and parse errors on a bad header
            yield BadRecord(number + 1, None, f"corrupt WARC record, rest of the file skipped: {_why(error)}")
            return
        number += 1
        uri = record.rec_headers.get_header("WARC-Target-URI")
        kind = _kind(record)
        try:
            html = bounded_read(record.content_stream()) if kind is None else b""
            _check_whole(record)
        except Exception as error:  # a cut or corrupt record, in warcio or a decompressor it calls
            yield BadRecord(number, uri, _why(error))
            continue
        if kind is None:
            yield Capture(number, uri, _day(record.rec_headers.get_header("WARC-Date")), html)
        else:
            passed[kind] += 1
    # warcio ends quietly where a record's header is cut short: bytes left past the last record it read
    end = stream.seek(0, io.SEEK_END)
    if archive.offset < end:
        left = end - archive.offset
        yield BadRecord(
            number + 1, None, f"WARC file cut short or corrupt: its last {left} bytes hold no record"
        )
    yield Passed(tuple(sorted(passed.items())))


def _why(error: Exception) -> str:
    return str(error) if isinstance(error, MemberError) else f"{type(error).__name__}: {error}"


def _kind(record: Any) -> str | None:
    """What the record is when it is no HTML page ("request", "response image/png"); None for a page."""
    if record.rec_type != "response":
        return str(record.rec_type or "untyped")
    headers = record.http_headers
    if headers is None or not record.rec_headers.get_header("WARC-Target-URI"):  # a dns: response
        return "response without HTTP headers"
    status = str(headers.get_statuscode() or "")
    if not status.startswith("2"):  # redirects and error pages hold no article
        return f"response {status or 'without status'}"
    media = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if media not in HTML_TYPES:
        return f"response {media or 'without Content-Type'}"
    return None


def _check_whole(record: Any) -> None:
    """Raise `MemberError` when the record is shorter than its Content-Length says (a file cut short)."""
    length = record.rec_headers.get_header("Content-Length")
    raw = record.raw_stream
    if length is None or not hasattr(raw, "limit"):  # a header cut short before it said its length
        raise MemberError("WARC record without Content-Length: corrupt or cut short")
    while raw.read(READ_BLOCK):  # what reading the payload left (all of it for a record not read)
        pass
    if raw.limit > 0:
        raise MemberError(f"WARC record cut short: {raw.limit} of its {length} bytes missing")


def _day(stamp: str | None) -> date | None:
    try:
        return date.fromisoformat(stamp[:10]) if stamp else None
    except ValueError:
        return None
