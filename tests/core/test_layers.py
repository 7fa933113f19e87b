import subprocess
import sys


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
