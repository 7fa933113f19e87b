"""The Qt helpers behind the export buttons, with their dialogs patched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from tafapp.demo.sample import SampleFamily
from tafapp.storage.store import Store
from tafapp.ui import export_actions, files, ops
from tests.exports.conftest import open_docx


@pytest.fixture
def ui(qtbot: Any, shared: tuple[Store, SampleFamily]) -> Iterator[QWidget]:
    ops.set_inline(True)
    ops.set_store(shared[0])
    widget = QWidget()
    qtbot.addWidget(widget)
    yield widget
    ops.set_store(None)
    ops.set_inline(False)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    # The folder last used is remembered in the settings: this test's own.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    seen: dict[str, Any] = {"choice": 0, "press": "close", "opens": True, "opened": [],
                            "errors": [], "warnings": [], "saved": []}
    docs = tmp_path / "home" / "Documents"  # not made yet: a fresh account

    def get_item(parent: Any, title: str, label: str, items: list[str], *a: Any) -> Any:
        seen["items"] = items
        return (items[seen["choice"]], True) if seen["choice"] is not None else ("", False)

    def save_name(parent: Any, title: str, proposed: str, filt: str) -> tuple[str, str]:
        seen["proposed"] = Path(proposed).name
        seen["started_in"] = Path(proposed).parent
        return str(tmp_path / "chosen"), filt

    def open_url(url: Any) -> bool:
        seen["opened"].append(url)
        return seen["opens"]

    def pressed(box: files.SavedMessage) -> Any:
        seen["saved"].append((box.text(), box.informativeText()))
        return {"document": box.document_button, "folder": box.folder_button,
                "close": box.close_button}[seen["press"]]

    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: str(docs))
    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(files.SavedMessage, "exec", lambda box: 0)
    monkeypatch.setattr(files.SavedMessage, "clickedButton", pressed)
    monkeypatch.setattr(QMessageBox, "critical", lambda p, t, text: seen["errors"].append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text: seen["warnings"].append(text))
    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return seen


def test_meeting_notes_saved_where_chosen(ui: QWidget, dialogs: dict[str, Any],
                                          shared: tuple[Store, SampleFamily],
                                          tmp_path: Path) -> None:
    export_actions.export_meeting_notes(ui, shared[1].review_meeting_id)
    assert dialogs["proposed"] == "TAF-2026-DEMO-0042_meeting-notes_family_2026-11-17.docx"
    assert dialogs["started_in"] == tmp_path / "home" / "Documents"  # made, then offered
    assert dialogs["started_in"].is_dir()
    saved = tmp_path / "chosen.docx"  # .docx added when the name was typed without it
    assert open_docx(saved.read_bytes()).paragraphs[0].text == "Notes from your meeting"
    assert dialogs["opened"] == [] and dialogs["errors"] == []
    (said, folder), = dialogs["saved"]
    assert said == f"Saved chosen.docx in {tmp_path.name}." and str(tmp_path) in folder
    export_actions.export_meeting_notes(ui, shared[1].review_meeting_id)
    assert dialogs["started_in"] == tmp_path  # then the folder last used


def test_plan_opened_when_asked(ui: QWidget, dialogs: dict[str, Any],
                                shared: tuple[Store, SampleFamily], tmp_path: Path) -> None:
    dialogs["choice"], dialogs["press"] = 1, "document"
    export_actions.export_family_plan(ui, shared[1].family_id)
    saved = tmp_path / "chosen.docx"
    assert open_docx(saved.read_bytes()).paragraphs[0].text == "Family plan"
    assert [u.toLocalFile() for u in dialogs["opened"]] == [str(saved)]
    dialogs["press"] = "folder"
    export_actions.export_family_plan(ui, shared[1].family_id)
    assert dialogs["opened"][-1].toLocalFile() == str(tmp_path)
    assert dialogs["warnings"] == []


def test_a_document_that_will_not_open_says_why_and_where(
        ui: QWidget, dialogs: dict[str, Any], shared: tuple[Store, SampleFamily],
        tmp_path: Path) -> None:
    dialogs["press"], dialogs["opens"] = "document", False
    export_actions.export_family_plan(ui, shared[1].family_id)
    (warning,) = dialogs["warnings"]
    assert "No program on this computer is set to open .docx files" in warning
    assert str(tmp_path / "chosen.docx") in warning
    dialogs["press"] = "folder"
    export_actions.export_family_plan(ui, shared[1].family_id)
    assert "no file manager" in dialogs["warnings"][-1]


def test_cancel_writes_nothing(ui: QWidget, dialogs: dict[str, Any],
                               shared: tuple[Store, SampleFamily], tmp_path: Path) -> None:
    dialogs["choice"] = None
    export_actions.export_meeting_notes(ui, shared[1].review_meeting_id)
    assert "proposed" not in dialogs
    assert not (tmp_path / "chosen.docx").exists()


def test_failure_is_shown_in_words(ui: QWidget, dialogs: dict[str, Any],
                                   monkeypatch: pytest.MonkeyPatch,
                                   shared: tuple[Store, SampleFamily]) -> None:
    import errno

    from tafapp.exports import files

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    export_actions.export_meeting_notes(ui, shared[1].review_meeting_id)
    (message,) = dialogs["errors"]
    assert "The disk is full" in message
