"""One article per record: a JSON object, a JSON line, a CSV row; its fields (text, id, title,
outlet, date, url, author) by the names news dumps give them, and a `ReadError` for a record that is
no article. `read.py` finds the records in files, directories, archives and streams."""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from quotes.errors import InputError
from quotes.model import Article, Diagnostic

TEXT_KEYS = ("text", "maintext", "body")  # news-please writes `maintext`; many dumps use `body`
OUTLET_KEYS = ("outlet", "source_domain", "source")
DATE_KEYS = ("date", "date_publish", "published")
JSON_TYPES: dict[type, str] = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}
JSON_TYPES |= {dict: "an object", list: "an array", type(None): "null"}
JSON_SPACE = " \t\r"  # the whitespace JSON allows around a value, less the \n that ends a line


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input (file, line, row or archive member) that could not be read as an article."""

    origin: str
    reason: str
    id: str | None = None


Item = Article | ReadError


@dataclass(frozen=True, slots=True)
class Columns:
    text: str
    id: str | None


def hash_id(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def json_articles(
    text: str, origin: str, columns: Columns, diagnostics: tuple[Diagnostic, ...], *, hash_ids: bool
) -> Iterator[Item]:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        yield ReadError(origin=origin, reason=f"malformed JSON: {error}")
        return
    records = value if isinstance(value, list) else [value]
    many = isinstance(value, list)
    for number, record in enumerate(records, start=1):
        where = f"{origin}#{number}" if many else origin
        yield record_article(record, where, columns, diagnostics, hash_ids=hash_ids)


def jsonl_articles(
    text: str, origin: str, columns: Columns, diagnostics: tuple[Diagnostic, ...], *, hash_ids: bool
) -> Iterator[Item]:
    # lines end at \n only: U+2028 or U+0085 inside a string is valid JSON, not a line break
    for number, line in enumerate(text.split("\n"), start=1):
        item = jsonl_record(line, f"{origin}#{number}", columns, diagnostics, hash_ids=hash_ids)
        if item is not None:
            yield item


def jsonl_record(
    line: str, where: str, columns: Columns, diagnostics: tuple[Diagnostic, ...], *, hash_ids: bool
) -> Item | None:
    """The article of one JSON line; None for a blank line."""
    if not line.strip(JSON_SPACE):
        return None
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return ReadError(origin=where, reason=f"malformed JSON line: {error}")
    return record_article(record, where, columns, diagnostics, hash_ids=hash_ids)


class _BadField(Exception):
    """A JSON field holds a value of the wrong type; the message names the field and the type."""


def record_article(
    record: object, origin: str, columns: Columns, diagnostics: tuple[Diagnostic, ...], *, hash_ids: bool
) -> Item:
    if not isinstance(record, dict):
        return ReadError(origin=origin, reason=f"expected a JSON object, got {_json_type(record)}")
    text_keys = _text_keys(columns)
    try:
        # an integer id is a fine label; a float, a boolean or an object is not one
        given_id = _field(record, (columns.id,) if columns.id else ("id",), (str, int), nested=False)
        text = _field(record, text_keys, (str,), nested=False)
        title = _field(record, ("title",), (str,), nested=False)
        date = _field(record, DATE_KEYS, (str, int, float))  # a number is a timestamp
        outlet = _field(record, OUTLET_KEYS, (str,))
        url = _field(record, ("url",), (str,))
        author = _field(record, ("author",), (str,))
    except _BadField as error:
        return ReadError(origin=origin, reason=str(error))
    if text is None or not text.strip():
        return ReadError(
            origin=origin, reason=f"empty article: no text in {', '.join(text_keys)}", id=given_id
        )
    fallback = hash_id(text) if hash_ids else origin
    return Article(
        id=given_id or fallback,
        text=text,
        title=title,
        date=date,
        outlet=outlet,
        url=url,
        author=author,
        origin=origin,
        diagnostics=diagnostics,
    )


def _text_keys(columns: Columns) -> tuple[str, ...]:
    # the usual names are tried only under the default column; a column asked for by name must exist
    return TEXT_KEYS if columns.text == TEXT_KEYS[0] else (columns.text,)


def _field(
    record: dict[str, Any], keys: Iterable[str], types: tuple[type, ...], *, nested: bool = True
) -> str | None:
    """The first of `keys` that holds a value, as a string; raises `_BadField` on a value not of `types`.

    With `nested`, an object or array is passed over: the metadata keys are generic names (NewsAPI's
    `source` is an object with the outlet's id and name) that some dumps use for structured values.
    """
    for key in keys:
        value = record.get(key)
        if value is None or (nested and isinstance(value, dict | list)):
            continue
        # a boolean is an int to Python but never an id, a text or a date
        if isinstance(value, types) and not isinstance(value, bool):
            return str(value)
        expected = " or ".join(JSON_TYPES.get(kind, kind.__name__) for kind in types)
        raise _BadField(f"field {key!r} is {_json_type(value)}, expected {expected}")
    return None


def _json_type(value: object) -> str:
    return JSON_TYPES.get(type(value), type(value).__name__)


def check_columns(header: list[str], origin: str, columns: Columns) -> None:
    has_text = any(key in header for key in _text_keys(columns))
    missing = [column for column in (None if has_text else columns.text, columns.id) if column is not None]
    for column in missing:
        if column not in header:
            raise InputError(
                f"CSV {origin!r} has no column {column!r}: its columns are {', '.join(header) or '(none)'}"
            )


def csv_articles(
    text: str, origin: str, columns: Columns, diagnostics: tuple[Diagnostic, ...]
) -> Iterator[Item]:
    yield from csv_rows(io.StringIO(text, newline=""), origin, columns, list(diagnostics))


def csv_rows(lines: Iterable[str], origin: str, columns: Columns, notes: list[Diagnostic]) -> Iterator[Item]:
    """The articles of a CSV's lines; each carries the notes made by the time its row is read."""
    csv.field_size_limit(sys.maxsize)  # article bodies are far longer than csv's 128 KiB default
    rows = csv.DictReader(lines)
    check_columns(list(rows.fieldnames or []), origin, columns)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield ReadError(origin=f"{origin}#{rows.line_num}", reason=f"malformed CSV row: {error}")
            return
        # rows.line_num counts physical lines, so an id stays put when a quoted field spans lines
        where = f"{origin}#{rows.line_num}"
        record = {key: value for key, value in row.items() if key is not None}
        yield record_article(record, where, columns, tuple(notes), hash_ids=False)
