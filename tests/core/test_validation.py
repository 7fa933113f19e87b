"""Bad input gets a clear error naming the field, and the database is unchanged."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from tafapp.core.errors import InputRejected
from tafapp.models import Base, syncable_tables
from tafapp.services import directory, families, meetings, people, plans
from tafapp.services.validation import parse_date
from tests.core.builders import world


def dump(store) -> str:  # type: ignore[no-untyped-def]
    """Every row of every table, as text: the database's content."""
    out = {}
    with store.read() as s:
        for name, table in Base.metadata.tables.items():
            rows = s.execute(select(table)).all()
            out[name] = sorted(json.dumps([str(c) for c in r]) for r in rows)
    return json.dumps(out)


@pytest.fixture
def seeded(store):  # type: ignore[no-untyped-def]
    with store.begin() as s:
        w = world(s)
        child = people.add_person(s, w.family.id, "Ada", date_of_birth=date(2016, 3, 12))
        need = plans.add_need(s, w.family.id, worried_about="School", outcome_code="education")
        m = meetings.start_meeting(s, w.family.id, held_on=date(2026, 10, 1))
    return store, {"family": w.family.id, "child": child.id, "need": need.id, "meeting": m.id,
                   "school": w.school.id}


CASES = [
    ("impossible date", "due_on", lambda s, i: plans.add_action(
        s, i["family"], "Read together", owner_name="Mum", due_on="31/02/2027")),
    ("impossible ISO date", "held_on", lambda s, i: meetings.start_meeting(
        s, i["family"], held_on="2026-13-01")),
    ("action with no owner", "owner", lambda s, i: plans.add_action(
        s, i["family"], "Read together", due_on="01/03/2027")),
    ("closure with no reason", "closure_reason", lambda s, i: families.close_family(
        s, i["family"], "", date(2026, 12, 1))),
    ("unknown closure reason", "closure_reason", lambda s, i: families.close_family(
        s, i["family"], "bored", date(2026, 12, 1))),
    ("unknown agency sector", "sector", lambda s, i: directory.add_agency(
        s, "Mystery", "wizardry")),
    ("score out of range", "score", lambda s, i: meetings.record_scaling(
        s, i["meeting"], "family", 11)),
    ("unknown outcome", "outcome_code", lambda s, i: plans.update_need(
        s, i["need"], outcome_code="happiness")),
    ("finalise without decision", "decision", lambda s, i: meetings.finalise(s, i["meeting"])),
    ("review before meeting", "next_review_on", lambda s, i: meetings.update_meeting(
        s, i["meeting"], next_review_on="01/09/2026")),
    ("birth in the future", "date_of_birth", lambda s, i: people.update_person(
        s, i["child"], date_of_birth=date(2099, 1, 1))),
    ("bad postcode", "postcode", lambda s, i: families.update_family(
        s, i["family"], postcode="NOT A CODE")),
    ("level of need 7", "level_of_need", lambda s, i: families.update_family(
        s, i["family"], level_of_need=7)),
    ("empty household", "household_name", lambda s, i: families.open_family(
        s, "  ", opened_on=date(2026, 1, 1))),
    ("consent with no giver", "given_by_person_id", lambda s, i: people.record_consent(
        s, i["family"], given_on=date(2026, 9, 1), given_by_person_id=None,
        scope_agency_ids=[i["school"]], scope_purposes="plan")),
]


@pytest.mark.parametrize(("case", "field", "call"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_names_the_field_and_changes_nothing(seeded, case, field, call) -> None:  # type: ignore[no-untyped-def]
    store, ids = seeded
    before = dump(store)
    with pytest.raises(InputRejected) as err:
        with store.begin() as s:
            call(s, ids)
    assert err.value.field == field
    assert err.value.message and field in str(err.value)
    assert dump(store) == before


def test_finalise_needs_the_next_review_date(seeded) -> None:  # type: ignore[no-untyped-def]
    store, ids = seeded
    with store.begin() as s:
        meetings.set_decision(s, ids["meeting"], "continue", "Progress is steady")
    with pytest.raises(InputRejected) as err, store.begin() as s:
        meetings.finalise(s, ids["meeting"])
    assert err.value.field == "next_review_on"
    with store.begin() as s:
        meetings.set_next_review(s, ids["meeting"], "12/11/2026")
        meetings.finalise(s, ids["meeting"])
    with pytest.raises(InputRejected, match="locked"), store.begin() as s:
        meetings.update_meeting(s, ids["meeting"], child_voice="changed later")


def test_date_messages_are_plain() -> None:
    with pytest.raises(InputRejected, match="February 2027 has no day 31"):
        parse_date("due_on", "31/02/2027")
    assert parse_date("due_on", "29/02/2028") == date(2028, 2, 29)
    assert parse_date("due_on", "2026-11-24") == date(2026, 11, 24)


def test_every_syncable_table_is_known() -> None:
    assert {"family", "action", "meeting", "attendance", "scaling"} <= set(syncable_tables())
