"""The JSON contract: the schema files, validation against them, and the one decoder of results.

- `quotes/result.schema.json` (JSON Schema, draft 2020-12) describes one `ArticleResult` exactly as
  `report.to_json`/`to_jsonl` write it, version `SCHEMA_VERSION`: every key always written, no other
  key allowed. `quotes/summary.schema.json` describes the `summary.json` of a batch run.
- `validate(value)` lists where a JSON value breaks a schema (with `jsonschema`); `validate_file`
  does it for each record of a JSON or JSONL file (`quotes validate`).
- `decode(data)` reads one result into an `ArticleResult` (with msgspec) and raises `ContractError`
  naming the path of the first bad value. It checks types strictly (a string is no number, `true`
  is no count), requires `id` and `title`, and checks closed sets (`kind`, `type`). It is lenient in
  two ways, on purpose: keys it does not know are ignored, so a result written by a later 1.x
  version still reads (into this version's fields); and a result without `schema_version`
  (written before there was one) reads as the current version. Another major version is refused.
  Ranges (offsets >= 0, shares in [0, 1]) are the schema's to check, not the decoder's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec
import orjson

from quotes.errors import ContractError, InputError
from quotes.model import SCHEMA_VERSION, ArticleResult

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SchemaName = Literal["result", "summary"]
MAJOR = SCHEMA_VERSION.split(".")[0]
_VERSION = re.compile(r"(\d+)\.(\d+)")
_RESULT = msgspec.json.Decoder(ArticleResult)
_RESULTS = msgspec.json.Decoder(list[ArticleResult])
_MESSAGE_LIMIT = 200  # a value quoted in a message is cut here: a whole quote's text helps nobody


# -- schemas ------------------------------------------------------------------------------------


@functools.cache
def schema(name: SchemaName = "result") -> dict[str, Any]:
    """The JSON Schema `quotes/<name>.schema.json`, as shipped in the package."""
    data = resources.files("quotes").joinpath(f"{name}.schema.json").read_bytes()
    value: dict[str, Any] = orjson.loads(data)
    return value


@functools.cache
def _validator(name: SchemaName) -> Draft202012Validator:
    # imported on first use: reading and writing results, what most callers do, never needs it
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


@dataclass(frozen=True, slots=True)
class Violation:
    """One place where a JSON value breaks a schema: `path` is a JSON path such as `$.quotes[0].kind`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def validate(value: object, *, name: SchemaName = "result") -> list[Violation]:
    """Every place where `value` (decoded JSON) breaks the schema `name`, in path order; [] when valid."""
    found = {
        Violation(error.json_path, _shorten(error.message)) for error in _validator(name).iter_errors(value)
    }
    return sorted(found, key=lambda violation: (violation.path, violation.message))


def _shorten(message: str) -> str:
    return message if len(message) <= _MESSAGE_LIMIT else message[: _MESSAGE_LIMIT - 1] + "…"


@dataclass(frozen=True, slots=True)
class Invalid:
    """A record of a file that is not valid: `record` names it (`out.jsonl:7`, `out.json[2]`)."""

    record: str
    violation: Violation  # the first, in path order
    more: int = 0  # how many other violations the record has

    def __str__(self) -> str:
        return f"{self.record}: {self.violation}" + (f" (and {self.more} more)" if self.more else "")


def validate_file(path: str | Path, *, name: SchemaName = "result") -> tuple[int, list[Invalid]]:
    """Validate each record of a JSON file (one object or an array of them) or a JSONL file
    (one object a line) against the schema `name`: the number of records and the invalid ones,
    each with its first violation and the number of others. Raises InputError when the file cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path.as_posix()!r}: {error.strerror or error}") from error
    count = 0
    invalid: list[Invalid] = []
    for record, value in _records(path, data):
        count += 1
        if isinstance(value, Violation):
            invalid.append(Invalid(record, value))
        elif violations := validate(value, name=name):
            invalid.append(Invalid(record, violations[0], len(violations) - 1))
    if count == 0:
        invalid.append(Invalid(path.as_posix(), Violation("$", "no records: the file is empty")))
    return count, invalid


def _records(path: Path, data: bytes) -> Iterator[tuple[str, object]]:
    """(name, decoded value) for each record; a Violation for a record that is not JSON at all."""
    label = path.as_posix()
    if path.suffix != ".jsonl":
        stripped = data.strip()
        try:
            whole = orjson.loads(stripped)
        except orjson.JSONDecodeError as error:
            if stripped.startswith(b"["):
                yield label, Violation("$", f"not JSON: {error}")
                return
        else:
            if isinstance(whole, list):
                yield from ((f"{label}[{index}]", value) for index, value in enumerate(whole))
            else:
                yield label, whole
            return
    # JSON lines (a .jsonl file, or a file that is not one JSON value): records named by line number
    # split on newlines alone: U+2028 or U+0085 inside a JSON string is valid and ends no record
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            try:
                yield f"{label}:{number}", orjson.loads(line)
            except orjson.JSONDecodeError as error:
                yield f"{label}:{number}", Violation("$", f"not JSON: {error}")


# -- decoding -----------------------------------------------------------------------------------


def decode(data: bytes | str, *, where: str = "result") -> ArticleResult:
    """Read one result written by `report.to_json`/`to_jsonl`; ContractError names what is wrong."""
    try:
        result = _RESULT.decode(data)
    except msgspec.ValidationError as error:
        raise ContractError(_explain(where, error)) from error
    except msgspec.DecodeError as error:
        raise ContractError(f"{where}: not a JSON result: {error}") from error
    return _current(result, where)


def decode_array(data: bytes | str, *, where: str = "results") -> list[ArticleResult]:
    """Read a JSON array of results (`quotes analyse --format json` on several articles)."""
    try:
        results = _RESULTS.decode(data)
    except msgspec.ValidationError as error:
        raise ContractError(_explain(where, error)) from error
    except msgspec.DecodeError as error:
        raise ContractError(f"{where}: not a JSON array of results: {error}") from error
    return [_current(result, f"{where}[{index}]") for index, result in enumerate(results)]


def _explain(where: str, error: msgspec.ValidationError) -> str:
    # msgspec says "Expected `str`, got `int` - at `$.id`": put the path first, as validate() does
    message, _, path = str(error).partition(" - at ")
    message = message[:1].lower() + message[1:]
    return f"{where} at {path.strip('`')}: {message}" if path else f"{where}: {message}"


def _current(result: ArticleResult, where: str) -> ArticleResult:
    """Check the result's major version; a 1.x result read here holds this version's fields only."""
    version = result.schema_version
    match = _VERSION.fullmatch(version)
    if match is None or match[1] != MAJOR:
        raise ContractError(
            f"{where} at $.schema_version: {version!r} cannot be read here: this quotes reads "
            f"results of schema version {MAJOR}.x (it writes {SCHEMA_VERSION})"
        )
    return result if version == SCHEMA_VERSION else replace(result, schema_version=SCHEMA_VERSION)
