"""Plan checker rules, plain pytest over rows, plus one pass over a real store."""

from __future__ import annotations

import uuid
from datetime import date

from tafapp.models import ActionKind, ActionStatus, NeedStatus
from tafapp.services import plan_checker as pc
from tafapp.services.plan_checker import PlanAction, PlanNeed, Severity


def act(desc: str = "Jayden will go to homework club", *, kind: ActionKind = ActionKind.FAMILY,
        owner: bool = True, agency: bool = True, due: date | None = date(2026, 12, 1),
        family_owner: bool = False, status: ActionStatus = ActionStatus.NOT_STARTED
        ) -> PlanAction:
    return PlanAction(uuid.uuid4(), kind, desc, status, owner, family_owner, agency, due)


def need(code: str | None = "education", text: str = "Jayden is missing school") -> PlanNeed:
    return PlanNeed(uuid.uuid4(), code, (text, "", "", ""))


def fields(findings: list[pc.Finding]) -> list[str]:
    return [f.field for f in findings]


def test_a_clean_plan_has_no_findings() -> None:
    assert pc.check([need()], [act(), act("Mum will call the school each Monday")]) == []


def test_more_than_eight_family_actions_is_a_problem_but_tasks_do_not_count() -> None:
    actions = [act(f"Step {i}") for i in range(9)]
    found = pc.check([], actions)
    assert found[0].severity == Severity.PROBLEM and found[0].item_kind == "plan"
    assert "9 family actions" in found[0].message
    eight = [act(f"Step {i}") for i in range(8)] + [act("Chase housing",
                                                         kind=ActionKind.PROFESSIONAL)]
    assert all(f.item_kind != "plan" for f in pc.check([], eight))
    done = [act(f"Step {i}", status=ActionStatus.ACHIEVED) for i in range(9)]
    assert pc.check([], done) == []


def test_missing_owner_agency_and_due_date_each_named() -> None:
    a = act(owner=False, agency=False, due=None)
    found = pc.check([], [a])
    assert sorted(fields(found)) == ["due_on", "owner", "owner_agency_id"]
    assert all(f.item_id == a.id and f.severity == Severity.PROBLEM for f in found)


def test_a_family_member_owner_needs_no_agency() -> None:
    assert pc.check([], [act("Mum will walk Jayden to school", agency=False,
                             family_owner=True)]) == []


def test_professional_wording_in_the_family_plan_is_flagged() -> None:
    for text in ("Make a referral to speech and language", "Chase housing about repairs",
                 "Liaise with school about attendance"):
        found = pc.check([], [act(text)])
        assert fields(found) == ["kind"], text
        assert "professional task" in found[0].message
    assert pc.check([], [act("Chase housing", kind=ActionKind.PROFESSIONAL)]) == []


def test_unexplained_acronyms_and_jargon() -> None:
    found = pc.check([], [act("Apply for an EHCP for Jayden")])
    assert [f.severity for f in found] == [Severity.ADVICE]
    assert "Education, Health and Care Plan" in found[0].message
    assert pc.check([], [act("Apply for an EHCP (Education, Health and Care Plan)")]) == []
    found = pc.check([], [act("Talk about safeguarding with Mum")])
    assert "keeping children safe" in found[0].message
    unknown = pc.check([], [act("Go to the QRZ group")])
    assert "spell it out" in unknown[0].message
    assert pc.check([], [act("Watch less TV in the evening")]) == []


def test_need_without_outcome_and_jargon_in_needs() -> None:
    n = need(code=None, text="Worried about CAMHS wait")
    found = pc.check([n], [])
    assert [f.field for f in found] == ["outcome_code", "worried_about"]
    assert found[0].severity == Severity.WARNING
    met = PlanNeed(uuid.uuid4(), None, ("x", "", "", ""), NeedStatus.MET)
    assert pc.check([met], []) == []


def test_jargon_file_loads_acronyms_and_phrases() -> None:
    jargon = pc.load_jargon()
    assert jargon["TAF"] == "Team Around the Family"
    assert "safeguarding" in jargon and all(v for v in jargon.values())


def test_check_family_on_a_store(store) -> None:  # type: ignore[no-untyped-def]
    from tafapp.services import directory, families, plans

    with store.begin() as s:
        school = directory.add_agency(s, "Hill School", "school")
        f = families.open_family(s, "Smith", opened_on="01/09/2026")
        n = plans.add_need(s, f.id, worried_about="Jayden misses school")
        plans.add_action(s, f.id, "Chase the school", owner_agency_id=school.id,
                         need_id=n.id)
        fid = f.id
    with store.read() as s:
        found = pc.check_family(s, fid)
    assert {f.field for f in found} == {"owner", "due_on", "kind", "outcome_code"}


def test_findings_over_loaded_rows_match_the_store_check(store) -> None:  # type: ignore[no-untyped-def]
    from tafapp.services import ui_support
    from tests.ui_screens.builders import seed

    demo = seed(store, with_plan=True)
    from tafapp.services import plans

    with store.begin() as s:
        plans.add_need(s, demo.family_id, worried_about="The TAF plan is unclear")
        plans.add_action(s, demo.family_id, "Liaise with the GP", owner_name="Kerry")
    with store.read() as s:
        direct = pc.check_family(s, demo.family_id)
        via_view = ui_support.findings(ui_support.family_view(s, demo.family_id))
    assert direct == via_view and len(direct) >= 4


def test_directory_stamp_changes_with_the_directory(store) -> None:  # type: ignore[no-untyped-def]
    from tafapp.services import directory, ui_support

    with store.read() as s:
        before = ui_support.directory_stamp(s)
    with store.begin() as s:
        directory.add_practitioner(s, "New Person")
    with store.read() as s:
        after = ui_support.directory_stamp(s)
        assert "New Person" in [p.name for p in ui_support.directory(s).practitioners]
    assert before != after


def test_the_summary_counts_in_words_and_praises_only_a_plan_on_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tafapp.services.plan_checker import Finding, Severity
    from tafapp.ui.family.checker import CheckerPanel

    panel = CheckerPanel()
    qtbot.addWidget(panel)
    assert panel.summary_text([], 0) == "The plan follows the rules. Well done."
    assert panel.summary_text([], 6) == "The plan follows the rules. 6 actions are overdue."
    assert panel.summary_text([], 1) == "The plan follows the rules. 1 action is overdue."
    one = Finding(Severity.PROBLEM, "No review date", "plan")
    assert panel.summary_text([one], 0) == "1 thing to look at, 1 to fix."
    assert panel.summary_text([one, one], 2) == \
        "2 things to look at, 2 to fix. 2 actions are overdue."
