"""The family page with real widgets: open a family, add a need and three actions for two
agencies, inline validation, the checker refreshing, undo/redo."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QWidget

from tafapp.services import ui_support
from tafapp.ui.family import FamilyPage
from tafapp.ui.family.common import SOMEONE_ELSE
from tafapp.ui.family.forms import find_data
from tests.ui_screens.builders import seed


def _page(qtbot, family_id):  # type: ignore[no-untyped-def]
    page = FamilyPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.load(family_id)
    return page


def activate(widget) -> None:  # type: ignore[no-untyped-def]
    """Make the widget's window active, so keyboard shortcuts reach it (offscreen too)."""
    widget.show()
    widget.windowHandle().requestActivate()
    assert QTest.qWaitForWindowActive(widget, 20000)  # generous: CI machines can be busy


def _choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(find_data(combo, data))


def test_open_family_shows_every_section(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True, with_meeting=True)
    page = _page(qtbot, demo.family_id)
    assert "Smith household" in page.title.text()
    assert page.household.people_model.rowCount() == 2
    assert page.consent.model.rowCount() == 1
    assert page.team.model.rowCount() == 2 and "Amy Patel" in page.team.lead_label.text()
    assert page.plan.needs.model.rowCount() == 1
    groups = page.plan.actions.plan_model.groups()
    assert [g[0] for g in groups] == ["Hillside Primary School", "Family members and others"]
    assert page.plan.actions.tasks_model.rowCount() == 1  # the task is kept apart
    assert page.history.model.rowCount() == 1
    # "Chase the sleep clinic" is a professional task, so the checker has nothing on it
    assert all("Chase" not in f.message for f in page.plan.checker.model.rows())


def test_add_need_and_three_actions_for_two_agencies(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo.family_id)
    page.tabs.setCurrentWidget(page.plan)
    dialog = page.plan.needs.edit(None)
    form = dialog.form
    form.widget("worried_about").setPlainText("Jayden is often late")
    dialog._on_ok()
    assert not dialog.isVisible() or dialog.result() == dialog.DialogCode.Accepted
    assert page.plan.needs.model.rowCount() == 1
    assert page.plan.needs.table.currentIndex().row() == 0  # the new need is chosen
    assert page.plan.needs.notice.text() == "Added the need."
    assert "Jayden is often late" in page.plan.detail.text()  # and shown whole
    assert "no Supporting Families outcome" in page.plan.checker.summary.text() or \
        any(f.field == "outcome_code" for f in page.plan.checker.model.rows())
    need = page.plan.needs.model.rows()[0]
    due = (date.today() + timedelta(days=21)).strftime("%d/%m/%Y")
    for text, agency, who in (("Amy will meet Jayden each morning", demo.school_id,
                               demo.teacher_id),
                              ("Ben will visit to talk about sleep", demo.health_id,
                               demo.nurse_id),
                              ("School will send the attendance report home", demo.school_id,
                               None)):
        d = page.plan.actions.edit(None)
        d.form.widget("description").setPlainText(text)
        _choose(d.form.widget("need_id"), need.id)
        _choose(d.form.widget("owner_agency_id"), agency)
        _choose(d.form.widget("who"), ("practitioner", who) if who else SOMEONE_ELSE)
        d.form.widget("due_on").setText(due)
        assert d.form.widget("owner_name").isEnabled() == (who is None)
        if who is None:
            d.form.widget("owner_name").setText("Mrs Green, attendance officer")
        d._on_ok()
        assert d.result() == d.DialogCode.Accepted, d.form.error_text("who")
        chosen = page.plan.actions.plan_tree.currentIndex()
        assert page.plan.actions.plan_model.row_at(chosen).description == text
        assert page.plan.actions.notice.text() == f"Added: {text}"
    groups = dict(page.plan.actions.plan_model.groups())
    assert len(groups["Hillside Primary School"]) == 2
    assert len(groups["Tees Health Visiting"]) == 1
    with ui_store.read() as s:
        view = ui_support.family_view(s, demo.family_id)
    assert len(view.actions) == 3 and all(a.due_on for a in view.actions)
    assert {f.field for f in page.plan.checker.model.rows()} == {"outcome_code"}


