"""Comparing a fingerprint aloud: the groups shown large and spaced, and the question asked
before anything is trusted. Used by the laptop (enrolling with a hub) and the hub (registering
a laptop)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.sync.connection import fingerprint_groups

IDENTITY_SUFFIX = ".tafid"
IDENTITY_FILTER = "Identity file (*.tafid *.id *.json);;All files (*)"


def documents_folder() -> str:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)


def spoken(fingerprint: str) -> str:
    """The groups with wide gaps, e.g. "3F9A  0C12  77BE  D401  9E5A"."""
    return "  ".join(fingerprint_groups(fingerprint))


class FingerprintLabel(QLabel):
    """A fingerprint in large fixed-width groups, selectable, read group by group by a screen
    reader."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._apply_font()
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_fingerprint("")

    def _apply_font(self) -> None:
        # A third larger than the text around it, in normal and in large text alike.
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(QApplication.font().pointSizeF(), 9.0) * 1.3)
        font.setWeight(QFont.Weight.Bold)
        self.setFont(font)

    def event(self, event: QEvent) -> bool:
        # Large text changes the application font; this label's own font follows it.
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_font()
        return super().event(event)

    def set_fingerprint(self, fingerprint: str) -> None:
        groups = fingerprint_groups(fingerprint)
        self.setText("  ".join(groups) if groups else "—")
        self.setAccessibleName(self.tr("Fingerprint: {groups}").format(
            groups=", ".join(groups) or self.tr("none yet")))


class CompareDialog(QDialog):
    """Who the file says it is, its fingerprint, and "do they match?". Accepted only by the
    match button; the default button is the safe one."""

    def __init__(self, title: str, who: str, fingerprint: str, ask: str, confirm: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        head = QLabel(who, self)
        head.setWordWrap(True)
        self.fingerprint = FingerprintLabel(self)
        self.fingerprint.set_fingerprint(fingerprint)
        question = QLabel(ask, self)
        question.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.match_button = QPushButton(confirm, self)
        self.no_button = QPushButton(self.tr("They do &not match"), self)
        self.buttons.addButton(self.match_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.no_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.no_button.setDefault(True)
        layout.addWidget(head)
        layout.addWidget(self.fingerprint)
        layout.addWidget(question)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(46 * self.fontMetrics().horizontalAdvance("M"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @classmethod
    def confirm(cls, parent: QWidget | None, **kwargs: Any) -> bool:
        """True when the person says the fingerprints match. Tests patch this method."""
        return bool(cls(parent=parent, **kwargs).exec())
