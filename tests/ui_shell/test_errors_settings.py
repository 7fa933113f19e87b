"""Typed errors become plain sentences; settings read safely whatever QSettings holds."""

from __future__ import annotations

import pytest

from tafapp.core import errors as e
from tafapp.ui import settings
from tafapp.ui.errors import message_for, title_for


@pytest.mark.parametrize(("exc", "title", "words"), [
    (e.InputRejected("due_on", "31/02 is not a date"), "Not saved", "“due on”"),
    (e.NotFound("family", "x"), "Not saved", "no longer on this computer"),
    (e.WrongPassphrase("x"), "Wrong passphrase", "Caps Lock"),
    (e.ProfileBusy("tafapp is already open"), "Already open", "already open"),
    (e.KeyMissing("not in the keyring"), "Key not found", "keyring"),
    (e.SchemaTooNew("newer version"), "Newer version needed", "newer version"),
    (e.StoreCorrupt("integrity check"), "Database damaged", "integrity"),
    (e.DiskFull("The disk is full"), "Disk full", "disk is full"),
    (e.CaptureBypassed("bulk"), "Something went wrong", "not have been sent"),
    (PermissionError(13, "Permission denied"), "Something went wrong", "Permission denied"),
    (ZeroDivisionError("boom"), "Something went wrong", "ZeroDivisionError"),
])
def test_each_error_has_a_title_and_a_sentence(exc: BaseException, title: str,
                                               words: str) -> None:
    assert title_for(exc) == title
    assert words in message_for(exc)


def test_settings_defaults_and_round_trip(qapp) -> None:
    assert settings.value(settings.IDLE_LOCK_MINUTES) == 10
    settings.set_value(settings.IDLE_LOCK_MINUTES, 3)
    assert settings.value(settings.IDLE_LOCK_MINUTES) == 3
    with pytest.raises(ValueError):
        settings.set_value(settings.IDLE_LOCK_MINUTES, 10_000)
    assert settings.value(settings.IDLE_LOCK_MINUTES) == 3


def test_settings_survive_garbage(qapp) -> None:
    settings.store().setValue(settings.IDLE_LOCK_MINUTES.key, "soon")
    settings.store().setValue(settings.LARGE_TEXT.key, "true")
    assert settings.value(settings.IDLE_LOCK_MINUTES) == 10
    assert settings.value(settings.LARGE_TEXT) is True
    assert len({s.key for s in settings.ALL}) == len(settings.ALL)


def test_settings_dialog_writes_what_was_chosen(qtbot) -> None:
    from PySide6.QtWidgets import QCheckBox, QSpinBox

    from tafapp.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    _setting, spin = dialog._editors[settings.IDLE_LOCK_MINUTES.key]
    _setting, box = dialog._editors[settings.LARGE_TEXT.key]
    assert isinstance(spin, QSpinBox) and isinstance(box, QCheckBox)
    spin.setValue(25)
    box.setChecked(True)
    dialog._on_accepted()
    assert settings.value(settings.IDLE_LOCK_MINUTES) == 25
    assert settings.value(settings.LARGE_TEXT) is True
