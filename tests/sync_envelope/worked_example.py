"""Produce the worked example of docs/packet-format.md from a real run.

    .venv/bin/python -m tests.sync_envelope.worked_example

Makes a throwaway hub and practitioner (passphrase vaults, keys in temporary folders), enrols,
registers, records a family, exports a changes packet with the real exporter, then opens it
layer by layer with the hub's key and prints what each layer holds.
"""

from __future__ import annotations

import json
import struct
import tempfile
from datetime import date
from pathlib import Path

from tafapp.services import directory, families
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile
from tafapp.storage.vault import KdfParams
from tafapp.sync import envelope_format as pf
from tafapp.sync import identity, packets, registry
from tafapp.sync.envelope import open_packet

PASS = "worked example passphrase"
KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)


def _show(title: str, text: str) -> None:
    print(f"--- {title}\n{text}\n")


def main() -> None:
    import pyrage

    tmp = Path(tempfile.mkdtemp(prefix="tafpacket-example-"))
    hub = create_profile(Profile(tmp / "hub"), "hub", PASS, KDF)
    dev = create_profile(Profile(tmp / "laptop"), "practitioner", PASS, KDF)
    with hub.begin() as s:
        identity.ensure_keys(s, "hub")
        hub_ident = identity.write_identity_file(s, tmp / "hub.identity", "Borough hub")
    with dev.begin() as s:
        identity.ensure_keys(s, "practitioner")
        dev_ident = identity.write_identity_file(s, tmp / "laptop.identity", "Amira's laptop")
        registry.enrol_hub(s, identity.read_identity_file(tmp / "hub.identity"))
        school = directory.add_agency(s, "Riverside Primary School", "school")
        amira = directory.add_practitioner(s, "Amira Patel", agency_id=school.id)
        families.open_family(s, "Example", opened_on=date(2026, 9, 1),
                             request_on=date(2026, 8, 20), level_of_need=2,
                             lead_practitioner_id=amira.id)
    with hub.begin() as s:
        registry.add_device(s, identity.read_identity_file(tmp / "laptop.identity"))
    _show("hub identity file (hub.identity)", json.dumps(hub_ident, indent=2, sort_keys=True))
    result = packets.export_changes(dev, tmp / "changes.tafpacket")
    data = (tmp / "changes.tafpacket").read_bytes()
    version, fps, offset = pf.decode_header(data)
    _show("outer header", f"file size {len(data)} bytes\n"
          f"magic            {data[:8].hex(' ')}\n"
          f"format version   {data[8:10].hex(' ')}  (= {version})\n"
          f"recipients N     {data[10:11].hex()}  (= {len(fps)})\n"
          + "".join(f"fingerprint {i + 1}    {fp}\n" for i, fp in enumerate(fps))
          + f"age begins at    offset {offset}: {data[offset:offset + 22]!r}")
    with hub.read() as s:
        inner = bytes(pyrage.decrypt(data[offset:], identity.age_identities(s)))
        manifest, payload = open_packet(tmp / "changes.tafpacket",
                                        identities=identity.age_identities(s),
                                        verify_key=registry.device_verify_key(s),
                                        expected_recipient_id=hub.device_id)
    (m_len,) = struct.unpack_from(">I", inner, 4)
    (p_len,) = struct.unpack_from(">I", inner, 8 + m_len)
    _show("inner blob", f"{len(inner)} bytes: magic {inner[:4]!r}, manifest {m_len} bytes, "
          f"payload {p_len} bytes (zlib), signature {pf.SIG_LEN} bytes\n"
          f"signature        {inner[-64:].hex()}")
    _show("manifest (signed bytes, shown indented)",
          json.dumps(json.loads(inner[8:8 + m_len]), indent=2, sort_keys=True))
    first = dict(payload, ops=payload["ops"][:2])
    _show(f"payload (first 2 of {len(payload['ops'])} ops)",
          json.dumps(first, indent=2, sort_keys=True))
    _show("exporter's result", json.dumps(result, indent=2))
    print(f"device fingerprint {dev_ident['fingerprint']}, digest {manifest.digest()}\n")
    imported = packets.import_file(hub, tmp / "changes.tafpacket")
    _show("hub import result", json.dumps(imported.as_json("changes.tafpacket"), indent=2))
    packets.export_receipt(hub, dev.device_id, tmp / "receipt.tafpacket")
    with dev.read() as s:
        r_manifest, r_payload = open_packet(tmp / "receipt.tafpacket",
                                            identities=identity.age_identities(s),
                                            verify_key=registry.hub_verify_key(s),
                                            expected_recipient_id=dev.device_id)
    r_data = (tmp / "receipt.tafpacket").read_bytes()
    _show("receipt manifest", json.dumps(json.loads(r_manifest.to_bytes()), indent=2,
                                         sort_keys=True))
    _show("receipt payload (shape)", json.dumps(
        {"device_id": r_payload["device_id"], "receipt_seq": r_payload["receipt_seq"],
         "acked": r_payload["acked"][:2] + [f"... {len(r_payload['acked'])} op ids"],
         "rows": [r_payload["rows"][0], f"... {len(r_payload['rows'])} rows"]}, indent=2))
    print(f"receipt file {len(r_data)} bytes, header {r_data[:43].hex(' ')}")
    hub.close()
    dev.close()


if __name__ == "__main__":
    main()
