"""The sync commands end to end on real profiles, in process: packet export/import/status,
share, conflicts and conflicts resolve (DESIGN section 6 names and --json shapes)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tafapp.cli import main
from tafapp.models import Action
from tafapp.services import plans
from tafapp.storage.profile import Profile
from tafapp.storage.store import open_profile
from tests.sync_merge.world import seed_family, world


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    try:
        return code, json.loads(out)
    except json.JSONDecodeError:
        return code, out


def edit(root: Path, action_id: str, **changes: Any) -> None:
    with open_profile(Profile(root)) as st, st.begin() as s:
        plans.update_action(s, uuid.UUID(action_id), **changes)


def test_sync_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with world(tmp_path) as w:
        fid = seed_family(w.devices[0])
        hub, d0, d1 = (str(st.profile.root) for st in (w.hub, *w.devices))  # type: ignore[union-attr]
        dev1_id = w.devices[1].device_id
        with w.devices[0].read() as s:
            action_id = str(s.query(Action.id).scalar())
        for st in (w.hub, *w.devices):
            st.close()
        p1 = str(tmp_path / "p1.tafpacket")
        code, out = run(capsys, "--profile", d0, "packet", "export", "--out", p1, "--json")
        assert code == 0 and out["ops"] > 0 and out["sequence"] == 1
        code, out = run(capsys, "--profile", hub, "packet", "import", p1, "--json")
        assert code == 0 and out[0]["status"] == "applied"
        code, out = run(capsys, "--profile", hub, "share", fid, "--device", dev1_id, "--json")
        assert code == 0 and out["added"] is True
        code, out = run(capsys, "--profile", hub, "share", fid, "--device", "nobody")
        assert code == 3
        for root, dev_id, name in ((d1, dev1_id, "r1"), (d0, w.devices[0].device_id, "r0")):
            rfile = str(tmp_path / f"{name}.tafpacket")
            assert run(capsys, "--profile", hub, "packet", "export", "--out", rfile,
                       "--device", dev_id)[0] == 0
            code, out = run(capsys, "--profile", root, "packet", "import", rfile, "--json")
            assert code == 0 and out[0]["status"] == "applied", out
        code, out = run(capsys, "--profile", d1, "packet", "status", "--json")
        assert out["pending_ops"] == 0 and out["last_receipt_at"]

        edit(Path(d0), action_id, owner_name="Mum")
        edit(Path(d1), action_id, owner_name="Dad")
        files = []
        for root, name in ((d0, "c0"), (d1, "c1")):
            files.append(str(tmp_path / f"{name}.tafpacket"))
            assert run(capsys, "--profile", root, "packet", "export", "--out", files[-1])[0] == 0
        code, out = run(capsys, "--profile", hub, "packet", "import", *files, "--json")
        assert code == 0 and sum(r["conflicts"] for r in out) == 1
        code, out = run(capsys, "--profile", hub, "conflicts", "--json")
        assert code == 0 and len(out) == 1
        c = out[0]
        assert set(c) >= {"id", "family_id", "entity", "field", "values"}
        assert (c["family_id"], c["entity"], c["field"]) == (fid, "action", "owner_name")
        assert sorted(v["value"] for v in c["values"]) == ["Dad", "Mum"]
        assert run(capsys, "--profile", hub, "conflicts", "resolve", c["id"], "--choose",
                   "5")[0] == 3
        assert run(capsys, "--profile", hub, "conflicts", "resolve", c["id"], "--value",
                   "not json")[0] == 3
        code, out = run(capsys, "--profile", hub, "conflicts", "resolve", c["id"], "--value",
                        '"Mum and Dad"', "--who", "Coordinator", "--json")
        assert code == 0 and out["status"] == "resolved"
        assert run(capsys, "--profile", hub, "conflicts", "--json")[1] == []
