"""A realistic, entirely fictional family written through the real services: the subject of
the sample pages in docs/samples, the export benchmark and hand checks of the documents.

Everything a family copy must never show is planted on purpose (confidential notes on the
family and the meeting, a confidential case note, professional tasks, a household member whose
information is kept back from the family) so a look at the family copy checks the filter too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from tafapp.models import Practitioner
from tafapp.services import directory, families, meetings, people, plans, team


@dataclass(frozen=True)
class SampleFamily:
    family_id: uuid.UUID
    first_meeting_id: uuid.UUID
    review_meeting_id: uuid.UUID


def build_sample_family(s: Session, *, reference: str = "TAF-2026-DEMO-0042",
                        household: str = "Okafor-Bennett") -> SampleFamily:
    d = directory
    school = d.add_agency(s, "Riverside Primary School", "school")
    health = d.add_agency(s, "0-19 Health Visiting Service", "health")
    council = d.add_agency(s, "Stockton Family Hub", "local_authority")
    housing = d.add_agency(s, "Thirteen Housing", "housing")
    charity = d.add_agency(s, "Harbour Family Support", "voluntary")
    lead = d.add_practitioner(s, "Amira Patel", agency_id=school.id, role="Pastoral lead")
    hv = d.add_practitioner(s, "Joanne Hughes", agency_id=health.id, role="Health visitor")
    fw = d.add_practitioner(s, "Daniel Reyes", agency_id=council.id, role="Family worker")
    ho = d.add_practitioner(s, "Priya Sandhu", agency_id=housing.id, role="Housing officer")
    cw = d.add_practitioner(s, "Tom Whitfield", agency_id=charity.id, role="Family support")
    fam = families.open_family(
        s, household, opened_on=date(2026, 9, 1), request_on=date(2026, 8, 24),
        first_contact_on=date(2026, 8, 27), postcode="TS18 1AB", level_of_need=3,
        lead_practitioner_id=lead.id, reference=reference,
        confidential_notes="Mum disclosed past contact with a refuge; address not shared.")
    mum = people.add_person(s, fam.id, "Grace", last_name="Okafor", role="parent_carer",
                            date_of_birth=date(1992, 4, 3))
    jayden = people.add_person(s, fam.id, "Jayden", last_name="Bennett", role="child",
                               date_of_birth=date(2018, 2, 11), send="sen_support",
                               school_or_setting="Riverside Primary School")
    mia = people.add_person(s, fam.id, "Mia", last_name="Bennett", role="child",
                            date_of_birth=date(2023, 6, 20))
    kept_back = people.add_person(s, fam.id, "Marcus", last_name="Hale", role="other_adult",
                                  in_household=False, share_with_family=False)
    people.record_consent(s, fam.id, given_on=date(2026, 9, 1), given_by_person_id=mum.id,
                          scope_agency_ids=[school.id, health.id, council.id, housing.id,
                                            charity.id],
                          scope_purposes="Early Help assessment and the family plan",
                          privacy_notice_version="EH-PN 3.1")
    for member, role in ((lead, "Lead professional"), (hv, "Health visitor"),
                         (fw, "Family worker"), (ho, "Housing"), (cw, "Parenting support")):
        team.add_team_member(s, fam.id, agency_id=member.agency_id, practitioner_id=member.id,
                             role_in_taf=role, joined_on=date(2026, 9, 1))
    team.add_case_note(s, fam.id, "Marcus Hale's probation officer called about contact.",
                       written_on=date(2026, 9, 3), author="Amira Patel", confidential=True)
    need = {
        "school": plans.add_need(
            s, fam.id, person_id=jayden.id, outcome_code="education",
            worried_about="Jayden has missed 14 days this term and is often late.",
            working_well="Jayden loves football club and gets on well with Miss Shah.",
            needs_to_happen="Jayden gets to school on time every day.",
            family_words="Jayden needs help to get up and out in the mornings."),
        "speech": plans.add_need(
            s, fam.id, person_id=mia.id, outcome_code="early_years",
            worried_about="Mia uses only a few words for her age.",
            working_well="Mia enjoys stay-and-play at the Family Hub.",
            needs_to_happen="Mia's speech is checked and Grace has ideas to help at home.",
            family_words="I want Mia to be ready for nursery."),
        "home": plans.add_need(
            s, fam.id, outcome_code="housing",
            worried_about="Damp in the children's bedroom; Jayden's asthma is worse.",
            working_well="Grace has reported the damp and keeps a diary of it.",
            needs_to_happen="The damp is fixed and the bedroom is safe.",
            family_words="We need a dry, warm home."),
        "kept": plans.add_need(
            s, fam.id, person_id=kept_back.id, outcome_code="domestic_abuse",
            worried_about="Contact arrangements with Marcus.",
            needs_to_happen="A safety plan is agreed with Grace."),
    }
    first = meetings.start_meeting(
        s, fam.id, held_on=date(2026, 9, 22), kind="initial", venue="Riverside Primary School",
        chair="Amira Patel", note_taker="Daniel Reyes", consent_confirmed=True,
        family_update="Grace said mornings are the hardest part of the day.",
        child_voice="Jayden drew his morning: 'I am tired because Mia wakes me up.'",
        child_voice_how="Drawing with his teacher before the meeting.",
        practitioner_updates="School: attendance 86%. Health: Mia's 2-year review is due.",
        worried_about="School attendance; Mia's speech; damp at home.",
        working_well="Grace is open with the team and wants help.",
        needs_to_happen="A plan for mornings, a speech check and a repair.")
    _attend(s, first.id, (lead, hv, fw, cw), mum.id,
            (ho, "A damp inspection is booked for 2 October. Please share the photos Grace "
                 "has taken."))
    meetings.record_scaling(s, first.id, "family", 4, note="Mornings are a battle.")
    meetings.record_scaling(s, first.id, "professional", 3)
    first_actions = [
        plans.add_action(s, fam.id, "Make a morning routine chart with Jayden",
                         need_id=need["school"].id, owner_person_id=mum.id,
                         due_on=date(2026, 10, 6)),
        plans.add_action(s, fam.id, "Offer Jayden a place at breakfast club",
                         need_id=need["school"].id, owner_practitioner_id=lead.id,
                         due_on=date(2026, 10, 2)),
        plans.add_action(s, fam.id, "Check Mia's speech and language at her 2-year review",
                         need_id=need["speech"].id, owner_practitioner_id=hv.id,
                         due_on=date(2026, 10, 20)),
        plans.add_action(s, fam.id, "Inspect the damp and agree a repair date",
                         need_id=need["home"].id, owner_practitioner_id=ho.id,
                         due_on=date(2026, 10, 16)),
        plans.add_action(s, fam.id, "Make a referral to speech and language therapy",
                         kind="professional", need_id=need["speech"].id,
                         owner_practitioner_id=hv.id, due_on=date(2026, 10, 23)),
        plans.add_action(s, fam.id, "Agree a safety plan about contact with Marcus",
                         kind="professional", need_id=need["kept"].id,
                         owner_practitioner_id=fw.id, due_on=date(2026, 10, 9)),
    ]
    meetings.set_decision(s, first.id, "continue", "Three needs agreed; the plan has started.")
    meetings.set_next_review(s, first.id, date(2026, 11, 17))
    meetings.finalise(s, first.id, on=date(2026, 9, 23))
    review = meetings.start_meeting(
        s, fam.id, held_on=date(2026, 11, 17), kind="review", venue="Stockton Family Hub",
        chair="Amira Patel", note_taker="Tom Whitfield", consent_confirmed=True,
        family_update="Grace said the routine chart helps most days. She is still worried "
                      "about the damp.\nShe would like help with a budget.",
        child_voice="Jayden said breakfast club is 'the best bit' and he likes the toast. "
                    "Mia pointed to pictures of the park and said 'swing'.",
        child_voice_how="Jayden spoke with Tom at breakfast club; Mia was observed at "
                        "stay-and-play.",
        practitioner_updates="School: attendance up to 93% this half term.\nHealth: speech "
                             "referral accepted; first appointment in December.",
        worried_about="The repair has not happened; Jayden had two asthma attacks.",
        working_well="Mornings are calmer; Jayden is in school on time most days.",
        needs_to_happen="Housing to fix the damp; a money check for Grace.",
        confidential_notes="Marcus Hale has moved back to the area (police disclosure).")
    _attend(s, review.id, (lead, hv, cw), mum.id,
            (ho, "Inspection done on 2 October: mould in the back bedroom. The landlord has "
                 "been asked for a repair date; I will chase weekly."),
            (fw, "Safety planning with Grace is under way; details are in the case record."))
    statuses = ("achieved", "achieved", "in_progress", "not_achieved", "achieved",
                "in_progress")
    notes = ("Chart is on the fridge.", "Jayden attends four days a week.",
             "Review booked for 24 November.", "Inspection done; repair not booked.",
             "Referral accepted.", "")
    for action, status, note in zip(first_actions, statuses, notes, strict=True):
        meetings.review_action(s, review.id, action.id, status, note)
    plans.add_action(s, fam.id, "Book the damp repair and tell Grace the date",
                     need_id=need["home"].id, owner_practitioner_id=ho.id,
                     due_on=date(2026, 12, 1))
    plans.add_action(s, fam.id, "Go to the money advice drop-in at the Family Hub",
                     owner_person_id=mum.id, due_on=date(2026, 12, 8))
    plans.add_action(s, fam.id, "Support Grace at the money advice drop-in",
                     owner_practitioner_id=cw.id, due_on=date(2026, 12, 8))
    plans.add_action(s, fam.id, "Chase the housing repair with the landlord's manager",
                     kind="professional", need_id=need["home"].id,
                     owner_practitioner_id=fw.id, due_on=date(2026, 11, 24))
    meetings.record_scaling(s, review.id, "family", 6, note="Mornings are better.")
    meetings.record_scaling(s, review.id, "professional", 5)
    meetings.set_decision(s, review.id, "continue",
                          "Good progress on school; the housing need remains open.")
    meetings.set_next_review(s, review.id, date(2027, 1, 19))
    meetings.finalise(s, review.id, on=date(2026, 11, 18))
    return SampleFamily(fam.id, first.id, review.id)


def _attend(s: Session, meeting_id: uuid.UUID, present: tuple[Practitioner, ...],
            parent_id: uuid.UUID, *apologies: tuple[Practitioner, str]) -> None:
    meetings.add_attendance(s, meeting_id, person_id=parent_id, role="Mum")
    for p in present:
        meetings.add_attendance(s, meeting_id, practitioner_id=p.id)
    for p, update in apologies:
        meetings.add_attendance(s, meeting_id, practitioner_id=p.id, status="apologies",
                                written_update=update)
