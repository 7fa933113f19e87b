"""Reporting periods: a month, a quarter, a year or custom dates, both ends inclusive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from tafapp.core.errors import InputRejected

KINDS = ("month", "quarter", "year", "custom")


def month_end(day: date) -> date:
    nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """`start`..`end`, both inclusive. `kind` is one of KINDS (used for labels only)."""

    start: date
    end: date
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputRejected("period", f"the period ends ({self.end}) before it starts "
                                f"({self.start}); swap the dates")
        if self.kind not in KINDS:
            raise InputRejected("period", f"'{self.kind}' is not one of {', '.join(KINDS)}")

    @classmethod
    def month(cls, day: date) -> Period:
        return cls(day.replace(day=1), month_end(day), "month")

    @classmethod
    def quarter(cls, day: date) -> Period:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return cls(first, month_end(add_months(first, 2)), "quarter")

    @classmethod
    def year(cls, day: date) -> Period:
        return cls(date(day.year, 1, 1), date(day.year, 12, 31), "year")

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        """The month, quarter or year containing `day`."""
        makers = {"month": cls.month, "quarter": cls.quarter, "year": cls.year}
        if kind not in makers:
            raise InputRejected("period", f"'{kind}' is not one of month, quarter, year")
        return makers[kind](day)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%B %Y")
        if self.kind == "quarter":
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def month_starts(self) -> Iterator[date]:
        day = self.start.replace(day=1)
        while day <= self.end:
            yield day
            day = add_months(day, 1)

    def trend_months(self, at_least: int = 12) -> list[date]:
        """First days of the months a trend covers: the period's months, extended back so
        there are at least `at_least` points (one month alone is no trend)."""
        months = list(self.month_starts())
        while len(months) < at_least:
            months.insert(0, add_months(months[0], -1))
        return months

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "label": self.label}
