"""Module and function sizes of the package and the CLI: what the code-health limits are checked against.

    python benchmarks/sizes.py [--max-module 500] [--max-function 60] [PATH ...]

Prints the largest modules and functions and exits 1 when one is over its limit, unless the first
lines of its body say why (a comment containing "size:").
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _excused(lines: list[str], start: int) -> bool:
    return any("size:" in line for line in lines[start : start + 4])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["quotes", "cli"])
    parser.add_argument("--max-module", type=int, default=500)
    parser.add_argument("--max-function", type=int, default=60)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    modules: list[tuple[int, str, bool]] = []
    functions: list[tuple[int, str, bool]] = []
    for root in args.paths:
        for path in sorted(Path(root).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            modules.append((len(lines), path.as_posix(), _excused(lines, 0)))
            for fn in _functions(ast.parse(source)):
                size = (fn.end_lineno or fn.lineno) - fn.lineno + 1
                functions.append(
                    (size, f"{path.as_posix()}:{fn.lineno} {fn.name}", _excused(lines, fn.lineno))
                )
    over = [m for m in modules if m[0] > args.max_module and not m[2]]
    over += [f for f in functions if f[0] > args.max_function and not f[2]]
    print(f"{len(modules)} modules, {len(functions)} functions")
    print(f"largest modules (limit {args.max_module} lines):")
    for size, name, excused in sorted(modules, reverse=True)[: args.top]:
        print(f"  {size:5d}  {name}{'  (excused)' if excused else ''}")
    print(f"largest functions (limit {args.max_function} lines):")
    for size, name, excused in sorted(functions, reverse=True)[: args.top]:
        print(f"  {size:5d}  {name}{'  (excused)' if excused else ''}")
    for size, name, _ in over:
        print(f"over the limit: {name} ({size} lines)", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
