"""The guided tour of the demo's sync loop: a small panel of six steps beside the screens (a
dock the person can close, not a modal wizard), and the File menu item that opens the other
half of the demo pair in a second window (its own process, its own profile lock).

Each window ticks what its own profile can see (`pair.tour_state`); the steps that happen in
the other window say so."""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.ui import ops

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tafapp.demo.pair import TourState

REFRESH_MS = 3000  # the other window's work shows here within a few seconds

# (where it happens, what to do, the screen that does it)
STEPS = (
    ("practitioner", "Write a sync packet and save it in Documents.", "sync"),
    ("practitioner", "Open the practice hub (the button below, or File menu).", ""),
    ("hub", "At the hub: import the packet (Choose packets…).", "import"),
    ("hub", "At the hub: settle the conflict on the family's address.", "conflicts"),
    ("hub", "At the hub: write the laptop's receipt (Write receipt…).", "laptops"),
    ("practitioner", "Back on the laptop: import the receipt; News from the hub lists what "
                     "came back.", "sync"),
)


def launch_other(folder: Path) -> bool:
    """Start tafapp on the other demo profile in its own process; False if it did not start.
    Tests patch `QProcess.startDetached`."""
    started = QProcess.startDetached(sys.executable, ["-m", "tafapp", "--profile", str(folder)])
    return bool(started[0] if isinstance(started, tuple) else started)


class TourPanel(QWidget):
    sig_go = Signal(str)
    """A step's link was clicked: the key of the screen to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: TourState | None = None
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.steps = QLabel(self)
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.steps.setAccessibleName(self.tr("Steps of the tour"))
        self.other_button = QPushButton(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("What happened"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.steps)
        layout.addWidget(self.other_button)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setMinimumWidth(18 * self.fontMetrics().horizontalAdvance("M"))
        self.setMaximumWidth(22 * self.fontMetrics().horizontalAdvance("M"))

    def _connect(self) -> None:
        self.steps.linkActivated.connect(lambda href: self.sig_go.emit(href.removeprefix("go:")))
        self.other_button.clicked.connect(self.open_other)

    def show_state(self, state: TourState) -> None:
        self.state = state
        laptop = state.role == "practitioner"
        family = html.escape(state.family or self.tr("one family"))
        self.intro.setText(self.tr(
            "<b>Practice laptop.</b> Made-up families; the practice hub is its coordinator. "
            "You changed the address of the {family} on this laptop, and the coordinator "
            "changed it too: follow the steps to see what happens.").format(family=family)
            if laptop else self.tr(
            "<b>Practice hub.</b> The coordinator's side of the demo: the practice laptop's "
            "packets arrive here. The address of the {family} was changed here and on the "
            "laptop.").format(family=family))
        self.other_button.setText(self.tr("Open the practice hu&b") if laptop
                                  else self.tr("Open the practice &laptop"))
        done = (state.packet_written, not laptop, state.packet_imported, state.conflict_settled,
                state.receipt_written, state.receipt_imported)
        lines = [self._line(i, step, done[i], laptop) for i, step in enumerate(STEPS)]
        self.steps.setText("<ol style='margin-left: 14px'>" + "".join(lines) + "</ol>")

    def _line(self, i: int, step: tuple[str, str, str], done: bool | None,
              laptop: bool) -> str:
        where, text, key = step
        here = (where == "practitioner") == laptop
        words = self.tr(text)
        if here and key:
            words = f"<a href='go:{key}'>{words}</a>"
        if done:
            mark = self.tr("✓ done")
        elif not here:
            mark = self.tr("in the other window")
        else:
            mark = ""
        return f"<li>{words}" + (f" <i>({mark})</i>" if mark else "") + "</li>"

    def open_other(self) -> None:
        from tafapp.demo import pair
        from tafapp.storage.profile import Profile

        if self.state is None:
            return
        hub = self.state.role == "practitioner"
        if pair.is_open(Profile(self.state.other)):
            self.note.setText(self.tr(
                "The practice hub is already open in its own window: switch to it with "
                "Alt+Tab or the taskbar.") if hub else self.tr(
                "The practice laptop is already open in its own window: switch to it with "
                "Alt+Tab or the taskbar."))
        elif launch_other(self.state.other):
            self.note.setText(self.tr("Opening the practice hub in a second window…") if hub
                              else self.tr("Opening the practice laptop in a second window…"))
        else:
            self.note.setText(self.tr("The other window could not be started. Start tafapp "
                                      "with --profile {folder}").format(
                                          folder=self.state.other))


def _tour_state(session: Session) -> TourState | None:
    # Imported here: the start-up path builds the window before SQLAlchemy is loaded.
    from tafapp.demo import pair

    return pair.tour_state(session)


def attach_tour(window: QMainWindow) -> None:
    """If the window's profile is half of a demo pair, add the tour panel and the File menu
    item that opens the other half; otherwise nothing."""
    ops.run_query(window, _tour_state, on_done=lambda st: _attach(window, st))


def _attach(window: QMainWindow, state: TourState | None) -> None:
    if state is None or window.findChild(QDockWidget, "tourDock") is not None:
        return
    panel = TourPanel()
    panel.show_state(state)
    dock = QDockWidget(window.tr("Try the sync loop"), window)
    dock.setObjectName("tourDock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    panel.sig_go.connect(lambda key: getattr(window, "show_page", lambda _k: None)(key))
    action = QAction(panel.other_button.text(), window)
    action.triggered.connect(panel.open_other)
    menu = window.menuBar().actions()[0].menu() if window.menuBar().actions() else None
    if menu is not None:
        menu.insertAction(menu.actions()[0] if menu.actions() else None, action)
    tour = dock.toggleViewAction()
    tour.setText(window.tr("Show the &tour"))
    if menu is not None:
        menu.insertAction(menu.actions()[1] if len(menu.actions()) > 1 else None, tour)
    timer = QTimer(dock)
    timer.setInterval(REFRESH_MS)

    def refresh() -> None:
        # Only while someone can see it: a closed window or a hidden tour asks nothing.
        if dock.isVisible() and ops.has_store():
            ops.run_query(dock, _tour_state,
                          on_done=lambda s: panel.show_state(s) if s is not None else None)

    timer.timeout.connect(refresh)
    timer.start()
    window.tour_panel = panel  # type: ignore[attr-defined]
