"""`tafapp demo`: counts and time as text or JSON; a hub refuses without --hub-ok."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tafapp.cli import main
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile


def _profile(tmp_path: Path, role: str) -> Path:
    root = tmp_path / role
    create_profile(Profile(root), role).close()
    return root


def test_demo_json_reports_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _profile(tmp_path, "practitioner")
    code = main(["--profile", str(root), "demo", "--families", "12", "--seed", "4",
                 "--today", "2026-11-24", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["families"] == 12 and data["rows"]["family"] == 12
    assert data["today"] == "2026-11-24" and data["seconds"] >= 0
    assert data["total_rows"] == sum(data["rows"].values())
    from tafapp.demo import is_demo

    with open_profile(Profile(root)) as st, st.read() as s:
        assert is_demo(s)


def test_demo_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _profile(tmp_path, "practitioner")
    assert main(["--profile", str(root), "demo", "--families", "3"]) == 0
    out = capsys.readouterr().out
    assert "Added 3 demo families" in out and "meeting" in out


def test_hub_refuses_without_hub_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _profile(tmp_path, "hub")
    code = main(["--profile", str(root), "demo", "--families", "3", "--json"])
    assert code == 3
    err = json.loads(capsys.readouterr().out)["error"]
    assert err["field"] == "hub" and "--hub-ok" in err["message"]
    assert main(["--profile", str(root), "demo", "--families", "3", "--hub-ok"]) == 0


@pytest.mark.parametrize("args", [["--families", "0"], ["--families", "3", "--today", "31/02"]])
def test_bad_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            args: list[str]) -> None:
    root = _profile(tmp_path, "practitioner")
    assert main(["--profile", str(root), "demo", *args, "--json"]) == 3
    field = json.loads(capsys.readouterr().out)["error"]["field"]
    assert field in ("families", "today")
