"""Pieces every section of the family page shares: the section base, tables, option lists."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTreeView,
    QWidget,
)
from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.services import ui_support
from tafapp.services.ui_support import Directory, FamilyView, PersonRow
from tafapp.ui import ops
from tafapp.ui.family.forms import FieldSpec
from tafapp.ui.family.rows_model import words
from tafapp.ui.tables import WrappingHeader, notice_label, select_where, show_focus

_DIRECTORY: dict[str, Any] = {"stamp": None, "directory": None}


def cached_directory(session: Session) -> Directory:
    """The agency directory, reused while unchanged: it is the biggest part of opening a
    family or a meeting and changes rarely. Runs on the database thread (the only writer of
    this cache)."""
    stamp = ui_support.directory_stamp(session)
    if _DIRECTORY["stamp"] != stamp:
        _DIRECTORY.update(stamp=stamp, directory=ui_support.directory(session))
    return _DIRECTORY["directory"]  # type: ignore[no-any-return]


class Section(QWidget):
    """One part of the family record. The page gives it every fresh `FamilyView`."""

    sig_changed = Signal()
    """Something in the record was saved; the page reloads the family."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: FamilyView | None = None
        self.message = QLabel()
        self.message.setObjectName("section_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4262c;")
        self.message.hide()
        self.notice = notice_label("section_notice")
        self._added: tuple[QAbstractItemView, uuid.UUID, str] | None = None

    @property
    def family_id(self) -> uuid.UUID:
        assert self.view is not None
        return self.view.header.id

    def set_view(self, view: FamilyView) -> None:
        self.view = view
        self.message.hide()
        self.refresh()
        if self._added is not None:
            list_view, item_id, text = self._added
            self._added = None
            select_where(list_view, lambda row: getattr(row, "id", None) == item_id)
            list_view.setFocus()
            self.notice.setText(text)
            self.notice.show()
        else:
            self.notice.hide()

    def confirm_added(self, view: QAbstractItemView, result: Any, text: str) -> None:
        """After an add: once the record is read again, the new row is chosen and scrolled
        to, and `text` confirms it."""
        item_id = getattr(result, "id", None)
        if item_id is not None:
            self._added = (view, item_id, text)

    def refresh(self) -> None:
        """Fill the section's widgets from `self.view`."""

    def run(self, job: Callable[[Session], Any], on_done: Callable[[Any], None] | None = None
            ) -> None:
        """Run a service call; on success tell the page, on a rejection say why here."""
        def done(result: Any) -> None:
            self.message.hide()
            if on_done is not None:
                on_done(result)
            self.sig_changed.emit()

        ops.run_op(self, job, on_done=done, on_error=self.show_problem)

    def show_problem(self, exc: BaseException) -> None:
        if not isinstance(exc, InputRejected):
            raise exc
        self.message.setText(exc.message[:1].upper() + exc.message[1:])
        self.message.show()


def make_table(model: QAbstractItemModel, name: str, tree: bool = False,
               stretch: tuple[int, ...] = (0,)) -> QTableView:
    """A keyboard-friendly list. `stretch`: the columns of free text that share the spare
    width; the others fit their contents (the lists here are one family's, so small). Headers
    wrap rather than being cut; a cell's whole text is in its tooltip."""
    view: Any = QTreeView() if tree else QTableView()
    if tree:
        view.setHeader(WrappingHeader(view))
    else:
        view.setHorizontalHeader(WrappingHeader(view))
    view.setModel(model)
    show_focus(view)
    view.setObjectName(name)
    view.setAccessibleName(name.replace("_", " "))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    header = view.header() if tree else view.horizontalHeader()
    if tree:
        view.setUniformRowHeights(True)
    else:
        view.verticalHeader().hide()
        view.setWordWrap(False)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(60)
    for col in range(model.columnCount()):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return view


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        b.setAccessibleName(b.text().replace("&", ""))
        row.addWidget(b)
    row.addStretch(1)
    return row


def selected(view: QTableView) -> Any | None:
    index = view.currentIndex()
    model: Any = view.model()
    return model.row_at(index) if index.isValid() else None


def enum_options(enum_cls: type[StrEnum], blank: str | None = None) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [(blank, None)] if blank is not None else []
    return out + [(words(m.value), m.value) for m in enum_cls]


def agency_options(d: Directory, blank: str | None = "(no agency)") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [(blank, None)] if blank is not None else []
    return out + [(a.name, a.id) for a in d.agencies]


def practitioner_options(d: Directory, blank: str = "(nobody named)") -> list[tuple[str, Any]]:
    return [(blank, None)] + [(f"{p.name} ({p.agency})" if p.agency else p.name, p.id)
                              for p in d.practitioners]


def person_options(people: Sequence[PersonRow], blank: str | None = "(nobody)"
                   ) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [(blank, None)] if blank is not None else []
    return out + [(p.full_name, p.id) for p in people]


def date_field(name: str, label: str, aliases: tuple[str, ...] = ()) -> FieldSpec:
    return FieldSpec(name, label, "date", aliases=aliases)


SOMEONE_ELSE = "someone_else"
"""The "Who" choice for a person in neither the directory nor the family: a typed name."""


def _practitioner_label(p: Any) -> str:
    return f"{p.name} ({p.agency})" if p.agency else p.name


def who_options(d: Directory, people: Sequence[PersonRow], first: set[uuid.UUID] | None = None,
                first_label: str = "in the team") -> list[tuple[str, Any]]:
    """One "Who" list for an action: the practitioners in `first` (the family's team), the
    family's own people, someone else by name, then the rest of the directory."""
    first = first or set()
    ahead = [p for p in d.practitioners if p.id in first]
    rest = [p for p in d.practitioners if p.id not in first]
    out: list[tuple[str, Any]] = [("(nobody named yet)", None)]
    out += [(f"{_practitioner_label(p)} — {first_label}", ("practitioner", p.id))
            for p in ahead]
    out += [(f"{p.full_name} — family", ("person", p.id)) for p in people]
    out += [("Someone else (type their name)", SOMEONE_ELSE)]
    out += [(_practitioner_label(p), ("practitioner", p.id)) for p in rest]
    return out


def who_fields(choice: Any, name: str = "") -> dict[str, Any]:
    """The services' owner fields for a "Who" choice (None: nobody named yet)."""
    kind, ident = choice if isinstance(choice, tuple) else (choice, None)
    return {"owner_practitioner_id": ident if kind == "practitioner" else None,
            "owner_person_id": ident if kind == "person" else None,
            "owner_name": name.strip() if kind == SOMEONE_ELSE else ""}


def who_choice(practitioner_id: uuid.UUID | None, person_id: uuid.UUID | None,
               name: str) -> Any:
    """The "Who" choice showing an action's owner (the reverse of `who_fields`)."""
    if practitioner_id is not None:
        return ("practitioner", practitioner_id)
    if person_id is not None:
        return ("person", person_id)
    return SOMEONE_ELSE if name else None


def team_practitioners(team: Sequence[Any]) -> set[uuid.UUID]:
    return {t.practitioner_id for t in team if t.practitioner_id is not None and not t.left_on}
