"""Fixtures for the app shell: inline jobs, settings in a temporary folder, a store with demo
families."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tafapp.store import Store
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


@pytest.fixture
def demo_store(store: Store) -> Store:
    """A practitioner store with 40 demo families (some closed, some overdue)."""
    from datetime import date

    from tafapp.cli.init import setup_identity
    from tafapp.demo import generate

    setup_identity(store, "practitioner", "Sam Lee", "Oak School", "school")
    with store.begin() as s:
        generate(s, families=40, seed=7, today=date.today())
    return store