def test_validation_is_inline_and_names_the_field(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo.family_id)
    d = page.plan.actions.edit(None)
    d.form.widget("description").setPlainText("Kerry will call the school")
    d.form.widget("due_on").setText("31/02/2027")
    _choose(d.form.widget("who"), ("person", demo.mum_id))
    d._on_ok()
    assert d.result() != d.DialogCode.Accepted
    assert "February 2027 has no day 31" in d.form.error_text("due_on")
    d.form.widget("due_on").setText("")
    _choose(d.form.widget("who"), None)
    d._on_ok()
    assert "say who will do this" in d.form.error_text("who").lower()
    assert d.form.widget("description").toPlainText() == "Kerry will call the school"
    # the household form keeps the typed value and names the postcode
    page.household.form.widget("postcode").setText("NOT A POSTCODE")
    page.household._on_save_clicked()
    assert "not a UK postcode" in page.household.form.error_text("postcode")
    assert page.household.form.widget("postcode").text() == "NOT A POSTCODE"


def test_plan_undo_and_redo_with_keyboard(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True)
    page = _page(qtbot, demo.family_id)
    activate(page)
    page.tabs.setCurrentWidget(page.plan)
    actions = page.plan.actions
    first = actions.plan_model.index(0, 0)
    actions.plan_tree.setCurrentIndex(actions.plan_model.index(0, 0, first))
    target = actions.current()
    assert target is not None
    actions.set_status(target, "achieved")
    status = {a.id: a.status for a in page.view.actions}  # type: ignore[union-attr]
    assert status[target.id] == "achieved"
    actions.remove(next(a for a in page.view.actions if a.kind == "professional"))  # type: ignore[union-attr]
    assert actions.tasks_model.rowCount() == 0
    actions.plan_tree.setFocus()
    qtbot.keySequence(actions.plan_tree, QKeySequence("Ctrl+Z"))
    assert actions.tasks_model.rowCount() == 1
    qtbot.keyClick(actions.plan_tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    status = {a.id: a.status for a in page.view.actions}  # type: ignore[union-attr]
    assert status[target.id] == "not_started"
    qtbot.keySequence(actions.plan_tree, QKeySequence("Ctrl+Shift+Z"))
    status = {a.id: a.status for a in page.view.actions}  # type: ignore[union-attr]
    assert status[target.id] == "achieved"
    page.undo_stack.redo()
    assert actions.tasks_model.rowCount() == 0


def test_start_meeting_emits_the_draft(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo.family_id)
    with qtbot.waitSignal(page.sig_open_meeting) as blocker:
        page.history.start_meeting()
    first = blocker.args[0]
    with qtbot.waitSignal(page.sig_open_meeting) as again:
        page.history.start_meeting()
    assert again.args[0] == first  # the draft is resumed, not duplicated
    assert page.history.model.rowCount() == 1


def test_close_and_step_up(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo.family_id)
    page.closure._on_close_clicked()
    assert "reason" in page.closure.close_form.error_text("reason").lower()
    page.closure.step_form.widget("reason").setPlainText("Safeguarding concern raised")
    page.closure._on_step_clicked()
    assert page.view.header.status == "closed"  # type: ignore[union-attr]
    assert page.closure.steps_model.rowCount() == 1
    assert "Stepped up" in page.closure.state_label.text()


def test_every_model_passes_modeltester(qtbot, qtmodeltester, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store, with_plan=True, with_meeting=True)
    page = _page(qtbot, demo.family_id)
    models = [page.household.people_model, page.consent.model, page.team.model,
              page.plan.needs.model, page.plan.actions.plan_model, page.plan.actions.tasks_model,
              page.plan.checker.model, page.referrals.model, page.history.model,
              page.closure.steps_model]
    for model in models:
        qtmodeltester.check(model)


def test_every_control_has_a_name_and_takes_the_keyboard(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    demo = seed(ui_store, with_plan=True)
    page = _page(qtbot, demo.family_id)
    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit)
    controls = [w for w in page.findChildren(QWidget) if isinstance(w, kinds)
                and w.window() is page  # not the combo boxes' pop-up lists
                and not isinstance(w.parent(), QComboBox | QAbstractItemView)
                and not w.objectName().startswith("qt_")]
    assert len(controls) > 30
    for w in controls:
        name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
        assert name, f"{type(w).__name__} {w.objectName()} has no accessible name"
        assert w.focusPolicy() & Qt.FocusPolicy.TabFocus, w.objectName()


def test_showcase_puts_pages_in_a_populated_state(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    from tools import meeting_showcase as showcase

    seed(ui_store, with_plan=True, with_meeting=True)
    family, meeting = showcase.pages()
    qtbot.addWidget(family)
    qtbot.addWidget(meeting)
    assert family.tabs.currentWidget() is family.plan
    assert family.plan.actions.plan_model.rowCount() > 0
    assert meeting.view is not None and meeting.current_step() == 5


def test_consent_team_and_referrals_can_be_created_and_edited(qtbot, ui_store) -> None:  # type: ignore[no-untyped-def]
    demo = seed(ui_store)
    page = _page(qtbot, demo.family_id)
    consent = page.consent.model.rows()[0]
    d = page.consent.edit(consent)
    d.form.widget("scope_purposes").setPlainText("TAF plan and school attendance")
    d._on_ok()
    assert page.consent.model.rows()[0].scope_purposes == "TAF plan and school attendance"
    d = page.consent.withdraw(page.consent.model.rows()[0])
    d.form.widget("withdrawn_on").setText("01/01/2000")
    d._on_ok()
    assert "before consent was given" in d.form.error_text("withdrawn_on")
    d.form.widget("withdrawn_on").setText(date.today().strftime("%d/%m/%Y"))
    d._on_ok()
    assert page.consent.model.rows()[0].withdrawn_on == date.today()
    member = next(t for t in page.team.model.rows() if t.practitioner == "Ben Okafor")
    d = page.team.edit_member(member)
    d.form.widget("role_in_taf").setText("Health visitor for Jayden")
    d._on_ok()
    page.team.make_lead(next(t for t in page.team.model.rows() if t.practitioner == "Ben Okafor"))
    assert "Ben Okafor" in page.team.lead_label.text()
    d = page.referrals.add()
    d.form.widget("to_service").setText("Speech and language therapy")
    d._on_ok()
    d = page.referrals.outcome(page.referrals.model.rows()[0])
    d.form.widget("outcome").setPlainText("Seen; six sessions offered")
    d._on_ok()
    assert page.referrals.model.rows()[0].outcome == "Seen; six sessions offered"


def test_show_then_load_reads_only_the_family_asked_for(qtbot, ui_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tafapp.services import families
    from tafapp.ui.family import page as page_module

    demo = seed(ui_store)
    with ui_store.begin() as s:
        other = families.open_family(s, "Jones household", opened_on=date.today()).id
    page = FamilyPage()
    qtbot.addWidget(page)
    page.load(demo.family_id)
    read: list[object] = []
    real = page_module._load
    monkeypatch.setattr(page_module, "_load",
                        lambda s, fid: read.append(fid) or real(s, fid))
    page.show()  # as the main window opens a family: show the page, then load
    page.load(other)
    qtbot.wait(20)
    assert read == [other]
    page.hide()
    page.show()  # shown again with nothing loaded: it reloads what it shows
    qtbot.waitUntil(lambda: len(read) == 2, timeout=2000)
    assert read == [other, other]
