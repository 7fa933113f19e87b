"""While the start-up integrity check runs, reads go on and writes wait for its verdict."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from tafapp.core.errors import StoreCorrupt
from tafapp.models import Family
from tafapp.services import families
from tafapp.storage.store import Store


def _families(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Family)) or 0)


def _write_in_thread(store: Store) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with store.begin() as s:
                families.open_family(s, "Gate household", opened_on=date(2026, 9, 1))
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            errors.append(exc)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread, errors


def test_a_write_waits_for_the_check_while_reads_go_on(store: Store) -> None:
    store.writes.hold()
    thread, errors = _write_in_thread(store)
    thread.join(0.3)
    assert thread.is_alive()  # held at the gate
    assert _families(store) == 0  # a read is not
    store.writes.release()
    thread.join(5)
    assert not thread.is_alive() and not errors
    assert _families(store) == 1


def test_a_failed_check_refuses_the_waiting_write_and_nothing_is_saved(store: Store) -> None:
    store.writes.hold()
    thread, errors = _write_in_thread(store)
    thread.join(0.3)
    store.writes.refuse("The database failed its integrity check (page 7).")
    thread.join(5)
    assert len(errors) == 1 and isinstance(errors[0], StoreCorrupt)
    assert "integrity check" in str(errors[0])
    assert _families(store) == 0
    with pytest.raises(StoreCorrupt), store.begin():
        pass  # and every later write too
