"""Hybrid logical clock: wall time in ms, a counter, and the device id.

An HLC is encoded as fixed-width text, `WWWWWWWWWWWWWWW.CCCCCC.device`, so that comparing two
strings compares (wall, counter, device) — the order the merge uses for a provisional winner.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 15
COUNTER_DIGITS = 6


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{WALL_DIGITS}d}.{self.counter:0{COUNTER_DIGITS}d}.{self.device}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        wall, counter, device = text.split(".", 2)
        if len(wall) != WALL_DIGITS or len(counter) != COUNTER_DIGITS or not device:
            raise ValueError(f"not an HLC: {text!r}")
        return cls(int(wall), int(counter), device)


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
        self._wall = parsed.wall_ms if parsed else 0
        self._counter = parsed.counter if parsed else 0

    def tick(self) -> str:
        with self._lock:
            now = self._now()
            if now > self._wall:
                self._wall, self._counter = now, 0
            else:
                self._counter += 1
            return Hlc(self._wall, self._counter, self.device_id).encode()

    def observe(self, remote: str) -> None:
        """Move past a remote HLC so later local edits order after it."""
        other = Hlc.parse(remote)
        with self._lock:
            if (other.wall_ms, other.counter) > (self._wall, self._counter):
                self._wall, self._counter = other.wall_ms, other.counter

    @property
    def last(self) -> str:
        return Hlc(self._wall, self._counter, self.device_id).encode()
