"""Walk every main screen of the real window (each family tab, each meeting step) and judge
what a person sees: a column narrower than its header, a cell's text cut with no tooltip to
read it, a sideways scrollbar in the sidebar, two controls answering the same Alt+letter."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListView,
    QStyle,
    QTabBar,
    QWidget,
)

from tafapp.ui.tables import WRAP, header_text

CELL_MARGIN = 8  # the style's padding either side of a cell's text


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def walk(window: Any, family_id: uuid.UUID) -> Iterator[str]:
    """Show each screen in turn; yields its name while it is on screen."""
    window.show_page("caseload")
    settle()
    yield "caseload"
    window.open_family(family_id)
    family = window.page("family")
    for i in range(family.tabs.count()):
        family.tabs.setCurrentIndex(i)
        settle()
        yield f"family/{family.tabs.tabText(i).replace('&', '')}"
    meeting = window.show_page("meeting")
    meeting.start(family_id, "review")
    for i in range(len(meeting.steps)):
        meeting.go_to(i)
        settle()
        yield f"meeting/{i + 1}"
    if window.show_page("sync") is not None:
        settle()
        yield "sync"


def walk_hub(window: Any) -> Iterator[str]:
    for key in ("caseload", "import", "conflicts", "dashboard"):
        if window.show_page(key) is not None:
            settle()
            yield key


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0


def _views(window: QWidget) -> list[QAbstractItemView]:
    # Lists (the sidebar, the agenda) hold one line of words each and are judged apart.
    return [v for v in window.findChildren(QAbstractItemView)
            if _shown(v) and not isinstance(v, (QHeaderView, QListView))
            and v.model() is not None]


def _header_problems(view: Any) -> list[str]:
    header = view.header() if hasattr(view, "header") else \
        view.horizontalHeader() if hasattr(view, "horizontalHeader") else None
    if header is None or not header.isVisible():
        return []
    metrics = header.fontMetrics()
    # What Qt itself leaves beside a header's text (a header sized to its contents fits).
    padding = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
    wraps = bool(int(header.defaultAlignment()) & int(Qt.TextFlag.TextWordWrap))
    out = []
    for col in range(header.count()):
        text = header_text(view.model(), col)
        if not text or header.isSectionHidden(col):
            continue
        width = header.sectionSize(col) - padding
        if wraps:
            longest = max(metrics.horizontalAdvance(w) for w in text.split())
            tall = metrics.boundingRect(QRect(0, 0, max(width, 1), 10_000), int(WRAP),
                                        text).height()
            if longest > width or tall > header.height():
                out.append(f"{view.objectName()}: header {text!r} cut ({width}px wide, "
                           f"{header.height()}px high)")
        elif max(metrics.boundingRect(line).width() for line in text.splitlines()) > width:
            name = view.objectName() or view.accessibleName()
            out.append(f"{name}: column {text!r} is {width}px, narrower than its header")
    return out


def _cell_problems(view: Any) -> list[str]:
    model = view.model()
    metrics = view.fontMetrics()
    out = []
    area = view.viewport().rect()

    def visit(parent: Any) -> None:
        for row in range(model.rowCount(parent)):
            for col in range(model.columnCount(parent)):
                index = model.index(row, col, parent)
                rect = view.visualRect(index)
                if not rect.isValid() or not area.intersects(rect):
                    continue
                text = model.data(index, Qt.ItemDataRole.DisplayRole)
                if not isinstance(text, str) or not text:
                    continue
                wrapped = view.wordWrap() and metrics.boundingRect(
                    QRect(0, 0, max(rect.width() - CELL_MARGIN, 1), 10_000),
                    int(Qt.TextFlag.TextWordWrap), text).height() <= rect.height()
                fits = metrics.horizontalAdvance(text) + CELL_MARGIN <= rect.width()
                if fits or wrapped:
                    continue
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if not isinstance(tip, str) or text not in tip:
                    out.append(f"{view.objectName() or view.accessibleName()}: {text[:40]!r} cut "
                           "without a tooltip")
            first = model.index(row, 0, parent)
            if model.rowCount(first) > 0:
                visit(first)

    from PySide6.QtCore import QModelIndex

    visit(QModelIndex())
    return out


def fit_problems(window: Any) -> list[str]:
    """What is cut on the screen shown now."""
    problems: list[str] = []
    for view in _views(window):
        if view.horizontalScrollBar().isVisible():
            problems.append(f"{view.objectName() or view.accessibleName()}: scrolls sideways")
        problems += _header_problems(view)
        problems += _cell_problems(view)
    nav = window.nav
    if nav.horizontalScrollBar().isVisible():
        problems.append("the sidebar scrolls sideways")
    room = nav.viewport().width()
    for i in range(nav.count()):
        if nav.fontMetrics().horizontalAdvance(nav.item(i).text()) + CELL_MARGIN > room:
            problems.append(f"sidebar: {nav.item(i).text()!r} is cut")
    return problems


_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text or "")
    return found.group(1).lower() if found else None


def mnemonics(window: Any) -> dict[str, list[str]]:
    """Alt+letter → the controls on the shown screen (and the menu bar) answering it."""
    keys: dict[str, list[str]] = {}

    def add(text: str, what: str) -> None:
        letter = _letter(text)
        if letter is not None:
            keys.setdefault(letter, []).append(what)

    for action in window.menuBar().actions():
        add(action.text(), f"menu {action.text()!r}")
    for widget in window.findChildren(QWidget):
        if not _shown(widget):
            continue
        if isinstance(widget, QAbstractButton) and widget.isEnabled():
            add(widget.text(), f"button {widget.text()!r}")
        elif isinstance(widget, QLabel) and widget.buddy() is not None \
                and _shown(widget.buddy()):
            add(widget.text(), f"label {widget.text()!r}")
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title(), f"group {widget.title()!r}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget.tabText(i), f"tab {widget.tabText(i)!r}")
    return keys


def clashes(window: Any) -> list[str]:
    return [f"Alt+{k.upper()}: {', '.join(v)}" for k, v in sorted(mnemonics(window).items())
            if len(v) > 1]
