"""Articles in: .txt files, directory trees, JSON/JSONL, CSV, HTML pages, WARC files, zip and tar
archives, or stdin.

`read_items` streams every input as `Article` records, and every input that could not be read as a
`ReadError` record, so one bad file never stops an archive run. `read_articles` keeps the articles only.

Ids are stable across runs: the id the data gives (JSON `id`, the CSV `--id-column`), else the place
the article came from (`news/a.txt`, `feed.jsonl#12`, `dump.zip/2015/a.txt`), else, for stdin, a hash
of the text. A page of a WARC file is known by its WARC-Target-URI (and read from `crawl.warc.gz#7`,
its 7th record). Only a problem with the top-level input itself (a missing path, an unknown format, a CSV
without the text column) raises `InputError`; the same problem inside a directory or an archive
becomes a `ReadError`.

Archives are untrusted (`quotes.archives`): a member over a size or compression-ratio limit, a link,
a device or a path with `..` becomes a `ReadError` saying why, never a silent skip.

HTML pages and WARC files are read by `quotes.web`: a page with no article text, or a WARC record cut
short, is a `ReadError`; the WARC records that are not HTML pages (requests, images, redirects) are
counted in a `warc_skipped` diagnostic on the file's last article.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from quotes import web
from quotes.archives import Member, MemberError, Skipped, members
from quotes.errors import InputError
from quotes.model import Article, Diagnostic
from quotes.records import (
    Columns,
    check_columns,
    csv_articles,
    csv_rows,
    hash_id,
    json_articles,
    jsonl_articles,
    jsonl_record,
)
from quotes.records import Item as Item  # re-exported: readers of this module use them
from quotes.records import ReadError as ReadError

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".html", ".htm")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".warc", ".warc.gz")
KINDS = {".ndjson": "jsonl", ".htm": "html", ".zip": "zip", ".warc": "warc", ".warc.gz": "warc"}
"""The reader of a suffix, where it is not the suffix's own name (archives not named here are tar)."""
MAX_TITLE_CHARS = 150  # a longer first line is a paragraph, not a headline
MAX_NESTING = 8
"""Archives inside archives deeper than this are refused (a zip that contains itself never ends)."""
STREAM_HEAD = 1 << 16  # bytes a streamed file is first checked in: a NUL there makes it binary
_CR = re.compile(r"(?<=\r)(?!\n)")  # after a carriage return that no line feed follows
BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)


def read_articles(
    path: str | Path, *, text_column: str = "text", id_column: str | None = None
) -> Iterator[Article]:
    """Stream the readable articles of `path`, silently skipping what `read_items` reports as errors."""
    for item in read_items(path, text_column=text_column, id_column=id_column):
        if isinstance(item, Article):
            yield item


def read_items(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    stdin: BinaryIO | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Item]:
    """Stream `Article`s and `ReadError`s from a file, a directory, an archive, or `-` (stdin).

    A directory walk skips the folders in `exclude` (a batch run's own output folder, say).
    Raises `InputError` at once when `path` does not exist or its format is unknown.
    """
    columns = Columns(text=text_column, id=id_column)
    if str(path) == "-":
        # read lazily: only iterating the stream consumes stdin, which can be read only once
        return _read_stdin(stdin if stdin is not None else sys.stdin.buffer, columns)
    target = Path(path)
    name = target.as_posix()
    if target.is_dir():
        return _read_directory(target, name, columns, tuple(Path(p).resolve() for p in exclude))
    if not target.exists():
        raise InputError(f"input {name!r} does not exist: expected a file, a directory or '-'")
    kind = _kind(target.name)
    if kind is None:
        raise InputError(
            f"input {name!r} has an unknown format: expected one of "
            f"{', '.join(ARTICLE_SUFFIXES + ARCHIVE_SUFFIXES)} or a directory"
        )
    if kind == "csv":
        # a bad column name is a usage error for a CSV given on the command line: check it up front
        _check_csv_header(target, columns)
    return _read_file(target, name, kind, columns)


