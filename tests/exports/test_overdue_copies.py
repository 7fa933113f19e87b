"""The agency and coordinator copies of one meeting agree on what was overdue at it (issue 12:
an action due before the meeting and not started read "OVERDUE" in one and "0 overdue" in the
other). Both read the one rule in tafapp/models/overdue.py."""

from __future__ import annotations

import re
from datetime import date

from tafapp.demo.sample import SampleFamily
from tafapp.exports import word
from tafapp.exports import wording as w
from tafapp.services import meetings, plans
from tafapp.storage.store import Store
from tests.exports.conftest import open_docx, table_rows, tables_under


def test_agency_and_coordinator_copies_count_the_same_overdue_actions(
        store: Store, sample: SampleFamily) -> None:
    held = date(2027, 1, 19)
    with store.begin() as s:
        # A third meeting that reviews one action (done) and not the others: the damp repair
        # (due 1 Dec 2026) and the money advice actions (due 8 Dec) are still not started.
        third = meetings.start_meeting(s, sample.family_id, held_on=held, chair="Amira Patel")
        money = next(a for a in plans.actions(s, sample.family_id)
                     if a.description.startswith("Support Grace at the money advice"))
        meetings.review_action(s, third.id, money.id, "achieved", "Went with Grace.")
        meeting_id = third.id
    with store.read() as s:
        agency = open_docx(word.render_meeting_notes(s, meeting_id, "agency").data)
        coordinator = open_docx(word.render_meeting_notes(s, meeting_id, "coordinator").data)
    review = table_rows(tables_under(agency, w.H_AGENCY["review"])[0])[1:]
    flagged = [r[0] for r in review if any(c.startswith("OVERDUE") for c in r)]
    assert any(f.startswith("Book the damp repair") for f in flagged)
    text = "\n".join(p.text for p in coordinator.paragraphs)
    said = re.search(r"(\d+) reviewed, (\d+) overdue at the meeting", text)
    assert said is not None
    assert (int(said[1]), int(said[2])) == (len(review), len(flagged))
    times = {r[0]: r for r in table_rows(tables_under(coordinator, "Timescales")[0])[1:]}
    due = times["Actions due before this meeting"]
    assert due[2].endswith(f"{len(flagged)} overdue")
    assert due[3] == "MISSED "
