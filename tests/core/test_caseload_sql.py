"""The caseload's SQLite text path (the app's first screen, read before SQLAlchemy is loaded)
answers exactly as the portable Core path does."""

from __future__ import annotations

from datetime import date, timedelta

from tafapp.demo import generate
from tafapp.services import caseload
from tafapp.storage.store import Store


def test_sqlite_text_path_matches_core(store: Store) -> None:
    today = date(2026, 3, 2)
    with store.begin() as s:
        generate(s, families=30, seed=11, today=today)
    seen = []
    with store.read() as s:
        leads = {r.lead_practitioner_id for r in caseload.caseload_core(s, today,
                                                                        include_closed=True)}
        for day in (today, today + timedelta(days=90)):
            for closed in (False, True):
                for lead in (None, *sorted(x for x in leads if x is not None)[:2]):
                    core = caseload.caseload_core(s, day, include_closed=closed,
                                                  lead_practitioner_id=lead)
                    text = caseload.caseload(s, day, include_closed=closed,
                                             lead_practitioner_id=lead)
                    raw = s.connection().connection.dbapi_connection
                    direct = caseload.caseload_sqlite(raw.execute, day, include_closed=closed,
                                                      lead_practitioner_id=lead)
                    assert text == core == direct
                    seen += core
    # The comparison covered what matters: reviews, overdue reviews and overdue actions.
    assert any(r.next_review_on for r in seen) and any(r.overdue_actions for r in seen)
    assert any(r.review_overdue for r in seen)


def test_latest_meeting_sets_the_next_review_even_with_ties_on_the_day(store: Store) -> None:
    from tafapp.models import Family, FamilyStatus, Meeting

    with store.begin() as s:
        generate(s, families=3, seed=3, today=date(2026, 3, 2))
        fam = s.query(Family).first()
        assert fam is not None
        fam.status = FamilyStatus.OPEN
        held = date(2026, 5, 1)
        for nxt in (date(2026, 6, 1), date(2026, 7, 1)):  # same day: the later-made one wins
            s.add(Meeting(family_id=fam.id, held_on=held, next_review_on=nxt))
            s.flush()
    with store.read() as s:
        core = {r.id: r for r in caseload.caseload_core(s, date(2026, 5, 2))}
        text = {r.id: r for r in caseload.caseload(s, date(2026, 5, 2))}
    assert core[fam.id].next_review_on == text[fam.id].next_review_on == date(2026, 7, 1)
