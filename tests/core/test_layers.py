"""The shape of the package (docs/decisions-layers.md): every import inside `tafapp` points to
its own package or to a lower layer, never up and never sideways; no loose modules at the top.
The layer order is written here and nowhere else."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tafapp"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("models",),
    ("storage", "migrations"),
    ("services",),
    ("sync", "exports"),
    ("demo",),
    ("ui",),
    ("cli",),
)
"""Lowest first. A package may import its own modules and any package in a lower layer;
packages in the same layer do not import each other."""

LEVEL = {name: i for i, layer in enumerate(LAYERS) for name in layer}
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py"}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Nodes under `if TYPE_CHECKING:` (annotations only; never run)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                skip.update(id(n) for n in ast.walk(sub))
    return skip


def imported_packages(path: Path, package: Path = PACKAGE) -> list[tuple[int, str, str]]:
    """(line, top-level tafapp package, the import as written) for every import in `path`,
    at module level or inside functions, except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _type_checking_nodes(tree)
    here = path.relative_to(package.parent).with_suffix("").parts
    out: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[:-1])[: len(here) - node.level]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names = [f"{module}.{a.name}" for a in node.names] if module == "tafapp" else [module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "tafapp" and len(parts) > 1:
                out.append((node.lineno, parts[1], name))
    return out


def layer_violations(package: Path = PACKAGE) -> list[str]:
    bad: list[str] = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if len(rel.parts) == 1:
            continue  # __init__ / __main__: the package and its entry point
        if rel.parts[0] == "migrations" and "versions" in rel.parts:
            continue  # revision files are frozen history
        src = rel.parts[0]
        if src not in LEVEL:
            bad.append(f"tafapp/{rel}: package `{src}` has no place in LAYERS")
            continue
        for line, dst, name in imported_packages(path, package):
            if dst == src or dst not in LEVEL and not (package / dst).is_dir():
                continue
            if dst not in LEVEL:
                bad.append(f"tafapp/{rel}:{line}: imports {name}: `{dst}` has no place in LAYERS")
            elif LEVEL[dst] > LEVEL[src]:
                bad.append(f"tafapp/{rel}:{line}: imports {name}: up from {src} to {dst}")
            elif LEVEL[dst] == LEVEL[src]:
                bad.append(f"tafapp/{rel}:{line}: imports {name}: sideways from {src} to {dst}")
    return bad


def test_imports_point_only_down() -> None:
    bad = layer_violations()
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def test_no_loose_modules_at_the_top() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in TOP_LEVEL_MODULES)
    assert loose == [], f"modules outside any layer: {loose}"


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LEVEL), packages ^ set(LEVEL)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The reader itself, on a tree of its own: a function-level import up and a relative import
    sideways are found, a TYPE_CHECKING one and one down are not."""
    package = tmp_path / "tafapp"
    for name in ("storage", "services", "sync", "exports"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
    (package / "storage" / "probe.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tafapp.ui import ops\n"
        "def f() -> None:\n    from tafapp.services import families\n", encoding="utf-8")
    (package / "sync" / "probe.py").write_text(
        "from tafapp.storage import store\nfrom ..exports import word\n", encoding="utf-8")
    assert layer_violations(package) == [
        "tafapp/storage/probe.py:5: imports tafapp.services: up from storage to services",
        "tafapp/sync/probe.py:2: imports tafapp.exports: sideways from sync to exports",
    ]


def test_domain_packages_import_no_qt() -> None:
    code = ("import tafapp.core, tafapp.models, tafapp.storage, tafapp.services, tafapp.sync, "
            "tafapp.exports, tafapp.cli, sys, pkgutil, importlib\n"
            "for pkg in (tafapp.core, tafapp.models, tafapp.storage, tafapp.services, tafapp.sync,"
            " tafapp.exports):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        importlib.import_module(m.name)\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
