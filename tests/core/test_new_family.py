"""A new family from the command line and the services: defaults, the same-family check and
what bad input gets."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tafapp.cli import main
from tafapp.core.errors import InputRejected
from tafapp.services import families
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile
from tafapp.sync.identity import setup_identity


def _laptop(tmp_path: Path) -> Path:
    root = tmp_path / "laptop"
    with create_profile(Profile(root), "practitioner") as st:
        setup_identity(st, "practitioner", "Priya Shah", "Hartburn Primary", "school")
    return root


def _new(root: Path, *args: str) -> int:
    return main(["--profile", str(root), "family", "new", *args, "--json"])


def test_cli_new_family_defaults_and_duplicate(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = _laptop(tmp_path)
    assert _new(root, "--name", "Smith household", "--postcode", "ts181ab") == 0
    made = json.loads(capsys.readouterr().out)
    assert made["postcode"] == "TS18 1AB" and made["level_of_need"] == 3
    assert made["request_on"] == made["opened_on"] == date.today().isoformat()
    assert made["lead_practitioner_id"] and made["next_steps"] == ["people", "consent", "team"]
    # The same household typed differently is caught; --allow-duplicate goes ahead.
    assert _new(root, "--name", " smith  HOUSEHOLD", "--postcode", "TS18 1AB") == 3
    err = json.loads(capsys.readouterr().out)["error"]
    assert err["field"] == "household_name" and made["reference"] in err["message"]
    assert _new(root, "--name", "Smith household", "--postcode", "TS18 1AB",
                "--allow-duplicate") == 0
    again = json.loads(capsys.readouterr().out)
    assert again["duplicates"] == [made["id"]] and again["reference"] != made["reference"]
    assert main(["--profile", str(root), "show", made["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["reference"] == made["reference"] and shown["status"] == "open"


@pytest.mark.parametrize(("args", "field"), [
    (["--name", "Jones", "--postcode", "TS1 1AA", "--request-date", "31/02/2026"], "request_on"),
    (["--name", "Jones", "--postcode", "TS1 1AA", "--request-date", "1/1/2099"], "request_on"),
    (["--name", "Jones", "--postcode", "nowhere"], "postcode"),
    (["--name", "Jones", "--postcode", ""], "postcode"),
    (["--name", "  ", "--postcode", "TS1 1AA"], "household_name"),
    (["--name", "Jones", "--postcode", "TS1 1AA", "--level", "9"], "level_of_need"),
    (["--name", "Jones", "--postcode", "TS1 1AA", "--lead", "nobody"], "lead_practitioner_id"),
])
def test_cli_bad_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                args: list[str], field: str) -> None:
    root = _laptop(tmp_path)
    assert _new(root, *args) == 3
    assert json.loads(capsys.readouterr().out)["error"]["field"] == field
    assert main(["--profile", str(root), "families", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing half-written


def test_hub_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "hub"
    create_profile(Profile(root), "hub").close()
    assert _new(root, "--name", "Jones", "--postcode", "TS1 1AA") == 3
    assert json.loads(capsys.readouterr().out)["error"]["field"] == "profile"


def test_service_lead_defaults_to_me_and_request_date(store: Store) -> None:
    setup_identity(store, "practitioner", "Priya Shah", "Hartburn Primary", "school")
    today = date(2026, 12, 4)
    with store.begin() as s:
        me = families.my_practitioner_id(s)
        f = families.new_family(s, "Ali family", postcode="TS5 6QT", request_on="01/12/2026",
                                today=today)
        assert f.lead_practitioner_id == me and f.lead_agency_id is not None
        assert f.request_on == date(2026, 12, 1) and f.opened_on == today
        with pytest.raises(InputRejected) as exc:
            families.new_family(s, "Ali family", postcode="TS5 6QT",
                                request_on=today + timedelta(days=1), today=today)
        assert exc.value.field == "request_on"
        assert [x.id for x in families.same_families(s, "ALI  family", "ts56qt")] == [f.id]
        assert families.same_families(s, "Ali family", "TS5 6QU") == []
        assert families.same_families(s, "Ali family", "not a postcode") == []
