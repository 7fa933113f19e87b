"""Opening the profile at start: keyring, TAFAPP_PASSPHRASE or a passphrase dialog; the
first-run path when there is no profile yet; and the check the lock screen uses.

Only "no profile here at all" leads to creating one. A profile whose key is missing, whose
database is newer, damaged or already open raises its typed error for the caller to show:
nothing is ever created over an existing database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tafapp.core.errors import KeyMissing, Locked, ProfileBusy, TafError, WrongPassphrase
from tafapp.storage.profile import Profile
from tafapp.storage.vault import PASSPHRASE_ENV, Vault, secure_keyring
from tafapp.ui.first_run import FirstRunChoice, FirstRunDialog, without_secret

if TYPE_CHECKING:
    from tafapp.storage.opening import Opened
    from tafapp.storage.store import Store

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Unlock", text)


class UnlockCancelled(Exception):
    """The person closed the passphrase or first-run dialog: start nothing."""


class PassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, message: str = "",
                 where: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unlock tafapp"))
        self.setMinimumWidth(30 * self.fontMetrics().horizontalAdvance("M"))
        layout = QVBoxLayout(self)
        prompt = QLabel(self.tr("Enter the passphrase for this profile:"), self)
        layout.addWidget(prompt)
        if where:
            place = QLabel(where, self)
            place.setWordWrap(True)
            layout.addWidget(place)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        prompt.setBuddy(self.passphrase)
        layout.addWidget(self.passphrase)
        self.message = QLabel(message, self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Unlock message"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Unlock"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, message: str = "", where: str = "") -> str | None:
        """The typed passphrase, or None if the person cancelled. Tests patch this method."""
        dialog = cls(parent, message, where)
        return dialog.passphrase.text() if dialog.exec() else None


def _busy(fn: Callable[[], T]) -> T:
    # Argon2id takes a noticeable moment by design; say so with the cursor.
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return fn()
    finally:
        QGuiApplication.restoreOverrideCursor()


def open_existing(profile: Profile, parent: QWidget | None = None, *,
                  check: bool = True) -> Store:
    """Open a profile that exists: the keyring or TAFAPP_PASSPHRASE first, then ask for the
    passphrase until it is right or the person cancels (UnlockCancelled). `check=False` leaves
    the integrity check to the caller."""
    from tafapp.storage import store as store_mod

    return _unlocking(profile, parent,
                      lambda pw: store_mod.open_profile(profile, pw, check=check))


def open_for_start(profile: Profile, parent: QWidget | None = None) -> Opened:
    """As `open_existing`, up to what must happen before families are shown (lock, key, proven
    key, schema not newer, identity) and without SQLAlchemy: the app's start-up path. The
    caller runs the integrity check and builds the Store (`tafapp.storage.store.store_from`)."""
    from tafapp.storage import opening

    return _unlocking(profile, parent, lambda pw: opening.open_raw(profile, pw))


def _unlocking(profile: Profile, parent: QWidget | None, open_: Callable[[str | None], T]) -> T:
    message = ""
    try:
        return _busy(lambda: open_(None))
    except (KeyMissing, ProfileBusy):
        raise
    except WrongPassphrase:
        message = _tr(
            "The passphrase in {env} is not right for this profile.").format(env=PASSPHRASE_ENV)
    except Locked:
        if Vault(profile).mode != "passphrase":
            raise
    while True:
        typed = PassphraseDialog.ask(parent, message, str(profile.root))
        if typed is None:
            raise UnlockCancelled()
        try:
            return _busy(lambda pw=typed: open_(pw))
        except WrongPassphrase:
            message = _tr(
                "That passphrase is not right. Check Caps Lock and try again.")


def create_new(profile: Profile, parent: QWidget | None = None
               ) -> tuple[Store, FirstRunChoice]:
    """The first run: ask who this profile is for, create it, record the identity. A problem
    (a passphrase too short, a keyring that refuses) is shown in the dialog again, with what was
    typed kept."""
    from tafapp.demo import pair
    from tafapp.storage import store as store_mod
    from tafapp.sync.identity import setup_identity
    from tafapp.ui.errors import message_for

    needs_passphrase = secure_keyring() is None and not os.environ.get(PASSPHRASE_ENV)
    previous: FirstRunChoice | None = None
    message = ""
    while True:
        choice = FirstRunDialog.ask(parent, needs_passphrase, previous, message,
                                    demo_exists=pair.exists(profile))
        if choice is None:
            raise UnlockCancelled()
        if choice.demo:
            try:
                return open_demo(profile, choice, parent), choice
            except TafError as exc:
                previous, message = without_secret(choice), message_for(exc)
                continue
        try:
            st = _busy(lambda c=choice: store_mod.create_profile(profile, c.role, c.passphrase))
        except TafError as exc:
            if profile.db_path.exists():
                raise  # something is there now; never touch it from a retry loop
            previous, message = without_secret(choice), message_for(exc)
            continue
        try:
            setup_identity(st, choice.role, choice.name, choice.agency or None,
                           choice.sector or None)
        except BaseException:
            st.close()
            raise
        return st, choice


def open_demo(real: Profile, choice: FirstRunChoice, parent: QWidget | None = None) -> Store:
    """The practice laptop beside `real` (`tafapp.demo.pair`), made first if it is not there.
    The real profile is neither created nor touched."""
    from tafapp.demo import pair

    if not pair.exists(real):
        _busy(lambda: pair.build(real, choice.name, choice.agency, choice.sector,
                                 choice.passphrase))
    return open_existing(pair.laptop_profile(real), parent)


def unlock_check(profile: Profile | None) -> Callable[[str | None], None]:
    """What the lock screen asks before it lifts. Keyring mode: the key must still be in the
    keyring. Passphrase mode: the typed passphrase must unwrap the key (TAFAPP_PASSPHRASE is
    deliberately not accepted here, or the lock would open itself). A hub opened by URL
    (no profile) has no key on this computer: the lock only hides the screen."""
    if profile is None:
        return lambda _pw: None
    vault = Vault(profile)

    def check(passphrase: str | None) -> None:
        if vault.mode == "passphrase":
            vault.unlock(passphrase or "")
        else:
            vault.unlock()

    return check


def needs_passphrase(profile: Profile | None) -> bool:
    return profile is not None and Vault(profile).mode == "passphrase"
