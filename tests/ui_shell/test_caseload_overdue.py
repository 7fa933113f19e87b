"""The caseload says which actions are overdue (below the list and in the tooltip) and how
many closed families it hides; the list agrees with the count and the family record."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tafapp.services import caseload, ui_support
from tafapp.storage.store import Store
from tafapp.ui import ops
from tafapp.ui.caseload import CaseloadPage
from tafapp.ui.caseload.model import Column


def _page(qtbot, store: Store) -> CaseloadPage:  # type: ignore[no-untyped-def]
    ops.set_store(store)
    page = CaseloadPage()
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.reload()
    return page


def test_closed_families_hidden_are_counted(qtbot, demo_store: Store) -> None:
    with demo_store.read() as s:
        closed = caseload.closed_count(s)
        shown = len(caseload.caseload(s, date.today()))
    assert closed > 0
    page = _page(qtbot, demo_store)
    text = page.count_label.text()
    assert text.startswith(f"{shown} families") and f"{closed} closed families not shown" in text
    page.closed_check.setChecked(True)
    assert page.count_label.text() == f"{shown + closed} families"


def test_overdue_actions_listed_for_the_selected_family(qtbot, demo_store: Store) -> None:
    page = _page(qtbot, demo_store)
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    late = max(range(len(rows)), key=lambda i: rows[i].overdue_actions)
    assert rows[late].overdue_actions >= 2
    calm = next(i for i, r in enumerate(rows) if r.overdue_actions == 0)
    page.table.selectRow(late)
    row = rows[late]
    qtbot.waitUntil(lambda: page.overdue_label.text().startswith(
        f"Overdue for {row.household_name}:") and not page.overdue_label.isHidden())
    shown = page.overdue_label.text().splitlines()
    tip = page.model.data(page.model.index(late, Column.OVERDUE_ACTIONS),
                          Qt.ItemDataRole.ToolTipRole)
    lines = tip.splitlines()
    assert len(lines) - 1 == row.overdue_actions  # the list agrees with the count
    with demo_store.read() as s:
        view = ui_support.family_view(s, row.id)
    assert {a.description for a in view.actions if a.overdue} == \
        {line[2:].rsplit(" — ", 1)[0] for line in lines[1:]}  # and with the family record
    # At most four listed under the table; all of them in the tooltip.
    if row.overdue_actions > 4:
        assert shown[1:5] == lines[1:5] and "and " in shown[5] and len(shown) == 6
    else:
        assert shown == lines
    page.table.selectRow(calm)
    qtbot.waitUntil(lambda: page.overdue_label.isHidden())
