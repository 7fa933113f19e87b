"""Hooks reach every new sessionmaker, including one whose Session class reuses the address
of a class that has gone (SQLAlchemy's `event.contains` answers "already listening" then)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.event import registry
from sqlalchemy.orm import sessionmaker

from tafapp.storage import capture, summary_upkeep
from tafapp.storage.session_events import attach_once


def _assert_hooked_once(factory: Any) -> None:
    session = factory()
    hooks = list(session.dispatch.before_flush)
    assert hooks.count(capture._before_flush) == 1
    assert hooks.count(summary_upkeep._before_flush) == 1
    assert list(session.dispatch.do_orm_execute).count(capture._guard_bulk) == 1
    assert list(session.dispatch.before_commit).count(summary_upkeep._before_commit) == 1
    session.close()


def _install_twice(factory: Any) -> None:
    for install in (capture.install, summary_upkeep.install):
        install(factory)
        install(factory)  # idempotent


@pytest.fixture
def reused_address() -> Iterator[Any]:
    """A new sessionmaker in the state a reused address leaves it: SQLAlchemy's registry still
    holds the keys (target id, event, function) of a sessionmaker that listened and is gone,
    and the new one has that id. Made directly rather than by hoping the allocator reuses an
    address (which took about 46 s of `gc.collect()` and was not certain)."""
    old, new = sessionmaker(), sessionmaker()
    _install_twice(old)
    planted = []
    for key, collection in list(registry._key_to_collection.items()):
        if key[0] == id(old):
            planted.append((id(new), *key[1:]))
            registry._key_to_collection[planted[-1]] = collection
    assert planted, "SQLAlchemy no longer keys listeners by class id: rewrite this fixture"
    assert event.contains(new, "before_flush", capture._before_flush)  # the false answer
    yield new
    for key in planted:
        registry._key_to_collection.pop(key, None)


def test_hooks_reach_a_new_sessionmaker_at_a_reused_address(reused_address: Any) -> None:
    _install_twice(reused_address)
    _assert_hooked_once(reused_address)


def test_hooks_reach_every_new_sessionmaker_once() -> None:
    for _ in range(5):
        factory = sessionmaker()
        _install_twice(factory)
        _assert_hooked_once(factory)


def test_attach_once_tells_whether_it_attached() -> None:
    calls: list[str] = []
    factory = sessionmaker()
    hooks = (("before_commit", lambda _s: calls.append("x")),)
    assert attach_once(factory, "demo", hooks)
    assert not attach_once(factory, "demo", hooks)
    with factory() as session:
        session.commit()
    assert calls == ["x"]
