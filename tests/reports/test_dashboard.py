"""The dashboard on the hand-built dataset: figures, models, drill-down, exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from tafapp.models import AuditEvent
from tafapp.ui import ops, settings
from tafapp.ui.dashboard import DashboardPage
from tests.reports.conftest import TODAY


@pytest.fixture
def page(qtbot, hub) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    store, _ = hub
    ops.set_store(store)
    ops.set_inline(True)
    # today 2026-04-15: the default period is 2026 Q2; the tests pick Q1 through the picker
    w = DashboardPage(today=lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    with qtbot.waitSignal(w.sig_loaded):
        w.picker.on.setDate(QDate(2026, 2, 1))
    yield w
    ops.set_inline(False)
    ops.set_store(None)


def test_figures_for_the_chosen_period(page: DashboardPage) -> None:
    assert page.snapshot is not None and page.snapshot.period.label == "2026 Q1"
    figures = [t.figure.text() for t in page.tiles]
    # partner-led 3/4; open 5; first contact 2/3; reviews 2/5; overdue 4; re-referrals 2/5
    assert figures == ["75.0%", "5", "66.7%", "40.0%", "4", "40.0%"]
    assert page.tiles[0].detail.text() == "3 of 4 open with a lead"
    assert page.views["trend"].chart().series()[0].count() == 12


def test_models_pass_the_model_tester(page: DashboardPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for model in (page.sector_model, page.overdue_model, page.closure_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    page.show_families("worked_with")
    qtmodeltester.check(page.drill_model)


def test_drill_down_lists_references(page: DashboardPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    sectors = [page.sector_model.row_at(i).sector for i in range(page.sector_model.rowCount())]
    school = page.sector_model.index(sectors.index("school"), 0)
    with qtbot.waitSignal(page.sig_drilled) as got:
        page.tables["sector"].doubleClicked.emit(school)
    refs = [page.drill_model.row_at(i).reference for i in range(page.drill_model.rowCount())]
    assert refs == ["TAF-1", "TAF-6"] and got.args[0].total == 2
    assert page.drill_title.text().startswith("2 families open at the period's end")
    page.tiles[3].sig_clicked.emit(page.tiles[3].measure)  # reviews held late: M3 (F3), M9 (F4)
    refs = [page.drill_model.row_at(i).reference for i in range(page.drill_model.rowCount())]
    assert refs == ["TAF-3", "TAF-4"]
    page.tiles[2].sig_clicked.emit(page.tiles[2].measure)  # first contact late: F2 (10 days)
    assert [page.drill_model.row_at(0).reference] == ["TAF-2"]


def test_custom_period_the_wrong_way_is_named(page: DashboardPage) -> None:
    page.picker.kind.setCurrentIndex(3)
    page.picker.start.setDate(QDate(2026, 3, 10))
    page.picker.end.setDate(QDate(2026, 3, 1))
    assert "before the first day" in page.picker.problem.text()
    page.picker.start.setDate(QDate(2026, 3, 1))
    page.picker.end.setDate(QDate(2026, 3, 9))
    assert page.picker.problem.text() == ""
    assert page.snapshot is not None and page.snapshot.period.end == date(2026, 3, 9)


def test_export_without_and_with_names(page: DashboardPage, hub, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = hub
    target = tmp_path / "out.xlsx"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))  # the folder used is remembered there
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.exports.export("xlsx")
    assert settings.value(settings.LAST_FOLDER) == str(tmp_path)
    assert "Household TAF-1" not in _cells(target) and "TAF-1" in _cells(target)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[1]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    page.exports.names.setChecked(True)
    assert warned == ["Names in exports"]
    target.unlink()
    page.exports.export("xlsx")
    assert not target.exists()  # said no: nothing written
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    page.exports.export("xlsx")
    assert "Household TAF-1" in _cells(target)
    with store.read() as s:
        whats = s.scalars(select(AuditEvent.what)).all()
    assert whats.count("exported with names") == 1


def _cells(path: Path) -> set[object]:
    return {c.value for ws in load_workbook(path) for row in ws.iter_rows() for c in row}
