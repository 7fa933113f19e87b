"""Every `type: ignore` in the package names its error code and says why (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tafapp"
IGNORE = re.compile(r"#\s*type:\s*ignore")
WITH_REASON = re.compile(r"#\s*type:\s*ignore\[[a-z-]+(,\s*[a-z-]+)*\]  # \S")


def test_every_type_ignore_has_a_code_and_a_reason() -> None:
    bare = [f"{path.relative_to(PACKAGE.parent)}:{n}"
            for path in sorted(PACKAGE.rglob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if IGNORE.search(line) and not WITH_REASON.search(line)]
    assert not bare, "type: ignore without [code]  # reason at " + ", ".join(bare)
