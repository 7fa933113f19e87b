"""Rebuild migrations/versions/0001_initial.py from the models.

Only while nothing has shipped: once a release is out, schema changes get a new revision
(`alembic revision --autogenerate`), never a rewritten one.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from tafapp.storage.store import _alembic_config

VERSIONS = Path(__file__).resolve().parents[1] / "tafapp" / "migrations" / "versions"


def main() -> None:
    target = VERSIONS / "0001_initial.py"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/empty.db")
        with engine.begin() as conn:
            command.revision(_alembic_config(conn), message="initial schema", autogenerate=True,
                             rev_id="0001_initial")
    made = next(VERSIONS.glob("0001_initial_*.py"))
    text = made.read_text()
    text = re.sub(r"\n\s*# ### .*", "", text)
    text = re.sub(r"Create Date: .*", "Create Date: (regenerated from the models)", text)
    target.write_text(text)
    made.unlink()
    ruff = Path(sys.executable).with_name("ruff")
    if ruff.exists():  # keep the generated file lint-clean (import block layout)
        subprocess.run([str(ruff), "check", "--fix", "-q", str(target)], check=False)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
