"""Packet files end to end: export changes (device) or a receipt (hub), import many files.

Used by `tafapp packet` and, later, the app's import screen: `import_files` takes `progress`
and `cancelled` callables; each file is its own transaction, so cancelling between files
leaves every file either wholly imported or untouched.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from tafapp.core.errors import InputRejected
from tafapp.storage.store import Store
from tafapp.sync import outgoing, receipts
from tafapp.sync.apply import ImportResult, MergeRefused, import_changes

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)

MESSAGES = {
    "applied": "imported",
    "duplicate": "already imported; nothing changed",
    "replay": "A packet with this id was imported before with different content: this copy "
              "was altered or forged. Nothing was changed.",
    "needs_earlier_packet": "This packet builds on changes the hub has not received yet. "
                            "Import that device's earlier packets first; nothing was changed.",
    "device_mismatch": "The packet's contents claim to come from another device than the one "
                       "that signed it. Nothing was changed.",
    "wrong_kind": "This file is not the kind this profile imports (a hub imports change "
                  "packets, a laptop imports receipts). Nothing was changed.",
    "disk_full": "The disk is full, so this packet was not imported and nothing from it was "
                 "kept. Free some space, then import it again; the other files were handled "
                 "on their own.",
    "database_refused": "The database refused a value in this packet, so nothing from it was "
                        "kept; the other files were handled on their own. Keep the file and "
                        "tell support.",
    "internal_error": "tafapp stopped on an unexpected error while importing this packet, so "
                      "nothing from it was kept; the other files were handled on their own. "
                      "Keep the file and tell support.",
}


def export_changes(store: Store, out: str | os.PathLike[str]) -> dict[str, Any]:
    """Write every pending change to `out`, signed and encrypted to the enrolled hub. The
    packet is read back and checked (by `write_packet`) before the sequence advances."""
    from tafapp.sync import identity, registry
    from tafapp.sync.envelope import write_packet

    if store.role != "practitioner":
        raise InputRejected("device", "a hub writes receipts: give --device DEVICE_ID")
    with store.begin() as s:
        hub = registry.current_hub(s)
        ch = outgoing.gather_changes(s)
        manifest = write_packet(
            out, kind="changes", sender_id=store.device_id, recipient_id=hub.id,
            signing_key=identity.signing_key(s), recipients=registry.hub_recipients(hub),
            sequence=ch.sequence, prev_hash=ch.prev_hash, payload=ch.payload,
            op_count=ch.op_count)
        outgoing.record_export(s, ch.sequence, manifest.digest())
    return {"file": str(out), "kind": "changes", "packet_id": manifest.packet_id,
            "sequence": ch.sequence, "ops": ch.op_count, "hub": hub.id}


def export_receipt(store: Store, device_id: str, out: str | os.PathLike[str]) -> dict[str, Any]:
    """Hub: write the next receipt for one registered device."""
    from tafapp.models import DeviceSync
    from tafapp.sync import identity, registry
    from tafapp.sync.envelope import write_packet

    if store.role != "hub":
        raise InputRejected("device", "only a hub writes receipts; leave out --device")
    with store.begin() as s:
        recipient = registry.device_recipient(s, device_id)
        r = receipts.build_receipt(s, device_id)
        sync = s.get(DeviceSync, device_id)
        manifest = write_packet(
            out, kind="receipt", sender_id=store.device_id, recipient_id=device_id,
            signing_key=identity.signing_key(s), recipients=[recipient], sequence=r.sequence,
            prev_hash=sync.last_receipt_hash if sync is not None else "", payload=r.payload,
            op_count=r.ack_count)
        receipts.record_receipt(s, device_id, r.sequence, manifest.digest())
    return {"file": str(out), "kind": "receipt", "packet_id": manifest.packet_id,
            "device": device_id, "sequence": r.sequence, "acknowledged": r.ack_count,
            "records": r.row_count}


def _rejected(code: str, message: str) -> ImportResult:
    return ImportResult("rejected", reason=code, message=message)


def _failed(exc: BaseException) -> ImportResult:
    """The result for a file whose import stopped on an error no check foresaw: its
    transaction was rolled back, so the file changed nothing, and the batch goes on. A full
    disk is named as such; a value the database would not store (an integer out of range, a
    NUL character on PostgreSQL) is `database_refused`; anything else `internal_error`, with
    the traceback in the log (at INFO, so a command line shows the sentence, not the trace)."""
    from sqlalchemy.exc import SQLAlchemyError

    from tafapp.core.errors import is_disk_full

    detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
    if is_disk_full(exc):
        return _rejected("disk_full", MESSAGES["disk_full"])
    log.info("packet import failed", exc_info=exc)
    if isinstance(exc, SQLAlchemyError | OverflowError):
        return _rejected("database_refused", f"{MESSAGES['database_refused']} ({detail})")
    return _rejected("internal_error", f"{MESSAGES['internal_error']} ({detail})")


def import_file(store: Store, path: str | os.PathLike[str]) -> ImportResult:
    """One file, one transaction: applied, duplicate, or rejected with a reason code. Never
    raises for what a file holds or what the database says about it: a file that fails in
    any way is rejected, rolled back, and the next file of a batch goes on."""
    from tafapp.core.errors import DiskFull

    try:
        return _import_file(store, path)
    except DiskFull:
        return _rejected("disk_full", MESSAGES["disk_full"])
    except Exception as exc:  # noqa: BLE001 - one hostile or unlucky file never stops a batch
        return _failed(exc)


def _import_file(store: Store, path: str | os.PathLike[str]) -> ImportResult:
    """The envelope is opened before the write transaction, so decrypting never holds the
    hub lock."""
    from tafapp.sync import identity, registry
    from tafapp.sync.envelope import open_packet
    from tafapp.sync.envelope_format import PacketRejected

    hub = store.role == "hub"
    try:
        with store.read() as s:
            verify = registry.device_verify_key(s) if hub else registry.hub_verify_key(s)
            manifest, payload = open_packet(path, identities=identity.age_identities(s),
                                            verify_key=verify,
                                            expected_recipient_id=store.device_id)
        if manifest.kind != ("changes" if hub else "receipt"):
            return _rejected("wrong_kind", MESSAGES["wrong_kind"])
        with store.begin() as s:
            if hub:
                return import_changes(s, packet_id=manifest.packet_id,
                                      device_id=manifest.sender_id, sequence=manifest.sequence,
                                      content_sha256=manifest.digest(), payload=payload)
            r = receipts.apply_receipt(s, packet_id=manifest.packet_id,
                                       content_sha256=manifest.digest(),
                                       sender_id=manifest.sender_id, payload=payload)
            return ImportResult(r.status, packet_id=manifest.packet_id,
                                device_id=manifest.sender_id, ops_total=r.acknowledged,
                                ops_applied=r.acknowledged,
                                ops_duplicate=r.acknowledged if r.status == "duplicate" else 0)
    except PacketRejected as exc:
        return _rejected(str(exc.code), str(exc))
    except (MergeRefused, receipts.ReceiptRefused) as exc:
        return _rejected(exc.code, MESSAGES.get(exc.code, exc.message))


def import_files(store: Store, paths: Sequence[str | os.PathLike[str]], *,
                 progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[dict[str, Any]]:
    """Import each file in turn; one result per file (DESIGN section 6 `packet import`)."""
    out: list[dict[str, Any]] = []
    for i, path in enumerate(paths):
        if cancelled is not None and cancelled():
            break
        result = import_file(store, path)
        if not result.message:
            result.message = MESSAGES.get(result.status, "")
        answer = result.as_json(str(path))
        audit_import(store, answer)
        out.append(answer)
        if progress is not None:
            progress(i + 1, len(paths))
    return out


def audit_import(store: Store, answer: dict[str, Any]) -> None:
    """One audit event per imported file, whatever became of it (applied, duplicate, held,
    rejected), with its counts and reason: who sent what, and what the hub did with it."""
    from tafapp.storage import audit

    detail = {k: v for k, v in answer.items() if k != "message"}
    detail["file"] = os.path.basename(str(answer.get("file", "")))
    row_id = str(answer.get("packet_id") or detail["file"])
    with store.begin() as s:
        audit.record(s, "packet", row_id, f"packet import {answer.get('status')}",
                     detail=detail)


def summary(results: list[dict[str, Any]]) -> str:
    """One sentence for a coordinator."""
    by = {k: sum(1 for r in results if r["status"] == k)
          for k in ("applied", "duplicate", "rejected")}
    ops = sum(r["ops_applied"] for r in results)
    conflicts = sum(r["conflicts"] for r in results)
    held = sum(r.get("ops_held", 0) for r in results)
    return (f"{by['applied']} imported, {by['duplicate']} already imported, "
            f"{by['rejected']} refused; {ops} changes applied, {conflicts} conflicts to review"
            + (f", {held} held changes to decide." if held else "."))
