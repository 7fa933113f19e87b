"""Every service that changes a syncable row leaves the matching ops in the outbox, and no
write path can skip capture."""

from __future__ import annotations

import inspect as pyinspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from tafapp.core.errors import CaptureBypassed
from tafapp.models import Family, OutboxOp
from tafapp.services import directory, families, meetings, people, plans, team
from tafapp.storage.clock import Hlc
from tests.core.builders import world

MUTATING = (directory, families, people, team, plans, meetings)
READ_ONLY = {"agencies", "practitioners", "needs", "actions", "meetings", "draft_for",
             "previous_meeting", "scores", "next_reference", "device_code",
             "find_or_add_agency", "my_practitioner_id", "same_families",
             "ready_to_finalise"}

D = date(2026, 10, 1)


def _steps(s: Any, w: Any, ids: dict[str, Any]) -> list[tuple[str, Callable[[], Any], set]]:
    """(service name, call, {(entity, field) expected among the new ops})."""
    fid = w.family.id

    def keep(name: str, fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            ids[name] = fn()
            return ids[name]
        return run

    return [
        ("add_agency", keep("agency", lambda: directory.add_agency(s, "Food Bank", "voluntary")),
         {("agency", "name"), ("agency", "sector")}),
        ("update_agency", lambda: directory.update_agency(s, ids["agency"].id, name="Foodbank"),
         {("agency", "name")}),
        ("add_practitioner", keep("prac", lambda: directory.add_practitioner(
            s, "Sam Lee", agency_id=ids["agency"].id)), {("practitioner", "name")}),
        ("update_practitioner", lambda: directory.update_practitioner(
            s, ids["prac"].id, phone="01642 000000"), {("practitioner", "phone")}),
        ("open_family", keep("fam", lambda: families.open_family(
            s, "Second household", opened_on=D)), {("family", "household_name")}),
        ("new_family", lambda: families.new_family(s, "Third household", postcode="TS1 1AA",
                                                   today=D),
         {("family", "household_name"), ("family", "postcode"), ("family", "request_on")}),
        ("update_family", lambda: families.update_family(s, fid, level_of_need=2),
         {("family", "level_of_need")}),
        ("set_lead", lambda: families.set_lead(s, fid, w.visitor.id),
         {("family", "lead_practitioner_id"), ("family", "lead_agency_id")}),
        ("add_person", keep("child", lambda: people.add_person(
            s, fid, "Ada", date_of_birth="12/03/2016", send="ehcp")), {("person", "send")}),
        ("add_person#2", keep("mum", lambda: people.add_person(
            s, fid, "Grace", role="parent_carer")), {("person", "role")}),
        ("update_person", lambda: people.update_person(s, ids["child"].id,
                                                       communication_needs="Uses Makaton"),
         {("person", "communication_needs")}),
        ("record_consent", keep("consent", lambda: people.record_consent(
            s, fid, given_on=D, given_by_person_id=ids["mum"].id,
            scope_agency_ids=[w.school.id], scope_purposes="Early help plan")),
         {("consent", "scope_agency_ids")}),
        ("update_consent", lambda: people.update_consent(s, ids["consent"].id,
                                                         privacy_notice_version="v3"),
         {("consent", "privacy_notice_version")}),
        ("record_safeguarding_override", lambda: people.record_safeguarding_override(
            s, ids["consent"].id, "Risk of significant harm"),
         {("consent", "safeguarding_override")}),
        ("withdraw_consent", lambda: people.withdraw_consent(s, ids["consent"].id, D),
         {("consent", "withdrawn_on")}),
        ("add_team_member", keep("member", lambda: team.add_team_member(
            s, fid, agency_id=w.health.id, practitioner_id=w.visitor.id)),
         {("team_member", "agency_id")}),
        ("update_team_member", lambda: team.update_team_member(s, ids["member"].id,
                                                               role_in_taf="Health"),
         {("team_member", "role_in_taf")}),
        ("end_team_member", lambda: team.end_team_member(s, ids["member"].id, D),
         {("team_member", "left_on")}),
        ("add_referral", keep("ref", lambda: team.add_referral(
            s, fid, to_service="Speech and language therapy", made_on=D)),
         {("referral", "to_service")}),
        ("record_referral_outcome", lambda: team.record_referral_outcome(
            s, ids["ref"].id, "Seen; 6 sessions offered", D), {("referral", "outcome")}),
        ("add_case_note", lambda: team.add_case_note(s, fid, "Called mum", written_on=D),
         {("case_note", "text")}),
        ("add_reading", lambda: team.add_reading(s, fid, tool="Family Star Plus", score=6,
                                                 taken_on=D), {("reading", "score")}),
        ("add_need", keep("need", lambda: plans.add_need(
            s, fid, worried_about="Ada misses school", outcome_code="education")),
         {("need", "worried_about")}),
        ("update_need", lambda: plans.update_need(s, ids["need"].id, family_words="Ada..."),
         {("need", "family_words")}),
        ("add_action", keep("action", lambda: plans.add_action(
            s, fid, "Walk Ada to school", need_id=ids["need"].id, owner_person_id=ids["mum"].id,
            due_on=D)), {("action", "description"), ("action", "due_on")}),
        ("update_action", lambda: plans.update_action(s, ids["action"].id, evidence="Register"),
         {("action", "evidence")}),
        ("set_action_status", lambda: plans.set_action_status(s, ids["action"].id,
                                                              "in_progress"),
         {("action", "status")}),
        ("start_meeting", keep("meeting", lambda: meetings.start_meeting(
            s, fid, held_on=D, kind="initial")), {("meeting", "held_on")}),
        ("update_meeting", lambda: meetings.update_meeting(s, ids["meeting"].id,
                                                           child_voice="Likes drawing"),
         {("meeting", "child_voice")}),
        ("add_attendance", keep("att", lambda: meetings.add_attendance(
            s, ids["meeting"].id, practitioner_id=w.teacher.id)), {("attendance", "name")}),
        ("update_attendance", lambda: meetings.update_attendance(
            s, ids["att"].id, status="apologies", written_update="Attendance is 81%"),
         {("attendance", "written_update")}),
        ("record_scaling", lambda: meetings.record_scaling(s, ids["meeting"].id, "family", 4),
         {("scaling", "score")}),
        ("review_action", lambda: meetings.review_action(s, ids["meeting"].id,
                                                         ids["action"].id, "achieved"),
         {("action_review", "status"), ("action", "status")}),
        ("set_decision", lambda: meetings.set_decision(s, ids["meeting"].id, "continue",
                                                       "Good progress"),
         {("meeting", "decision")}),
        ("set_next_review", lambda: meetings.set_next_review(s, ids["meeting"].id,
                                                             date(2026, 11, 20)),
         {("meeting", "next_review_on")}),
        ("finalise", lambda: meetings.finalise(s, ids["meeting"].id), {("meeting", "status")}),
        ("add_addendum", lambda: meetings.add_addendum(s, ids["meeting"].id, "Typo fixed"),
         {("meeting_addendum", "text")}),
        ("start_meeting#2", keep("m2", lambda: meetings.start_meeting(
            s, fid, held_on=date(2026, 11, 20))), {("meeting", "kind")}),
        ("add_attendance#2", keep("att2", lambda: meetings.add_attendance(
            s, ids["m2"].id, name="Grace")), {("attendance", "name")}),
        ("remove_attendance", lambda: meetings.remove_attendance(s, ids["att2"].id),
         {("attendance", "deleted_hlc")}),
        ("discard_draft", lambda: meetings.discard_draft(s, ids["m2"].id),
         {("meeting", "deleted_hlc")}),
        ("set_need_status", lambda: plans.set_need_status(s, ids["need"].id, "met", D),
         {("need", "status"), ("need", "met_on")}),
        ("remove_action", lambda: plans.remove_action(s, ids["action"].id),
         {("action", "deleted_hlc")}),
        ("remove_need", lambda: plans.remove_need(s, ids["need"].id), {("need", "deleted_hlc")}),
        ("remove_team_member", lambda: team.remove_team_member(s, ids["member"].id),
         {("team_member", "deleted_hlc")}),
        ("remove_person", lambda: people.remove_person(s, ids["child"].id),
         {("person", "deleted_hlc")}),
        ("remove_practitioner", lambda: directory.remove_practitioner(s, ids["prac"].id),
         {("practitioner", "deleted_hlc")}),
        ("step_change", lambda: families.step_change(s, ids["fam"].id, "down", D,
                                                     "Stepped down from CSC", True),
         {("step_change", "direction")}),
        ("close_family", lambda: families.close_family(s, fid, "needs_met", date(2026, 12, 1)),
         {("family", "closure_reason"), ("family", "status")}),
        ("reopen_family", lambda: families.reopen_family(s, fid, date(2026, 12, 2)),
         {("family", "status")}),
    ]


def test_every_service_leaves_its_ops_in_the_outbox(store) -> None:  # type: ignore[no-untyped-def]
    ids: dict[str, Any] = {}
    walked = set()
    with store.begin() as s:
        w = world(s)
        for name, call, expected in _steps(s, w, ids):
            seen = s.scalar(select(OutboxOp.seq).order_by(OutboxOp.seq.desc()).limit(1)) or 0
            call()
            s.flush()
            new = {(o.entity, o.field) for o in s.scalars(
                select(OutboxOp).where(OutboxOp.seq > seen))}
            assert expected <= new, f"{name}: missing ops {expected - new}"
            walked.add(name.split("#")[0])
    public = {n for m in MUTATING for n, f in vars(m).items()
              if pyinspect.isfunction(f) and f.__module__ == m.__name__ and not n.startswith("_")}
    assert public - READ_ONLY - walked == set(), "services not walked by this test"


def test_ops_carry_the_base_version_they_were_made_against(store) -> None:  # type: ignore[no-untyped-def]
    with store.begin() as s:
        fid = world(s).family.id
    with store.begin() as s:
        families.update_family(s, fid, postcode="TS1 1AA")
    with store.begin() as s:
        families.update_family(s, fid, postcode="TS1 2BB")
    with store.read() as s:
        ops = list(s.scalars(select(OutboxOp).where(OutboxOp.field == "postcode")
                             .order_by(OutboxOp.seq)))
        version = s.get(Family, fid).versions["postcode"]
        ops = [(o.value, o.base_hlc, o.hlc) for o in ops]
    assert [o[0] for o in ops] == ["TS18 1AB", "TS1 1AA", "TS1 2BB"]
    assert ops[0][1] is None
    assert ops[1][1] == ops[0][2] and ops[2][1] == ops[1][2]
    assert version == ops[2][2]
    hlcs = [Hlc.parse(o[2]) for o in ops]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == 3


def test_bulk_statements_and_hard_deletes_are_refused(store) -> None:  # type: ignore[no-untyped-def]
    with store.begin() as s:
        fid = world(s).family.id
    with pytest.raises(CaptureBypassed):
        with store.begin() as s:
            s.execute(update(Family).values(postcode="X"))
    with pytest.raises(CaptureBypassed):
        with store.begin() as s:
            s.execute(delete(Family))
    with pytest.raises(CaptureBypassed):
        with store.begin() as s:
            s.delete(s.get(Family, fid))
    with store.read() as s:
        assert s.get(Family, fid).postcode == "TS18 1AB"
        assert s.get(Family, fid).deleted_hlc is None


def test_clock_survives_reopening(store, profile) -> None:  # type: ignore[no-untyped-def]
    from tafapp.storage.store import open_profile

    with store.begin() as s:
        world(s)
    last = store.clock.last
    store.close()
    again = open_profile(profile)
    assert again.clock.last == last
    assert again.clock.tick() > last
    again.close()
