"""Working days for many date pairs at once: a date -> working-day-index map.

`index[d]` counts the working days from a fixed origin up to and including `d`, so the working
days after `a` up to and including `b` (timescales.working_days_between) are index[b] -
index[a]. Reports group date pairs in SQL and map each distinct pair here, so the cost
grows with the number of distinct dates, not with the number of families.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from tafapp.core.timescales import is_working_day


class WorkdayIndex:
    def __init__(self, dates: Iterable[date]) -> None:
        known = [d for d in dates if d is not None]
        self._index: dict[date, int] = {}
        if not known:
            return
        day, last, count = min(known), max(known), 0
        while day <= last:
            if is_working_day(day):
                count += 1
            self._index[day] = count
            day += timedelta(days=1)

    def as_rows(self) -> list[tuple[date, int]]:
        """(day, index) for every day from the first to the last."""
        return list(self._index.items())

    def between(self, start: date, end: date) -> int:
        return self._index[end] - self._index[start]


def histogram_stats(hist: dict[int, int], target: int) -> dict[str, float | int | None]:
    """Count, within-target count and share, median and mean of a {days: families} histogram."""
    n = sum(hist.values())
    within = sum(c for d, c in hist.items() if d <= target)
    out: dict[str, float | int | None] = {"measured": n, "within_timescale": within,
                                          "share_within": _share(within, n),
                                          "median_days": None, "mean_days": None}
    if n:
        out["mean_days"] = round(sum(d * c for d, c in hist.items()) / n, 1)
        out["median_days"] = _median(hist, n)
    return out


def _median(hist: dict[int, int], n: int) -> float:
    keys = sorted(hist)
    lower, upper = (n - 1) // 2, n // 2
    seen, lo_val, hi_val = 0, None, None
    for k in keys:
        nxt = seen + hist[k]
        if lo_val is None and lower < nxt:
            lo_val = k
        if upper < nxt:
            hi_val = k
            break
        seen = nxt
    assert lo_val is not None and hi_val is not None
    return (lo_val + hi_val) / 2


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
