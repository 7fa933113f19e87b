"""Live meeting mode with real widgets: a meeting start to finish, finalising refused without
a next review date, read-only afterwards with addenda, undo/redo, keyboard steps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tafapp.services import meetings
from tafapp.ui import settings
from tafapp.ui.family.forms import find_data
from tafapp.ui.meeting import MeetingPage
from tests.ui_screens.builders import seed
from tests.ui_screens.test_family_page import activate


def _page(qtbot, demo):  # type: ignore[no-untyped-def]
    page = MeetingPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.start(demo.family_id, "review")
    assert page.view is not None
    return page


def _saved(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.saver.idle, timeout=3000)


def test_meeting_start_to_finish(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True, with_meeting=True)
    page = _page(qtbot, demo)
    activate(page)
    b = page.binder
    # 1 who is here: the team and the chair (the lead professional) are there already
    assert b.editors["chair"].text() == "Amy Patel"
    who = page.steps[0]
    assert sorted(r.name for r in who.model.rows()) == ["Amy Patel", "Ben Okafor"]
    who.who.setEditText("Dr Jo Bloggs")
    who.status.setCurrentIndex(find_data(who.status, "apologies"))
    who.update_edit.setPlainText("Sleep clinic appointment booked for March")
    who.add_attendee()
    who.who.setCurrentIndex(find_data(who.who, ("person", demo.mum_id)))
    who.add_attendee()
    assert who.model.rowCount() == 4
    # 2-6 the talking steps, moved through with the keyboard
    qtbot.keySequence(page, QKeySequence("Ctrl+PgDown"))
    assert page.current_step() == 1
    b.editors["consent_confirmed"].setChecked(True)
    qtbot.keySequence(page, QKeySequence("Ctrl+PgDown"))
    qtbot.keyClicks(b.editors["family_update"], "Kerry says mornings are easier")
    page.go_to(3)
    qtbot.keyClicks(b.editors["child_voice"], "Jayden drew his football team")
    qtbot.keyClicks(b.editors["child_voice_how"], "Drawing with Amy")
    page.go_to(4)
    assert "Sleep clinic appointment" in page.steps[4].written.text()
    page.go_to(5)  # the three columns start from the plan
    assert b.editors["working_well"].toPlainText() == "He loves football club"
    b.editors["worried_about"].selectAll()
    qtbot.keyClicks(b.editors["worried_about"], "Late on Mondays")
    # scaling beside last meeting's scores
    page.go_to(6)
    assert "4" in page.scaling.family.last.text() and "5" in page.scaling.professional.last.text()
    page.scaling.family.spin.setValue(6)
    page.scaling.professional.spin.setValue(7)
    # review every open action (two family actions and the task)
    page.go_to(7)
    review = page.steps[7]
    assert review.model.rowCount() == 3
    review.table.selectRow(0)
    review.review(review.model.rows()[0], "achieved", "Goes every Monday")
    assert review.model.rows()[0].reviewed_status == "achieved"
    # new actions
    page.go_to(8)
    new = page.steps[8]
    new.description.setPlainText("Jayden will join the lunchtime club")
    new.agency.setCurrentIndex(find_data(new.agency, demo.school_id))
    new.who.setCurrentIndex(find_data(new.who, ("practitioner", demo.teacher_id)))
    new.add()
    assert new.model.rowCount() == 1
    assert new.table.currentIndex().row() == 0  # the new row is chosen, and it says so
    assert "Added: Jayden will join the lunchtime club" in new.notice.text()
    # decision; finalising is refused until the next review date is set
    page.go_to(9)
    decision = b.editors["decision"]
    decision.setCurrentIndex(find_data(decision, "continue"))
    qtbot.keyClicks(b.editors["decision_reason"], "Good progress")
    qtbot.keySequence(page, QKeySequence("Ctrl+Return"))
    assert not hasattr(page, "finalise_dialog")  # refused before anything is confirmed
    assert not page.view.meeting.is_final
    assert "next review" in b.errors["next_review_on"].text().lower()
    page.decision.use_suggested()
    qtbot.keySequence(page, QKeySequence("Ctrl+Return"))
    confirm = page.finalise_dialog  # what is not done comes first
    assert "2 of 3 actions not reviewed" in confirm.gap_label.text()
    assert "Chase the sleep clinic" in confirm.gap_label.text()
    confirm.finalise_button.click()
    assert confirm.isVisible() and "Say why" in confirm.error.text()
    assert not page.view.meeting.is_final
    confirm.reason.setPlainText("Nurse absent; her actions reviewed next time")
    confirm.finalise_button.click()
    assert not confirm.isVisible() and page.view.meeting.is_final
    m = page.view.meeting
    assert (m.chair, m.family_update, m.child_voice, m.worried_about, m.consent_confirmed) == (
        "Amy Patel", "Kerry says mornings are easier", "Jayden drew his football team",
        "Late on Mondays", True)
    assert m.next_review_on == page.view.suggested_next_review
    assert page.view.scores == {"family": (6, ""), "professional": (7, "")}
    # locked: read-only, corrections are addenda
    assert b.editors["family_update"].isReadOnly()
    assert not page.decision.finalise_button.isEnabled()
    page.decision.addendum.setPlainText("Chair was Amy Patel, not Ben")
    page.decision.add_addendum()
    texts = [a.text for a in page.view.addenda]
    assert len(texts) == 2 and "Why: Nurse absent" in texts[0] and "not reviewed" in texts[0]


def test_bad_date_is_named_and_other_fields_still_save(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo)
    b = page.binder
    qtbot.keyClicks(b.editors["next_review_on"], "31/02/2027")
    qtbot.keyClicks(b.editors["family_update"], "Kept even so")
    _saved(qtbot, page)
    assert "February 2027 has no day 31" in b.errors["next_review_on"].text()
    with ui_store.read() as s:
        draft = meetings.draft_for(s, demo.family_id)
        assert draft is not None and draft.family_update == "Kept even so"
    assert b.editors["next_review_on"].text() == "31/02/2027"


def test_undo_and_redo_over_saved_edits(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    page = _page(qtbot, demo)
    activate(page)
    editor = page.binder.editors["family_update"]
    editor.setFocus()
    qtbot.keyClicks(editor, "First words")
    _saved(qtbot, page)
    page.go_to(8)
    new = page.steps[8]
    new.description.setPlainText("Kerry will visit the library")
    new.who.setCurrentIndex(find_data(new.who, ("person", demo.mum_id)))
    new.add()
    assert new.model.rowCount() == 1
    qtbot.keySequence(new.description, QKeySequence("Ctrl+Z"))
    assert new.model.rowCount() == 0
    qtbot.keySequence(new.description, QKeySequence("Ctrl+Z"))
    assert editor.toPlainText() == ""
    with ui_store.read() as s:
        draft = meetings.draft_for(s, demo.family_id)
        assert draft is not None and draft.family_update == ""
    qtbot.keySequence(new.description, QKeySequence("Ctrl+Shift+Z"))
    assert editor.toPlainText() == "First words"
    qtbot.keySequence(new.description, QKeySequence("Ctrl+Shift+Z"))
    assert new.model.rowCount() == 1


def test_large_text_and_keyboard_reach(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo)
    activate(page)
    base = page.font().pointSizeF()
    page.large_text.setChecked(True)  # the app's one large-text switch, from this page
    try:
        assert settings.value(settings.LARGE_TEXT) is True
        editor = page.binder.editors["family_update"]
        wanted = base * settings.value(settings.LARGE_TEXT_SCALE_PERCENT) / 100
        qtbot.waitUntil(lambda: abs(editor.font().pointSizeF() - wanted) < 0.01)
    finally:
        page.large_text.setChecked(False)
    qtbot.waitUntil(lambda: page.font().pointSizeF() == base)
    settings.set_large_text(True)  # Ctrl+Shift+L elsewhere ticks this page's box
    assert page.large_text.isChecked()
    settings.set_large_text(False)
    assert not page.large_text.isChecked()
    page.step_list.setFocus()
    qtbot.keyClick(page.step_list, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_step() == 1
    qtbot.keySequence(page.binder.editors["consent_confirmed"], QKeySequence("Ctrl+PgUp"))
    assert page.current_step() == 0
    for editor in page.binder.editors.values():
        assert editor.accessibleName(), editor.objectName()
        assert editor.focusPolicy() & Qt.FocusPolicy.TabFocus, editor.objectName()


def test_meeting_models_pass_modeltester(qtbot, qtmodeltester, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True, with_meeting=True)
    page = _page(qtbot, demo)
    page.steps[0].who.setEditText("Someone")
    page.steps[0].add_attendee()
    for model in (page.steps[0].model, page.steps[7].model, page.steps[8].model,
                  page.decision.addenda_model):
        qtmodeltester.check(model)


def test_export_buttons_call_the_export_actions(qtbot, ui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tafapp.ui import export_actions
    from tafapp.ui.family import FamilyPage

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(export_actions, "export_meeting_notes",
                        lambda parent, mid: calls.append(("notes", mid)))
    monkeypatch.setattr(export_actions, "export_family_plan",
                        lambda parent, fid: calls.append(("plan", fid)))
    demo = seed(ui_store, with_plan=True)
    page = _page(qtbot, demo)
    qtbot.keyClicks(page.binder.editors["family_update"], "Typed just before exporting")
    assert page.export_button is not None
    page.export_button.click()
    family = FamilyPage()
    qtbot.addWidget(family)
    family.load(demo.family_id)
    assert family.export_button is not None
    family.export_button.click()
    assert calls == [("notes", page.view.meeting.id), ("plan", demo.family_id)]  # type: ignore[union-attr]
    with ui_store.read() as s:  # what was typed was saved before the export ran
        draft = meetings.draft_for(s, demo.family_id)
        assert draft is not None and draft.family_update == "Typed just before exporting"


def test_reload_while_a_save_is_in_flight_keeps_the_typing(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    from tafapp.ui import ops

    demo = seed(ui_store)
    page = _page(qtbot, demo)
    ops.set_inline(False)  # the real worker thread: the reload's query can overtake the save
    try:
        editor = page.binder.editors["family_update"]
        page.reload()  # its query runs before the save below; its result arrives after it
        editor.setPlainText("Typed while reloading")
        page.saver.flush()
        qtbot.waitUntil(lambda: page.saver.idle, timeout=5000)
        assert ops.wait_idle()
        qtbot.wait(50)
        assert editor.toPlainText() == "Typed while reloading"
    finally:
        ops.wait_idle()
        ops.set_inline(True)
    with ui_store.read() as s:
        draft = meetings.draft_for(s, demo.family_id)
        assert draft is not None and draft.family_update == "Typed while reloading"
