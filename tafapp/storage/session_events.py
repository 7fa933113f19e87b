"""Attach session hooks to a sessionmaker exactly once.

Not `sqlalchemy.event.contains`: SQLAlchemy keys a listener on a class by the `id()` of that
class and keeps the key after the class is gone. Every sessionmaker makes its own Session
subclass, so a new store's sessionmaker whose class lands at a dead one's address looked
"already listened to" and got no hooks at all: no change capture, no report upkeep. In a
long test run that happened for most new stores; in the app, after a profile was closed and
another opened. Here the factories that have a set of hooks are remembered weakly, by the
factory object itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import event

Hooks = Sequence[tuple[str, Callable[..., Any]]]

_attached: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def attach_once(session_factory: Any, name: str, hooks: Hooks) -> bool:
    """Listen with `hooks` (event name, function) on `session_factory` unless the hooks
    called `name` are already on it. True if they were attached now."""
    names = _attached.setdefault(session_factory, set())
    if name in names:
        return False
    for identifier, fn in hooks:
        event.listen(session_factory, identifier, fn)
    names.add(name)
    return True


__all__ = ["attach_once"]
