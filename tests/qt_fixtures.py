"""Autouse fixtures shared by the widget test folders: background jobs run inline, and Qt's
settings live in the test's temporary folder. Each folder's conftest imports them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tafapp.ui import ops


@pytest.fixture(autouse=True)
def inline_ops() -> Iterator[None]:
    ops.set_inline(True)
    yield
    ops.set_inline(False)
    ops.set_error_handler(None)
    ops.set_store(None)


@pytest.fixture(autouse=True)
def temp_settings(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
