"""New family in the app: the form from the caseload, a date typed wrongly, the duplicate
warning, and the new record opened with its next steps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit

from tafapp.services import families
from tafapp.storage.store import Store
from tafapp.ui.app import app
from tafapp.ui.family.dialog import EditDialog
from tafapp.ui.family.new_family import NewFamilyDialog


def _dialog(window: Any) -> NewFamilyDialog:
    dialog = window.new_family_dialog
    assert isinstance(dialog, NewFamilyDialog) and dialog.isVisible()
    return dialog


def _type(qtbot: Any, dialog: NewFamilyDialog, name: str, value: str) -> None:
    w = dialog.form.widget(name)
    if isinstance(w, QLineEdit):
        w.clear()
    qtbot.keyClicks(w, value)


def test_new_family_form_opens_the_record_with_next_steps(qtbot, demo_store: Store) -> None:
    shell = app.build_shell(demo_store)
    window = shell.window
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(window)
    # The lead defaults to this laptop's practitioner, listed first.
    lead = dialog.form.widget("lead_practitioner_id")
    assert lead.currentIndex() == 0 and lead.currentText().startswith("Sam Lee")
    _type(qtbot, dialog, "household_name", "Nowak household")
    qtbot.keyClicks(dialog.form.widget("address"), "4 Elm Row, Stockton")
    assert isinstance(dialog.form.widget("address"), QPlainTextEdit)
    _type(qtbot, dialog, "postcode", "ts18 2ab")
    _type(qtbot, dialog, "request_on", "31/02/2026")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "February 2026 has no day 31" in dialog.form.error_text("request_on")
    assert dialog.form.values()["household_name"] == "Nowak household"  # nothing lost
    _type(qtbot, dialog, "request_on", "01/12/2026")
    with qtbot.waitSignal(dialog.sig_created) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    family_id = created.args[0]
    page = window.page("family")
    assert window.current_key() == "family"
    qtbot.waitUntil(lambda: page.view is not None and page.view.header.id == family_id)
    assert page.view.header.postcode == "TS18 2AB"
    assert page.next_steps.isVisible()
    assert all(b.isVisible() for b in page.next_steps.buttons.values())
    assert "New family opened" in window.statusBar().currentMessage()
    # The first next step opens the Add a person form on the Household tab.
    page.tabs.setCurrentWidget(page.team)
    qtbot.mouseClick(page.next_steps.buttons["people"], Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.household
    shown = [d for d in page.household.findChildren(EditDialog) if d.isVisible()]
    assert [d.windowTitle() for d in shown] == ["Add a person"]
    shown[0].reject()


def test_duplicate_warning_offers_the_family_already_here(qtbot, demo_store: Store,
                                                          monkeypatch) -> None:
    with demo_store.begin() as s:
        existing = families.new_family(s, "Patel household", postcode="TS19 7XY")
        existing_id = existing.id
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        button = next(b for b in box.buttons() if b.text().replace("&", "").startswith("Open"))
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    shell = app.build_shell(demo_store)
    window = shell.window
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.caseload.new_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    _type(qtbot, dialog, "household_name", "patel Household")
    _type(qtbot, dialog, "postcode", "TS197XY")
    with qtbot.waitSignal(dialog.sig_open_existing):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert asked and "Patel household at TS19 7XY" in asked[0]
    page = window.page("family")
    qtbot.waitUntil(lambda: page.view is not None and page.view.header.id == existing_id)
    with demo_store.read() as s:
        assert len(families.same_families(s, "Patel household", "TS19 7XY")) == 1
