"""The overdue rule (tafapp/models/overdue.py) and each place that asks it: the same actions
are overdue in Python, in SQLAlchemy, in the caseload's SQLite text, on the family page, in
the caseload (both paths), by agency, and in the plan document."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tafapp.exports.content import Audience
from tafapp.exports.gather import gather_plan
from tafapp.models import Action, ActionStatus
from tafapp.models.overdue import action_overdue, overdue_sql, overdue_where
from tafapp.services import caseload, plans, ui_support
from tafapp.storage.capture import tombstone
from tafapp.storage.store import Store
from tests.core.builders import world

TODAY = date(2026, 11, 17)
DAY = timedelta(days=1)
# (description, status, due) and whether it is overdue on TODAY
CASES = (
    ("due yesterday, not started", "not_started", TODAY - DAY, True),
    ("due last month, in progress", "in_progress", TODAY - 30 * DAY, True),
    ("due today, not started", "not_started", TODAY, False),
    ("due tomorrow, not started", "not_started", TODAY + DAY, False),
    ("no due date, not started", "not_started", None, False),
    ("due yesterday, achieved", "achieved", TODAY - DAY, False),
    ("due yesterday, partly", "partly", TODAY - DAY, False),
    ("due yesterday, not achieved", "not_achieved", TODAY - DAY, False),
    ("due yesterday, cancelled", "cancelled", TODAY - DAY, False),
)
EXPECTED = {c[0] for c in CASES if c[3]}


@pytest.mark.parametrize(("what", "status", "due", "overdue"), CASES)
def test_the_rule(what: str, status: str, due: date | None, overdue: bool) -> None:
    assert action_overdue(ActionStatus(status), due, TODAY) is overdue, what


def test_the_sqlite_text_names_every_open_status_and_the_day() -> None:
    text, params = overdue_sql(TODAY, status="a.status", due_on="a.due_on")
    assert text == "a.status IN (?, ?) AND a.due_on IS NOT NULL AND a.due_on < ?"
    assert params == ("not_started", "in_progress", "2026-11-17")


def test_overdue_where_needs_one_notion_of_open() -> None:
    with pytest.raises(ValueError):
        overdue_where(Action.due_on, TODAY)


@pytest.fixture
def family(store: Store) -> uuid.UUID:
    with store.begin() as s:
        w = world(s)
        for what, status, due, _ in CASES:
            a = plans.add_action(s, w.family.id, what, owner_agency_id=w.school.id,
                                 owner_practitioner_id=w.teacher.id, due_on=due)
            plans.set_action_status(s, a.id, status, TODAY - 2 * DAY)
        gone = plans.add_action(s, w.family.id, "removed, due yesterday",
                                owner_agency_id=w.school.id, due_on=TODAY - DAY)
        tombstone(s, gone)
        return w.family.id


def test_python_sqlalchemy_and_sqlite_text_pick_the_same_actions(store: Store,
                                                                 family: uuid.UUID) -> None:
    with store.read() as s:
        live = [a for a in s.scalars(select(Action)) if a.deleted_hlc is None]
        by_method = {a.description for a in live if a.is_overdue(TODAY)}
        by_where = set(s.scalars(select(Action.description).where(
            Action.deleted_hlc.is_(None), overdue_where(Action.due_on, TODAY,
                                                        status=Action.status))))
        text, params = overdue_sql(TODAY)
        by_text = {d for (d,) in s.connection().exec_driver_sql(
            f"SELECT description FROM action WHERE deleted_hlc IS NULL AND {text}", params)}
    assert by_method == by_where == by_text == EXPECTED


def test_family_page_caseload_and_agency_counts_follow_the_rule(store: Store,
                                                                family: uuid.UUID) -> None:
    with store.read() as s:
        view = ui_support.family_view(s, family, TODAY)
        assert {a.description for a in view.actions if a.overdue} == EXPECTED
        core = caseload.caseload_core(s, TODAY)
        text = caseload.caseload(s, TODAY)
        by_agency = caseload.overdue_actions_by_agency(s, TODAY)
    assert [r.overdue_actions for r in core] == [r.overdue_actions for r in text] == [2]
    assert [(r.agency, r.overdue) for r in by_agency] == [("Riverside Primary School", 2)]


def test_plan_document_flags_follow_the_rule(store: Store, family: uuid.UUID) -> None:
    with store.read() as s:
        plan = gather_plan(s, family, Audience.AGENCY, TODAY)
    lines = [a for group in plan.actions for a in group.actions]
    assert {a.description for a in lines if a.overdue} == EXPECTED
