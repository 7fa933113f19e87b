"""The caseload's delegate paints what the style's own delegate paints, pixel for pixel,
only faster; and the model's `painted` answers agree with its roles."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from tafapp.models import FamilyStatus
from tafapp.services.caseload import CaseloadRow
from tafapp.ui.caseload import CaseloadModel, CaseloadPage, Column
from tafapp.ui.caseload.delegate import CaseloadDelegate

LONG = "Riverside Primary School and Nursery, with a name far wider than its column"


def _rows(n: int) -> list[CaseloadRow]:
    names = ["Hughes family", "Lewandowski-Fitzgerald family of Upper Thornaby", "Ng",
             "O'Brien family", ""]
    return [CaseloadRow(
        id=uuid.uuid4(), reference=f"TAF-2026-ABC-{i:04d}", household_name=names[i % 5],
        postcode="" if i % 7 == 0 else "TS1 1AA", level_of_need=i % 4 + 1,
        status=FamilyStatus.OPEN, lead_agency=LONG if i % 2 else "Oak School",
        lead_sector="school", lead_practitioner="Sam Lee", lead_practitioner_id=None,
        opened_on=date(2026, 1, 5),
        next_review_on=None if i % 6 == 0 else date(2026, 11, i % 28 + 1),
        review_overdue=i % 3 == 0, overdue_actions=i % 4, conflicted=False) for i in range(n)]


def _grab(page: CaseloadPage) -> QImage:
    QApplication.processEvents()
    return page.table.viewport().grab().toImage()


def _same_as_style(qtbot, page: CaseloadPage) -> None:  # type: ignore[no-untyped-def]
    delegate = page.table.itemDelegate()
    assert isinstance(delegate, CaseloadDelegate)
    fast = _grab(page)
    page.table.setItemDelegate(QStyledItemDelegate(page.table))
    slow = _grab(page)
    page.table.setItemDelegate(delegate)  # the same one: what it has read must stay right
    assert fast.size() == slow.size() and not fast.isNull()
    assert fast == slow, "the caseload delegate paints differently from the style"


@pytest.fixture
def page(qtbot):  # type: ignore[no-untyped-def]
    page = CaseloadPage()
    qtbot.addWidget(page)
    page.resize(1150, 560)
    page.set_rows(_rows(60))
    page.show()
    qtbot.waitExposed(page)
    return page


def test_paints_as_the_style_does_with_overdue_elided_and_empty_cells(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.table.selectRow(2)
    _same_as_style(qtbot, page)


def test_paints_as_the_style_does_with_focus_in_the_table_and_when_filtered(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.table.setFocus()
    page.table.selectRow(1)
    _same_as_style(qtbot, page)
    page.filter_edit.setText("lewandowski")
    page.table.setColumnWidth(Column.FAMILY, 90)  # elided at another width
    _same_as_style(qtbot, page)


def test_paints_as_the_style_does_in_large_text_another_palette_and_right_to_left(  # type: ignore[no-untyped-def]
        qtbot, page) -> None:
    page.table.selectRow(3)
    _same_as_style(qtbot, page)  # painted once: what the delegate read must follow changes
    palette = page.table.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#003366"))
    page.table.setPalette(palette)
    _same_as_style(qtbot, page)
    font = QFont(page.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    page.table.setFont(font)
    _same_as_style(qtbot, page)
    page.table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    _same_as_style(qtbot, page)


def test_painted_agrees_with_the_roles() -> None:
    model = CaseloadModel()
    model.set_rows(_rows(30))
    model.set_filter("taf")
    for row in range(model.rowCount()):
        for column in Column:
            index = model.index(row, column)
            cell = model.painted(row, column)
            assert cell is not None
            text, background, foreground, centred = cell
            assert text == (index.data() or "")
            assert background == index.data(Qt.ItemDataRole.BackgroundRole)
            assert foreground == index.data(Qt.ItemDataRole.ForegroundRole)
            assert centred == (index.data(Qt.ItemDataRole.TextAlignmentRole) is not None)
    assert model.painted(model.rowCount(), 0) is None
    assert model.painted(0, len(Column)) is None
