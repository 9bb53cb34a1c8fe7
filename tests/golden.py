"""Golden files: the cases, the pinned view of a result, and a script that regenerates them.

A case is an article text with a reviewed `<name>.expected.json`:

- every `fixtures/**/<name>.txt` with `<name>.expected.json` beside it;
- every `seeds/<name>.txt` with `fixtures/seed/<name>.expected.json` (the seed texts stay where
  they are; their goldens live with the other goldens).

The expected JSON is `pinned(result)` plus two optional keys that only people write:
`"xfail": {"sections": [...], "reason": "..."}` (a known engine miss: those sections hold what a
correct engine outputs) and `"note"` (why the expectation is what it is). See tests/test_golden.py.

Regenerate after a reviewed engine change, then read `git diff fixtures/` before committing:

    python tests/golden.py                  # every case; sections marked xfail are kept as they are
    python tests/golden.py pronoun_chain    # cases whose name contains one of these words
    python tests/golden.py --force NAME     # the engine's output everywhere (drops "xfail" and "note")

A new fixture: write `fixtures/<name>.txt` (headline on the first line), run the script with its
name, review the JSON by hand, and where the engine is wrong, correct the JSON and add "xfail".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from quotes.model import ArticleResult

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"
SEED_GOLDEN = FIXTURES / "seed"
EXPECTED = ".expected.json"
SECTIONS = ("quotes", "sources", "events", "diagnostics")  # each is a test of its own
HUMAN_KEYS = ("xfail", "note")  # written by people, kept by the regeneration script


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    text_path: Path
    expected_path: Path

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    @property
    def title(self) -> str:
        return self.text.splitlines()[0].strip() if self.text.strip() else ""

    def expected(self) -> dict[str, Any]:
        value: dict[str, Any] = orjson.loads(self.expected_path.read_bytes())
        return value


def cases(*, with_expected: bool = True) -> list[Case]:
    """Every golden case, sorted by name; `with_expected=False` also lists texts with no golden yet."""
    found = [
        Case(str(path.relative_to(FIXTURES).with_suffix("")), path, path.with_name(path.stem + EXPECTED))
        for path in sorted(FIXTURES.glob("**/*.txt"))
    ]
    found += [
        Case(f"seed/{path.stem}", path, SEED_GOLDEN / (path.stem + EXPECTED))
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    return [case for case in found if not with_expected or case.expected_path.exists()]


def _span(span: Any) -> str | None:
    return None if span is None else str(span.text)


def pinned(result: ArticleResult) -> dict[str, Any]:
    """The part of a result that a golden file pins: texts, kinds, links and counts, no offsets."""
    return {
        "id": result.id,
        "title": result.title,
        "quotes": [
            {
                "kind": q.kind,
                "text": q.text,
                "cue": _span(q.cue),
                "speaker": _span(q.speaker),
                "source": q.source,
                "via": list(q.via),
                "continuation": q.continuation,
            }
            for q in result.quotes
        ],
        "sources": [
            {
                "id": s.id,
                "name": s.name,
                "type": s.type,
                "descriptor": s.descriptor,
                "title": s.title,
                "via": list(s.via),
                "mentions": [m.text for m in s.mentions],
                "direct": s.direct,
                "mixed": s.mixed,
                "indirect": s.indirect,
            }
            for s in result.sources
        ],
        "events": [{"type": e.type, "source": e.source, "text": e.text} for e in result.events],
        "diagnostics": sorted({d.code for d in result.diagnostics}),
    }


def dump(value: dict[str, Any]) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate golden files from the current engine.")
    parser.add_argument("names", nargs="*", help="only cases whose name contains one of these")
    parser.add_argument("--force", action="store_true", help="also overwrite sections marked xfail")
    args = parser.parse_args(argv)

    import quotes

    chosen = [
        case
        for case in cases(with_expected=False)
        if not args.names or any(word in case.name for word in args.names)
    ]
    for case in chosen:
        old = case.expected() if case.expected_path.exists() else {}
        result = quotes.analyse(case.text, id=case.text_path.stem, title=case.title)
        new = pinned(result)
        if not args.force:
            # a section marked xfail holds the reviewed correct output, not the engine's: keep it
            for section in old.get("xfail", {}).get("sections", ()):
                new[section] = old[section]
            new.update({key: old[key] for key in HUMAN_KEYS if key in old})
        state = "same " if old == new else "wrote"
        case.expected_path.parent.mkdir(parents=True, exist_ok=True)
        case.expected_path.write_bytes(dump(new))
        print(f"{state} {case.expected_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
