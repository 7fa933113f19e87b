"""Every user setting, declared once: key, type, default and the title a person reads.

Values live in `QSettings` (the platform's usual place). Read them with `value(IDLE_LOCK)`,
never with raw `QSettings().value("...")`, so a typo is an AttributeError, not a silent default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QFont, QGuiApplication

T = TypeVar("T", int, bool, str)

ORGANISATION = "tafapp"
APPLICATION = "tafapp"


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    title: str
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, raw: Any) -> T:
        """QSettings hands back strings on some platforms ("true", "15"); a value that cannot
        be read as this setting's type falls back to the default instead of crashing start-up."""
        if raw is None:
            return self.default
        try:
            if self.type is bool:
                if isinstance(raw, str):
                    return raw.strip().lower() in ("1", "true", "yes")  # type: ignore[return-value]
                return bool(raw)  # type: ignore[return-value]
            value = self.type(raw)
        except (TypeError, ValueError):
            return self.default
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return self.default
            if self.maximum is not None and value > self.maximum:
                return self.default
        return value


def _tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


IDLE_LOCK_MINUTES: Setting[int] = Setting(
    "security/idle_lock_minutes", int, 10, "Lock after this many idle minutes (0 = never)",
    minimum=0, maximum=240)
LARGE_TEXT: Setting[bool] = Setting(
    "display/large_text", bool, False, "Large text (for a shared screen)")
LARGE_TEXT_SCALE_PERCENT: Setting[int] = Setting(
    "display/large_text_percent", int, 140, "How much larger text is with large text on (%)",
    minimum=100, maximum=300)

ALL: tuple[Setting[Any], ...] = (IDLE_LOCK_MINUTES, LARGE_TEXT, LARGE_TEXT_SCALE_PERCENT)
"""What the Settings dialog offers."""

LAST_FOLDER: Setting[str] = Setting(
    "files/last_folder", str, "", "The folder last used to save or open a file")
"""Remembered, not chosen: kept out of the Settings dialog (`tafapp.ui.files`)."""


def store() -> QSettings:
    """An INI file in the platform's user config folder (tests point it elsewhere with
    `QSettings.setPath`)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


def value(setting: Setting[T]) -> T:
    return setting.coerce(store().value(setting.key))


def set_value(setting: Setting[T], new: T) -> None:
    checked = setting.coerce(new)
    if checked != new:
        raise ValueError(f"{setting.key}: {new!r} is outside what this setting allows")
    store().setValue(setting.key, new)


def title(setting: Setting[Any]) -> str:
    return _tr(setting.title)


_SYSTEM_FONT: list[QFont] = []


def apply_text_size(app: QGuiApplication) -> None:
    """Follow the system font; with large text on, scale it. Never a fixed point size, so a
    person who already set a large system font keeps it (and gets larger still)."""
    if not _SYSTEM_FONT:
        _SYSTEM_FONT.append(QFont(app.font()))
    font = QFont(_SYSTEM_FONT[0])
    if value(LARGE_TEXT):
        factor = value(LARGE_TEXT_SCALE_PERCENT) / 100
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
        elif font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * factor))
    app.setFont(font)


def set_large_text(on: bool) -> None:
    """Turn large text on or off for the whole app: the one switch every "Large text" control
    calls. The application's `fontChanged` tells the others to show the new state."""
    set_value(LARGE_TEXT, on)
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        apply_text_size(app)
