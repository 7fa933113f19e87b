"""Each meeting-notes variant, opened again with python-docx: what a reader would see."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from tafapp.demo.sample import SampleFamily
from tafapp.exports import word
from tafapp.exports import wording as w
from tafapp.storage.store import Store
from tests.exports.conftest import (
    headings,
    open_docx,
    table_rows,
    tables_under,
    text_under,
    xml_parts,
)


def render(store: Store, sample: SampleFamily, variant: str, first: bool = False) -> bytes:
    meeting = sample.first_meeting_id if first else sample.review_meeting_id
    with store.read() as s:
        return word.render_meeting_notes(s, meeting, variant).data


def test_agency_copy_follows_the_agenda(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "agency"))
    order = [h for h in w.H_AGENCY.values() if h != w.H_AGENCY["addenda"]]
    assert headings(doc, 1) == order
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == "Team Around the Family review meeting"


def test_agency_attendees_table_and_written_updates(
        shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "agency"))
    (table,) = tables_under(doc, "Who attended")
    rows = table_rows(table)
    assert rows[0] == ("Name", "Role", "Agency", "Attendance")
    assert ("Grace Okafor", "Mum", "Family", "Present") in rows
    assert ("Joanne Hughes", "Health visitor", "0-19 Health Visiting Service",
            "Present") in rows
    assert ("Priya Sandhu", "Housing officer", "Thirteen Housing", "Apologies") in rows
    updates = text_under(doc, "Written updates")
    assert "Priya Sandhu, Thirteen Housing (apologies)" in updates
    assert "mould in the back bedroom" in updates


def test_new_actions_sit_under_their_agency(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "agency"))
    assert headings(doc, 2)[-4:] == ["The family", "Harbour Family Support",
                                      "Stockton Family Hub", "Thirteen Housing"]
    housing = table_rows(tables_under(doc, "Thirteen Housing")[0])
    assert housing[0] == ("Action", "Who", "By when", "Kind", "Status")
    assert housing[1][0].startswith("Book the damp repair")
    assert housing[1][1:4] == ("Priya Sandhu", "1 Dec 2026", "Family action")
    hub = table_rows(tables_under(doc, "Stockton Family Hub")[0])
    assert hub[1][0].startswith("Chase the housing repair")
    assert hub[1][3] == "Professional task"
    family = table_rows(tables_under(doc, "The family")[0])
    assert [r[0] for r in family[1:]] == ["Go to the money advice drop-in at the Family Hub"]


def test_review_marks_overdue_actions(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "agency"))
    (table,) = tables_under(doc, w.H_AGENCY["review"])
    rows = {r[0].splitlines()[0]: r for r in table_rows(table)[1:]}
    assert rows["Check Mia's speech and language at her 2-year review"][4] == \
        "OVERDUE In progress"
    assert rows["Make a morning routine chart with Jayden"][4] == "Done"
    styled = [run.text for row in table.rows for c in row.cells for p in c.paragraphs
              for run in p.runs if run.style.name == "TAF Overdue"]
    assert styled == ["OVERDUE ", "OVERDUE "]


def test_scaling_shows_last_score_and_change(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "agency"))
    rows = table_rows(tables_under(doc, "Scaling")[0])
    assert rows[0][:4] == ("Scored by", "Last meeting (22/09/2026)", "This meeting", "Change")
    assert rows[1][:4] == ("Family", "4", "6", "+2")
    assert rows[2][:4] == ("Professionals", "3", "5", "+2")


def test_decision_and_next_review(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "agency"))
    decision = text_under(doc, "Decision")
    assert "Decision: Continue with the Team Around the Family plan" in decision
    assert "Reason: Good progress on school" in decision
    assert "Date: 19 January 2027" in text_under(doc, "Next review")


@pytest.mark.parametrize("variant", ["family", "agency", "coordinator"])
def test_every_page_is_marked_numbered_and_in_english_uk(shared: tuple[Store, SampleFamily],
                                                         variant: str) -> None:
    store, sample = shared
    data = render(store, sample, variant)
    doc = open_docx(data)
    section = doc.sections[0]
    header = [p.text for p in section.header.paragraphs]
    footer = [p.text for p in section.footer.paragraphs]
    assert header[0] == "OFFICIAL-SENSITIVE"
    assert footer[-1] == "OFFICIAL-SENSITIVE"
    assert footer[0].startswith("TAF-2026-DEMO-0042 · Meeting 17/11/2026 · FINAL · Consent "
                                "01/09/2026: Riverside Primary School")
    instructions = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer[1].startswith("Page ") and " of " in footer[1]
    for table in doc.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
    parts = xml_parts(data)
    assert 'w:lang w:val="en-GB"' in parts["word/styles.xml"]
    pictures = list(section.header._element.iter(qn("wp:docPr")))
    assert pictures and all(p.get("descr", "").endswith("logo") for p in pictures)
    assert doc.core_properties.language == "en-GB"
    assert doc.core_properties.content_status == "FINAL"


def test_family_copy_is_plain_and_holds_only_family_actions(
        shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(render(store, sample, "family"))
    assert doc.paragraphs[0].text == "Notes from your meeting"
    assert headings(doc, 1) == [h for h in w.H_FAMILY.values()
                                if h != w.H_FAMILY["addenda"]]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "They are written for you" in text
    rows = table_rows(tables_under(doc, "Who was there")[0])
    assert ("Priya Sandhu", "Housing officer", "Thirteen Housing", "Could not come") in rows
    every_cell = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Book the damp repair" in every_cell
    assert "Make a referral" not in every_cell
    assert "Chase the housing repair" not in every_cell
    assert "mould in the back bedroom" not in text  # written updates stay with the team
    assert "Your next meeting is on 19 January 2027." in text_under(doc, "Your next meeting")


def test_coordinator_summary_names_no_one(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    data = render(store, sample, "coordinator")
    doc = open_docx(data)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Agencies present: Riverside Primary School, 0-19 Health Visiting Service, " \
           "Harbour Family Support" in text
    assert "Decision: Continue with the Team Around the Family plan" in text
    dates = table_rows(tables_under(doc, "Dates")[0])
    assert dict(zip(dates[0], dates[1], strict=True)) == {
        "Request for help": "24 Aug 2026", "First contact": "27 Aug 2026",
        "Plan opened": "1 Sep 2026", "First TAF meeting": "22 Sep 2026",
        "Previous meeting": "22 Sep 2026", "This meeting": "17 Nov 2026",
        "Next review": "19 Jan 2027"}
    scaling = table_rows(tables_under(doc, "Scaling change")[0])
    assert scaling[1] == ("Family", "4", "6", "+2")
    times = {r[0]: r for r in table_rows(tables_under(doc, "Timescales")[0])[1:]}
    assert times["Request to first contact"][2:] == ("3 working days", "Met")
    assert times["Held on the date agreed last time"][3] == "Met"
    assert times["Actions due by this meeting"][3] == "MISSED "
    body = "".join(xml_parts(data)["word/document.xml"])
    for name in ("Okafor", "Bennett", "Grace", "Jayden"):
        assert name not in body


def test_a_draft_says_so(store: Store, sample: SampleFamily) -> None:
    from datetime import date

    from tafapp.services import meetings

    with store.begin() as s:
        draft = meetings.start_meeting(s, sample.family_id, held_on=date(2027, 1, 19))
    with store.read() as s:
        doc = open_docx(word.render_meeting_notes(s, draft.id, "agency").data)
    assert " · DRAFT · " in doc.sections[0].footer.paragraphs[0].text
    assert "Status: Draft — not yet agreed" in "\n".join(p.text for p in doc.paragraphs)
    assert doc.core_properties.content_status == "DRAFT"
