"""The encrypted store: nothing readable on disk, keys, locks, damage and newer versions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import text

from tafapp.core.errors import (
    DiskFull,
    KeyMissing,
    Locked,
    ProfileBusy,
    SchemaTooNew,
    StoreCorrupt,
    WrongPassphrase,
)
from tafapp.models import Family
from tafapp.services import families, people
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile
from tafapp.storage.vault import Vault
from tests.conftest import FAST_KDF
from tests.core.builders import world

CANARIES = ("Zephyrine", "Quillfeather", "XQ9 7ZZ")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _seed(store) -> None:  # type: ignore[no-untyped-def]
    with store.begin() as s:
        w = world(s, household=f"{CANARIES[1]} household")
        people.add_person(s, w.family.id, CANARIES[0], last_name=CANARIES[1])
        families.update_family(s, w.family.id, address=f"1 {CANARIES[0]} Road",
                               postcode=CANARIES[2].lower())


def test_no_family_data_readable_anywhere_under_the_profile(store, profile) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    for _ in range(30):  # enough writes that the WAL holds pages
        with store.begin() as s:
            f = s.query(Family).one()
            f.confidential_notes = (f.confidential_notes + CANARIES[0])[-500:]
    open_files = _files(profile.root)
    assert any(name.endswith("-wal") for name in open_files), "expected a WAL while open"
    store.close()
    for contents in (open_files, _files(profile.root)):
        for name, data in contents.items():
            for canary in CANARIES:
                for form in (canary.encode(), canary.encode("utf-16-le")):
                    assert form not in data, f"{canary!r} readable in {name}"


def test_wrong_passphrase_is_refused_and_nothing_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    profile = Profile(tmp_path / "p")
    create_profile(profile, "practitioner", "correct horse battery", FAST_KDF).close()
    before = {k: hashlib.sha256(v).hexdigest() for k, v in _files(profile.root).items()}
    with pytest.raises(WrongPassphrase) as err:
        open_profile(profile, "wrong horse battery")
    assert err.value.exit_code == 4
    after = {k: hashlib.sha256(v).hexdigest() for k, v in _files(profile.root).items()}
    assert before == after
    open_profile(profile, "correct horse battery").close()


def test_a_second_instance_on_the_same_profile_is_refused(store, profile) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    code = ("import sys; from tafapp.storage.store import _lock_profile\n"
            "from tafapp.storage.profile import Profile\n"
            "try:\n    _lock_profile(Profile.at(sys.argv[1]))\nexcept Exception as e:\n"
            "    print(type(e).__name__, e)")
    out = subprocess.run([sys.executable, "-c", code, str(profile.root)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("ProfileBusy")
    with pytest.raises(ProfileBusy):
        open_profile(profile)


def test_missing_key_is_never_a_first_run(store, profile, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    store.close()
    before = _files(profile.root)
    memory_keyring.items.clear()
    with pytest.raises(KeyMissing):
        open_profile(profile)
    assert _files(profile.root) == before


def test_insecure_keyring_is_refused(profile) -> None:  # type: ignore[no-untyped-def]
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(Locked, match="passphrase"):
        create_profile(profile, "practitioner")
    assert not profile.db_path.exists()
    st = create_profile(profile, "practitioner", "a long passphrase", FAST_KDF)
    assert Vault(profile).mode == "passphrase"
    st.close()


def test_newer_database_is_refused_untouched(store, profile) -> None:  # type: ignore[no-untyped-def]
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    store.close()
    before = (profile.db_path.read_bytes(), profile.vault_path.read_bytes())
    with pytest.raises(SchemaTooNew, match="newer version"):
        open_profile(profile)
    assert (profile.db_path.read_bytes(), profile.vault_path.read_bytes()) == before
    wal = profile.root / "tafapp.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_damaged_database_is_kept_aside_never_replaced(store, profile) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    store.close()
    data = bytearray(profile.db_path.read_bytes())
    for i in range(8192 + 100, 8192 + 140):  # inside the second page
        data[i] ^= 0xFF
    profile.db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="integrity"):
        open_profile(profile)
    assert profile.db_path.read_bytes() == bytes(data)
    kept = list(profile.root.glob("tafapp.db.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)


def test_full_disk_rolls_back_and_says_so(store) -> None:  # type: ignore[no-untyped-def]
    _seed(store)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    with pytest.raises(DiskFull, match="disk is full"):
        with store.begin() as s:
            s.connection().exec_driver_sql(f"PRAGMA max_page_count = {pages}")
            f = s.query(Family).one()
            f.confidential_notes = "x" * 400_000
    with store.read() as s:
        assert s.query(Family).one().confidential_notes == ""


def test_command_line_checks_integrity_at_most_daily(store, profile) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    from tafapp.storage.store import CHECK_MARKER, integrity_check_due

    store.close()
    assert integrity_check_due(profile)
    open_profile(profile, check="daily").close()
    assert not integrity_check_due(profile)
    marker = profile.root / CHECK_MARKER
    old = time.time() - 2 * 24 * 3600
    os.utime(marker, (old, old))
    assert integrity_check_due(profile)
    data = bytearray(profile.db_path.read_bytes())
    for i in range(4096 + 100, 4096 + 140):
        data[i] ^= 0xFF
    profile.db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt):
        open_profile(profile, check="daily")
