"""Live meeting mode: a TAF meeting recorded in agenda order, saved as it is typed.

Keys: Ctrl+PgDown / Ctrl+PgUp move between steps, Ctrl+Enter finalises, Ctrl+Z / Ctrl+Shift+Z
undo and redo saved edits. Finalising needs a decision and (unless the work ends) the next
review date; a finalised meeting is read-only and takes addenda.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tafapp.core.errors import InputRejected
from tafapp.services import draft_journal
from tafapp.services.draft_journal import Journal
from tafapp.services.ui_support_meeting import (
    TEXT_FIELDS,
    Gap,
    MeetingView,
    before_finalising,
    finalise_decided,
    meeting_view,
    resume_or_start,
)
from tafapp.ui import ops, settings
from tafapp.ui.family.common import cached_directory
from tafapp.ui.family.page import exports_available
from tafapp.ui.family.rows_model import words
from tafapp.ui.meeting.binder import Binder
from tafapp.ui.meeting.drafts import DraftSaver
from tafapp.ui.meeting.finalise import FinaliseDialog
from tafapp.ui.meeting.keys import page_key
from tafapp.ui.meeting.recovery import opened
from tafapp.ui.meeting.step_base import MeetingContext, Step
from tafapp.ui.meeting.steps_actions import NewActionsStep, ReviewStep
from tafapp.ui.meeting.steps_decision import DecisionStep
from tafapp.ui.meeting.steps_scaling import ScalingStep
from tafapp.ui.meeting.steps_talk import (
    ChildVoiceStep,
    ColumnsStep,
    ConsentStep,
    PractitionerStep,
    ViewsStep,
)
from tafapp.ui.meeting.steps_who import WhoStep

BOUND = (*TEXT_FIELDS, "held_on", "remote", "consent_confirmed", "decision", "next_review_on")


class MeetingPage(QWidget):
    sig_finalised = Signal(object)
    """The meeting (uuid) was finalised."""
    sig_loaded = Signal()
    """A meeting is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.saver = DraftSaver(self.undo_stack, self._apply, self)
        self.saver.step_of = self.current_step
        self.binder = Binder(self.saver)
        self.ctx = MeetingContext(self.binder, self.undo_stack, self.reload)
        self._wanted: uuid.UUID | None = None  # the meeting last asked for
        self._loads = 0  # load() calls, so a reload on show can stand down for a newer one
        self._unfilled: set[int] = set()  # steps not yet given the current view
        self._notice_step = -1  # the step a notice was shown on
        self._build_ui()
        self._connect()

    @property
    def view(self) -> MeetingView | None:
        return self.ctx.view

    def _build_ui(self) -> None:
        self.setAccessibleName(self.tr("Live meeting"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("meeting_title")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draft_state")
        top.addWidget(self.draft_label)
        self.large_text = QCheckBox(self.tr("Lar&ge text"))
        self.large_text.setAccessibleName(self.tr("Large text for a shared screen"))
        self.large_text.setToolTip(self.tr("Larger text everywhere in tafapp (Ctrl+Shift+L)"))
        self.large_text.setChecked(settings.value(settings.LARGE_TEXT))
        top.addWidget(self.large_text)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.redo_button = QPushButton(self.tr("Redo"))
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        self.export_button: QPushButton | None = None
        if exports_available():
            self.export_button = QPushButton(self.tr("E&xport notes…"))
            self.export_button.setAccessibleName(self.tr("Export the meeting notes"))
            top.addWidget(self.export_button)
        layout.addLayout(top)
        self.recovered = QLabel()
        self.recovered.setObjectName("recovered")
        self.recovered.setWordWrap(True)
        self.recovered.setStyleSheet("background: #fff4ce; padding: 4px;")
        self.recovered.hide()
        layout.addWidget(self.recovered)
        self.steps: list[Step] = [
            WhoStep(self.ctx), ConsentStep(self.ctx), ViewsStep(self.ctx),
            ChildVoiceStep(self.ctx), PractitionerStep(self.ctx), ColumnsStep(self.ctx),
            ScalingStep(self.ctx), ReviewStep(self.ctx), NewActionsStep(self.ctx),
            DecisionStep(self.ctx)]
        self.step_list = QListWidget()
        self.step_list.setObjectName("agenda")
        self.step_list.setAccessibleName(self.tr("Agenda steps"))
        self.stack = QStackedWidget()
        for n, step in enumerate(self.steps, 1):
            self.step_list.addItem(f"{n}. {self.tr(step.title)}")
            self.stack.addWidget(step)
        self.step_list.setMaximumWidth(300)
        self.step_list.setWordWrap(True)
        self.step_list.setSpacing(2)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.step_list)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back (Ctrl+PgUp)"))
        self.next_button = QPushButton(self.tr("Next step (Ctrl+PgDown) →"))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self.decision: DecisionStep = self.steps[-1]  # type: ignore[assignment]
        self.scaling: ScalingStep = self.steps[6]  # type: ignore[assignment]
        self._add_keys()

    def _add_keys(self) -> None:
        self.next_action = page_key(self, ["Ctrl+PgDown"], self.tr("Next step"),
                                    lambda: self.go_to(self.current_step() + 1))
        self.back_action = page_key(self, ["Ctrl+PgUp"], self.tr("Previous step"),
                                    lambda: self.go_to(self.current_step() - 1))
        self.finalise_action = page_key(self, ["Ctrl+Return", "Ctrl+Enter"],
                                        self.tr("Finalise"), self.finalise)
        self.undo_action = page_key(self, ["Ctrl+Z"], self.tr("Undo"), self.undo)
        self.redo_action = page_key(self, ["Ctrl+Shift+Z", "Ctrl+Y"], self.tr("Redo"), self.redo)

    def _connect(self) -> None:
        self.step_list.currentRowChanged.connect(self._on_step_changed)
        self.back_button.clicked.connect(lambda: self.go_to(self.current_step() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_step() + 1))
        self.large_text.toggled.connect(self.set_large_text)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._on_app_font_changed)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.decision.sig_finalise.connect(self.finalise)
        self.saver.sig_busy.connect(lambda: self._draft_state(self.tr("Saving…")))
        self.saver.sig_saved.connect(lambda: self._draft_state(self.tr("All changes saved")))
        if self.export_button is not None:
            self.export_button.clicked.connect(self._on_export_clicked)

    # -- loading ------------------------------------------------------------------------

    def start(self, family_id: uuid.UUID, kind: str = "review") -> None:
        """Resume the family's draft meeting, or start one today."""
        ops.run_op(self, lambda s: resume_or_start(s, family_id, kind), on_done=self.load)

    def load(self, meeting_id: uuid.UUID) -> None:
        if self.ctx.view is not None and self.ctx.view.meeting.id != meeting_id:
            self.saver.flush()
        self._wanted = meeting_id
        self._loads += 1
        ops.run_query(self, lambda s: (meeting_view(s, meeting_id, known=cached_directory(s)),
                                       draft_journal.read(s, meeting_id)),
                      on_done=self._on_read)

    def reload(self) -> None:
        if self.ctx.view is not None:
            self.load(self.ctx.view.meeting.id)

    def _saved_values(self, view: MeetingView) -> dict[str, Any]:
        values = {k: getattr(view.meeting, k) for k in BOUND}
        values["held_on"] = view.meeting.held_on.strftime("%d/%m/%Y")
        values["next_review_on"] = (view.meeting.next_review_on.strftime("%d/%m/%Y")
                                    if view.meeting.next_review_on else "")
        values["decision"] = view.meeting.decision or None
        for by in ("family", "professional"):
            values[f"score_{by}"] = view.scores.get(by)
        return values

    def _on_read(self, result: tuple[MeetingView, Journal | None]) -> None:
        view, journal = result
        fresh = self.ctx.view is None or self.ctx.view.meeting.id != view.meeting.id
        self._on_loaded(view)
        if not fresh or view.meeting.id != self._wanted:
            return
        self.recovered.hide()
        opened(self, view, journal)

    def _on_loaded(self, view: MeetingView) -> None:
        if view.meeting.id != self._wanted:
            return  # an older load finished after another meeting was asked for
        fresh = self.ctx.view is None or self.ctx.view.meeting.id != view.meeting.id
        self.ctx.view = view
        # Only the step on screen is filled now; the others when they are first shown.
        self._unfilled = set(range(len(self.steps)))
        saved = self._saved_values(view)
        if fresh:
            self.saver.reset(view.meeting.id, saved)
            self.undo_stack.clear()
            self.step_list.setCurrentRow(0)
        for key, value in saved.items():
            if fresh or not self.saver.is_pending(key):
                self._apply(key, value)
        self._fill_current()
        m = view.meeting
        self.title.setText(self.tr("{0} · {1} — {2} meeting, {3}{4}").format(
            view.household_name, view.family_reference, words(m.kind),
            m.held_on.strftime("%d/%m/%Y"), self.tr(" — FINAL") if m.is_final else ""))
        self.title.setAccessibleName(self.title.text())
        self._set_read_only(m.is_final)
        self._draft_state(self.tr("Final") if m.is_final else self.tr("All changes saved"))
        self.sig_loaded.emit()

    def _fill_current(self) -> None:
        index = self.current_step()
        if index in self._unfilled and self.ctx.view is not None:
            self._unfilled.discard(index)
            self.steps[index].fill(self.ctx.view)

    def _apply(self, key: str, value: Any) -> None:
        editor = self.scaling.editors().get(key)
        if editor is not None:
            self.binder.loading = True
            try:
                editor.show(value)
            finally:
                self.binder.loading = False
            return
        self.binder.apply(key, value)

    def _set_read_only(self, read_only: bool) -> None:
        self.binder.set_read_only(read_only)
        for step in self.steps:
            step.set_read_only(read_only)
        if read_only:
            self.undo_stack.clear()
        self.undo_button.setEnabled(not read_only)
        self.redo_button.setEnabled(not read_only)

    def _draft_state(self, text: str) -> None:
        self.draft_label.setText(text)
        self.draft_label.setAccessibleName(text)

    # -- moving, undo, finalising ---------------------------------------------------------

    def current_step(self) -> int:
        return self.step_list.currentRow()

    def go_to(self, index: int) -> None:
        """Show a step and put the cursor in its first control, ready to type."""
        if not 0 <= index < len(self.steps):
            return
        self.step_list.setCurrentRow(index)
        for child in self.steps[index].findChildren(QWidget):
            if (child.focusPolicy() & Qt.FocusPolicy.TabFocus) and child.isEnabled() \
                    and not child.isHidden():
                child.setFocus(Qt.FocusReason.TabFocusReason)
                break

    def _on_step_changed(self, index: int) -> None:
        if index != self._notice_step:
            self.recovered.hide()
        self.saver.flush()
        if self.ctx.view is not None and not self.ctx.view.meeting.is_final and index >= 0:
            self.saver.note_step(index)
        self._fill_current()  # before it shows, so it never appears with another's rows
        self.stack.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.steps) - 1)

    def undo(self) -> None:
        self.saver.flush()  # what is being typed becomes the step that undo takes back
        self.undo_stack.undo()

    def redo(self) -> None:
        self.saver.flush()
        self.undo_stack.redo()

    def finalise(self) -> None:
        """Ctrl+Enter or Finalise: first say what is not done, then finalise if confirmed."""
        view = self.ctx.view
        if view is None or view.meeting.is_final:
            return
        self.saver.flush()
        mid = view.meeting.id
        ops.run_query(self, lambda s: before_finalising(s, mid),
                      on_done=lambda found: self._confirm_finalise(mid, found),
                      on_error=self._on_finalise_refused)

    def _confirm_finalise(self, mid: uuid.UUID, found: list[Gap]) -> None:
        dialog = FinaliseDialog(found, self)
        self.finalise_dialog = dialog

        def confirmed(reason: str) -> None:
            ops.run_op(self, lambda s: finalise_decided(s, mid, reason),
                       on_done=lambda r: (dialog.accept(), self._on_finalised(r)),
                       on_error=lambda exc: self._on_finalise_refused(exc, dialog))

        dialog.sig_confirmed.connect(confirmed)
        dialog.open()

    def _on_finalised(self, _result: Any) -> None:
        assert self.ctx.view is not None
        mid = self.ctx.view.meeting.id
        self.reload()
        self.sig_finalised.emit(mid)

    def _on_finalise_refused(self, exc: BaseException,
                             dialog: FinaliseDialog | None = None) -> None:
        if dialog is not None and isinstance(exc, InputRejected) \
                and exc.field == "finalise_reason":
            dialog.show_error(exc.message)
            return
        if dialog is not None:
            dialog.reject()
        if not isinstance(exc, InputRejected):
            raise exc
        self.go_to(len(self.steps) - 1)
        self.binder.show_error(exc.field, exc.message)
        editor = self.binder.editors.get(exc.field)
        if editor is not None:
            editor.setFocus()
        else:
            self.decision.say(exc.message[:1].upper() + exc.message[1:])

    def say(self, text: str) -> None:
        """A notice above the agenda, until the person moves to another step."""
        self.recovered.setText(text)
        self.recovered.setAccessibleName(text)
        self.recovered.show()
        self._notice_step = self.current_step()

    def put_aside(self) -> None:
        """The person left the meeting on purpose: save, and do not reopen it at start."""
        self.saver.flush()
        view = self.ctx.view
        if view is not None and not view.meeting.is_final:
            mid = view.meeting.id
            ops.run_op(self, lambda s: draft_journal.forget(s, mid))

    def set_large_text(self, on: bool) -> None:
        """The app's one large-text switch (the View menu's, Ctrl+Shift+L), from this page."""
        settings.set_large_text(on)

    def _on_app_font_changed(self, _font: object) -> None:
        on = settings.value(settings.LARGE_TEXT)
        if self.large_text.isChecked() != on:
            self.large_text.blockSignals(True)
            self.large_text.setChecked(on)
            self.large_text.blockSignals(False)

    def _on_export_clicked(self) -> None:
        from tafapp.ui import export_actions

        self.saver.flush()
        if self.ctx.view is not None:
            export_actions.export_meeting_notes(self, self.ctx.view.meeting.id)

    def showEvent(self, event: QShowEvent) -> None:
        # The plan may have changed on the family page meanwhile. Asked for after this turn
        # of the event loop, and only if nothing was loaded in it: opening a meeting shows
        # the page and then loads it, and reading the one shown before first doubled the work.
        super().showEvent(event)
        if not event.spontaneous() and self.ctx.view is not None:
            loads = self._loads
            QTimer.singleShot(0, self, lambda: self._reload_unless_loaded(loads))

    def _reload_unless_loaded(self, loads: int) -> None:
        if self._loads == loads:
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self.saver.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.saver.flush()
        super().closeEvent(event)
