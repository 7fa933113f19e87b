"""Export buttons' behaviour for the meeting and family screens: ask which copy, ask where to
save (in the folder last used, at first Documents; the proposed name carries the family
reference and date, never a name), export in the background, then say where it went with
buttons to open the document or its folder.

    button.clicked.connect(lambda: export_meeting_notes(self, meeting_id))
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from tafapp.core.errors import TafError
from tafapp.ui import files, ops


def _tr(text: str) -> str:
    return QCoreApplication.translate("export_actions", text)


def _notes_choices() -> dict[str, str]:
    return {
        _tr("Family copy — plain words, only the family's actions"): "family",
        _tr("Agency copy — for the team, with every action and written update"): "agency",
        _tr("Coordinator summary — one page"): "coordinator",
    }


def _plan_choices() -> dict[str, str]:
    return {
        _tr("Family copy — the family's actions, in their words"): "family",
        _tr("Agency copy — every action, including professional tasks"): "agency",
    }


def _ask_variant(parent: QWidget | None, title: str, choices: dict[str, str]) -> str | None:
    labels = list(choices)
    label, ok = QInputDialog.getItem(parent, title, _tr("Which copy?"), labels, 0, False)
    return choices.get(label) if ok else None


def _ask_path(parent: QWidget | None, title: str, proposed: str) -> Path | None:
    return files.ask_save_path(parent, title, proposed, _tr("Word document (*.docx)"), ".docx")


def _done(parent: QWidget | None, result: Any) -> None:
    for warning in result.warnings:
        QMessageBox.warning(parent, _tr("Word template"), warning.message())
    path = Path(result.path)
    folder = path.parent.name or str(path.parent)
    files.show_saved(parent, path, _tr("Document saved"),
                     _tr("Saved {name} in {folder}.").format(name=path.name, folder=folder))


def _failed(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, TafError):
        text = str(exc)
    else:
        text = _tr("The document could not be made ({kind}). Nothing was saved.").format(
            kind=type(exc).__name__)
    QMessageBox.critical(parent, _tr("Export failed"), text)


def _run(parent: QWidget | None, title: str, name_fn: Callable[[Any], str],
         export_fn: Callable[[Any, Path], Any]) -> None:
    def save_as(proposed: str) -> None:
        target = _ask_path(parent, title, proposed)
        if target is None:
            return

        def job(progress: ops.Progress, cancelled: Callable[[], bool]) -> Any:
            with ops.current_store().read() as s:
                return export_fn(s, target)

        ops.run_task(parent, job, on_done=lambda r: _done(parent, r),
                     on_error=lambda e: _failed(parent, e), title=_tr("Writing the document"))

    ops.run_query(parent, name_fn, on_done=save_as, on_error=lambda e: _failed(parent, e))


def export_meeting_notes(parent: QWidget | None, meeting_id: uuid.UUID) -> None:
    """Ask for the copy and the file, then write the meeting notes."""
    from tafapp.exports import word

    title = _tr("Export meeting notes")
    variant = _ask_variant(parent, title, _notes_choices())
    if variant is None:
        return
    _run(parent, title, lambda s: word.meeting_filename(s, meeting_id, variant),
         lambda s, out: word.export_meeting_notes(s, meeting_id, variant, out))


def export_family_plan(parent: QWidget | None, family_id: uuid.UUID,
                       as_at: date | None = None) -> None:
    """Ask for the copy and the file, then write the family plan as it stands today."""
    from tafapp.exports import word

    title = _tr("Export family plan")
    variant = _ask_variant(parent, title, _plan_choices())
    if variant is None:
        return
    day = as_at or date.today()
    _run(parent, title, lambda s: word.plan_filename(s, family_id, variant, day),
         lambda s, out: word.export_family_plan(s, family_id, variant, out, as_at=day))
