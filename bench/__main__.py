"""`python -m bench [NAME ...]` (what `make bench` runs): every benchmark module in bench/
that defines a top-level `main()`, each in its own process, one after another.

Modules are found by reading their source (not importing them), so a benchmark's heavy
imports never load here. Each runs as `python bench/NAME.py` from the project root with no
arguments (its defaults). `--list` shows what would run. Exit status 1 if any failed.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def discover() -> list[Path]:
    found = []
    for path in sorted(BENCH.glob("*.py")):
        if path.name.startswith("_"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body):
            found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these (e.g. store_bench)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    modules = discover()
    if args.names:
        unknown = set(args.names) - {p.stem for p in modules}
        if unknown:
            parser.error(f"no benchmark named {', '.join(sorted(unknown))}")
        modules = [p for p in modules if p.stem in args.names]
    if args.list:
        print("\n".join(p.stem for p in modules))
        return 0
    results: list[tuple[str, int, float]] = []
    for path in modules:
        print(f"\n=== {path.stem} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(path)], cwd=ROOT)
        results.append((path.stem, code, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, code, seconds in results:
        print(f"{name:<24} {'ok' if code == 0 else f'FAILED ({code})':<12} {seconds:8.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
