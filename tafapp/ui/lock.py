"""Auto-lock: after a configurable idle time every visible tafapp window is covered by an
opaque lock screen, and its own controls are disabled, until the unlock check succeeds.

Covering (not hiding) windows matters: hiding a dialog that is running `exec()` ends it and
would throw away what was typed in it. Each covered window gets its own unlock form, so a
modal dialog that blocks the main window can still be unlocked from where it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.core.errors import TafError
from tafapp.ui.errors import message_for

#: Checks an unlock attempt: given the typed passphrase (or None in keyring mode), returns
#: normally on success and raises a TafError (e.g. WrongPassphrase) otherwise.
UnlockCheck = Callable[[str | None], None]

REARM_MS = 5000
_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class LockScreen(QWidget):
    """The opaque cover with an unlock form, laid over one top-level window."""

    sig_unlock_requested = Signal(object)
    """The person asked to unlock: the typed passphrase, or None in keyring mode."""

    def __init__(self, window: QWidget, needs_passphrase: bool) -> None:
        super().__init__(window)
        self._needs_passphrase = needs_passphrase
        self._build_ui()
        self._connect()
        window.installEventFilter(self)
        self.setGeometry(window.rect())

    def _build_ui(self) -> None:
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("tafapp is locked"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("tafapp is locked"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)  # relative: follows the system size
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel(self._hint(), self)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setMaximumWidth(320)
        self.passphrase.setVisible(self._needs_passphrase)
        layout.addWidget(self.passphrase, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName(self.tr("Unlock message"))
        layout.addWidget(self.message)
        self.unlock_button = QPushButton(self.tr("&Unlock"), self)
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _hint(self) -> str:
        if self._needs_passphrase:
            return self.tr("Family information is hidden. Enter this profile's passphrase to "
                           "carry on where you left off.")
        return self.tr("Family information is hidden. Unlock to carry on where you left off.")

    def _connect(self) -> None:
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.passphrase.returnPressed.connect(self._on_unlock_clicked)

    def _on_unlock_clicked(self) -> None:
        self.sig_unlock_requested.emit(
            self.passphrase.text() if self._needs_passphrase else None)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def focus_form(self) -> None:
        (self.passphrase if self._needs_passphrase else self.unlock_button).setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False


class LockController(QObject):
    """Watches for input across the application; locks after `idle_minutes` without any,
    or on `lock()` (Ctrl+L). `idle_minutes=0` turns the idle lock off."""

    sig_locked = Signal()
    """Every window is covered."""
    sig_unlocked = Signal()
    """The unlock check passed; windows are back as they were."""

    def __init__(self, main_window: QWidget, check: UnlockCheck, needs_passphrase: bool,
                 idle_minutes: int) -> None:
        super().__init__(main_window)
        self._main = main_window
        self._check = check
        self._needs_passphrase = needs_passphrase
        self._screens: list[LockScreen] = []
        self._disabled: list[QWidget] = []
        self._title = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        # An application-wide event filter in Python costs a call for every event (every
        # paint, every timer). So it watches only until it sees input, then rests for a few
        # seconds: the idle time is then exact to within REARM_MS, and typing costs nothing.
        self._watching = False
        self._rearm = QTimer(self)
        self._rearm.setSingleShot(True)
        self._rearm.setInterval(REARM_MS)
        self._rearm.timeout.connect(lambda: self._watch(True))
        self.set_idle_minutes(idle_minutes)
        self._watch(True)
        main_window.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return bool(self._screens)

    @property
    def screens(self) -> list[LockScreen]:
        return list(self._screens)

    def set_idle_minutes(self, minutes: int) -> None:
        self._timer.stop()
        self._timer.setInterval(max(minutes, 0) * 60_000)
        if minutes > 0:
            self._timer.start()

    def set_idle_msecs(self, msecs: int) -> None:
        """Finer than minutes, for tests and demonstrations."""
        self._timer.setInterval(msecs)
        self._timer.start()

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def stop(self) -> None:
        """The main window closed: no more idle lock, no application-wide watching (a lock
        left armed would cover whatever windows the process shows later)."""
        self._timer.stop()
        self._rearm.stop()
        self._watch(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._main and event.type() == QEvent.Type.Close:
            self.stop()
            return False
        if event.type() in _INPUT_EVENTS and not self.locked and self._timer.interval() > 0:
            self._timer.start()
            self._watch(False)
            self._rearm.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self._timer.stop()
        self._title = self._main.windowTitle()
        self._main.setWindowTitle(self.tr("tafapp (locked)"))
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and not isinstance(w, LockScreen) and w.isWindow()]
        if self._main not in windows:
            windows.append(self._main)
        for window in windows:
            self._cover(window)
        self._focus_topmost()
        self.sig_locked.emit()

    def _cover(self, window: QWidget) -> None:
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for child in window.findChildren(QWidget, options=direct):
            if child.isEnabled() and not child.isWindow():
                child.setEnabled(False)
                self._disabled.append(child)
        screen = LockScreen(window, self._needs_passphrase)
        screen.sig_unlock_requested.connect(lambda pw, s=screen: self._on_unlock(s, pw))
        screen.show()
        screen.raise_()
        self._screens.append(screen)

    def _focus_topmost(self) -> None:
        modal = QApplication.activeModalWidget()
        for screen in self._screens:
            if modal is None and screen.parentWidget() is self._main:
                screen.focus_form()
            elif modal is not None and screen.parentWidget() is modal:
                screen.focus_form()

    def _on_unlock(self, screen: LockScreen, passphrase: str | None) -> None:
        if self._needs_passphrase and not passphrase:
            screen.show_error(self.tr("Type the passphrase first."))
            return
        try:
            self._check(passphrase)
        except TafError as exc:
            screen.show_error(message_for(exc))
            return
        self.unlock()

    def unlock(self) -> None:
        """Remove every cover. Called only after the check passed (or by tests)."""
        for screen in self._screens:
            screen.hide()
            screen.deleteLater()
        self._screens.clear()
        for child in self._disabled:
            try:
                child.setEnabled(True)
            except RuntimeError:  # the widget was deleted while locked (a closed dialog)
                continue
        self._disabled.clear()
        self._main.setWindowTitle(self._title)
        if self._timer.interval() > 0:
            self._timer.start()
        self.sig_unlocked.emit()
