"""The hub's own clock: ticking it for a decision made at the hub (a resolution, a share),
observing imported ops into it within the allowed drift, and that drift as a hub setting.

An op stamped more than the drift ahead of the hub's wall clock is held `clock_ahead` and
never observed, so one laptop with a wrong (or forged) date cannot drag the hub's clock, and
through it every later resolution, into the future (docs/decisions-sync.md, "Clock bounds").
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.storage import capture
from tafapp.storage.clock import WALL_DIGITS
from tafapp.sync.outgoing import set_state, state

DRIFT_KEY = "max_clock_drift_hours"
DEFAULT_DRIFT_HOURS = 24
MAX_DRIFT_HOURS = 24 * 366
_HOUR_MS = 3_600_000


def _context(session: Session) -> capture.CaptureContext:
    ctx = session.info.get(capture.CAPTURE_KEY)
    if not isinstance(ctx, capture.CaptureContext):
        raise InputRejected("store", "this session cannot record a decision (no clock)")
    return ctx


def _save(session: Session, ctx: capture.CaptureContext) -> None:
    set_state(session, capture.CLOCK_STATE_KEY, ctx.clock.last)


def tick(session: Session) -> tuple[str, str]:
    """(hub device id, a fresh HLC) for a decision made here, with the clock saved."""
    ctx = _context(session)
    hlc = ctx.clock.tick()
    _save(session, ctx)
    return ctx.device_id, hlc


def current(session: Session) -> str | None:
    """The hub clock's latest HLC (travels in receipts so devices order after it)."""
    ctx = session.info.get(capture.CAPTURE_KEY)
    return ctx.clock.last if ctx is not None else None


def max_drift_hours(session: Session) -> int:
    raw = state(session, DRIFT_KEY)
    return int(raw) if raw and raw.isdigit() else DEFAULT_DRIFT_HOURS


def set_max_drift_hours(session: Session, hours: int) -> int:
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_DRIFT_HOURS:
        raise InputRejected("hours", f"give a whole number of hours from 1 to {MAX_DRIFT_HOURS}")
    set_state(session, DRIFT_KEY, str(hours))
    return hours


def ahead_limit(session: Session) -> str:
    """HLC text that every acceptable op's clock sorts at or below: the hub's wall clock plus
    the allowed drift, as the 15-digit wall prefix (text comparison is clock order)."""
    ctx = _context(session)
    limit = ctx.clock.now_ms() + max_drift_hours(session) * _HOUR_MS
    return f"{limit:0{WALL_DIGITS}d}.~"


def observe(session: Session, hlcs: Iterable[str]) -> None:
    """Keep the hub's clock past the ops it applied (only those within the drift), so a
    resolution made here orders after the values it resolves."""
    ctx = session.info.get(capture.CAPTURE_KEY)
    top = max(hlcs, default=None)
    if ctx is None or top is None:
        return
    if ctx.clock.observe(top, max_drift_hours(session) * _HOUR_MS):
        _save(session, ctx)
