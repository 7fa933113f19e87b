"""The family record page: one tab per part of the record, the plan with its checker."""

from __future__ import annotations

import importlib.util
import uuid
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from tafapp.services import ui_support
from tafapp.services.ui_support import FamilyView
from tafapp.ui import ops
from tafapp.ui.family.closure import ClosureSection
from tafapp.ui.family.common import Section, cached_directory
from tafapp.ui.family.consent import ConsentSection
from tafapp.ui.family.history import HistorySection
from tafapp.ui.family.household import HouseholdSection
from tafapp.ui.family.next_steps import NextSteps
from tafapp.ui.family.plan import PlanSection
from tafapp.ui.family.referrals import ReferralsSection
from tafapp.ui.family.team import TeamSection


def exports_available() -> bool:
    """The exports engineer's module may not be installed yet; no button without it."""
    return importlib.util.find_spec("tafapp.ui.export_actions") is not None


def _load(session: Session, family_id: uuid.UUID) -> tuple[FamilyView, list[Any]]:
    view = ui_support.family_view(session, family_id, known=cached_directory(session))
    return view, ui_support.findings(view)


class FamilyPage(QWidget):
    sig_open_meeting = Signal(object)
    """A meeting (uuid) to show in live meeting mode: started, resumed or chosen."""
    sig_changed = Signal()
    """The family's record was saved (the caseload may need a refresh)."""
    sig_loaded = Signal()
    """The page shows a freshly loaded record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.family_id: uuid.UUID | None = None
        self.view: FamilyView | None = None
        self._loads = 0  # load() calls, so a reload on show can stand down for a newer one
        self.undo_stack = QUndoStack(self)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setAccessibleName(self.tr("Family record"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("family_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title, 1)
        self.export_button: QPushButton | None = None
        if exports_available():
            self.export_button = QPushButton(self.tr("E&xport family plan…"))
            self.export_button.setAccessibleName(self.tr("Export the family plan"))
            top.addWidget(self.export_button)
        layout.addLayout(top)
        self.next_steps = NextSteps()
        layout.addWidget(self.next_steps)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("family_tabs")
        self.household = HouseholdSection()
        self.consent = ConsentSection()
        self.team = TeamSection()
        self.plan = PlanSection(self.undo_stack)
        self.referrals = ReferralsSection()
        self.history = HistorySection()
        self.closure = ClosureSection()
        for widget, title in ((self.household, "&Household"), (self.consent, "Co&nsent"),
                              (self.team, "&Team"), (self.plan, "&Plan"),
                              (self.referrals, "&Referrals"), (self.history, "&Meetings"),
                              (self.closure, "C&losure")):
            self.tabs.addTab(widget, self.tr(title))
        layout.addWidget(self.tabs, 1)

    def sections(self) -> list[Section]:
        return [self.household, self.consent, self.team, self.plan.needs, self.plan.actions,
                self.referrals, self.history, self.closure]

    def _connect(self) -> None:
        for section in self.sections():
            section.sig_changed.connect(self._on_section_changed)
        self.history.sig_open_meeting.connect(self.sig_open_meeting)
        self.next_steps.sig_step.connect(self._on_next_step)
        if self.export_button is not None:
            self.export_button.clicked.connect(self._on_export_clicked)

    def load(self, family_id: uuid.UUID) -> None:
        """Show a family. A different family starts a fresh undo history."""
        if family_id != self.family_id:
            self.undo_stack.clear()
        self.family_id = family_id
        self._loads += 1
        ops.run_query(self, lambda s: _load(s, family_id), on_done=self._on_loaded)

    def reload(self) -> None:
        if self.family_id is not None:
            self.load(self.family_id)

    def _on_loaded(self, result: tuple[FamilyView, list[Any]]) -> None:
        view, findings = result
        if view.header.id != self.family_id:
            return  # an older load finished after the user moved on
        self.view = view
        h = view.header
        status = "" if h.status == "open" else self.tr(" — closed")
        self.title.setText(f"{h.household_name} · {h.reference}{status}")
        self.title.setAccessibleName(self.title.text())
        for section in self.sections():
            if section not in (self.plan.needs, self.plan.actions):
                section.set_view(view)
        self.plan.set_view(view, findings)
        self.next_steps.set_view(view)
        self.sig_loaded.emit()

    def _on_next_step(self, step: str) -> None:
        section, button = {"people": (self.household, self.household.add_person_button),
                           "consent": (self.consent, self.consent.add_button),
                           "team": (self.team, self.team.add_button)}[step]
        self.tabs.setCurrentWidget(section)
        button.click()

    def _on_section_changed(self) -> None:
        self.reload()
        self.sig_changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        # A meeting may have reviewed actions or agreed new ones meanwhile. Asked for after
        # this turn of the event loop, and only if nothing was loaded in it: opening a family
        # shows the page and then loads it, and the family shown before was read first.
        super().showEvent(event)
        if not event.spontaneous() and self.view is not None:
            loads = self._loads
            QTimer.singleShot(0, self, lambda: self._reload_unless_loaded(loads))

    def _reload_unless_loaded(self, loads: int) -> None:
        if self._loads == loads:
            self.reload()

    def _on_export_clicked(self) -> None:
        from tafapp.ui import export_actions

        if self.family_id is not None:
            export_actions.export_family_plan(self, self.family_id)
