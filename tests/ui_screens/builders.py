"""Demo-like records for the screen tests (through the real services)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from tafapp.services import directory, families, meetings, people, plans, team
from tafapp.storage.store import Store


@dataclass(frozen=True)
class Demo:
    family_id: uuid.UUID
    school_id: uuid.UUID
    health_id: uuid.UUID
    council_id: uuid.UUID
    teacher_id: uuid.UUID
    nurse_id: uuid.UUID
    child_id: uuid.UUID
    mum_id: uuid.UUID


def seed(store: Store, *, with_plan: bool = False, with_meeting: bool = False) -> Demo:
    """A family with two agencies in the team; optionally a plan and a finalised meeting."""
    today = date.today()
    with store.begin() as s:
        school = directory.add_agency(s, "Hillside Primary School", "school")
        health = directory.add_agency(s, "Tees Health Visiting", "health")
        council = directory.add_agency(s, "Council Family Hub", "local_authority")
        teacher = directory.add_practitioner(s, "Amy Patel", agency_id=school.id,
                                             role="Pastoral lead")
        nurse = directory.add_practitioner(s, "Ben Okafor", agency_id=health.id,
                                           role="Health visitor")
        f = families.open_family(s, "Smith household", opened_on=today - timedelta(days=60),
                                 lead_practitioner_id=teacher.id, postcode="TS18 1AB",
                                 level_of_need=3)
        child = people.add_person(s, f.id, "Jayden", last_name="Smith", role="child",
                                  date_of_birth="12/05/2017", send="sen_support",
                                  school_or_setting="Hillside Primary")
        mum = people.add_person(s, f.id, "Kerry", last_name="Smith", role="parent_carer",
                                communication_needs="Prefers phone calls to letters")
        team.add_team_member(s, f.id, agency_id=school.id, practitioner_id=teacher.id,
                             role_in_taf="Lead professional")
        team.add_team_member(s, f.id, agency_id=health.id, practitioner_id=nurse.id)
        people.record_consent(s, f.id, given_on=today - timedelta(days=59),
                              given_by_person_id=mum.id, scope_agency_ids=[school.id, health.id],
                              scope_purposes="Team Around the Family plan")
        if with_plan:
            n = plans.add_need(s, f.id, person_id=child.id, outcome_code="education",
                               worried_about="Jayden misses school on Mondays",
                               working_well="He loves football club",
                               needs_to_happen="Jayden gets to school every day")
            plans.add_action(s, f.id, "Jayden will go to breakfast club on Mondays",
                             need_id=n.id, owner_practitioner_id=teacher.id,
                             due_on=today + timedelta(days=30))
            plans.add_action(s, f.id, "Kerry will set a bedtime routine", need_id=n.id,
                             owner_person_id=mum.id, due_on=today + timedelta(days=14))
            plans.add_action(s, f.id, "Chase the sleep clinic", kind="professional",
                             owner_practitioner_id=nurse.id, due_on=today + timedelta(days=7))
        if with_meeting:
            m = meetings.start_meeting(s, f.id, held_on=today - timedelta(days=42),
                                       kind="initial")
            meetings.record_scaling(s, m.id, "family", 4)
            meetings.record_scaling(s, m.id, "professional", 5)
            meetings.set_decision(s, m.id, "continue", "Plan agreed")
            meetings.set_next_review(s, m.id, today)
            meetings.finalise(s, m.id)
        return Demo(f.id, school.id, health.id, council.id, teacher.id, nurse.id, child.id,
                    mum.id)
