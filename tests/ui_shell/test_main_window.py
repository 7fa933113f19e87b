"""The main window: navigation, opening a family, the pending count, keyboard, state."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tafapp.core.errors import InputRejected, ProfileBusy
from tafapp.storage.store import Store
from tafapp.ui import ops, pages, settings
from tafapp.ui.app import app
from tafapp.ui.main_window import MainWindow


class FakeFamilyPage(QWidget):
    """Stands in for the family screen, which another part of the team builds."""

    loaded: list[uuid.UUID] = []

    def load(self, family_id: uuid.UUID) -> None:
        FakeFamilyPage.loaded.append(family_id)


def test_opening_a_family_shows_the_family_page(qtbot, demo_store: Store, monkeypatch) -> None:
    real_factory = pages.PageSpec.factory
    monkeypatch.setattr(pages.PageSpec, "available", lambda self: True)
    monkeypatch.setattr(pages.PageSpec, "factory", lambda self: FakeFamilyPage
                        if self.key == "family" else real_factory(self))
    FakeFamilyPage.loaded = []
    shell = app.build_shell(demo_store)
    qtbot.addWidget(shell.window)
    window = shell.window
    assert window.current_key() == "caseload"
    family = window.caseload.model.row_at(0)
    window.caseload.table.setFocus()
    window.caseload.table.selectRow(0)
    with qtbot.waitSignal(window.sig_page_changed) as changed:
        qtbot.keyClick(window.caseload.table, Qt.Key.Key_Return)
    assert changed.args == ["family"]
    assert FakeFamilyPage.loaded == [family.id]
    assert window.nav.currentItem().data(Qt.ItemDataRole.UserRole) == "family"
    window.nav.setCurrentRow(0)
    assert window.current_key() == "caseload"


def test_hub_pages_only_on_a_hub() -> None:
    practitioner = {p.key for p in pages.for_role("practitioner")}
    hub = {p.key for p in pages.for_role("hub")}
    assert not practitioner & {"import", "conflicts", "dashboard"}
    assert "caseload" in practitioner and practitioner - {"sync"} <= hub
    assert "sync" in practitioner and "sync" not in hub  # a hub's changes travel in receipts


def test_missing_screen_is_said_not_crashed(qtbot, demo_store: Store) -> None:
    ops.set_store(demo_store)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.show_page("no-such-screen") is None
    assert "not in this version" in window.statusBar().currentMessage()


def test_pending_count_is_shown(qtbot, demo_store: Store) -> None:
    shell = app.build_shell(demo_store)
    qtbot.addWidget(shell.window)
    with qtbot.waitSignal(shell.window.sig_pending_changed) as counted:
        shell.window.refresh_pending()
    count = counted.args[0]
    assert count > 0  # the identity set-up queued its ops; demo data queues none
    assert str(count) in shell.window.pending_label.text()


def test_ctrl_f_goes_to_the_filter_and_controls_have_names(qtbot, demo_store: Store) -> None:
    shell = app.build_shell(demo_store)
    window = shell.window
    qtbot.addWidget(window)
    window.show()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.caseload.filter_edit
    for widget in (window.nav, window.lock_button, window.pending_label,
                   window.caseload.filter_edit, window.caseload.table,
                   window.caseload.closed_check):
        assert widget.accessibleName(), widget
    assert window.caseload.table.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")


def test_large_text_scales_the_system_font(qtbot, demo_store: Store) -> None:
    qapp = QApplication.instance()
    settings.set_value(settings.LARGE_TEXT, False)
    settings.apply_text_size(qapp)
    base = qapp.font().pointSizeF()
    shell = app.build_shell(demo_store)
    qtbot.addWidget(shell.window)
    shell.window.large_text_action.setChecked(True)
    try:
        assert settings.value(settings.LARGE_TEXT) is True
        assert abs(qapp.font().pointSizeF() - base * 1.4) < 0.01
    finally:
        shell.window.large_text_action.setChecked(False)
    assert qapp.font().pointSizeF() == base


def test_window_state_is_remembered(qtbot, demo_store: Store) -> None:
    ops.set_store(demo_store)
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(760, 560)
    first.show()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.restore_state()
    assert (second.width(), second.height()) == (760, 560)


def test_background_errors_are_worded_in_a_message_box(qtbot, demo_store: Store,
                                                       monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append((title, text)))
    shell = app.build_shell(demo_store)
    qtbot.addWidget(shell.window)

    def bad(_s: object) -> None:
        raise InputRejected("due_on", "31/02 is not a date")

    ops.run_op(shell.window, bad)
    assert shown == [("Not saved",
                      "Please check “due on”: 31/02 is not a date. Nothing was saved.")]
    ops.run_query(shell.window, lambda _s: (_ for _ in ()).throw(ProfileBusy("Open elsewhere.")))
    assert shown[-1] == ("Already open", "Open elsewhere.")


def test_tab_order_and_ctrl_l_from_the_keyboard(qtbot, demo_store: Store) -> None:
    shell = app.build_shell(demo_store)
    window = shell.window
    qtbot.addWidget(window)
    window.show()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.caseload.focus_filter()
    order = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:2] == [window.caseload.closed_check, window.caseload.table]
    assert window.lock_button in order
    qtbot.keyClick(window.caseload.filter_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.lock.locked
    assert QApplication.focusWidget() is shell.lock.screens[0].unlock_button
