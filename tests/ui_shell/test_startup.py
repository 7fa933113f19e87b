"""Start-up: the path to the first screen opens the profile without SQLAlchemy and imports
nothing heavy, yet refuses what it must refuse; the store follows after the first paint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tafapp.core.errors import ProfileBusy, SchemaTooNew
from tafapp.storage import opening
from tafapp.storage.profile import Profile
from tafapp.storage.vault import KEYRING_SERVICE
from tafapp.ui.app import app

# Not before the families are on screen: each of these is imported where it is used, or after
# the first paint.
HEAVY = ("sqlalchemy", "alembic", "docx", "pyrage", "cryptography", "holidays",
         "tafapp.storage.store", "tafapp.models.family", "tafapp.models.base", "tafapp.sync",
         "tafapp.exports", "tafapp.services.reports", "tafapp.ui.family", "tafapp.ui.meeting",
         "tafapp.ui.sync_page", "tafapp.ui.hub", "tafapp.ui.dashboard", "tafapp.cli")

CHILD = r"""
import json, os, sys
import keyring
from keyring.backend import KeyringBackend

class Backend(KeyringBackend):
    priority = 10

    def get_password(self, service, username):
        return os.environ["TEST_DB_KEY"] if username == os.environ["TEST_DB_USER"] else None

    def set_password(self, service, username, password):
        raise RuntimeError("read only")

    def delete_password(self, service, username):
        raise RuntimeError("read only")

keyring.set_keyring(Backend())
from tafapp.ui.app import startup

early = startup.begin(sys.argv[1], None)  # as `python main.py`: tafapp.ui.app.startup.run
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from tafapp.ui.app import app
from tafapp.ui import ops

heavy = tuple(sys.argv[2].split(","))
seen = {"loads": []}
pages = []

def on_loaded(n):
    try:
        record(n)
    except BaseException:
        QApplication.instance().exit(1)  # a failure must end the child, not leave it waiting
        raise

def record(n):
    seen["loads"].append(n)
    if len(seen["loads"]) == 1:
        seen["heavy_at_first_rows"] = sorted(
            m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))
        seen["store_built_at_first_rows"] = ops.built_store() is not None
        pages[0].closed_check.setChecked(True)  # a reload through the store, built meanwhile
    else:
        seen["store_built"] = ops.built_store() is not None
        QApplication.instance().quit()

def launched(shell):
    page = shell.window.caseload
    pages.append(page)
    page.sig_loaded.connect(on_loaded)
    if page.model.total:  # the first rows were ready before the window was shown
        QTimer.singleShot(0, lambda: on_loaded(page.model.total))

code = app.main(sys.argv[1], None, early=early, on_launched=launched)
print("SEEN " + json.dumps(seen))
sys.exit(code)
"""


def _copy(template: tuple[Path, str], dest: Path) -> tuple[Profile, str]:
    root, key = template
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("*.lock"))
    return Profile(dest), key


def test_first_screen_imports_nothing_heavy(demo_template, tmp_path: Path) -> None:
    profile, key = _copy(demo_template, tmp_path / "p")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TEST_DB_KEY": key,
           "TEST_DB_USER": f"db-key:{profile.root.resolve()}",
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                          os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", CHILD, str(profile.root), ",".join(HEAVY)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(next(x for x in out.stdout.splitlines() if x.startswith("SEEN "))[5:])
    assert seen["heavy_at_first_rows"] == []
    assert seen["store_built_at_first_rows"] is False
    first, everyone = seen["loads"]
    assert 0 < first < everyone  # open families first, then all of them through the store
    assert seen["store_built"] is True


def test_start_path_holds_the_lock_until_closed(demo_template, tmp_path, memory_keyring) -> None:
    profile, key = _copy(demo_template, tmp_path / "p")
    memory_keyring.items[(KEYRING_SERVICE, f"db-key:{profile.root.resolve()}")] = key
    opened = opening.open_raw(profile)
    try:
        assert opened.current and opened.role == "practitioner" and opened.owner == "Sam Lee"
        with pytest.raises(ProfileBusy):
            opening.open_raw(profile)
    finally:
        opened.close()
    opening.open_raw(profile).close()  # released


def test_newer_schema_is_refused_before_anything_is_shown(store, profile) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_newer'")
    store.close()
    before = profile.db_path.read_bytes()
    with pytest.raises(SchemaTooNew):
        opening.open_raw(profile)
    assert profile.db_path.read_bytes() == before
    opening.lock_profile(profile).release()  # the failed open let the lock go


def test_inline_start_shows_rows_checks_integrity_and_builds_the_store(
        qtbot, demo_template, tmp_path, memory_keyring) -> None:
    profile, key = _copy(demo_template, tmp_path / "p")
    memory_keyring.items[(KEYRING_SERVICE, f"db-key:{profile.root.resolve()}")] = key
    source: Any = opening.open_raw(profile)
    shell = app.build_shell(source)
    qtbot.addWidget(shell.window)
    try:
        assert shell.window.caseload.model.total > 0
        app.check_integrity_first(shell, lambda: pytest.fail("healthy store seen as damaged"))
        assert source.conn is None  # the check was its last use
        assert (profile.root / opening.CHECK_MARKER).exists()
        assert shell.store.device_id == source.device_id
    finally:
        app.close(None, source)
    opening.open_raw(profile).close()  # the store took over the lock and gave it back


CLI_CHILD = r"""
import json, sys
import tafapp.ui.app.startup

def run(profile=None, db=None):
    print(json.dumps({"profile": profile, "db": db, "loaded": sorted(
        m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))}))
    return 0

HEAVY = tuple(sys.argv[1].split(","))
tafapp.ui.app.startup.run = run
from tafapp.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("argv", [[], ["--profile", "/tmp/p"], ["--db=postgresql://h/d"]])
def test_tafapp_without_a_command_starts_the_app_before_any_command_module(argv) -> None:  # type: ignore[no-untyped-def]
    """`tafapp` (the console script) with no command: the desktop app's start is reached with
    its options and nothing heavy imported (no command modules, no SQLAlchemy)."""
    heavy = ",".join((*HEAVY, "tafapp.cli.common", "tafapp.cli.families"))
    out = subprocess.run([sys.executable, "-c", CLI_CHILD, heavy, *argv], capture_output=True,
                         text=True, timeout=60, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(seen["loaded"]) <= {"tafapp.cli"}, seen["loaded"]  # the package itself only
    assert (seen["profile"], seen["db"]) == {
        0: (None, None), 2: ("/tmp/p", None), 1: (None, "postgresql://h/d")}[len(argv)]


def test_tafapp_with_a_command_or_help_uses_the_full_command_line(capsys) -> None:  # type: ignore[no-untyped-def]
    from tafapp.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "families" in capsys.readouterr().out  # the commands are listed
    with pytest.raises(SystemExit) as exit_info:
        main(["--profile"])  # no value: the full parser explains, once
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("expected one argument") == 1
