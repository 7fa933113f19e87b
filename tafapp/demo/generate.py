"""Write a synthetic borough into a store: the directory, then families in chunks.

Every row goes through `capture.bulk_insert` with `queue=False`: the sync columns are filled
(ids, HLCs, versions) but no outbox ops are made, because synthetic training data must never
travel to a hub as if it were real work (docs/decisions-demo.md). The store is marked with
SyncState `demo_data` = "1" so packet export can warn.
"""

from __future__ import annotations

import os
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tafapp.core.errors import DemoCancelled, InputRejected
from tafapp.core.reference import closure_reasons
from tafapp.demo import directory, household, pipeline, team, timeline
from tafapp.models import (
    Action,
    ActionReview,
    Agency,
    Attendance,
    CaseNote,
    Consent,
    Family,
    Meeting,
    MeetingAddendum,
    Need,
    Person,
    Practitioner,
    Reading,
    Referral,
    Scaling,
    StepChange,
    SyncState,
    TeamMember,
    new_id,
)
from tafapp.storage import capture, summary_upkeep

DEMO_KEY = "demo_data"
MAX_FAMILIES = 100_000
CHUNK = 500  # families per executemany round: bounds memory, keeps progress moving
PARALLEL_FROM = 2000  # below this a worker process costs more to start than it saves
STARTER_FAMILIES = 40  # the app's first-run offer: well under a second

# Parents before children: SQLite checks foreign keys row by row.
WRITE_ORDER: tuple[type, ...] = (
    Family, Person, Consent, TeamMember, Need, Action, Meeting, Attendance, Scaling,
    ActionReview, MeetingAddendum, Referral, StepChange, CaseNote, Reading,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    """What was written: `rows` counts by table name, including agency and practitioner."""

    families: int
    seed: int
    today: date
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"families": self.families, "seed": self.seed, "today": self.today.isoformat(),
                "seconds": round(self.seconds, 3), "rows": dict(self.rows),
                "total_rows": sum(self.rows.values())}


def is_demo(session: Session) -> bool:
    """True when this store holds generated demo data (warn before sending a packet)."""
    row = session.get(SyncState, DEMO_KEY)
    return row is not None and row.value == "1"


class _References:
    """Family references in the services' format (TAF-YEAR-DEVICE-NNNN), numbered after
    any references this device already issued that year."""

    def __init__(self, session: Session) -> None:
        from tafapp.services.families import device_code

        self._session = session
        self._code = device_code(session)
        self._next: dict[int, int] = {}

    def __call__(self, year: int) -> str:
        prefix = f"TAF-{year}-{self._code}-"
        if year not in self._next:
            self._next[year] = self._session.scalar(
                select(func.count()).select_from(Family)
                .where(Family.reference.startswith(prefix))) or 0
        self._next[year] += 1
        return f"{prefix}{self._next[year]:04d}"


def _family(index: int, seed: int, d: directory.Directory, today: date,
            batch: household.Batch) -> None:
    # A generator per family: family i is the same whatever N and whatever chunk it is in.
    rng = random.Random(f"{seed}:{index}")
    reasons = list(closure_reasons())
    # The first families close with each reason in turn, so every reason is present.
    force = reasons[index] if index < len(reasons) else None
    # The reference is issued by the writer (it needs the store); the year stands in.
    hh = household.build(rng, d, today, _year, batch, force)
    needs = team.choose_needs(rng, hh)
    team.build_team(rng, hh, needs, batch)
    team.consent(rng, hh, today, batch)
    timeline.build(rng, hh, needs, today, batch)
    team.referrals(rng, hh, needs, today, batch)
    team.steps(rng, hh, batch)
    team.notes_and_readings(rng, hh, today, batch)


def _year(year: int) -> Any:
    return year


def make_chunk(seed: int, start: int, stop: int, today: date,
               d: directory.Directory) -> dict[str, list[dict[str, Any]]]:
    """Rows of families start..stop-1 by table name (picklable, for a worker process)."""
    batch: household.Batch = defaultdict(list)
    for index in range(start, stop):
        _family(index, seed, d, today, batch)
    # Ids made here, not by bulk_insert, so a worker process bears their cost.
    for rows in batch.values():
        for row in rows:
            if "id" not in row:
                row["id"] = new_id()
    return {model.__tablename__: rows for model, rows in batch.items()}


def _write(session: Session, chunk: dict[str, list[dict[str, Any]]], refs: _References,
           counts: dict[str, int]) -> None:
    for row in chunk.get("family", []):
        row["reference"] = refs(row["reference"])
    for model in WRITE_ORDER:
        rows = chunk.get(model.__tablename__)
        if rows:
            counts[model.__tablename__] += capture.bulk_insert(session, model, rows,
                                                               queue=False)


def generate(session: Session, families: int, seed: int = 0, today: date | None = None,
             progress: Progress | None = None, *,
             cancelled: Callable[[], bool] | None = None,
             workers: int | None = None) -> DemoSummary:
    """Add `families` synthetic families (and a directory of agencies) to the store.

    Deterministic for a seed and `today` (names, dates, texts; ids are fresh UUIDv7). The
    caller owns the transaction: on DemoCancelled or any error, rolling back keeps nothing.
    `progress(done, total)` is called after each chunk of families. `workers`: 0 makes
    everything in this process; 1 makes the next chunk in a worker process while this one is
    written (the default from PARALLEL_FROM families on a machine with a second core).
    """
    if isinstance(families, bool) or not isinstance(families, int) \
            or not 1 <= families <= MAX_FAMILIES:
        raise InputRejected("families", f"must be a whole number from 1 to {MAX_FAMILIES:,}")
    started = time.perf_counter()
    today = today or date.today()
    d = directory.build(random.Random(f"{seed}:directory"), families)
    counts: dict[str, int] = defaultdict(int)
    counts["agency"] = capture.bulk_insert(session, Agency, d.agency_rows(), queue=False)
    counts["practitioner"] = capture.bulk_insert(session, Practitioner, d.practitioner_rows(),
                                                 queue=False)
    refs = _References(session)
    spans = [(a, min(families, a + CHUNK)) for a in range(0, families, CHUNK)]
    if workers is None:
        workers = 1 if families >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 0
    chunks = pipeline.chunks(make_chunk, seed, spans, today, d, workers)
    try:
        with summary_upkeep.rebuilt_after(session):
            for (_, stop), chunk in zip(spans, chunks, strict=True):
                if cancelled is not None and cancelled():
                    raise DemoCancelled("Making demo data was cancelled; nothing was kept.")
                _write(session, chunk, refs, counts)
                if progress is not None:
                    progress(stop, families)
    finally:
        chunks.close()
    session.merge(SyncState(key=DEMO_KEY, value="1"))
    session.flush()
    return DemoSummary(families, seed, today, time.perf_counter() - started, dict(counts))
