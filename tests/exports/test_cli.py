"""`tafapp export` as a separate process, the way scripts and the coordinator run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tafapp.demo.sample import SampleFamily, build_sample_family
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile
from tests.conftest import FAST_KDF
from tests.exports.conftest import open_docx

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def cli_profile(tmp_path: Path) -> tuple[Path, SampleFamily]:
    profile = Profile(tmp_path / "profile")
    st = create_profile(profile, "practitioner", PASSPHRASE, FAST_KDF)
    try:
        with st.begin() as s:
            sample = build_sample_family(s)
    finally:
        st.close()
    return profile.root, sample


def tafapp(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAFAPP_PASSPHRASE": PASSPHRASE}
    env.pop("TAFAPP_WORD_TEMPLATE", None)
    code = "import sys; from tafapp.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, "--profile", str(root), *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_export_notes_and_plan(cli_profile: tuple[Path, SampleFamily], tmp_path: Path) -> None:
    root, sample = cli_profile
    notes = tmp_path / "notes.docx"
    out = tafapp(root, "export", "notes", str(sample.review_meeting_id), "--variant", "family",
                 "--out", str(notes))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Saved {notes}"
    assert open_docx(notes.read_bytes()).paragraphs[0].text == "Notes from your meeting"
    out = tafapp(root, "export", "plan", str(sample.family_id), "--variant", "agency",
                 "--as-at", "2026-11-20", "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    written = Path(json.loads(out.stdout)["file"])
    assert written == tmp_path / "TAF-2026-DEMO-0042_family-plan_agency_2026-11-20.docx"
    assert open_docx(written.read_bytes()).paragraphs[0].text == "Family plan"


def test_broken_template_warns_and_still_exports(cli_profile: tuple[Path, SampleFamily],
                                                 tmp_path: Path) -> None:
    root, sample = cli_profile
    bad = tmp_path / "council.docx"
    bad.write_bytes(b"not a document")
    notes = tmp_path / "summary.docx"
    out = tafapp(root, "export", "notes", str(sample.review_meeting_id), "--variant",
                 "coordinator", "--out", str(notes), "--template", str(bad))
    assert out.returncode == 0, out.stderr
    assert "warning: The Word template" in out.stderr and "built-in" in out.stderr
    assert open_docx(notes.read_bytes()).paragraphs[0].text == "Coordinator summary"


def test_bad_input_gets_a_clear_message_and_no_file(cli_profile: tuple[Path, SampleFamily],
                                                    tmp_path: Path) -> None:
    root, sample = cli_profile
    out = tafapp(root, "export", "notes", "not-an-id", "--variant", "agency", "--out",
                 str(tmp_path / "x.docx"))
    assert out.returncode == 3
    assert "'not-an-id' is not an id" in out.stderr
    out = tafapp(root, "export", "notes", str(sample.review_meeting_id), "--variant",
                 "agency", "--out", str(tmp_path / "nowhere" / "x.docx"))
    assert out.returncode == 3
    assert "does not exist" in out.stderr
    assert not list(tmp_path.rglob("*.docx"))