def _kind(name: str) -> str | None:
    lower = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lower.endswith(suffix):
            return KINDS.get(suffix, "tar")
    for suffix in ARTICLE_SUFFIXES:
        if lower.endswith(suffix):
            return KINDS.get(suffix, suffix[1:])
    return None


def _ignored(name: str) -> bool:
    # hidden files and macOS resource forks ride along in archives but are never articles
    parts = name.split("/")
    return any(part.startswith(".") or part == "__MACOSX" for part in parts if part)


def _read_file(target: Path, name: str, kind: str, columns: Columns) -> Iterator[Item]:
    try:
        if kind in ("zip", "tar"):
            yield from _read_archive(kind, target, name, columns, depth=0)
        elif kind == "warc":
            with target.open("rb") as stream:  # a stream: a crawl's WARC files run to gigabytes
                yield from _warc_items(stream, name)
        elif kind in ("jsonl", "csv"):
            with target.open("rb") as stream:  # line by line: one file may hold a whole archive's articles
                yield from _stream_records(stream, name, kind, columns)
        else:
            yield from _parse(target.read_bytes(), name, kind, columns)
    except OSError as error:
        yield ReadError(origin=name, reason=f"cannot read file: {error}")


def _read_directory(root: Path, name: str, columns: Columns, exclude: tuple[Path, ...]) -> Iterator[Item]:
    # sorted so that ids, order and therefore batch output are the same on every machine
    for child in sorted(root.rglob("*")):
        relative = child.relative_to(root).as_posix()
        if child.is_dir() or _ignored(relative):
            continue
        if exclude and any(child.resolve().is_relative_to(folder) for folder in exclude):
            continue
        child_name = f"{name.rstrip('/')}/{relative}"
        kind = _kind(child.name)
        if kind is None:
            yield _unsupported(child_name)
            continue
        try:
            yield from _read_file(child, child_name, kind, columns)
        except InputError as error:  # a CSV without the text column, among other files
            yield ReadError(origin=child_name, reason=str(error))


def _unsupported(origin: str) -> ReadError:
    expected = ", ".join(ARTICLE_SUFFIXES + ARCHIVE_SUFFIXES)
    return ReadError(origin=origin, reason=f"not an article file: expected one of {expected}")


def _read_archive(
    kind: str, target: Path | io.BytesIO, name: str, columns: Columns, depth: int
) -> Iterator[Item]:
    for entry in members(kind, target):
        if isinstance(entry, Skipped):
            yield ReadError(origin=f"{name}/{entry.name}" if entry.name else name, reason=entry.reason)
        elif not _ignored(entry.name):
            yield from _member(f"{name}/{entry.name}", entry, columns, depth)


def _member(origin: str, member: Member, columns: Columns, depth: int) -> Iterator[Item]:
    kind = _kind(member.name)
    if kind is None:
        yield _unsupported(origin)
        return
    if kind in ("zip", "tar") and depth >= MAX_NESTING:
        yield ReadError(origin=origin, reason=f"archive nested over {MAX_NESTING} levels deep (MAX_NESTING)")
        return
    try:
        data = member.load()
    except MemberError as error:
        yield ReadError(origin=origin, reason=str(error))
        return
    if kind in ("zip", "tar"):
        yield from _read_archive(kind, io.BytesIO(data), origin, columns, depth + 1)
        return
    if kind == "warc":
        yield from _warc_items(io.BytesIO(data), origin)
        return
    try:
        yield from _parse(data, origin, kind, columns)
    except InputError as error:
        yield ReadError(origin=origin, reason=str(error))


