"""Canary text planted everywhere a family copy must not reach never appears in any part of the
family copy's .docx (body, headers, footers, styles, document properties)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tafapp.exports import word
from tafapp.models import Family, Meeting
from tafapp.services import directory, families, meetings, people, plans, team
from tafapp.storage.store import Store
from tests.exports.conftest import xml_parts

CANARY = {
    "family_note": "CanaryFamNote7731",
    "meeting_note": "CanaryMeetNote4410",
    "case_note": "CanaryCaseNote9902",
    "task": "CanaryProTask5521",
    "task_evidence": "CanaryTaskOwner3390",
    "withheld_first": "Canarywithheldfirst",
    "withheld_last": "Canarywithheldlast",
    "withheld_need": "CanaryWithheldNeed8812",
    "withheld_action": "CanaryWithheldAction6603",
    "written_update": "CanaryWrittenUpdate1207",
}


@dataclass
class Planted:
    family: Family
    meeting: Meeting


@pytest.fixture
def planted(store: Store) -> Planted:
    with store.begin() as s:
        school = directory.add_agency(s, "Northfield Academy", "school")
        police = directory.add_agency(s, "Neighbourhood Policing", "police")
        lead = directory.add_practitioner(s, "Sam Ortiz", agency_id=school.id,
                                          role="Designated safeguarding lead")
        pc = directory.add_practitioner(s, CANARY["task_evidence"], agency_id=police.id,
                                        role="PCSO")
        fam = families.open_family(s, "Lindqvist", opened_on=date(2026, 5, 1),
                                   lead_practitioner_id=lead.id, reference="TAF-2026-T-0007",
                                   confidential_notes=CANARY["family_note"])
        parent = people.add_person(s, fam.id, "Erin", last_name="Lindqvist",
                                   role="parent_carer")
        child = people.add_person(s, fam.id, "Noah", last_name="Lindqvist", role="child",
                                  date_of_birth=date(2016, 1, 5))
        hidden = people.add_person(s, fam.id, CANARY["withheld_first"],
                                   last_name=CANARY["withheld_last"], role="other_adult",
                                   share_with_family=False)
        people.record_consent(s, fam.id, given_on=date(2026, 5, 1),
                              given_by_person_id=parent.id, scope_agency_ids=[school.id],
                              scope_purposes="Early Help")
        team.add_case_note(s, fam.id, CANARY["case_note"], written_on=date(2026, 5, 2))
        need = plans.add_need(s, fam.id, person_id=child.id, outcome_code="education",
                              worried_about="Noah is anxious about school.")
        hidden_need = plans.add_need(s, fam.id, person_id=hidden.id, outcome_code="health",
                                     worried_about=CANARY["withheld_need"])
        m = meetings.start_meeting(s, fam.id, held_on=date(2026, 6, 1), kind="initial",
                                   confidential_notes=CANARY["meeting_note"],
                                   family_update="Erin wants Noah settled at school.")
        meetings.add_attendance(s, m.id, person_id=parent.id, role="Mum")
        meetings.add_attendance(s, m.id, person_id=hidden.id, role="Other adult")
        meetings.add_attendance(s, m.id, practitioner_id=lead.id,
                                written_update=CANARY["written_update"])
        plans.add_action(s, fam.id, "Walk Noah to the school gate", need_id=need.id,
                         owner_person_id=parent.id, due_on=date(2026, 6, 15))
        plans.add_action(s, fam.id, CANARY["task"], kind="professional",
                         owner_practitioner_id=pc.id, due_on=date(2026, 6, 10))
        plans.add_action(s, fam.id, CANARY["withheld_action"], need_id=hidden_need.id,
                         owner_practitioner_id=lead.id)
        plans.add_action(s, fam.id, "Talk to a counsellor", owner_person_id=hidden.id)
        meetings.record_scaling(s, m.id, "family", 5)
        meetings.set_decision(s, m.id, "continue", "Plan agreed.")
        meetings.set_next_review(s, m.id, date(2026, 7, 20))
    return Planted(fam, m)


def _everything(data: bytes) -> str:
    return "\n".join(xml_parts(data).values())


def test_family_copies_carry_no_canary(store: Store, planted: Planted) -> None:
    with store.read() as s:
        notes = word.render_meeting_notes(s, planted.meeting.id, "family").data
        plan = word.render_family_plan(s, planted.family.id, "family",
                                       as_at=date(2026, 6, 2)).data
    for name, data in (("notes", notes), ("plan", plan)):
        text = _everything(data)
        assert "Walk Noah to the school gate" in text, name  # the copy is not simply empty
        leaked = [k for k, canary in CANARY.items() if canary.lower() in text.lower()]
        assert leaked == [], f"family {name} leaks {leaked}"


def test_agency_copy_has_the_tasks_but_never_confidential_notes(store: Store,
                                                                planted: Planted) -> None:
    with store.read() as s:
        text = _everything(word.render_meeting_notes(s, planted.meeting.id, "agency").data)
        plan = _everything(word.render_family_plan(s, planted.family.id, "agency",
                                                   as_at=date(2026, 6, 2)).data)
    # The planted values are really there to be found: the family-copy test can fail.
    for key in ("task", "withheld_first", "withheld_action", "written_update",
                "task_evidence"):
        assert CANARY[key] in text, key
    assert CANARY["withheld_need"] in plan
    for key in ("family_note", "meeting_note", "case_note"):
        assert CANARY[key] not in plan, key
    for key in ("family_note", "meeting_note", "case_note"):
        assert CANARY[key] not in text, key
