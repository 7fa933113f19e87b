"""The first run: a profile is created only where none exists, with its identity, and demo
families when asked."""

from __future__ import annotations

from tafapp.models import SyncState
from tafapp.storage.opening import NAME_KEY
from tafapp.storage.profile import Profile
from tafapp.storage.store import open_profile
from tafapp.ui import unlock
from tafapp.ui.first_run import FirstRunChoice, FirstRunDialog, problem
from tafapp.ui.unlock import UnlockCancelled, create_new

CHOICE = FirstRunChoice(role="practitioner", name="Sam Lee", agency="Oak School",
                        sector="school")


def test_creates_profile_with_identity_using_the_keyring(qtbot, profile: Profile,
                                                         monkeypatch) -> None:
    calls: list[bool] = []

    def ask(cls, parent, needs_passphrase, previous=None, message="", **_k):
        calls.append(needs_passphrase)
        return CHOICE

    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(ask))
    st, choice = create_new(profile)
    try:
        assert calls == [False]  # a secure keyring exists: no passphrase fields
        with st.read() as s:
            assert s.get(SyncState, NAME_KEY).value == "Sam Lee"
    finally:
        st.close()
    open_profile(profile).close()


def test_without_keyring_a_passphrase_is_asked_and_a_short_one_retried(
        qtbot, profile: Profile, monkeypatch) -> None:
    monkeypatch.setattr(unlock, "secure_keyring", lambda: None)
    monkeypatch.setattr("tafapp.storage.vault.secure_keyring", lambda: None)
    answers = iter([FirstRunChoice(**{**CHOICE.__dict__, "passphrase": "short"}),
                    FirstRunChoice(**{**CHOICE.__dict__, "passphrase": "long enough pass"})])
    seen: list[tuple[bool, str, FirstRunChoice | None]] = []

    def ask(cls, parent, needs_passphrase, previous=None, message="", **_k):
        seen.append((needs_passphrase, message, previous))
        return next(answers)

    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(ask))
    monkeypatch.setattr("tafapp.storage.vault.KdfParams.__init__.__defaults__", (8192, 1, 1))
    st, _choice = create_new(profile)
    st.close()
    assert [s[0] for s in seen] == [True, True]
    assert "passphrase" in seen[1][1] and "8" in seen[1][1]
    assert seen[1][2] is not None and seen[1][2].passphrase is None  # secret never kept
    open_profile(profile, "long enough pass").close()


def test_cancel_creates_nothing(qtbot, profile: Profile, monkeypatch) -> None:
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, *a, **k: None))
    try:
        create_new(profile)
    except UnlockCancelled:
        pass
    else:
        raise AssertionError("expected UnlockCancelled")
    assert not profile.root.exists() or not any(profile.root.iterdir())


def test_dialog_hides_passphrase_fields_with_a_keyring(qtbot) -> None:
    with_keyring = FirstRunDialog(needs_passphrase=False)
    without = FirstRunDialog(needs_passphrase=True)
    qtbot.addWidget(with_keyring)
    qtbot.addWidget(without)
    assert with_keyring.passphrase.isHidden() and with_keyring.confirm.isHidden()
    assert not without.passphrase.isHidden()
    without.role.setCurrentIndex(without.role.findData("hub"))
    assert not without.agency.isEnabled()


def test_dialog_names_the_field_at_fault(qtbot) -> None:
    dialog = FirstRunDialog(needs_passphrase=True)
    qtbot.addWidget(dialog)
    dialog._on_accepted()
    assert "name" in dialog.message.text()
    assert dialog.result() == 0
    dialog.name.setText("Sam Lee")
    dialog.agency.setText("Oak School")
    dialog._on_accepted()
    assert "sector" in dialog.message.text()
    dialog.sector.setCurrentIndex(dialog.sector.findData("school"))
    dialog.passphrase.setText("long enough pass")
    dialog.confirm.setText("different pass!")
    dialog._on_accepted()
    assert "different" in dialog.message.text()
    dialog.confirm.setText("long enough pass")
    dialog._on_accepted()
    assert dialog.result() == 1


def test_problem_rules() -> None:
    assert problem(CHOICE, False, None) is None
    assert "agency" in problem(FirstRunChoice("practitioner", "Sam"), False, None)
    assert problem(FirstRunChoice("hub", "Borough hub"), False, None) is None
    assert "at least" in problem(CHOICE, True, None)


# Trying the demo from the first run (a practice pair beside the real profile, never in it)
# is tests/ui_sync/test_demo_loop.py.
