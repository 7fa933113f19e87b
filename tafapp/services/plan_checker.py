"""Checks a family plan against the practice rules (DOMAIN.md, "The family plan").

Pure functions over plain rows, so the UI can re-run them after every edit and the CLI or an
export can run them too. The rules: at most 8 family actions; every open action has a named
owner, an agency (unless a family member owns it) and a due date; professional tasks stay out
of the plan the family holds; no unexplained acronyms or jargon (resources/jargon.txt); every
need has a Supporting Families outcome code.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.models import Action, ActionKind, ActionStatus, Need, NeedStatus

MAX_FAMILY_ACTIONS = 8

# Wording that marks a professional's own task ("make a referral to…", "chase housing"):
# such tasks belong in the case record, not in the plan the family is handed.
PROFESSIONAL_WORDING = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bmake (a|the) referral\b", r"\brefer (him|her|them|the family|[A-Z]\w+) to\b",
    r"\bsend (a|the) referral\b", r"\bcomplete (a|an|the) referral\b", r"\bchase\b",
    r"\bchasing\b", r"\bliaise\b", r"\bliaising\b", r"\bupdate (the )?(case )?(record|system)\b",
    r"\bcase notes?\b", r"\bcomplete (the|an) (EHA|early help assessment)\b",
    r"\bsubmit (a|the) (form|request|referral)\b", r"\bapply for funding\b",
    r"\bsafeguarding referral\b", r"\bstrategy (meeting|discussion)\b",
))

# Capitalised words that are not jargon to a family.
_PLAIN_CAPS = frozenset({"I", "OK", "TV", "UK", "NHS", "PE", "ID", "A", "AM", "PM", "BBC"})
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")


class Severity(StrEnum):
    PROBLEM = "problem"   # the plan breaks a rule the family or the council relies on
    WARNING = "warning"   # probably wrong; look at it
    ADVICE = "advice"     # wording the family may not understand


@dataclass(frozen=True)
class Finding:
    """One thing to fix. `item_kind` is "plan", "action" or "need"; `item_id` the row, if any;
    `field` the field to look at."""

    severity: Severity
    message: str
    item_kind: str
    item_id: uuid.UUID | None = None
    field: str = ""


@dataclass(frozen=True)
class PlanAction:
    id: uuid.UUID
    kind: ActionKind
    description: str
    status: ActionStatus
    owner_named: bool       # a named practitioner, family member or written name
    owner_is_family: bool   # a family member owns it: no agency needed
    has_agency: bool
    due_on: date | None


@dataclass(frozen=True)
class PlanNeed:
    id: uuid.UUID
    outcome_code: str | None
    texts: tuple[str, ...]
    status: NeedStatus = NeedStatus.OPEN


@cache
def load_jargon() -> dict[str, str]:
    """TERM → plain words from resources/jargon.txt (comments and blank lines skipped)."""
    text = resources.files("resources").joinpath("jargon.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        term, plain = (part.strip() for part in line.split("=", 1))
        if term and plain:
            out[term] = plain
    return out


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _explained(text: str, term: str, plain: str) -> bool:
    """An acronym counts as explained when its plain words are there or it is followed by a
    bracketed explanation, e.g. "EHCP (Education, Health and Care Plan)"."""
    if plain.lower() in text.lower():
        return True
    return re.search(rf"\b{re.escape(term)}\s*\(", text) is not None


def jargon_in(text: str, jargon: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(term, suggestion) for each unexplained acronym or jargon phrase in `text`, in order."""
    jargon = load_jargon() if jargon is None else jargon
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for term, plain in jargon.items():
        acronym = term.upper() == term or any(c.isupper() for c in term[1:])
        flags = 0 if acronym else re.IGNORECASE
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, flags) and \
                not _explained(text, term, plain) and term.lower() not in seen:
            found.append((term, f'say "{plain}" instead'))
            seen.add(term.lower())
    for m in _ACRONYM.finditer(text):
        word = m.group(0)
        if word.isupper() and len(word) >= 2 and word not in _PLAIN_CAPS \
                and word.lower() not in seen and word not in jargon \
                and not re.search(rf"\b{re.escape(word)}\s*\(", text):
            found.append((word, "spell it out in plain words"))
            seen.add(word.lower())
    return found


