"""News a receipt brings from the hub, kept until the practitioner has seen it once.

Worked out on the laptop while a receipt is applied (`from_receipt`, before its rows are
written, so "new" and "changed" are judged against what the laptop held): a family shared with
this laptop (a family record it did not have), a referral outcome (a referral whose outcome the
hub changed), and a conflict the coordinator settled on a field this laptop had edited (the
receipt's `resolved` list, written by `resolved_for`). The items wait in `SyncState` under
`NEWS_KEY` (JSON) until `mark_seen`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import Conflict, Family, Referral, SyncState
from tafapp.sync.outgoing import set_state, state

NEWS_KEY = "hub_news"
TOLD_KEY = "hub_news_conflicts_told"  # ids of settled conflicts already turned into news
MAX_ITEMS = 200  # an old laptop's first receipt may share many families: keep the newest
KINDS = ("shared_family", "referral_outcome", "conflict_resolved")


@dataclass(frozen=True)
class NewsItem:
    kind: str
    family_id: str
    family: str
    detail: str


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _family_labels(session: Session, rows: list[dict[str, Any]]) -> dict[str, str]:
    out = {str(f.id): f"{f.reference} {f.household_name}".strip()
           for f in session.scalars(select(Family))}
    for r in rows:
        if r.get("entity") == "family" and isinstance(r.get("fields"), dict):
            f = r["fields"]
            out[str(r.get("id"))] = f"{f.get('reference', '')} {f.get('household_name', '')}" \
                .strip()
    return out


def from_receipt(session: Session, rows: list[Any], resolved: Any) -> list[NewsItem]:
    """The news in a receipt's rows and `resolved` list, judged against the laptop's records.
    Malformed entries are skipped: the receipt's own checks refuse a malformed receipt."""
    good = [r for r in rows if isinstance(r, dict) and isinstance(r.get("fields"), dict)]
    labels = _family_labels(session, good)
    have_families = {str(i) for i in session.scalars(select(Family.id))}
    referrals = {str(r.id): r for r in session.scalars(select(Referral))}
    items: list[NewsItem] = []
    for r in good:
        rid, fields = str(r.get("id")), r["fields"]
        if r.get("entity") == "family" and rid not in have_families:
            items.append(NewsItem("shared_family", rid, labels.get(rid, ""), ""))
        elif r.get("entity") == "referral":
            outcome = fields.get("outcome")
            mine = referrals.get(rid)
            if outcome and (mine is None or mine.outcome != outcome):
                fid = str(fields.get("family_id", ""))
                items.append(NewsItem("referral_outcome", fid, labels.get(fid, ""),
                                      f"{_short(fields.get('to_service', ''))}: "
                                      f"{_short(outcome)}"))
    told = set(json.loads(state(session, TOLD_KEY) or "[]"))
    for c in resolved if isinstance(resolved, list) else []:
        if isinstance(c, dict) and isinstance(c.get("field"), str) \
                and str(c.get("id")) not in told:
            told.add(str(c.get("id")))
            fid = str(c.get("family_id") or "")
            items.append(NewsItem("conflict_resolved", fid, labels.get(fid, ""),
                                  f"{c['field'].replace('_', ' ')}: "
                                  f"{_short(c.get('value'))}"))
    set_state(session, TOLD_KEY, json.dumps(sorted(told)))
    return items


def add(session: Session, items: list[NewsItem]) -> None:
    if items:
        kept = [asdict(i) for i in unseen(session)] + [asdict(i) for i in items]
        set_state(session, NEWS_KEY, json.dumps(kept[-MAX_ITEMS:]))


def unseen(session: Session) -> list[NewsItem]:
    try:
        raw = json.loads(state(session, NEWS_KEY) or "[]")
    except ValueError:
        return []
    return [NewsItem(**{k: str(d.get(k, "")) for k in ("kind", "family_id", "family",
                                                        "detail")})
            for d in raw if isinstance(d, dict) and d.get("kind") in KINDS]


def mark_seen(session: Session) -> None:
    if session.get(SyncState, NEWS_KEY) is not None:
        set_state(session, NEWS_KEY, "[]")


def resolved_for(session: Session, device_id: str,
                 families: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Hub: every settled conflict on the device's families where the device was one of the
    parties: `{id, family_id, entity, field, value, resolved_by}`. Cumulative like the rest of
    a receipt (a lost receipt loses no news); the laptop tells each once by its id."""
    if not families:
        return []
    q = select(Conflict).where(Conflict.status == "resolved",
                               Conflict.family_id.in_(families))
    out = []
    for c in session.scalars(q.order_by(Conflict.resolved_at)):
        if any(isinstance(v, dict) and v.get("device_id") == device_id for v in c.values or []):
            out.append({"id": str(c.id), "family_id": str(c.family_id), "entity": c.entity,
                        "field": c.field, "value": c.resolved_value, "resolved_by": c.resolved_by})
    return out
