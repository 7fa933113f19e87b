"""Every main screen at 1366×768, in normal and large text: no header cut, no text cut without
its tooltip, no sideways scrollbar in the sidebar, no two controls on the same Alt+letter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import func, select

from tafapp.models import Action, Family, FamilyStatus
from tafapp.storage.store import Store
from tafapp.ui import settings
from tafapp.ui.app import app
from tests.ui_shell.screens import clashes, fit_problems, settle, walk, walk_hub

SIZE = (1366, 768)


def _busiest(store: Store) -> Any:
    with store.read() as s:
        return s.scalar(
            select(Family.id).join(Action, Action.family_id == Family.id)
            .where(Family.status == FamilyStatus.OPEN, Action.deleted_hlc.is_(None))
            .group_by(Family.id).order_by(func.count(Action.id).desc()).limit(1))


@pytest.fixture
def window(qtbot: Any, demo_store: Store) -> Iterator[Any]:
    shell = app.build_shell(demo_store)
    qtbot.addWidget(shell.window)
    shell.window.resize(*SIZE)
    shell.window.show()
    settle()
    yield shell.window
    settings.set_large_text(False)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_screen_fits_at_1366x768(window: Any, demo_store: Store, large: bool) -> None:
    settings.set_large_text(large)
    settle()
    problems = []
    for name in walk(window, _busiest(demo_store)):
        problems += [f"{name}: {p}" for p in fit_problems(window)]
    assert not problems, "\n".join(problems[:80])


def test_every_screen_has_unique_alt_letters(window: Any, demo_store: Store) -> None:
    problems = []
    for name in walk(window, _busiest(demo_store)):
        problems += [f"{name}: {c}" for c in clashes(window)]
    assert not problems, "\n".join(problems[:80])


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_hub_screen_fits_and_has_unique_alt_letters(qtbot: Any, hub_store: Store,
                                                          large: bool) -> None:
    shell = app.build_shell(hub_store)
    qtbot.addWidget(shell.window)
    shell.window.resize(*SIZE)
    shell.window.show()
    settings.set_large_text(large)
    try:
        problems = []
        for name in walk_hub(shell.window):
            problems += [f"hub {name}: {p}" for p in fit_problems(shell.window)]
            problems += [f"hub {name}: {c}" for c in clashes(shell.window)]
        assert not problems, "\n".join(problems[:80])
    finally:
        settings.set_large_text(False)


def test_the_checker_finds_a_clash_and_a_cut_column(window: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    window.show_page("caseload")
    extra = QPushButton("&File it", window.caseload)
    extra.show()
    settle()
    assert any("Alt+F" in c for c in clashes(window))
    extra.deleteLater()
    header = window.caseload.table.horizontalHeader()
    header.setSectionResizeMode(1, header.ResizeMode.Interactive)
    header.resizeSection(1, 20)
    settle()
    assert any("header 'Family' cut" in p for p in fit_problems(window))


def test_ctrl_shift_l_ticks_every_large_text_box(qtbot: Any, window: Any) -> None:
    meeting = window.page("meeting")
    window.show_page("meeting")
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+L"))
    settle()
    assert settings.value(settings.LARGE_TEXT) is True
    assert window.large_text_action.isChecked() and meeting.large_text.isChecked()
    assert not window.nav.horizontalScrollBar().isVisible()
    meeting.large_text.setChecked(False)
    assert not window.large_text_action.isChecked()
    assert window.nav.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff



def test_a_first_start_on_a_small_screen_fills_it(qtbot: Any) -> None:
    from tafapp.ui.main_window import SMALL_SCREEN, MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()
    window.restore_state()  # nothing remembered yet: a first start
    if screen.width() <= SMALL_SCREEN[0] or screen.height() <= SMALL_SCREEN[1]:
        assert window.windowState() & Qt.WindowState.WindowMaximized
        assert window.size() == screen.size()
    else:
        assert not window.windowState() & Qt.WindowState.WindowMaximized


def test_a_focused_list_shows_a_frame(qtbot: Any, window: Any) -> None:
    from PySide6.QtWidgets import QWidget

    window.show_page("caseload")
    window.activateWindow()
    table = window.caseload.table
    ring = table.findChild(QWidget, "focus_ring")
    table.setFocus()
    qtbot.waitUntil(lambda: table.hasFocus())
    assert ring.isVisible() and ring.geometry() == table.rect()
    window.caseload.filter_edit.setFocus()
    qtbot.waitUntil(lambda: not ring.isVisible())
