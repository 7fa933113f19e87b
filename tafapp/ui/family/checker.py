"""The plan checker's findings, shown beside the plan and refreshed after every edit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from tafapp.services.plan_checker import Finding, Severity
from tafapp.ui.family.common import make_table
from tafapp.ui.family.rows_model import Column, RowsModel

SEVERITY_WORDS = {Severity.PROBLEM: "Fix", Severity.WARNING: "Check", Severity.ADVICE: "Wording"}
FINDING_COLUMNS = (
    Column("", lambda f: SEVERITY_WORDS[f.severity]),
    Column("What to look at", lambda f: f.message),
)


class CheckerPanel(QGroupBox):
    sig_goto = Signal(str, object)
    """(item kind, item id) the user wants to see: "action" or "need" and its uuid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Plan checker"))
        self.model = RowsModel(FINDING_COLUMNS, self,
                               alert=lambda f: f.severity == Severity.PROBLEM)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("checker_summary")
        self.summary.setWordWrap(True)
        self.table = make_table(self.model, "plan_checker_table", stretch=(1,))
        self.table.setWordWrap(True)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_a: self.table.resizeRowsToContents())
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(self._on_table_activated)

    def set_findings(self, findings: Sequence[Finding], overdue: int = 0) -> None:
        """`overdue`: how many of the family's actions are past their date (the plan can
        follow every rule and still be behind; then it gets no praise)."""
        self.model.set_rows(findings)
        self.table.resizeRowsToContents()
        self.summary.setText(self.summary_text(findings, overdue))
        self.summary.setAccessibleName(self.summary.text())

    def summary_text(self, findings: Sequence[Finding], overdue: int) -> str:
        late = "" if not overdue else self.tr("1 action is overdue.") if overdue == 1 \
            else self.tr("{0} actions are overdue.").format(overdue)
        if not findings:
            if late:
                return self.tr("The plan follows the rules. {0}").format(late)
            return self.tr("The plan follows the rules. Well done.")
        count = len(findings)
        things = self.tr("1 thing to look at") if count == 1 \
            else self.tr("{0} things to look at").format(count)
        problems = sum(f.severity == Severity.PROBLEM for f in findings)
        fix = "" if not problems else self.tr(", {0} to fix").format(problems)
        return f"{things}{fix}." + (f" {late}" if late else "")

    def _on_table_activated(self) -> None:
        f = self.model.row_at(self.table.currentIndex())
        if f is not None and f.item_id is not None:
            self.sig_goto.emit(f.item_kind, f.item_id)
