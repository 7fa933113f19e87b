"""Auto-lock hides every family detail until the unlock check passes again."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile
from tafapp.ui.app import app
from tafapp.ui.lock import LockScreen
from tests.conftest import FAST_KDF

PASS = "correct horse battery"


def _shell(qtbot, store: Store) -> app.Shell:
    shell = app.build_shell(store)
    qtbot.addWidget(shell.window)
    shell.window.show()
    return shell


def _covered(shell: app.Shell) -> bool:
    screens = [s for s in shell.lock.screens if s.parentWidget() is shell.window]
    return bool(screens) and screens[0].isVisible() and \
        screens[0].geometry() == shell.window.rect()


def test_idle_time_locks_and_keyring_unlock_restores(qtbot, demo_store: Store) -> None:
    shell = _shell(qtbot, demo_store)
    window = shell.window
    assert window.caseload.model.total > 0
    title = window.windowTitle()
    with qtbot.waitSignal(shell.lock.sig_locked, timeout=3000):
        shell.lock.set_idle_msecs(30)
    assert shell.lock.locked and _covered(shell)
    assert not window.centralWidget().isEnabled()  # no Tab into the hidden table
    assert not window.menuBar().isEnabled()
    assert "locked" in window.windowTitle() and title not in window.windowTitle()
    screen = shell.lock.screens[0]
    assert screen.passphrase.isHidden()  # keyring mode: a button is enough
    with qtbot.waitSignal(shell.lock.sig_unlocked):
        screen.unlock_button.click()
    assert not shell.lock.locked
    assert window.centralWidget().isEnabled() and window.windowTitle() == title
    assert not any(isinstance(c, LockScreen) and c.isVisible() for c in window.children())


def test_keyring_gone_keeps_it_locked(qtbot, demo_store: Store, memory_keyring) -> None:
    shell = _shell(qtbot, demo_store)
    shell.window.lock_action.trigger()  # Ctrl+L
    assert shell.lock.locked
    saved = dict(memory_keyring.items)
    memory_keyring.items.clear()
    shell.lock.screens[0].unlock_button.click()
    assert shell.lock.locked
    assert "keyring" in shell.lock.screens[0].message.text()
    memory_keyring.items.update(saved)
    shell.lock.screens[0].unlock_button.click()
    assert not shell.lock.locked


def test_passphrase_lock_needs_the_right_passphrase(qtbot, tmp_path, monkeypatch) -> None:
    st = create_profile(Profile(tmp_path / "pp"), "practitioner", PASS, FAST_KDF)
    monkeypatch.setenv("TAFAPP_PASSPHRASE", PASS)  # never accepted by the lock screen
    try:
        shell = _shell(qtbot, st)
        shell.window.lock_button.click()
        screen = shell.lock.screens[0]
        assert not screen.passphrase.isHidden()
        screen.unlock_button.click()
        assert shell.lock.locked and "Type the passphrase" in screen.message.text()
        qtbot.keyClicks(screen.passphrase, "wrong passphrase")
        screen.unlock_button.click()
        assert shell.lock.locked and "not right" in screen.message.text()
        screen.passphrase.setText(PASS)
        with qtbot.waitSignal(shell.lock.sig_unlocked):
            screen.passphrase.returnPressed.emit()
        assert not shell.lock.locked
    finally:
        st.close()


def test_other_windows_are_covered_too_and_keep_their_content(qtbot, demo_store: Store) -> None:
    shell = _shell(qtbot, demo_store)
    dialog = QDialog(shell.window)
    QVBoxLayout(dialog).addWidget(QLabel("Jayden's school report", dialog))
    qtbot.addWidget(dialog)
    dialog.show()
    shell.lock.lock()
    covering = [s for s in shell.lock.screens if s.parentWidget() is dialog]
    assert covering and covering[0].isVisible()
    assert dialog.isVisible()  # covered, not closed: nothing typed in it is lost
    covering[0].unlock_button.click()
    assert not shell.lock.locked and dialog.isVisible()


def test_input_restarts_the_idle_timer(qtbot, demo_store: Store) -> None:
    shell = _shell(qtbot, demo_store)
    shell.lock.set_idle_minutes(5)
    timer = shell.lock._timer
    timer.stop()
    qtbot.keyClick(shell.window.caseload.filter_edit, "a")
    assert timer.isActive()
    timer.stop()
    qtbot.keyClick(shell.window.caseload.filter_edit, "z")
    assert not timer.isActive()  # resting after input: typing costs no Python call per event
    shell.lock._rearm.timeout.emit()
    qtbot.keyClick(shell.window.caseload.filter_edit, "y")
    assert timer.isActive()
    shell.lock.set_idle_minutes(0)
    assert not timer.isActive()
    qtbot.keyClick(shell.window.caseload.filter_edit, "b")
    assert not timer.isActive()


def test_closing_the_window_disarms_the_lock(qtbot, demo_store: Store) -> None:
    shell = _shell(qtbot, demo_store)
    shell.lock.set_idle_minutes(5)
    shell.window.close()
    assert not shell.lock._timer.isActive() and not shell.lock._watching
