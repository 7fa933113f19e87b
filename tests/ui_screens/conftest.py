"""Screens run against a real encrypted store with jobs run inline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tafapp.storage.store import Store
from tafapp.ui import ops


@pytest.fixture
def ui_store(store: Store) -> Iterator[Store]:
    ops.set_store(store)
    ops.set_inline(True)
    yield store
    ops.set_inline(False)
    ops.set_store(None)
