"""Issue 11 item 8: a lost laptop replaced in one step; the new laptop receives the whole
caseload in its next receipt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tafapp.cli import main as cli
from tafapp.core.errors import InputRejected
from tafapp.models import AuditEvent, Family
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile
from tafapp.sync import identity, packets, receipts, registry
from tests.sync_merge.world import keyed, seed_family, world


def _families(st: object) -> set[str]:
    with st.read() as s:  # type: ignore[attr-defined]
        return {str(f) for f in s.scalars(select(Family.id).where(Family.deleted_hlc.is_(None)))}


def test_the_new_laptop_gets_the_whole_caseload(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with world(tmp_path, devices=2) as w:
        lost, colleague = w.devices
        made = {seed_family(lost, "Hughes"), seed_family(lost, "Ahmed", actions=3)}
        theirs = seed_family(colleague, "Novak")
        for i, dev in enumerate((lost, colleague)):
            packets.export_changes(dev, tmp_path / f"c{i}.tafpacket")
        packets.import_files(w.hub, [tmp_path / "c0.tafpacket", tmp_path / "c1.tafpacket"])
        with w.hub.begin() as s:
            receipts.share(s, theirs, lost.device_id, who="Coordinator")
        held = made | {theirs}
        seed_family(lost, "Unsent")  # made on the lost laptop, never sent: gone with it

        new = keyed(create_profile(Profile(tmp_path / "new"), "practitioner"), "practitioner")
        with new.begin() as s:
            identity.write_identity_file(s, tmp_path / "new.json", "replacement laptop")
        with w.hub.read() as s:
            hub_ident = identity.public_identity(s)
        with new.begin() as s:
            registry.enrol_hub(s, {**hub_ident, "name": "hub"})
        assert w.hub.profile is not None
        hub_dir = str(w.hub.profile.root)
        w.hub.close()
        assert cli(["--profile", hub_dir, "devices", "replace", "no-such-device",
                    str(tmp_path / "new.json")]) == 3
        capsys.readouterr()
        assert cli(["--profile", hub_dir, "devices", "replace", lost.device_id,
                    str(tmp_path / "new.json"), "--who", "Coordinator", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["old_device"] == lost.device_id and out["new_device"] == new.device_id
        assert set(out["families"]) == held
        with open_profile(Profile.at(hub_dir)) as hub:
            with hub.read() as s:
                devices = {d["id"]: d["status"] for d in registry.list_devices(s)}
                whats = [e.what for e in s.scalars(select(AuditEvent))]
            packets.export_receipt(hub, new.device_id, tmp_path / "r.tafpacket")
            with pytest.raises(InputRejected, match="revoked"):
                packets.export_receipt(hub, lost.device_id, tmp_path / "r0.tafpacket")
        assert devices[lost.device_id] == "revoked" and devices[new.device_id] == "active"
        assert "device replaced" in whats and whats.count("device revoked") == 1
        result = packets.import_files(new, [tmp_path / "r.tafpacket"])
        assert result[0]["status"] == "applied"
        assert _families(new) == held
        new.close()