def is_professional_wording(text: str) -> bool:
    return any(p.search(text) for p in PROFESSIONAL_WORDING)


def _check_action(a: PlanAction, jargon: dict[str, str]) -> Iterable[Finding]:
    what = _short(a.description)
    if not a.owner_named:
        yield Finding(Severity.PROBLEM, f'"{what}" has no named person who will do it.',
                      "action", a.id, "owner")
    if not a.has_agency and not a.owner_is_family:
        yield Finding(Severity.PROBLEM, f'"{what}" does not say which agency is responsible.',
                      "action", a.id, "owner_agency_id")
    if a.due_on is None:
        yield Finding(Severity.PROBLEM, f'"{what}" has no date it should be done by.',
                      "action", a.id, "due_on")
    if a.kind == ActionKind.FAMILY:
        if is_professional_wording(a.description):
            yield Finding(Severity.WARNING, f'"{what}" reads like a professional task; move it '
                          "to the professional tasks so it stays out of the family's plan.",
                          "action", a.id, "kind")
        for term, advice in jargon_in(a.description, jargon):
            yield Finding(Severity.ADVICE, f'"{term}" in "{what}": {advice}.', "action", a.id,
                          "description")


def check(needs: Sequence[PlanNeed], actions: Sequence[PlanAction],
          jargon: dict[str, str] | None = None) -> list[Finding]:
    """Every finding for a plan, most serious first (stable within a severity)."""
    jargon = load_jargon() if jargon is None else jargon
    findings: list[Finding] = []
    open_actions = [a for a in actions if a.status.is_open]
    family = [a for a in open_actions if a.kind == ActionKind.FAMILY]
    if len(family) > MAX_FAMILY_ACTIONS:
        findings.append(Finding(
            Severity.PROBLEM, f"The plan has {len(family)} family actions; keep it to "
            f"{MAX_FAMILY_ACTIONS} or fewer so the family can hold on to it.", "plan"))
    for a in open_actions:
        findings.extend(_check_action(a, jargon))
    for n in needs:
        if n.status != NeedStatus.OPEN:
            continue
        label = _short(next((t for t in n.texts if t), "A need"))
        if not n.outcome_code:
            findings.append(Finding(Severity.WARNING, f'"{label}" has no Supporting Families '
                                    "outcome.", "need", n.id, "outcome_code"))
        for term, advice in jargon_in(" ".join(n.texts), jargon):
            findings.append(Finding(Severity.ADVICE, f'"{term}" in "{label}": {advice}.',
                                    "need", n.id, "worried_about"))
    order = list(Severity)
    return sorted(findings, key=lambda f: order.index(f.severity))


def plan_rows(session: Session, family_id: uuid.UUID) -> tuple[list[PlanNeed], list[PlanAction]]:
    needs = session.scalars(select(Need).where(Need.family_id == family_id,
                                               Need.deleted_hlc.is_(None))
                            .order_by(Need.created_hlc))
    actions = session.scalars(select(Action).where(Action.family_id == family_id,
                                                   Action.deleted_hlc.is_(None))
                              .order_by(Action.created_hlc))
    return (
        [PlanNeed(n.id, n.outcome_code, (n.worried_about, n.working_well, n.needs_to_happen,
                                         n.family_words), n.status) for n in needs],
        [PlanAction(a.id, a.kind, a.description, a.status,
                    bool(a.owner_practitioner_id or a.owner_person_id or a.owner_name),
                    a.owner_person_id is not None, a.owner_agency_id is not None, a.due_on)
         for a in actions],
    )


def check_family(session: Session, family_id: uuid.UUID) -> list[Finding]:
    needs, actions = plan_rows(session, family_id)
    return check(needs, actions)
