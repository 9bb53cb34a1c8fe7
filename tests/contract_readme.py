"""The README's field list of the JSON contract, generated from `quotes/result.schema.json`.

The table between the two markers in README.md is `render(schema())`; tests/test_contract.py fails when
it is not. After a change to the schema, regenerate it and review `git diff README.md`:

    python tests/contract_readme.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from quotes.contract import schema

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- contract:begin (generated from quotes/result.schema.json by tests/contract_readme.py) -->"
END = "<!-- contract:end -->"


def _type(spec: dict[str, Any]) -> str:
    """How a property's schema reads in the table: `"direct"` | `"mixed"`, integer ≥ 0, span or null."""
    if "const" in spec:
        return f'`"{spec["const"]}"`'
    if "enum" in spec:
        values = [f'`"{value}"`' for value in spec["enum"] if value is not None]
        return " \\| ".join(values) + (" or null" if None in spec["enum"] else "")
    types = spec.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    nullable = "null" in types
    types = [kind for kind in types if kind != "null"]
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
    elif types == ["array"]:
        name = "array of " + _type(spec["items"])
    elif types in (["integer"], ["number"]) and "minimum" in spec:
        bound = f" {spec['minimum']}–{spec['maximum']}" if "maximum" in spec else f" ≥ {spec['minimum']}"
        name = types[0] + bound
    else:
        name = " or ".join(types)
    return name + " or null" * nullable


def _rows(prefix: str, spec: dict[str, Any]) -> list[str]:
    rows = []
    for name, field in spec["properties"].items():
        meaning = field.get("description", "").replace("|", "\\|")
        rows.append(f"| `{prefix}{name}` | {_type(field)} | {meaning} |")
    return rows


def render(contract: dict[str, Any]) -> str:
    """The README block: one row per field of the result, then of each object it holds."""
    lines = [BEGIN, "", "| field | type | meaning |", "|---|---|---|"]
    lines += _rows("", contract)
    for name, definition in contract["$defs"].items():
        lines += _rows(f"{name}.", definition)
    return "\n".join([*lines, "", END])


def readme_block(text: str) -> str:
    """The generated block as it stands in the README text ('' when the markers are missing)."""
    start, end = text.find(BEGIN), text.find(END)
    return text[start : end + len(END)] if 0 <= start < end else ""


def main() -> int:
    text = README.read_text(encoding="utf-8")
    old = readme_block(text)
    if not old:
        print(f"README.md has no {BEGIN!r} ... {END!r} block: add the markers first", file=sys.stderr)
        return 1
    new = render(schema())
    README.write_text(text.replace(old, new), encoding="utf-8")
    print("same" if old == new else "wrote", "README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
