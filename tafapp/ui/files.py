"""Where files go and how a person finds them again: every save or open dialog starts in the
folder last used for one (at first the user's Documents folder, never the app's own folder),
and after a save the message names the folder, with buttons that open the folder or the file
or say why they could not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from tafapp.ui import settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("files", text)


def documents_folder() -> Path:
    """The user's Documents folder, made if this desktop has none yet (a fresh account); the
    home folder if even that fails."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(docs) if docs else Path.home()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return folder


def start_folder() -> Path:
    """Where a save or open dialog starts: the folder last used, while it still exists."""
    last = settings.value(settings.LAST_FOLDER)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember(path: Path) -> None:
    """`path` was just saved or opened: the next dialog starts in its folder."""
    folder = path if path.is_dir() else path.parent
    settings.set_value(settings.LAST_FOLDER, str(folder))


def ask_save_path(parent: QWidget | None, title: str, proposed: str, file_filter: str,
                  suffix: str) -> Path | None:
    """A save dialog in `start_folder()`; the chosen path gets `suffix` if it lacks it."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / proposed),
                                          file_filter)
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    remember(target)
    return target


def open_path(parent: QWidget | None, path: Path) -> bool:
    """Open a file or folder with the desktop's own program; if that fails, say why and where
    the file is, so it can be found by hand."""
    if not path.exists():
        QMessageBox.warning(parent, _tr("Not found"), _tr(
            "{path} is no longer there: it may have been moved or deleted.").format(path=path))
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    if path.is_dir():
        why = _tr("This computer has no file manager that tafapp can ask to open a folder.")
    else:
        why = _tr("No program on this computer is set to open {kind} files.").format(
            kind=path.suffix or _tr("these"))
    QMessageBox.warning(parent, _tr("Could not open it"), _tr(
        "{why}\n\nThe file is saved at:\n{path}").format(why=why, path=path))
    return False


class SavedMessage(QMessageBox):
    """"Saved X in folder Y", with Open document, Open folder and Close."""

    def __init__(self, parent: QWidget | None, path: Path, title: str, text: str,
                 document: bool = True) -> None:
        super().__init__(parent)
        self.path = path
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(title)
        self.setText(text)
        self.setInformativeText(_tr("Folder: {folder}").format(folder=path.parent))
        self.document_button: QPushButton | None = None
        if document:
            self.document_button = self.addButton(_tr("Open &document"),
                                                  QMessageBox.ButtonRole.AcceptRole)
        self.folder_button = self.addButton(_tr("Open &folder"),
                                            QMessageBox.ButtonRole.ActionRole)
        self.close_button = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.document_button or self.folder_button)
        self.setEscapeButton(self.close_button)

    def act(self, clicked: object) -> bool:
        """Do what the button pressed (`clicked`) asks; False if nothing opened."""
        if clicked is not None and clicked is self.document_button:
            return open_path(self.parentWidget(), self.path)
        if clicked is self.folder_button:
            return open_path(self.parentWidget(), self.path.parent)
        return False


def show_saved(parent: QWidget | None, path: Path, title: str, text: str,
               document: bool = True) -> SavedMessage:
    box = SavedMessage(parent, path, title, text, document)
    box.exec()
    box.act(box.clickedButton())
    return box
