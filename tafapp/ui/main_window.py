"""The main window: a navigation list, the current screen, and a status bar with the changes
not yet confirmed by the hub and a Lock button. Screens other than the caseload are built on
first use."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from tafapp.ui import ops, pages, settings
from tafapp.ui.caseload import CaseloadPage

log = logging.getLogger(__name__)
PENDING_REFRESH_MS = 15_000
SMALL_SCREEN = (1440, 900)
"""A screen this size or smaller gets the window maximised on a first start."""


def _pending(session: Any) -> int:
    from tafapp.storage.capture import pending_count

    return pending_count(session)


class _FirstPaint(QObject):
    """Calls `then` once, just after the next paint of `widget` (work deferred past start-up)."""

    def __init__(self, widget: QWidget, then: Any) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


class MainWindow(QMainWindow):
    sig_page_changed = Signal(str)
    """The screen now shown: its page key (`caseload`, `family`, ...)."""
    sig_pending_changed = Signal(int)
    """How many changes are waiting to be sent to the hub."""
    sig_first_paint = Signal()
    """Start-up: the caseload's first rows have been painted."""

    def __init__(self, role: str = "practitioner", owner: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.owner = owner
        self.specs = pages.for_role(role)
        self._pages: dict[str, QWidget] = {}
        self._resume_checked = False
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setObjectName("mainWindow")
        self._base_title = self.tr("tafapp — {owner}").format(owner=self.owner) \
            if self.owner else "tafapp"
        self.setWindowTitle(self._base_title)
        self.nav = QListWidget(self)
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setSpacing(3)
        self.nav.setAccessibleDescription(
            self.tr("Choose a screen; Ctrl and the screen's number jump to it."))
        for spec in self.specs:
            item = QListWidgetItem(self._title_of(spec))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{self._title_of(spec)} ({spec.shortcut})")
            self.nav.addItem(item)
        # The section names are never cut and never scroll sideways: the list is as wide as
        # its longest name in the current font, again whenever the text size changes.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_nav()
        self.stack = QStackedWidget(self)
        self.caseload = CaseloadPage(self.stack)
        self.caseload.new_button.setVisible(self.role != "hub")
        self._add_page("caseload", self.caseload)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pending_label = QLabel(self)
        self.pending_label.setAccessibleName(self.tr("Changes not yet confirmed by the hub"))
        self.statusBar().addPermanentWidget(self.pending_label)
        # A hub's changes travel in receipts, not packets: the count means nothing there.
        self.pending_label.setVisible(self.role != "hub")
        self.lock_button = QPushButton(self.tr("Lock"), self)
        self.lock_button.setToolTip(self.tr("Hide family information now (Ctrl+L)"))
        self.lock_button.setAccessibleName(self.tr("Lock tafapp"))
        self.statusBar().addPermanentWidget(self.lock_button)
        self._build_menus()
        self.nav.setCurrentRow(0)
        self.setMinimumSize(QSize(640, 480))
        self.resize(1280, 720)

    def _fit_nav(self) -> None:
        metrics = self.nav.fontMetrics()
        longest = max((metrics.horizontalAdvance(self.nav.item(i).text())
                       for i in range(self.nav.count())), default=0)
        width = max(longest, 10 * metrics.horizontalAdvance("M"))
        scroll = self.nav.verticalScrollBar().sizeHint().width()
        self.nav.setFixedWidth(width + 2 * self.nav.frameWidth() + scroll + 16)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "nav"):
            self._fit_nav()

    def _title_of(self, spec: pages.PageSpec) -> str:
        # A hub holds every family in the borough, not one person's caseload.
        if self.role == "hub" and spec is pages.CASELOAD:
            return self.tr("All families")
        return spec.translated_title()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_family_action = QAction(self.tr("&New family…"), self)
        self.new_family_action.setShortcut(QKeySequence.StandardKey.New)
        # Families start on a practitioner's laptop; the hub receives them in packets.
        if self.role != "hub":
            file_menu.addAction(self.new_family_action)
            file_menu.addSeparator()
        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        # Application-wide so Ctrl+L also locks from a non-modal window the screens opened.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        file_menu.addAction(self.lock_action)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.large_text_action = QAction(self.tr("&Large text"), self)
        self.large_text_action.setCheckable(True)
        self.large_text_action.setChecked(settings.value(settings.LARGE_TEXT))
        self.large_text_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        view_menu.addAction(self.large_text_action)
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        view_menu.addAction(self.refresh_action)
        for row, spec in enumerate(self.specs):
            action = QAction(self._title_of(spec), self)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _c=False, r=row: self.nav.setCurrentRow(r))
            view_menu.addAction(action)

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.caseload.sig_open_family.connect(self.open_family)
        self.caseload.sig_loaded.connect(self._on_caseload_loaded)
        self.caseload.sig_new_family.connect(self.new_family)
        self.new_family_action.triggered.connect(self.new_family)
        self.quit_action.triggered.connect(self.close)
        self.large_text_action.toggled.connect(self._on_large_text_toggled)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Every "Large text" control (this menu item, the meeting's box, Settings) shows
            # the one setting, whichever of them changed it.
            app.fontChanged.connect(self._on_app_font_changed)
        self.refresh_action.triggered.connect(self.refresh)
        self.settings_action.triggered.connect(self._on_settings)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self._on_find)
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(PENDING_REFRESH_MS)
        self._pending_timer.timeout.connect(self.refresh_pending)
        self._pending_timer.start()

    # -- pages -------------------------------------------------------------------------------

    def _add_page(self, key: str, widget: QWidget) -> None:
        widget.setObjectName(f"page_{key}")
        self._pages[key] = widget
        self.stack.addWidget(widget)

    def page(self, key: str) -> QWidget | None:
        """The screen for `key`, built on first use; None if this build does not have it."""
        if key in self._pages:
            return self._pages[key]
        spec = next((s for s in self.specs if s.key == key), None)
        if spec is None:
            return None
        try:
            widget = spec.factory()(self.stack)
        except (ImportError, AttributeError) as exc:
            log.warning("screen %s is not available: %s", key, exc)
            return None
        self._add_page(key, widget)
        self._wire(widget)
        return widget

    def _wire(self, widget: QWidget) -> None:
        # Screens are built by other parts of the team; connect what each one offers.
        opener = getattr(widget, "sig_open_meeting", None)
        if opener is not None:
            opener.connect(self.open_meeting)
        family_opener = getattr(widget, "sig_open_family", None)
        if family_opener is not None:
            family_opener.connect(self.open_family)
        for name in ("sig_changed", "sig_finalised"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(lambda *_a: self.refresh())

    def show_page(self, key: str) -> QWidget | None:
        widget = self.page(key)
        if widget is None:
            self.statusBar().showMessage(self.tr("That screen is not in this version yet."), 5000)
            return None
        leaving = self.stack.currentWidget()
        if leaving is not widget and hasattr(leaving, "put_aside"):
            leaving.put_aside()
        self.stack.setCurrentWidget(widget)
        row = next((i for i, s in enumerate(self.specs) if s.key == key), -1)
        if row >= 0 and self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        title = next((self._title_of(s) for s in self.specs if s.key == key), "")
        self.setWindowTitle(f"{title} — {self._base_title}" if title else self._base_title)
        self.refresh_pending()  # the screen left behind may have saved something
        self.sig_page_changed.emit(key)
        return widget

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, w in self._pages.items() if w is current), "")

    def open_family(self, family_id: uuid.UUID) -> None:
        widget = self.show_page("family")
        if widget is not None and hasattr(widget, "load"):
            widget.load(family_id)

    def new_family(self) -> None:
        """The New family form; the new record (or the one already here) opens after it."""
        if self.role == "hub" or not ops.has_store():
            return
        from tafapp.ui.family.new_family import NewFamilyDialog

        dialog = NewFamilyDialog(self)
        dialog.sig_created.connect(self._on_family_created)
        dialog.sig_open_existing.connect(self.open_family)
        self.new_family_dialog = dialog
        dialog.open()

    def _on_family_created(self, family_id: uuid.UUID) -> None:
        self.caseload.reload()
        self.refresh_pending()
        self.open_family(family_id)
        page = self.page("family")
        if page is not None and hasattr(page, "household"):
            page.tabs.setCurrentWidget(page.household)  # the first next step is there
        self.statusBar().showMessage(self.tr("New family opened. Add the people, consent "
                                             "and the team next."), 10000)

    def open_meeting(self, meeting_id: uuid.UUID) -> None:
        widget = self.show_page("meeting")
        if widget is not None and hasattr(widget, "load"):
            widget.load(meeting_id)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the caseload and the pending count (after unlock, an import, demo data)."""
        self.caseload.reload()
        self.refresh_pending()

    def show_first_rows(self, rows: Any) -> None:
        """Start-up: the caseload's first rows, read from the start-up connection before the
        Store exists. Once they are painted, the Store is built in the background."""
        self._first_paint: _FirstPaint | None = _FirstPaint(self.caseload.table.viewport(),
                                                            self._after_first_paint)
        self.caseload.set_rows(rows)

    def _after_first_paint(self) -> None:
        # The pending count is the first thing that needs the SQLAlchemy store: asked before
        # the paint, building the store would compete with painting the families.
        self._first_paint = None
        self.sig_first_paint.emit()
        ops.prepare_store()
        self.refresh_pending()
        self.caseload.refresh_extras()
        self.resume_unfinished()

    def _on_caseload_loaded(self, _count: int) -> None:
        if getattr(self, "_first_paint", None) is None:
            self.refresh_pending()
            self.resume_unfinished()

    def resume_unfinished(self) -> None:
        """Once, at start: reopen a meeting that was being recorded when tafapp last stopped
        (killed, crashed or quit mid-meeting); the meeting page says what it recovered."""
        if self._resume_checked or self.role == "hub" or not ops.has_store():
            return
        self._resume_checked = True
        from tafapp.services import draft_journal

        ops.run_op(self, draft_journal.unfinished, on_done=self._on_unfinished,
                   on_error=lambda exc: log.warning("draft journal not read: %s", exc))

    def _on_unfinished(self, journal: Any) -> None:
        if journal is not None:
            self.open_meeting(journal.meeting_id)

    def refresh_pending(self) -> None:
        if not ops.has_store():
            return
        ops.run_query(self, _pending, on_done=self._on_pending_counted,
                      on_error=lambda exc: log.warning("pending count failed: %s", exc))

    def _on_pending_counted(self, count: int) -> None:
        # Packets are cumulative: a change stays counted until a receipt confirms it.
        if count == 1:
            text = self.tr("1 change not yet confirmed by the hub")
        elif count:
            text = self.tr("{n} changes not yet confirmed by the hub").format(n=count)
        else:
            text = self.tr("All changes confirmed by the hub")
        self.pending_label.setText(text)
        self.sig_pending_changed.emit(count)

    # -- slots -------------------------------------------------------------------------------

    def _on_nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.show_page(self.specs[row].key)

    def _on_find(self) -> None:
        self.show_page("caseload")
        self.caseload.focus_filter()

    def _on_large_text_toggled(self, on: bool) -> None:
        settings.set_large_text(on)

    def _on_app_font_changed(self, _font: object) -> None:
        on = settings.value(settings.LARGE_TEXT)
        if self.large_text_action.isChecked() != on:
            self.large_text_action.blockSignals(True)
            self.large_text_action.setChecked(on)
            self.large_text_action.blockSignals(False)

    def _on_settings(self) -> None:
        from tafapp.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        if dialog.exec():
            settings.set_large_text(settings.value(settings.LARGE_TEXT))
            lock = getattr(self, "lock_controller", None)
            if lock is not None:
                lock.set_idle_minutes(settings.value(settings.IDLE_LOCK_MINUTES))

    # -- window state ------------------------------------------------------------------------

    def restore_state(self) -> None:
        """Put the window back where the person left it. A first start on a small screen (a
        1366×768 council laptop) opens maximised; on a larger one, at a comfortable size."""
        store = settings.store()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None:
                self.resize(min(1280, screen.width()), min(740, screen.height()))
                if screen.width() <= SMALL_SCREEN[0] or screen.height() <= SMALL_SCREEN[1]:
                    # The whole screen even where no window manager acts on "maximised".
                    self.setGeometry(screen)
                    self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = store.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        store = settings.store()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_state()
        self._pending_timer.stop()
        super().closeEvent(event)
