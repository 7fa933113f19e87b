"""Hybrid logical clock: wall time in ms, a counter, and the device id.

An HLC is encoded as fixed-width text, `WWWWWWWWWWWWWWW.CCCCCC.device`, so that comparing two
strings compares (wall, counter, device) — the order the merge uses for a provisional winner.

The text must stay parsable whatever the clock is fed: the counter never passes
`MAX_COUNTER` (a tick that would carries into the next millisecond instead), and `observe`
never takes a wall time past `LATEST_WALL_MS` or, when given a bound, further ahead of this
machine's wall clock than that bound (docs/decisions-sync.md, "Clock bounds").
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 15
COUNTER_DIGITS = 6
MAX_COUNTER = 10**COUNTER_DIGITS - 1
# 9999-12-31T23:59:59.999Z: the last instant a date column can hold, far inside 15 digits,
# so a tick from here (+1 ms at most per carry) still encodes in WALL_DIGITS.
LATEST_WALL_MS = 253_402_300_799_999

# The one definition of the text form; the import checks every op's clock with it.
HLC_PATTERN = re.compile(r"([0-9]{15})\.([0-9]{6})\.([0-9A-Za-z_.:-]{1,40})")


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{WALL_DIGITS}d}.{self.counter:0{COUNTER_DIGITS}d}.{self.device}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        m = HLC_PATTERN.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise ValueError(f"not an HLC: {text!r:.80}")
        return cls(int(m[1]), int(m[2]), m[3])


def wall_of(text: str) -> int:
    """The wall-time part of an HLC already checked against `HLC_PATTERN`."""
    return int(text[:WALL_DIGITS])


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Monotonic per device, and never behind any HLC it has observed from another device."""

    def __init__(
        self, device_id: str, last: str | None = None, now: Callable[[], int] = _now_ms
    ) -> None:
        self.device_id = device_id
        self._now = now
        self._lock = threading.Lock()
        parsed = Hlc.parse(last) if last else None
        self._wall = min(parsed.wall_ms, LATEST_WALL_MS) if parsed else 0
        self._counter = parsed.counter if parsed else 0

    def now_ms(self) -> int:
        return self._now()

    def tick(self) -> str:
        with self._lock:
            now = self._now()
            if now > self._wall:
                self._wall, self._counter = now, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            else:  # a million ticks in one millisecond: borrow the next one
                self._wall, self._counter = self._wall + 1, 0
            return Hlc(self._wall, self._counter, self.device_id).encode()

    def observe(self, remote: str, max_ahead_ms: int | None = None) -> bool:
        """Move past a remote HLC so later local edits order after it. Returns False (and
        leaves the clock alone) for text that is not an HLC, or one whose wall time is past
        `LATEST_WALL_MS` or more than `max_ahead_ms` ahead of this machine's clock."""
        try:
            other = Hlc.parse(remote)
        except ValueError:
            return False
        if other.wall_ms > LATEST_WALL_MS:
            return False
        if max_ahead_ms is not None and other.wall_ms > self._now() + max_ahead_ms:
            return False
        with self._lock:
            if (other.wall_ms, other.counter) > (self._wall, self._counter):
                self._wall, self._counter = other.wall_ms, other.counter
        return True

    @property
    def last(self) -> str:
        return Hlc(self._wall, self._counter, self.device_id).encode()
