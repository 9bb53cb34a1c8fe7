"""The JSON contract: the schema files agree with the dataclasses, the writer's output validates,
results round-trip through the decoder, bad input is refused with a path, and the README is current.

The golden articles' real results are validated in test_golden.py (they are annotated there once).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import orjson
import pytest
from contract_readme import README, readme_block, render  # the tests folder is on sys.path
from hypothesis import given
from jsonschema import Draft202012Validator
from test_report import results, sample

from quotes import contract
from quotes.annotate import Annotator
from quotes.batch import run_batch
from quotes.errors import ContractError, InputError, QuotesError
from quotes.model import (
    SCHEMA_VERSION,
    ArticleResult,
    Diagnostic,
    Event,
    Quote,
    Source,
    Span,
    Summary,
)
from quotes.report import result_from_json, results_from_json, to_json, to_jsonl

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OBJECTS: dict[str, type[Any]] = {
    "quote": Quote,
    "source": Source,
    "event": Event,
    "diagnostic": Diagnostic,
    "summary": Summary,
    "span": Span,
}


def written(result: ArticleResult) -> dict[str, Any]:
    value: dict[str, Any] = orjson.loads(to_json(result))
    return value


# -- the schema files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["result", "summary"])
def test_schemas_are_valid_draft_2020_12(name: contract.SchemaName) -> None:
    Draft202012Validator.check_schema(contract.schema(name))
    assert contract.schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    ("spec", "cls"),
    [pytest.param(None, ArticleResult, id="result")]
    + [pytest.param(name, cls, id=name) for name, cls in OBJECTS.items()],
)
def test_schema_lists_exactly_the_dataclass_fields(spec: str | None, cls: type[Any]) -> None:
    schema = contract.schema()
    definition = schema if spec is None else schema["$defs"][spec]
    names = [field.name for field in dataclasses.fields(cls)]
    assert list(definition["properties"]) == names  # in the order the writer writes them
    assert definition["required"] == names  # the writer writes every field, null or not
    assert definition["additionalProperties"] is False


def test_every_result_carries_the_schema_version() -> None:
    assert contract.schema()["properties"]["schema_version"] == {
        "const": SCHEMA_VERSION,
        "description": contract.schema()["properties"]["schema_version"]["description"],
    }
    assert contract.schema()["$id"].endswith(f":{SCHEMA_VERSION}")
    assert written(ArticleResult(id="a", title=None))["schema_version"] == SCHEMA_VERSION
    assert orjson.loads(to_jsonl(sample()))["schema_version"] == SCHEMA_VERSION


def test_the_schema_is_not_vacuous() -> None:
    value = written(sample())
    assert contract.validate(value) == []
    value["quotes"][0]["kind"] = "shouted"
    value["quotes"][1]["cue"] = "said"
    value["quotes"][2]["cue"]["end"] = -1
    value["sources"][0]["surname"] = "Kerry"
    value["summary"]["anonymous_quote_share"] = 1.5
    value["schema_version"] = "1.9"
    del value["url"]
    found = {(v.path, v.message.split(" ")[-1]) for v in contract.validate(value)}
    assert {path for path, _ in found} == {
        "$",  # url is missing
        "$.quotes[0].kind",
        "$.quotes[1].cue",
        "$.quotes[2].cue.end",
        "$.sources[0]",
        "$.summary.anonymous_quote_share",
        "$.schema_version",
    }


# -- round trips --------------------------------------------------------------------------------


@given(results)
def test_encode_validate_decode_round_trips(result: ArticleResult) -> None:
    data = to_json(result)
    assert contract.validate(orjson.loads(data)) == []
    assert contract.decode(data) == result
    assert result_from_json(to_jsonl(result)) == result


def test_array_and_lines_round_trip() -> None:
    one, other = sample(), ArticleResult(id="b", title=None, outlet="Reuters", date="2015-05-12", url="u")
    assert contract.decode_array(b"[" + to_json(one) + b"," + to_json(other) + b"]") == [one, other]
    assert results_from_json(to_jsonl(one) + b"\n" + to_jsonl(other)) == [one, other]


# -- decoding: what is refused, what is tolerated ---------------------------------------------------


MINIMAL = b'{"id": "x", "title": null'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{", "result: not a JSON result"),
        (b"[]", "result: expected `object`, got `array`"),
        (b'{"id": "x"}', "result: object missing required field `title`"),
        (b'{"id": 3, "title": null}', r"result at \$.id: expected `str`, got `int`"),
        (MINIMAL + b', "summary": {"quotes": true}}', r"at \$.summary.quotes: expected `int`, got `bool`"),
        (MINIMAL + b', "summary": {"quotes": "3"}}', r"at \$.summary.quotes: expected `int`, got `str`"),
        (MINIMAL + b', "quotes": {}}', r"at \$.quotes: expected `array`, got `object`"),
        (
            MINIMAL + b', "quotes": [{"id": "q", "kind": "shouted", "start": 0, "end": 1, "text": "a"}]}',
            r"at \$.quotes\[0\].kind: invalid enum value 'shouted'",
        ),
        (
            MINIMAL + b', "sources": [{"id": "s1", "name": "n", "type": "person", "mentions": [{}]}]}',
            r"at \$.sources\[0\].mentions\[0\]: object missing required field `start`",
        ),
        (MINIMAL + b', "schema_version": "2.0"}', r"at \$.schema_version: '2.0' cannot be read here"),
        (MINIMAL + b', "schema_version": "one"}', r"'one' cannot be read here: this quotes reads .* 1\.x"),
        (MINIMAL + b', "schema_version": 1.0}', r"at \$.schema_version: expected `str`, got `float`"),
    ],
)
def test_decode_refuses_bad_input_naming_the_path(data: bytes, message: str) -> None:
    with pytest.raises(ContractError, match=message) as caught:
        result_from_json(data)
    # callers that catch InputError (batch resume, evaluate --pred) keep working
    assert isinstance(caught.value, InputError) and isinstance(caught.value, QuotesError)


def test_decode_ignores_unknown_keys_and_reads_older_and_newer_1x() -> None:
    value = written(sample())
    value["sentiment"] = "positive"  # a key from a later minor version
    value["quotes"][0]["salience"] = 0.9
    value["schema_version"] = "1.7"
    assert result_from_json(orjson.dumps(value)) == sample()  # read into this version's fields
    del value["schema_version"]  # written before there was a schema_version
    assert result_from_json(orjson.dumps(value)).schema_version == SCHEMA_VERSION


def test_results_from_json_names_the_bad_line() -> None:
    with pytest.raises(ContractError, match=r"line 3 at \$.id: expected `str`, got `int`"):
        results_from_json(to_jsonl(sample()) + b"\n" + b'{"id": 1, "title": null}\n')
    with pytest.raises(ContractError, match=r"results\[1\] at \$.schema_version: '9.0'"):
        results_from_json(
            b'[{"id": "a", "title": null}, {"id": "b", "title": null, "schema_version": "9.0"}]'
        )


# -- validate_file --------------------------------------------------------------------------------


def test_validate_file_names_records(tmp_path: Path) -> None:
    good = to_jsonl(sample())
    bad = written(sample())
    bad["sources"][1]["type"] = "spokesperson"
    lines = tmp_path / "out.jsonl"
    lines.write_bytes(good + b"\n" + orjson.dumps(bad) + b"\n{oops\n")
    count, invalid = contract.validate_file(lines)
    assert count == 3
    assert [(item.record, item.violation.path) for item in invalid] == [
        (f"{lines.as_posix()}:3", "$.sources[1].type"),
        (f"{lines.as_posix()}:4", "$"),
    ]
    assert "not JSON" in invalid[1].violation.message
    array = tmp_path / "out.json"
    array.write_bytes(orjson.dumps([written(sample()), bad]))
    assert [str(item).split(": ")[0] for item in contract.validate_file(array)[1]] == [
        f"{array.as_posix()}[1]"
    ]
    one = tmp_path / "one.json"
    one.write_bytes(to_json(sample()))
    assert contract.validate_file(one) == (1, [])
    (tmp_path / "empty.json").write_bytes(b"")
    assert contract.validate_file(tmp_path / "empty.json")[0] == 0
    assert "no records" in str(contract.validate_file(tmp_path / "empty.json")[1][0])
    with pytest.raises(InputError, match="cannot read"):
        contract.validate_file(tmp_path / "missing.json")


# -- summary.json of a real batch run ---------------------------------------------------------------


def test_summary_json_of_a_real_batch_run_validates(tmp_path: Path, annotator: Annotator) -> None:
    """Two short fixtures through the real models, with outlets and dates, and one broken input line."""
    records = [
        {
            "id": name,
            "title": name,
            "text": (FIXTURES / f"{name}.txt").read_text(encoding="utf-8"),
            "outlet": "Reuters",
            "date": f"2015-0{month}-12",
        }
        for month, name in ((4, "according_to"), (5, "two_anonymous_sources"))
    ]
    inputs = tmp_path / "articles.jsonl"
    inputs.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records) + b"{broken\n")
    out = tmp_path / "run"
    outcome = run_batch([inputs], out_dir=out, annotator_factory=lambda: annotator)
    assert (outcome.analysed, outcome.failed) == (2, 1)
    summary = orjson.loads((out / "summary.json").read_bytes())
    assert contract.validate(summary, name="summary") == []
    assert summary["by_outlet"]["Reuters"]["articles"] == 2 and len(summary["by_month"]) == 2
    assert summary["failed"] == {"total": 1, "read": 1, "analyse": 0}
    assert summary["anonymous_quotes"] > 0 and summary["conduits"]  # the nested parts are exercised
    assert contract.validate_file(out / "results.jsonl") == (2, [])
    del summary["by_month"]
    summary["top_sources"].append({"name": "x", "type": "anonymous", "quotes": 1, "articles": 1})
    assert {v.path for v in contract.validate(summary, name="summary")} == {
        "$",
        f"$.top_sources[{len(summary['top_sources']) - 1}].type",
    }


# -- the README -----------------------------------------------------------------------------------


def test_readme_contract_table_is_generated_from_the_schema() -> None:
    block = readme_block(README.read_text(encoding="utf-8"))
    assert block, "README.md lost the markers of its JSON contract table"
    assert block == render(contract.schema()), (
        "README.md's JSON contract table is out of date: run `python tests/contract_readme.py`"
    )
    for name in contract.schema()["properties"]:
        assert f"| `{name}` |" in block
    for spec, definition in contract.schema()["$defs"].items():
        for name in definition["properties"]:
            assert f"| `{spec}.{name}` |" in block
