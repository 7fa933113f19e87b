"""Small builders for a realistic family through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from tafapp.models import Agency, Family, Practitioner
from tafapp.services import directory, families


@dataclass
class World:
    school: Agency
    health: Agency
    council: Agency
    teacher: Practitioner
    visitor: Practitioner
    family: Family


def world(s: Session, household: str = "Okonkwo-Hughes") -> World:
    school = directory.add_agency(s, "Riverside Primary School", "school")
    health = directory.add_agency(s, "Health Visiting Team", "health")
    council = directory.add_agency(s, "Early Help Team", "local_authority")
    teacher = directory.add_practitioner(s, "Amira Patel", agency_id=school.id,
                                         role="Pastoral lead")
    visitor = directory.add_practitioner(s, "Joe Bloggs", agency_id=health.id,
                                         role="Health visitor")
    fam = families.open_family(s, household, opened_on=date(2026, 9, 1),
                               request_on=date(2026, 8, 20), postcode="ts18 1ab",
                               level_of_need=3, lead_practitioner_id=teacher.id)
    return World(school, health, council, teacher, visitor, fam)
