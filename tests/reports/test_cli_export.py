"""`tafapp report` end to end: the partner-led share recomputed from `tafapp families --json`,
XLSX read back with its cell types, names left out unless asked for (and then audited)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tafapp.cli import main
from tafapp.core.reference import partner_sectors
from tafapp.models import AuditEvent
from tafapp.services import directory, families
from tafapp.services.reports.export import export
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile
from tests.conftest import FAST_KDF
from tests.reports.conftest import Q1, TODAY

PASS = "a long test passphrase"


def tafapp(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process (as a coordinator's script would call it)."""
    env = {**os.environ, "TAFAPP_PASSPHRASE": PASS, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "tafapp", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """The same command line in this process (fast): returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("TAFAPP_PASSPHRASE", PASS)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


@pytest.fixture
def hub_profile(tmp_path: Path) -> Path:
    """Families made through the real services: open ones led by school x3, health x1,
    council x2, one with no lead; closed: a charity-led one and a council-led one."""
    profile = Profile(tmp_path / "hub")
    today = date.today()
    opened = today - timedelta(days=40)
    with create_profile(profile, "hub", PASS, FAST_KDF) as st, st.begin() as s:
        leads = {}
        for sector in ("school", "health", "local_authority", "voluntary"):
            agency = directory.add_agency(s, f"A {sector} agency", sector)
            leads[sector] = directory.add_practitioner(s, f"Pat Lead-{sector}",
                                                       agency_id=agency.id).id
        plan = ["school"] * 3 + ["health"] + ["local_authority"] * 2 + [None]
        for i, sector in enumerate(plan):
            families.open_family(s, f"Household {i}", opened_on=opened,
                                 lead_practitioner_id=leads[sector] if sector else None)
        for i, sector in enumerate(("voluntary", "local_authority")):
            f = families.open_family(s, f"Closed {i}", opened_on=opened,
                                     lead_practitioner_id=leads[sector])
            families.close_family(s, f.id, "needs_met", today - timedelta(days=1))
    return profile.root


def test_partner_led_share_matches_families_json(hub_profile: Path) -> None:
    listed = tafapp("--profile", str(hub_profile), "families", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    led = [r for r in rows if r["status"] == "open" and r["lead_sector"]]
    partner = [r for r in led if r["lead_sector"] in partner_sectors()]
    recomputed = round(len(partner) / len(led), 4)
    assert recomputed == round(4 / 6, 4)  # school 3 + health 1 of 6 open with a lead
    out = tafapp("--profile", str(hub_profile), "report", "partnership", "--format", "json",
                 "--period", "quarter")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["partnership"]["partner_led_share"] == recomputed
    assert report["partnership"]["no_lead_agency"] == 1


def test_xlsx_names_left_out_by_default(hub_profile: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plain, named = tmp_path / "plain.xlsx", tmp_path / "named.xlsx"
    code, _, err = cli("--profile", str(hub_profile), "report", "all", "--format", "xlsx",
                       "--families", "--out", str(plain))
    assert code == 0, err
    texts = [c.value for ws in load_workbook(plain) for row in ws.iter_rows() for c in row]
    assert not any(isinstance(t, str) and "Household" in t for t in texts)
    assert not any(isinstance(t, str) and "Pat Lead-" in t for t in texts)
    assert sum(1 for t in texts if isinstance(t, str) and t.startswith("TAF-")) == 9
    code, _, err = cli("--profile", str(hub_profile), "report", "all", "--format", "xlsx",
                       "--include-names", "--out", str(named))
    assert code == 0, err
    sheet = load_workbook(named)["Families"]
    assert "Household" in [c.value for c in sheet[2]]
    assert {"Household 0", "Closed 1"} <= {c.value for c in sheet["I"]}
    assert "Pat Lead-school" in {c.value for c in sheet["J"]}
    with open_profile(Profile(hub_profile), PASS) as st, st.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.what == "exported with names"))
        details = [e.detail for e in events]
    assert len(details) == 1 and details[0]["file"] == str(named)
    assert details[0]["families"] == 9


def test_xlsx_cell_types(hub, tmp_path: Path) -> None:
    store, _ = hub
    path = tmp_path / "r.xlsx"
    with store.begin() as s:
        export(s, "all", Q1, TODAY, "xlsx", path, families=True)
    book = load_workbook(path)
    assert {"Partnership", "By sector", "Partner-led trend", "Waiting times", "Reviews",
            "Overdue actions", "Outcomes", "Closure reasons", "SF outcomes", "Scaling",
            "Families"} <= set(book.sheetnames)
    part = book["Partnership"]
    assert part["B3"].value == 5 and isinstance(part["B3"].value, int)  # open at the end
    assert part["C8"].value == 0.75 and part["C8"].number_format == "0.0%"
    trend = book["Partner-led trend"]
    assert trend["A3"].value == datetime(2025, 4, 1) and trend["A3"].number_format == "mmm yyyy"
    assert trend["B14"].value == datetime(2026, 3, 31)
    waits = book["Waiting times"]
    assert waits["A3"].value == "Request to first contact: all"
    assert waits["H3"].value == 5.0 and waits["G3"].number_format == "0.0%"
    fams = book["Families"]
    assert isinstance(fams["E3"].value, datetime)  # opened on, a real date
    assert [c.value for c in fams[2]][:3] == ["Reference", "Status", "Lead sector"]


def test_csv_is_long_and_complete(hub) -> None:
    store, _ = hub
    with store.begin() as s:
        body = export(s, "partnership", Q1, TODAY, "csv", None).decode()
    lines = body.splitlines()
    assert lines[0] == "table,key,column,value"
    assert "Partnership,Led by partners outside the council,share,0.75" in lines
    assert "Partner-led trend,2026-03,as_at,2026-03-31" in lines


def test_bad_dates_are_named(hub_profile: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = str(hub_profile)
    code, _, err = cli("--profile", root, "report", "all", "--from", "2026-02-31",
                       "--to", "2026-03-01")
    assert code == 3 and "from" in err and "YYYY-MM-DD" in err
    code, _, err = cli("--profile", root, "report", "all", "--from", "2026-03-01",
                       "--to", "2026-02-01")
    assert code == 3 and "before it starts" in err
    code, _, err = cli("--profile", root, "report", "all", "--format", "xlsx")
    assert code == 3 and "--out" in err
