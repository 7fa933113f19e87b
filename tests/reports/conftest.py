"""The hand-built dataset (dataset.py) on a hub store, and the period its answers are for."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from tafapp.services.reports import Period
from tafapp.storage.store import Store
from tests.reports import dataset

Q1 = Period.quarter(date(2026, 2, 1))
TODAY = date(2026, 4, 15)


@pytest.fixture
def hub(hub_store: Store) -> Iterator[tuple[Store, dict[str, uuid.UUID]]]:
    with hub_store.begin() as s:
        ids = dataset.build(s)
    yield hub_store, ids
