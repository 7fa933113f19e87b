"""What a hostile device puts in a validly signed packet, as hypothesis strategies.

A strategy draws a *plan* (plain data: which kind of op, which family, which field, which
value); `materialise` turns it into ops with the world's real row ids and the forge's clock,
so shrinking works on the plan. Kinds of op:

- `good_new`: a whole new family, every value one the services would accept (always applies);
- `good_edit`: a valid value for a plain field of a family the device created;
- `value`: any JSON value (huge and negative integers, NUL and control characters, nested
  objects, wrong types) for any synced field of the family, on a family held, not held or new;
- `field`: an entity and field name that may not exist, with any value;
- `clock`: an HLC that is malformed, names another device, or is far in the future;
- `not_held`: a valid value on a family shared with another device only;
- `hub_field`: a value for a hub-derived field (`family.conflicted`);
- `impostor`: the op or the payload claims another device; `ids`: malformed op or row ids;
- `keys`: an unknown key in the op or the payload; `delete`: a tombstone, held or not.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.hostile.forge import Forge, hlc_text

FAMILY_TEXT = ("household_name", "address", "postcode", "language", "closure_note",
               "confidential_notes")
FAMILY_FIELDS = FAMILY_TEXT + ("level_of_need", "status", "interpreter_needed", "opened_on",
                               "closed_on", "closure_reason", "lead_agency_id", "reference",
                               "request_on", "first_contact_on", "lead_practitioner_id")
ENTITIES = ("family", "person", "action", "need", "meeting", "agency", "practitioner",
            "consent", "team_member", "referral", "applied_op", "sync_state", "device")

SCALARS = (st.none() | st.booleans()
           | st.integers(min_value=-(2**70), max_value=2**70)
           | st.sampled_from([2**31, 2**31 - 1, 2**40, 2**53, 2**63 - 1, 2**63, -(2**63) - 1,
                              -5, 0, 5])
           | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=40)
           | st.text(alphabet=st.sampled_from(["\x00", "\x01", "\u202e", "\ufeff", "'", ";",
                                               "é", "\n", "x"]), max_size=12)
           | st.sampled_from(["", "open", "closed", "2026-02-31", "9999-12-31", "0001-01-01",
                              "not-a-uuid", str(uuid.UUID(int=0)), "x" * 5000]))
VALUES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=3)
                      | st.dictionaries(st.text(max_size=8), kids, max_size=3), max_leaves=6)
GOOD_VALUES = {
    "household_name": st.text(alphabet="abcdefghij ABC-'", min_size=1, max_size=30)
    .filter(str.strip),
    "address": st.text(alphabet="0123456789 abcdef,", max_size=40),
    "postcode": st.sampled_from(["TS18 1AB", "LN1 1AA", ""]),
    "level_of_need": st.integers(min_value=1, max_value=4),
    "closure_note": st.text(alphabet="abc def.\n", max_size=60),
}
TARGETS = st.sampled_from(["held", "not_held", "new"])


@dataclass(frozen=True)
class Plan:
    """One op (or payload change) a hostile device means to send."""

    kind: str
    target: str = "held"
    field: str = ""
    value: Any = None
    entity: str = "family"
    extra: Any = None

    @property
    def good(self) -> bool:
        return self.kind.startswith("good_")


def _hlcs() -> st.SearchStrategy[tuple[str, Any]]:
    wall = st.one_of(st.just(0), st.integers(min_value=0, max_value=10**15 - 1),
                     st.just(10**15 - 1))
    return st.one_of(
        st.tuples(st.just("text"), st.text(max_size=70)),
        st.tuples(st.just("other"), st.text(alphabet="0123456789abcdef", min_size=1,
                                            max_size=40)),
        # Counters short of the top: one at 999999 overflows today's hub clock (issue 11
        # item 2; `test_clock_overflow_is_held` below, marked until that lands).
        st.tuples(st.just("wall"), st.tuples(wall, st.integers(0, 900_000))))


PLANS: st.SearchStrategy[Plan] = st.one_of(
    st.builds(Plan, st.just("good_new")),
    st.builds(Plan, st.just("good_edit"), st.just("held"), st.sampled_from(sorted(GOOD_VALUES))),
    st.builds(Plan, st.just("value"), TARGETS, st.sampled_from(FAMILY_FIELDS), VALUES),
    st.builds(Plan, st.just("field"), TARGETS, st.text(max_size=20) | st.sampled_from(
        ["versions", "id", "created_hlc", "updated_by", "deleted_hlc", "conflicted"]),
        VALUES, st.sampled_from(ENTITIES) | st.text(max_size=12)),
    st.builds(Plan, st.just("clock"), TARGETS, st.sampled_from(FAMILY_TEXT), st.none(),
              extra=_hlcs()),
    st.builds(Plan, st.just("not_held"), st.just("not_held"),
              st.sampled_from(sorted(GOOD_VALUES))),
    st.builds(Plan, st.just("hub_field"), TARGETS, st.just("conflicted"), st.booleans()),
    st.builds(Plan, st.just("impostor"), TARGETS, st.sampled_from(["op", "payload"]),
              extra=st.text(max_size=40)),
    st.builds(Plan, st.just("ids"), TARGETS, st.sampled_from(["op_id", "row_id"]),
              extra=st.text(max_size=40) | st.integers() | st.none()),
    st.builds(Plan, st.just("keys"), TARGETS, st.sampled_from(["op", "payload"]),
              extra=st.text(min_size=1, max_size=20)),
    st.builds(Plan, st.just("delete"), st.sampled_from(["held", "not_held"])),
)

PACKET = st.lists(PLANS, min_size=1, max_size=4)
BATCH = st.lists(PACKET, min_size=1, max_size=6)


@dataclass
class Materialised:
    """A packet's payload, and the op ids of its good ops (they must be applied unless the
    packet is refused as a whole)."""

    payload: dict[str, Any]
    good_op_ids: list[str]
    all_good: bool


def _good_value(field: str, n: int) -> Any:
    return {"household_name": f"Family {n}", "address": f"{n} Mill Lane", "postcode": "LN1 1AA",
            "level_of_need": 1 + n % 4, "closure_note": f"note {n}"}[field]


def materialise(plans: list[Plan], forge: Forge, held: list[str], not_held: list[str],
                n: int) -> Materialised:
    """Ops for `plans`. `n` varies values between packets (hypothesis draws the rest)."""
    ops: list[dict[str, Any]] = []
    good: list[str] = []
    payload_changes: dict[str, Any] = {}
    for plan in plans:
        row = _row(plan.target, held, not_held, n)
        if plan.kind == "good_new":
            new = forge.new_family()[1]
            ops += new
            good += [o["op_id"] for o in new]
        elif plan.kind == "good_edit":
            op = forge.op("family", row, plan.field, _good_value(plan.field, n))
            ops.append(op)
            good.append(op["op_id"])
        elif plan.kind in ("value", "not_held", "hub_field"):
            value = plan.value if plan.kind != "not_held" else _good_value(plan.field, n)
            ops.append(forge.op("family", row, plan.field, value))
        elif plan.kind == "field":
            ops.append(forge.op(plan.entity, row, plan.field, plan.value))
        elif plan.kind == "clock":
            ops.append(forge.op("family", row, plan.field, f"clocked {n}",
                                hlc=_hlc(plan.extra, forge)))
        elif plan.kind == "impostor":
            if plan.field == "op":
                ops.append({**forge.op("family", row, "address", "x"), "device_id": plan.extra})
            else:
                payload_changes["device_id"] = plan.extra
        elif plan.kind == "ids":
            ops.append({**forge.op("family", row, "address", "x"), plan.field: plan.extra})
        elif plan.kind == "keys":
            if plan.field == "op":
                ops.append({**forge.op("family", row, "address", "x"), plan.extra: 1})
            else:
                payload_changes[plan.extra] = 1
        elif plan.kind == "delete":
            ops.append(forge.op("family", row, "deleted_hlc", forge.hlc()))
    payload = {**forge.payload(ops), **payload_changes}
    return Materialised(payload, good, all(p.good for p in plans))


def _row(target: str, held: list[str], not_held: list[str], n: int) -> str:
    if target == "not_held":
        return not_held[n % len(not_held)]
    if target == "new":
        return str(uuid.uuid4())
    return held[n % len(held)]


def _hlc(spec: tuple[str, Any], forge: Forge) -> Any:
    kind, value = spec
    if kind == "text":
        return value
    if kind == "other":
        return hlc_text(int(time.time() * 1000), 0, value)
    wall, counter = value
    return hlc_text(wall, counter, forge.device_id)
