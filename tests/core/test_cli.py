"""The command line contract: names, --json shapes and exit codes (DESIGN section 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tafapp.services import plans
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile
from tests.conftest import FAST_KDF
from tests.core.builders import world

PASS = "a long test passphrase"


def tafapp(*args: str, passphrase: str = PASS) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAFAPP_PASSPHRASE": passphrase, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "tafapp", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def seeded_profile(tmp_path: Path) -> tuple[Path, str]:
    profile = Profile(tmp_path / "p")
    with create_profile(profile, "practitioner", PASS, FAST_KDF) as st, st.begin() as s:
        w = world(s)
        plans.add_action(s, w.family.id, "Walk to school together", owner_agency_id=w.school.id,
                         due_on="01/12/2026")
        fid = str(w.family.id)
    return profile.root, fid


def test_families_and_show_json(seeded_profile) -> None:  # type: ignore[no-untyped-def]
    root, fid = seeded_profile
    out = tafapp("--profile", str(root), "families", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 1
    assert set(rows[0]) >= {"id", "reference", "status", "lead_agency", "lead_sector",
                            "next_review"}
    assert rows[0]["lead_sector"] == "school" and rows[0]["id"] == fid
    out = tafapp("--profile", str(root), "show", fid, "--json")
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    assert set(rec) >= {"id", "reference", "status", "people", "team", "needs", "actions",
                        "meetings"}
    assert rec["actions"][0] == {**rec["actions"][0], "kind": "family",
                                 "owner_agency": "Riverside Primary School",
                                 "due_on": "2026-12-01", "status": "not_started"}


def test_exit_codes(seeded_profile) -> None:  # type: ignore[no-untyped-def]
    root, fid = seeded_profile
    db_before = (root / "tafapp.db").read_bytes()
    wrong = tafapp("--profile", str(root), "families", "--json", passphrase="not the one at all")
    assert wrong.returncode == 4
    assert "passphrase" in wrong.stderr and "Traceback" not in wrong.stderr
    assert json.loads(wrong.stdout)["error"]["code"] == "WrongPassphrase"
    assert (root / "tafapp.db").read_bytes() == db_before
    assert tafapp("--profile", str(root), "no-such-command").returncode == 2
    missing = tafapp("--profile", str(root), "show", "not-an-id", "--json")
    assert missing.returncode == 3 and "Traceback" not in missing.stderr
    nowhere = tafapp("--profile", str(root / "nothing-here"), "families")
    assert nowhere.returncode == 3 and "tafapp init" in nowhere.stderr