def _read_stdin(stream: BinaryIO, columns: Columns) -> Iterator[Item]:
    data = stream.read()
    # stdin has no name to go by: a stream that starts like JSON is JSON lines, one that starts with a
    # tag is an HTML page (`curl URL | quotes analyse -`), anything else is one text
    head = data[:4096].decode(_encoding(data), errors="ignore").lstrip()[:1]
    kind = {"{": "jsonl", "[": "json", "<": "html"}.get(head, "txt")
    yield from _parse(data, "-", kind, columns, hash_ids=True)


def _parse(
    data: bytes, origin: str, kind: str, columns: Columns, *, hash_ids: bool = False
) -> Iterator[Item]:
    if kind == "html":  # bytes: the page's own charset declaration says how to decode it
        yield _page_article(data, origin, hash_ids=hash_ids)
        return
    text, diagnostics = _decode(data)
    # the whole text, not a head: a NUL anywhere means binary (no text format has one, UTF-16 decoded)
    if "\x00" in text:
        yield ReadError(origin=origin, reason="binary file, not text")
        return
    if kind == "txt":
        yield _text_article(text, origin, diagnostics, hash_ids=hash_ids)
    elif kind == "json":
        yield from json_articles(text, origin, columns, diagnostics, hash_ids=hash_ids)
    elif kind == "jsonl":
        yield from jsonl_articles(text, origin, columns, diagnostics, hash_ids=hash_ids)
    else:
        yield from csv_articles(text, origin, columns, diagnostics)


