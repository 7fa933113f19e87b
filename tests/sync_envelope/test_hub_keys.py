"""Issue 11 item 6: a hub's private keys live outside its records database (keyring, or a key
file wrapped with the hub passphrase); the recovery key; profile folders kept to their owner."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from tafapp.cli import main as cli
from tafapp.core.errors import KeyMissing, WrongPassphrase
from tafapp.models import AuditEvent, LocalSecret
from tafapp.storage import audit, keystore
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_profile, open_url
from tafapp.sync import identity
from tafapp.sync.identity import setup_identity
from tests.conftest import FAST_KDF, MemoryKeyring


def _hub(tmp_path: Path, pg_url: str | None) -> Store:
    if pg_url is None:
        st = create_profile(Profile(tmp_path / "hub"), "hub")
    else:
        st = open_url(pg_url, create=True, profile=Profile(tmp_path / "hub"))
    setup_identity(st, "hub", "Borough hub", None, None)
    with st.begin() as s:
        audit.record(s, "family", "x", "something audited")
    return st


def _secrets(st: Store) -> dict[str, bytes]:
    assert st.keys is not None
    return {n: st.keys.get(n) or b"" for n in (identity.SIGNING_SECRET, identity.AGE_SECRET,
                                              audit.AUDIT_SECRET)}


def _forms(secret: bytes) -> list[bytes]:
    """Every way a secret could sit in a dump: raw, hex, base64."""
    return [secret, secret.hex().encode(), base64.b64encode(secret)]


def _dump(st: Store) -> bytes:
    """Every row of every table, as text and bytes."""
    meta = MetaData()
    meta.reflect(st.engine)
    out = bytearray()
    with st.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(table.select()):
                for value in row:
                    out += value if isinstance(value, bytes) else str(value).encode()
                    out += b"\n"
    return bytes(out)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_dump_of_the_hub_database_holds_no_key(backend: str, tmp_path: Path,
                                                 request: pytest.FixtureRequest) -> None:
    pg = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    with _hub(tmp_path, pg) as st:
        secrets = _secrets(st)
        assert all(secrets.values())
        dump = _dump(st)
        with st.read() as s:
            assert s.scalars(select(LocalSecret)).all() == []
    assert st.device_id.encode() in dump and b"something audited" in dump  # a real dump
    assert b"AGE-SECRET-KEY" not in dump
    for secret in secrets.values():
        assert not any(form in dump for form in _forms(secret))


def test_without_a_secure_keyring_the_key_file_is_wrapped_with_the_passphrase(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tafapp.storage.vault.secure_keyring", lambda: None)
    profile = Profile(tmp_path / "hub")
    with create_profile(profile, "hub", "correct horse battery", FAST_KDF) as st:
        setup_identity(st, "hub", "Hub", None, None)
        with st.begin() as s:
            audit.record(s, "family", "x", "something audited")
        secrets = _secrets(st)
        assert st.keys is not None and all(secrets.values())
        key_file = st.keys.path
    doc = json.loads(key_file.read_text())
    assert doc["mode"] == "passphrase" and doc["kdf"] == "argon2id"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    raw = key_file.read_bytes()
    assert not any(form in raw for s in secrets.values() for form in _forms(s))
    with open_profile(profile, "correct horse battery") as again:
        assert _secrets(again) == secrets
    wrong = keystore.ExternalKeys(profile, key_file.name[9:-5], "not the passphrase")
    with pytest.raises(WrongPassphrase):
        wrong.get(identity.SIGNING_SECRET)


def test_an_older_hub_has_its_keys_moved_out(tmp_path: Path,
                                             memory_keyring: MemoryKeyring) -> None:
    profile = Profile(tmp_path / "hub")
    with create_profile(profile, "hub") as st:
        setup_identity(st, "hub", "Hub", None, None)
        secrets = _secrets(st)
        with st.read() as s:
            before = identity.public_identity(s)
        assert st.keys is not None
        st.keys.path.unlink()
        memory_keyring.items.pop(("tafapp", f"hub-keys:{st.device_id}"))
        with st.session() as s, s.begin():  # what an older hub kept in its database
            for name, value in secrets.items():
                s.add(LocalSecret(name=name, secret=value))
        with st.session() as s, s.begin():
            from tafapp.models import SyncState

            for row in s.scalars(select(SyncState).where(SyncState.key.like("external_key:%"))):
                s.delete(row)
    with open_profile(profile) as again:
        assert again.keys is not None and again.keys.path.exists()
        with again.read() as s:
            assert s.scalars(select(LocalSecret)).all() == []
            assert identity.public_identity(s) == before
            moved = s.scalars(select(AuditEvent).where(
                AuditEvent.what == "private keys moved out of the database")).one()
            assert sorted(moved.detail["keys"]) == sorted(secrets)
            assert audit.verify(s)["ok"]
        assert _secrets(again) == secrets


def test_a_missing_key_file_is_reported_never_replaced(tmp_path: Path,
                                                       memory_keyring: MemoryKeyring) -> None:
    profile = Profile(tmp_path / "hub")
    with create_profile(profile, "hub") as st:
        setup_identity(st, "hub", "Hub", None, None)
        assert st.keys is not None
        st.keys.path.unlink()
        memory_keyring.items.pop(("tafapp", f"hub-keys:{st.device_id}"))
    with open_profile(profile) as again, again.begin() as s:
        with pytest.raises(KeyMissing, match="not there"):
            identity.ensure_keys(s, "hub")
        with pytest.raises(KeyMissing):
            identity.signing_key(s)
    assert not (profile.root / f"hub-keys-{again.device_id}.json").exists()


def test_profile_folder_and_files_are_the_owners_only(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "hub")
    with create_profile(profile, "hub") as st:
        setup_identity(st, "hub", "Hub", None, None)
    open_profile(profile).close()  # the integrity check's marker is written too
    paths = [profile.root, *profile.root.rglob("*")]
    assert len(paths) >= 6
    for p in paths:
        want = 0o700 if p.is_dir() else 0o600
        assert stat.S_IMODE(p.stat().st_mode) == want, p.name


@pytest.mark.parametrize("role", ["practitioner", "hub"])
def test_the_recovery_key_unlocks_when_the_keyring_entry_is_gone(
        role: str, tmp_path: Path, memory_keyring: MemoryKeyring,
        capsys: pytest.CaptureFixture[str]) -> None:
    where = tmp_path / "p"
    extra = ["--agency", "Oak School", "--sector", "school"] if role == "practitioner" else []
    assert cli(["--profile", str(where), "init", "--role", role, "--name", "Sam", "--json",
                *extra]) == 0
    created = json.loads(capsys.readouterr().out)
    recovery = created["recovery_key"]
    assert recovery.startswith("AGE-SECRET-KEY-1")
    assert recovery.encode() not in b"".join(p.read_bytes() for p in where.rglob("*")
                                              if p.is_file())
    with open_profile(Profile(where)) as st, st.begin() as s:
        identity.ensure_keys(s, role)
        before = identity.public_identity(s)
    memory_keyring.items.clear()  # the laptop's keyring was wiped
    assert cli(["--profile", str(where), "families", "--json"]) == 4
    capsys.readouterr()
    assert cli(["--profile", str(where), "unlock", "--recovery-key",
                "AGE-SECRET-KEY-1" + "Q" * 58]) == 4
    capsys.readouterr()
    assert cli(["--profile", str(where), "unlock", "--recovery-key", recovery, "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)["restored"]
    assert restored[0] == "vault.json" and len(restored) == (2 if role == "hub" else 1)
    with open_profile(Profile(where)) as st, st.read() as s:
        assert identity.public_identity(s) == before
