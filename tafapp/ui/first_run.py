"""The first-run dialog: who this profile belongs to and how its key is kept, or "Try it with
demo data": a practice laptop and a practice hub beside the real profile (`tafapp.demo.pair`),
never mixed with it. Shown only when no profile exists at the chosen place."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.storage.vault import MIN_PASSPHRASE

DEMO_OWNER = "Sam Demo"
DEMO_AGENCY = "Oak Primary School (demo)"
DEMO_SECTOR = "school"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


@dataclass(frozen=True)
class FirstRunChoice:
    role: str
    name: str
    agency: str = ""
    sector: str = ""
    passphrase: str | None = None
    demo: bool = False
    """Try it with demo data: make (or open) the practice laptop and hub, not this profile."""


def problem(choice: FirstRunChoice, needs_passphrase: bool, confirm: str | None) -> str | None:
    """What is wrong with the form, as a sentence naming the field; None when it can go. The
    demo needs no name or agency (it has its own), only the passphrase when one is needed."""
    if not choice.demo:
        if not choice.name.strip():
            return _tr("Please type your name (or the hub's name).")
        if choice.role == "practitioner" and not choice.agency.strip():
            return _tr("Please type your agency's name, e.g. the school or service.")
        if choice.role == "practitioner" and not choice.sector:
            return _tr("Please choose your agency's sector.")
    if needs_passphrase:
        if choice.passphrase is None or len(choice.passphrase) < MIN_PASSPHRASE:
            return _tr("The passphrase must be at least {n} characters.").format(
                n=MIN_PASSPHRASE)
        if confirm is not None and confirm != choice.passphrase:
            return _tr("The two passphrases are different; type them again.")
    return None


class FirstRunDialog(QDialog):
    def __init__(self, needs_passphrase: bool, parent: QWidget | None = None,
                 previous: FirstRunChoice | None = None, message: str = "",
                 demo_exists: bool = False) -> None:
        super().__init__(parent)
        self._needs_passphrase = needs_passphrase
        self._demo_exists = demo_exists
        self._demo = False
        self._build_ui()
        self._connect()
        if previous is not None:
            self._fill(previous)
        self.message.setText(message)
        self._on_role_changed()

    def _build_ui(self) -> None:
        from tafapp.core.reference import sectors

        self.setWindowTitle(self.tr("Welcome to tafapp"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "tafapp keeps family plans on this computer, encrypted. Tell it who you are to "
            "create your profile."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.role = QComboBox(self)
        self.role.addItem(self.tr("Lead professional (practitioner laptop)"), "practitioner")
        self.role.addItem(self.tr("Coordinator (hub)"), "hub")
        form.addRow(self.tr("&This computer is for:"), self.role)
        self.name = QLineEdit(self)
        form.addRow(self.tr("Your &name:"), self.name)
        self.agency = QLineEdit(self)
        form.addRow(self.tr("Your &agency:"), self.agency)
        self.sector = QComboBox(self)
        self.sector.addItem(self.tr("Choose…"), "")  # no silent default: the measure uses it
        for code, label in sorted(sectors().items(), key=lambda kv: kv[1]):
            self.sector.addItem(label, code)
        form.addRow(self.tr("Agency &sector:"), self.sector)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        if self._needs_passphrase:
            note = QLabel(self.tr(
                "This computer has no secure keyring, so a passphrase protects the profile. "
                "It cannot be recovered if forgotten."), self)
            note.setWordWrap(True)
            form.addRow(note)
            form.addRow(self.tr("&Passphrase:"), self.passphrase)
            form.addRow(self.tr("Passphrase a&gain:"), self.confirm)
        else:
            self.passphrase.hide()
            self.confirm.hide()
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Problem with the form"))
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Create profile"))
        self.demo_button = QPushButton(
            self.tr("Open the &demo again") if self._demo_exists
            else self.tr("Try it with &demo data"), self)
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        demo_note = QLabel(self.tr(
            "Not ready yet? <b>Try it with demo data</b> makes a practice laptop with made-up "
            "families and a practice coordinator's hub beside it, so you can try sending "
            "changes and settling a conflict. Nothing of it mixes with your real profile."),
            self)
        demo_note.setWordWrap(True)
        layout.addWidget(demo_note)
        layout.addWidget(self.buttons)
        for widget, name in ((self.role, "Role"), (self.name, "Your name"),
                             (self.agency, "Your agency"), (self.sector, "Agency sector"),
                             (self.passphrase, "Passphrase"), (self.confirm, "Passphrase again"),
                             (self.demo_button, "Try it with demo data")):
            widget.setAccessibleName(self.tr(name))

    def _connect(self) -> None:
        self.role.currentIndexChanged.connect(self._on_role_changed)
        self.buttons.accepted.connect(self._on_accepted)
        self.demo_button.clicked.connect(self._on_demo_clicked)
        self.buttons.rejected.connect(self.reject)

    def _fill(self, choice: FirstRunChoice) -> None:
        self.role.setCurrentIndex(max(self.role.findData(choice.role), 0))
        self.name.setText(choice.name)
        self.agency.setText(choice.agency)
        self.sector.setCurrentIndex(max(self.sector.findData(choice.sector), 0))

    def _on_role_changed(self) -> None:
        practitioner = self.role.currentData() == "practitioner"
        self.agency.setEnabled(practitioner)
        self.sector.setEnabled(practitioner)

    def choice(self) -> FirstRunChoice:
        if self._demo:
            # The practice laptop belongs to whoever is trying it, or to "Sam Demo".
            return FirstRunChoice(
                role="practitioner", name=self.name.text().strip() or DEMO_OWNER,
                agency=DEMO_AGENCY, sector=DEMO_SECTOR,
                passphrase=self.passphrase.text() if self._needs_passphrase else None,
                demo=True)
        practitioner = self.role.currentData() == "practitioner"
        return FirstRunChoice(
            role=str(self.role.currentData()), name=self.name.text().strip(),
            agency=self.agency.text().strip() if practitioner else "",
            sector=str(self.sector.currentData()) if practitioner else "",
            passphrase=self.passphrase.text() if self._needs_passphrase else None)

    def _on_accepted(self) -> None:
        self._demo = False
        self._finish()

    def _on_demo_clicked(self) -> None:
        self._demo = True
        self._finish()

    def _finish(self) -> None:
        # Opening an existing demo asks its own passphrase (the unlock dialog), not this one.
        needs = self._needs_passphrase and not (self._demo and self._demo_exists)
        text = problem(self.choice(), needs, self.confirm.text())
        if text is not None:
            self.message.setText(text)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, needs_passphrase: bool,
            previous: FirstRunChoice | None = None, message: str = "",
            demo_exists: bool = False) -> FirstRunChoice | None:
        """Show the dialog; the filled-in choice, or None if the person cancelled. Tests patch
        this method."""
        dialog = cls(needs_passphrase, parent, previous, message, demo_exists)
        if not dialog.exec():
            return None
        return dialog.choice()


def without_secret(choice: FirstRunChoice) -> FirstRunChoice:
    """The choice to pre-fill a retry with: never the passphrase."""
    return replace(choice, passphrase=None)