def _encoding(data: bytes) -> str:
    """The codec for `data`: the one its byte order mark names (and strips), else UTF-8."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), "utf-8")


def _decode(data: bytes) -> tuple[str, tuple[Diagnostic, ...]]:
    encoding = _encoding(data)  # Excel writes UTF-8 with a mark, Windows tools UTF-16 with one
    try:
        return data.decode(encoding), ()
    except UnicodeDecodeError as error:
        return data.decode(encoding, errors="replace"), (_decode_note(encoding, error.start),)


def _decode_note(encoding: str, offset: int) -> Diagnostic:
    """The note on text whose bytes at `offset` (and maybe after) could not be decoded."""
    name = encoding.removesuffix("-sig").upper()
    message = f"not valid {name} (first bad byte at {offset}); undecodable bytes replaced by U+FFFD"
    return Diagnostic(code="decode", message=message)


def _text_article(text: str, origin: str, diagnostics: tuple[Diagnostic, ...], *, hash_ids: bool) -> Item:
    if not text.strip():
        return ReadError(origin=origin, reason="empty article")
    first = next(line.strip() for line in text.splitlines() if line.strip())
    title = first if len(first) <= MAX_TITLE_CHARS else None
    article_id = hash_id(text) if hash_ids else origin
    return Article(id=article_id, text=text, title=title, origin=origin, diagnostics=diagnostics)


def _page_article(data: bytes, origin: str, *, hash_ids: bool) -> Item:
    try:
        page = web.page(data)
    except web.PageError as error:
        return ReadError(origin=origin, reason=str(error))
    return _article_of(page, hash_id(page.text) if hash_ids else origin, origin)


def _article_of(page: web.Page, article_id: str, origin: str) -> Article:
    return Article(
        id=article_id,
        text=page.text,
        title=page.title,
        date=page.date,
        outlet=page.outlet,
        url=page.url,
        author=page.author,
        origin=origin,
        diagnostics=page.diagnostics,
    )


def _warc_items(stream: BinaryIO, name: str) -> Iterator[Item]:
    """An article per HTML page of the WARC file `stream`, a `ReadError` per record that could not be
    read; the count of the other records goes on the last article, which is therefore held back until
    the file ends (with the errors after it, to keep the order)."""
    held: list[Item] = []  # the last article so far and the errors read after it
    entries = 0
    for entry in web.captures(stream):
        if isinstance(entry, web.Passed):
            passed = entry
            break
        entries += 1
        item = _capture_item(entry, name)
        if isinstance(item, Article):
            yield from held
            held = [item]
        elif held:
            held.append(item)
        else:
            yield item
    else:  # captures() always ends with a Passed
        passed = web.Passed(())
    note = f"records that are not HTML pages skipped ({passed.total}): {passed}" if passed.total else ""
    if held and note:
        last = held[0]
        if isinstance(last, Article):
            skipped = Diagnostic(code="warc_skipped", message=f"{name}: {note}")
            held[0] = replace(last, diagnostics=(*last.diagnostics, skipped))
    elif not entries:
        yield ReadError(origin=name, reason="no HTML page in the WARC file" + (f" ({note})" if note else ""))
    yield from held


def _capture_item(entry: web.Capture | web.BadRecord, name: str) -> Item:
    origin = f"{name}#{entry.number}"
    if isinstance(entry, web.BadRecord):
        return ReadError(origin=origin, reason=entry.reason, id=entry.uri)
    try:
        page = web.page(entry.html, url=entry.uri, captured=entry.captured)
    except web.PageError as error:
        return ReadError(origin=origin, reason=str(error), id=entry.uri)
    return _article_of(page, entry.uri, origin)


class _Binary(Exception):
    """A NUL in a line of a file read as a stream: the file is binary from there on."""


def _stream_records(stream: BinaryIO, origin: str, kind: str, columns: Columns) -> Iterator[Item]:
    """A JSONL or CSV file's articles, read a line at a time so that memory stays flat in the file's
    size. What the whole-file reader checks is checked as the lines come: a NUL in the first block
    makes the file binary (nothing read), a NUL later ends it (what came before is kept); bytes that
    are not UTF-8 are replaced, and the articles from there on say so. A UTF-16 or UTF-32 file (its
    byte order mark says so) is read whole."""
    head = stream.read(STREAM_HEAD)
    if _encoding(head) not in ("utf-8", "utf-8-sig"):
        yield from _parse(head + stream.read(), origin, kind, columns)
        return
    if b"\x00" in head:
        yield ReadError(origin=origin, reason="binary file, not text")
        return
    stream.seek(0)
    notes: list[Diagnostic] = []
    lines = _utf8_lines(stream, notes)
    try:
        if kind == "csv":
            # a lone carriage return ends a CSV line too (old Mac files), as it did read whole
            yield from csv_rows((part for line in lines for part in _CR.split(line)), origin, columns, notes)
            return
        for number, line in enumerate(lines, start=1):
            item = jsonl_record(
                line.removesuffix("\n"), f"{origin}#{number}", columns, tuple(notes), hash_ids=False
            )
            if item is not None:
                yield item
    except _Binary as binary:
        yield ReadError(origin=origin, reason=f"binary data from byte {binary}, not text: read up to there")


def _utf8_lines(stream: BinaryIO, notes: list[Diagnostic]) -> Iterator[str]:
    """The file's lines (ending at \n only, each with its \n), decoded as UTF-8 less a leading byte
    order mark; the first undecodable byte is noted in `notes`. Raises _Binary at a NUL."""
    offset = 0
    for number, raw in enumerate(stream):
        line_start = offset
        offset += len(raw)
        if number == 0 and raw.startswith(codecs.BOM_UTF8):
            raw, line_start = raw[len(codecs.BOM_UTF8) :], line_start + len(codecs.BOM_UTF8)
        if b"\x00" in raw:
            raise _Binary(line_start + raw.index(b"\x00"))
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if not notes:
                notes.append(_decode_note("utf-8", line_start + error.start))
            yield raw.decode("utf-8", errors="replace")


def _check_csv_header(target: Path, columns: Columns) -> None:
    try:
        with target.open("rb") as raw:
            encoding = _encoding(raw.read(4))
        with target.open(encoding=encoding, errors="replace", newline="") as handle:
            header = next(csv.reader(handle), [])
    except OSError as error:
        raise InputError(f"cannot read CSV {target.as_posix()!r}: {error}") from error
    check_columns(header, target.as_posix(), columns)
