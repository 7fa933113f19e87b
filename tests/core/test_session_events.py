"""Hooks reach every new sessionmaker, including one whose Session class reuses the address
of a class that has gone (SQLAlchemy's `event.contains` answers "already listening" then)."""

from __future__ import annotations

import gc

from sqlalchemy.orm import sessionmaker

from tafapp.storage import capture, summary_upkeep
from tafapp.storage.session_events import attach_once


def test_hooks_reach_every_new_sessionmaker_even_at_a_reused_address() -> None:
    seen: set[int] = set()
    reused = 0
    for _ in range(100):
        factory = sessionmaker()
        reused += id(factory.class_) in seen
        seen.add(id(factory.class_))
        for install in (capture.install, summary_upkeep.install):
            install(factory)
            install(factory)  # idempotent
        session = factory()
        hooks = list(session.dispatch.before_flush)
        assert hooks.count(capture._before_flush) == 1
        assert hooks.count(summary_upkeep._before_flush) == 1
        assert list(session.dispatch.do_orm_execute).count(capture._guard_bulk) == 1
        assert list(session.dispatch.before_commit).count(summary_upkeep._before_commit) == 1
        session.close()
        del session, factory
        gc.collect()
    assert reused, "no address was reused, so this run did not test the case"


def test_attach_once_tells_whether_it_attached() -> None:
    calls: list[str] = []
    factory = sessionmaker()
    hooks = (("before_commit", lambda _s: calls.append("x")),)
    assert attach_once(factory, "demo", hooks)
    assert not attach_once(factory, "demo", hooks)
    with factory() as session:
        session.commit()
    assert calls == ["x"]
