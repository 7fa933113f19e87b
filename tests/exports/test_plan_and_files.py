"""The family plan, file names, and saving that never leaves half a file."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest

from tafapp.core.errors import ExportFailed, InputRejected
from tafapp.demo.sample import SampleFamily
from tafapp.exports import files, word
from tafapp.storage.store import Store
from tests.exports.conftest import headings, open_docx, table_rows, tables_under, text_under

AS_AT = date(2026, 11, 20)


def plan(store: Store, sample: SampleFamily, variant: str) -> bytes:
    with store.read() as s:
        return word.render_family_plan(s, sample.family_id, variant, as_at=AS_AT).data


def test_agency_plan_needs_columns_actions_and_reviews(
        shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(plan(store, sample, "agency"))
    assert headings(doc, 1) == ["Needs", "Actions by agency", "Review dates"]
    needs = [h for h in headings(doc, 2) if h[1:3] == ". "]
    assert needs == ["1. Getting a good education — Jayden Bennett",
                     "2. Good early years development — Mia Bennett", "3. Secure housing",
                     "4. Safe from domestic abuse — Marcus Hale"]
    rows = table_rows(tables_under(doc, needs[0])[0])
    assert rows[0] == ("What are we worried about?", "What's working well?",
                       "What needs to happen?")
    assert rows[1][2] == "Jayden gets to school on time every day."
    assert "In the family's words: Jayden needs help to get up" in text_under(doc, needs[0])
    health = table_rows(tables_under(doc, "0-19 Health Visiting Service")[0])
    assert [r[3] for r in health[1:]] == ["Family action", "Professional task"]
    assert health[1][4] == "OVERDUE In progress"
    reviews = text_under(doc, "Review dates")
    assert "Meetings held: 22 September 2026, 17 November 2026" in reviews
    assert "Next review: 19 January 2027" in reviews


def test_family_plan_leaves_out_tasks_and_kept_back_people(
        shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    doc = open_docx(plan(store, sample, "family"))
    assert doc.paragraphs[0].text == "Your family plan"
    everything = "\n".join(p.text for p in doc.paragraphs) + " ".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Marcus" not in everything
    assert "Make a referral" not in everything
    assert "In your words: We need a dry, warm home." in everything
    assert "Grace Okafor; Jayden Bennett (8); Mia Bennett (3)" in everything


def test_file_names_carry_reference_and_date_never_a_name(
        shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    with store.read() as s:
        notes = word.meeting_filename(s, sample.review_meeting_id, "family")
        summary = word.meeting_filename(s, sample.review_meeting_id, "coordinator")
        plan_name = word.plan_filename(s, sample.family_id, "agency", AS_AT)
    assert notes == "TAF-2026-DEMO-0042_meeting-notes_family_2026-11-17.docx"
    assert summary == "TAF-2026-DEMO-0042_coordinator-summary_coordinator_2026-11-17.docx"
    assert plan_name == "TAF-2026-DEMO-0042_family-plan_agency_2026-11-20.docx"
    assert files.propose_filename("TAF/2026 ..\\x", "notes", "family", AS_AT) == \
        "TAF-2026-x_notes_family_2026-11-20.docx"


def test_unknown_variant_is_rejected(shared: tuple[Store, SampleFamily]) -> None:
    store, sample = shared
    with store.read() as s, pytest.raises(InputRejected) as err:
        word.render_family_plan(s, sample.family_id, "coordinator")
    assert err.value.field == "variant"


def test_export_writes_the_file(shared: tuple[Store, SampleFamily], tmp_path: Path) -> None:
    store, sample = shared
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "notes.docx"
    with store.read() as s:
        done = word.export_meeting_notes(s, sample.review_meeting_id, "agency", out)
    assert done.path == out
    assert open_docx(out.read_bytes()).paragraphs[0].text.startswith("Team Around")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.docx"]


def test_full_disk_leaves_no_half_file_and_keeps_the_old_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "notes.docx"
    out.write_bytes(b"the earlier export")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(ExportFailed, match="disk is full"):
        files.write_atomically(out, b"new document")
    assert out.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.docx"]


def test_bad_targets_are_named(tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="must end in .docx"):
        files.write_atomically(tmp_path / "notes.pdf", b"x")
    with pytest.raises(ExportFailed, match="does not exist"):
        files.write_atomically(tmp_path / "missing" / "notes.docx", b"x")
