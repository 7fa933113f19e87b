"""The demo borough's agency directory: schools, early years, health, police, charities,
housing and the council's Early Help team, each with practitioners.

Agencies carry a `kind` here (not stored) so families can pick the right service: a baby's
health visitor, a teenager's secondary school, CAMHS for a mental health need.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from tafapp.demo.names import BACKGROUNDS
from tafapp.models import new_id

# (kind, sector, names, practitioners per agency, roles)
_AGENCIES: tuple[tuple[str, str, tuple[str, ...], tuple[int, int], tuple[str, ...]], ...] = (
    ("council", "local_authority",
     ("Early Help Team (Family Hub North)", "Early Help Team (Family Hub South)",
      "Early Help Team (Family Hub Central)", "Youth Service"),
     (6, 10), ("Family practitioner", "Senior family practitioner", "Early help worker",
               "Youth worker")),
    ("primary", "school",
     ("Riverside Primary School", "St Cuthbert's RC Primary School", "Hartburn Primary Academy",
      "Mandale Community Primary", "Fairfield Junior School", "Roseworth Primary School",
      "Bishopsgarth Infant School", "Northfield CE Primary", "Elm Tree Primary School",
      "Parkfield Primary Academy", "Ropner Park Primary", "Grangefield Primary School"),
     (1, 3), ("Designated safeguarding lead", "Pastoral lead", "SENCo",
              "Family support worker")),
    ("secondary", "school",
     ("Northfield Academy", "Our Lady and St Bede Catholic Academy", "Thornaby Vale School",
      "Grangefield Secondary Academy", "Hardwick Community College"),
     (2, 4), ("Head of year", "Pastoral manager", "Designated safeguarding lead", "SENCo",
              "Attendance officer")),
    ("college", "school", ("Tees Valley Sixth Form College",), (1, 2),
     ("Student support adviser",)),
    ("early_years", "early_years",
     ("Little Acorns Day Nursery", "Sunshine Pre-School", "Busy Bees Nursery (Fairfield)",
      "Rainbow Childminding Network", "Mandale Nursery School"),
     (1, 2), ("Nursery manager", "Early years SENCo", "Key worker")),
    ("health_visiting", "health", ("Health Visiting Service (0-19 North)",
                                   "Health Visiting Service (0-19 South)"),
     (3, 6), ("Health visitor", "Community nursery nurse")),
    ("school_nursing", "health", ("School Nursing Service",), (2, 4), ("School nurse",)),
    ("camhs", "health", ("CAMHS (child and adolescent mental health)",), (2, 4),
     ("Mental health practitioner", "Clinical psychologist")),
    ("gp", "health", ("Riverside Medical Practice", "Parkfield Surgery", "Elm Tree Health Centre"),
     (1, 2), ("GP", "Practice nurse")),
    ("midwifery", "health", ("Community Midwifery Team",), (1, 2), ("Community midwife",)),
    ("police", "police", ("Police Early Intervention Team", "Neighbourhood Policing Team"),
     (1, 3), ("PCSO", "Early intervention officer", "Police constable")),
    ("voluntary", "voluntary",
     ("Brighter Days Family Support", "Harbour Domestic Abuse Service", "Young Carers Together",
      "Open Door Foodbank and Advice", "Dads Matter North East", "New Roots Refugee Project",
      "Step Forward Recovery Service"),
     (1, 4), ("Family support worker", "Outreach worker", "Independent domestic violence "
              "adviser", "Volunteer coordinator", "Recovery worker")),
    ("housing", "housing", ("Tees Homes Housing Association", "Housing Options Service"),
     (1, 3), ("Housing officer", "Tenancy sustainment officer")),
    ("other", "other", ("Jobcentre Plus (family work coach)",), (1, 2), ("Work coach",)),
)

# How often each kind of agency holds the lead professional role, before dropping kinds that
# fit none of a family's children. The council ends up leading about 30%: in line with
# boroughs reporting 60-75% partner-led Early Help (Lincolnshire reached 80%).
LEAD_WEIGHTS: dict[str, int] = {
    "council": 21, "primary": 22, "secondary": 10, "college": 1, "early_years": 6,
    "health_visiting": 10, "school_nursing": 4, "camhs": 1, "gp": 1, "midwifery": 1,
    "police": 2, "voluntary": 10, "housing": 2, "other": 0,
}


@dataclass
class Practitioner:
    id: uuid.UUID
    name: str
    role: str
    agency: Agency
    phone: str


@dataclass
class Agency:
    id: uuid.UUID
    kind: str
    name: str
    sector: str
    practitioners: list[Practitioner] = field(default_factory=list)


@dataclass
class Directory:
    agencies: list[Agency]
    by_kind: dict[str, list[Agency]]

    def pick(self, rng: random.Random, kind: str) -> Agency:
        return rng.choice(self.by_kind[kind])

    def agency_rows(self) -> list[dict[str, Any]]:
        return [{"id": a.id, "name": a.name, "sector": a.sector} for a in self.agencies]

    def practitioner_rows(self) -> list[dict[str, Any]]:
        rows = []
        for a in self.agencies:
            for p in a.practitioners:
                local = p.name.lower().replace(" ", ".").replace("'", "")
                rows.append({"id": p.id, "name": p.name, "role": p.role, "agency_id": a.id,
                             "email": f"{local}@{_domain(a)}",
                             "phone": p.phone})
        return rows


def _domain(agency: Agency) -> str:
    return {"council": "examplebc.gov.uk", "police": "police.example.uk"}.get(
        agency.kind, "nhs.example.uk" if agency.sector == "health" else "example.org.uk")


def _person_name(rng: random.Random) -> str:
    bg = rng.choices(BACKGROUNDS, weights=[b.weight for b in BACKGROUNDS])[0]
    first = rng.choice(bg.women if rng.random() < 0.75 else bg.men)
    return f"{first} {rng.choice(bg.surnames)}"


def build(rng: random.Random, families: int) -> Directory:
    """A directory sized to the borough: a big demo gets more practitioners per agency so a
    caseload stays plausible (a family worker holds tens of families, not hundreds)."""
    scale = max(1.0, (families / 400) ** 0.5)
    agencies: list[Agency] = []
    by_kind: dict[str, list[Agency]] = {}
    for kind, sector, names, (lo, hi), roles in _AGENCIES:
        for name in names:
            agency = Agency(new_id(), kind, name, sector)
            count = round(rng.randint(lo, hi) * scale)
            for _ in range(max(1, count)):
                agency.practitioners.append(
                    Practitioner(new_id(), _person_name(rng), rng.choice(roles), agency,
                                 f"01642 {rng.randint(100000, 999999)}"))
            agencies.append(agency)
            by_kind.setdefault(kind, []).append(agency)
    return Directory(agencies, by_kind)
