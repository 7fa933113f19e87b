"""The audit trail: append-only and chained with a keyed hash (HMAC-SHA-256), so an edited,
inserted or removed event is detectable, and nobody holding only the database can forge a
consistent chain: the key (`AUDIT_SECRET`) is kept by the store's key source, outside a hub's
database (`tafapp.storage.keystore`).

A trail written before the chain was keyed (plain SHA-256) is checked once under the old rule
and re-chained under the key the first time an event is recorded; if the old chain was
already broken it is left as it was and the break is remembered, so `verify` still names it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tafapp.models import AuditEvent, SyncState
from tafapp.storage import keystore
from tafapp.storage.capture import CAPTURE_KEY

AUDIT_SECRET = "audit_hmac"
SCHEME_KEY = "audit_chain"
SCHEME = "hmac-sha256"
AUDIT_LOCK = 0x7AF0A0D1


def _body(prev: str, at: datetime, who: str, entity: str, row_id: str, what: str,
          detail: dict[str, Any]) -> bytes:
    return json.dumps([prev, at.isoformat(), who, entity, row_id, what, detail],
                      sort_keys=True, default=str).encode("utf-8")


def _keyed(key: bytes | None, body: bytes) -> str:
    if key is None:  # the chain before it was keyed
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _key(session: Session) -> bytes:
    key = keystore.secret(session, AUDIT_SECRET, lambda: os.urandom(32))
    assert key is not None
    return key


def _scheme(session: Session) -> dict[str, Any] | None:
    row = session.get(SyncState, SCHEME_KEY)
    if row is None or not row.value:
        return None
    try:
        found = json.loads(row.value)
    except ValueError:
        return {"scheme": "damaged"}
    return found if isinstance(found, dict) else {"scheme": "damaged"}


def _first_break(session: Session, key: bytes | None) -> AuditEvent | None:
    prev = ""
    for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        body = _body(prev, e.at, e.who, e.entity, e.row_id, e.what, e.detail)
        if e.prev_hash != prev or not hmac.compare_digest(e.hash, _keyed(key, body)):
            return e
        prev = e.hash
    return None


def _key_the_chain(session: Session, key: bytes) -> None:
    """Re-chain a plain SHA-256 trail under the key, if it is whole; remember a break."""
    broken = _first_break(session, None)
    if broken is None:
        prev = ""
        for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
            e.prev_hash = prev
            e.hash = prev = _keyed(key, _body(prev, e.at, e.who, e.entity, e.row_id, e.what,
                                              e.detail))
    mark = {"scheme": SCHEME, "plain_broken_at": None if broken is None else broken.seq}
    session.merge(SyncState(key=SCHEME_KEY, value=json.dumps(mark)))
    session.flush()


def record(session: Session, entity: str, row_id: object, what: str, *, who: str = "",
           detail: dict[str, Any] | None = None) -> AuditEvent:
    key = _key(session)
    if session.get_bind().dialect.name == "postgresql":
        # One writer at a time on the chain: two transactions reading the same last hash
        # would fork it. Held to the end of this transaction.
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK})
    if _scheme(session) is None:
        _key_the_chain(session, key)
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)) or ""
    at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    ctx = session.info.get(CAPTURE_KEY)
    device = getattr(ctx, "device_id", "")
    detail = detail or {}
    event = AuditEvent(at=at, who=who, device_id=device, entity=entity, row_id=str(row_id),
                       what=what, detail=detail, prev_hash=prev,
                       hash=_keyed(key, _body(prev, at, who, entity, str(row_id), what, detail)))
    session.add(event)
    session.flush()
    return event


def verify(session: Session) -> dict[str, Any]:
    """The whole chain checked: `{ok, events, scheme, first_broken}`, where `first_broken`
    is None or `{seq, at, entity, row_id, what, reason}` for the first link that does not
    hold (an edited, inserted or deleted event breaks the link at or right after it)."""
    mark = _scheme(session)
    count = len(session.scalars(select(AuditEvent.seq)).all())
    key = keystore.secret(session, AUDIT_SECRET) if mark is not None else None
    broken = _first_break(session, key)
    reason = "the event or the one before it was changed, added or removed"
    if mark is not None and key is None:
        broken = session.scalars(select(AuditEvent).order_by(AuditEvent.seq).limit(1)).first()
        reason = "the audit key is missing, so no link can be checked"
    elif mark is not None and mark.get("scheme") != SCHEME:
        broken = session.scalars(select(AuditEvent).order_by(AuditEvent.seq).limit(1)).first()
        reason = "the trail's scheme record was altered"
    elif mark is not None and mark.get("plain_broken_at") is not None:
        broken = session.get(AuditEvent, mark["plain_broken_at"]) or broken
        reason = "the trail was already broken before it was keyed"
    first = None if broken is None else {
        "seq": broken.seq, "at": broken.at.isoformat(), "entity": broken.entity,
        "row_id": broken.row_id, "what": broken.what, "reason": reason}
    return {"ok": first is None, "events": count,
            "scheme": SCHEME if mark is not None else "sha256 (not yet keyed)",
            "first_broken": first}


def verify_chain(session: Session) -> int | None:
    """The seq of the first event whose link does not hold, or None if the chain is whole."""
    first = verify(session)["first_broken"]
    return None if first is None else int(first["seq"])
