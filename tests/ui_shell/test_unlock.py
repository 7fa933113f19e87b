"""Opening a profile at start: keyring, passphrase (right, wrong, cancelled), environment,
and the errors that must end start-up without creating anything."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from tafapp.core.errors import KeyMissing
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile, open_profile
from tafapp.ui import unlock
from tafapp.ui.app import app
from tafapp.ui.unlock import PassphraseDialog, UnlockCancelled, open_existing
from tests.conftest import FAST_KDF

PASS = "correct horse battery"


def _refuse_dialog(*_a: object, **_k: object) -> str | None:
    raise AssertionError("no passphrase dialog expected")


def test_keyring_profile_opens_without_asking(qtbot, profile: Profile, monkeypatch) -> None:
    create_profile(profile, "practitioner").close()
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(_refuse_dialog))
    st = open_existing(profile)
    try:
        assert st.role == "practitioner"
    finally:
        st.close()


def test_wrong_passphrase_asks_again_with_a_plain_message(qtbot, profile: Profile,
                                                          monkeypatch) -> None:
    create_profile(profile, "practitioner", PASS, FAST_KDF).close()
    answers = iter(["not it at all", PASS])
    messages: list[str] = []

    def ask(cls, parent, message="", where=""):
        messages.append(message)
        return next(answers)

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    st = open_existing(profile)
    st.close()
    assert len(messages) == 2
    assert messages[0] == ""
    assert "not right" in messages[1]


def test_cancelling_the_passphrase_starts_nothing(qtbot, profile: Profile,
                                                  monkeypatch) -> None:
    create_profile(profile, "practitioner", PASS, FAST_KDF).close()
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(lambda cls, *a, **k: None))
    with pytest.raises(UnlockCancelled):
        open_existing(profile)
    open_profile(profile, PASS).close()  # the lock was released


def test_environment_passphrase_is_honoured(qtbot, profile: Profile, monkeypatch) -> None:
    create_profile(profile, "practitioner", PASS, FAST_KDF).close()
    monkeypatch.setenv("TAFAPP_PASSPHRASE", PASS)
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(_refuse_dialog))
    open_existing(profile).close()


def test_wrong_environment_passphrase_falls_back_to_asking(qtbot, profile: Profile,
                                                          monkeypatch) -> None:
    create_profile(profile, "practitioner", PASS, FAST_KDF).close()
    monkeypatch.setenv("TAFAPP_PASSPHRASE", "wrong wrong wrong")
    seen: list[str] = []

    def ask(cls, parent, message="", where=""):
        seen.append(message)
        return PASS

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    open_existing(profile).close()
    assert "TAFAPP_PASSPHRASE" in seen[0]


def test_missing_key_is_an_error_not_a_first_run(qtbot, profile: Profile, monkeypatch,
                                                 memory_keyring) -> None:
    create_profile(profile, "practitioner").close()
    memory_keyring.items.clear()
    before = profile.db_path.read_bytes()
    with pytest.raises(KeyMissing):
        open_existing(profile)
    assert profile.db_path.read_bytes() == before


def _main_shows_error(monkeypatch, profile: Profile) -> tuple[int, list[str]]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(f"{title}: {text}"))
    monkeypatch.setattr(unlock.FirstRunDialog, "ask", classmethod(_refuse_dialog))
    return app.main(profile=str(profile.root)), shown


def _lasting_files(profile: Profile) -> list[str]:
    """The profile's files, without SQLite's and filelock's transient companions."""
    return sorted(p.name for p in profile.root.iterdir()
                  if not p.name.endswith(("-wal", "-shm", ".lock")))


@pytest.mark.parametrize("damage", ["busy", "key_missing", "vault_gone", "too_new"])
def test_main_explains_and_exits_leaving_the_database_alone(qtbot, profile: Profile,
                                                            monkeypatch, memory_keyring,
                                                            damage: str) -> None:
    holder = create_profile(profile, "practitioner")
    if damage == "too_new":  # as a newer tafapp would leave it: a revision this build lacks
        with holder.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_newer'")
    if damage != "busy":
        holder.close()
    if damage == "key_missing":
        memory_keyring.items.clear()
    if damage == "vault_gone":
        profile.vault_path.unlink()
    before = profile.db_path.read_bytes()
    names = _lasting_files(profile)
    try:
        code, shown = _main_shows_error(monkeypatch, profile)
        assert code in (3, 4)
        assert len(shown) == 1 and shown[0].strip()
        assert profile.db_path.read_bytes() == before
        assert _lasting_files(profile) == names
    finally:
        if damage == "busy":
            holder.close()


def test_main_opens_the_window_and_closes_the_store(qtbot, profile: Profile,
                                                    monkeypatch) -> None:
    create_profile(profile, "practitioner").close()
    seen: dict[str, int] = {}

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if w.objectName() == "mainWindow" and w.isVisible())
        seen["visible"] = 1
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app.main(profile=str(profile.root)) == 0
    assert seen == {"visible": 1}
    open_profile(profile).close()  # released: a second start works


def test_damaged_database_is_reported_and_copied_aside(qtbot, demo_store: Store,
                                                       monkeypatch) -> None:
    profile = demo_store.profile
    demo_store.close()
    size = profile.db_path.stat().st_size
    with open(profile.db_path, "r+b") as fh:  # one flipped byte in a data page
        fh.seek(size // 2 + 100)
        byte = fh.read(1)
        fh.seek(size // 2 + 100)
        fh.write(bytes([byte[0] ^ 0xFF]))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(f"{title}: {text}"))
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    assert app.main(profile=str(profile.root)) == 3
    assert any("integrity" in text for text in shown)
    assert any(p.name.startswith("tafapp.db.damaged-") for p in profile.root.iterdir())
    assert profile.db_path.exists()


def test_hub_by_url_opens_with_hub_pages(qtbot, tmp_path, monkeypatch) -> None:
    from tafapp.storage.store import open_url

    url = f"sqlite:///{tmp_path / 'hub.db'}"
    open_url(url, create=True).close()
    seen: dict[str, object] = {}

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if w.objectName() == "mainWindow" and w.isVisible())
        seen["role"] = window.role
        seen["first"] = window.nav.item(0).text()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app.main(db=url) == 0
    assert seen == {"role": "hub", "first": "All families"}


def test_unreachable_hub_url_is_explained(qtbot, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(text))
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'hub.db'}"
    assert app.main(db=url) == 3
    assert len(shown) == 1 and "could not be opened" in shown[0]
    assert not (tmp_path / "no").exists()
