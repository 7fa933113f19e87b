"""On the laptop's Send and receive screen: the changes the coordinator's hub held, as its
receipts reported them — still waiting, accepted, or refused (a refused change is no longer
sent; the hub's value stands) — and a button to clear the decided ones once read."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tafapp.sync.held_notices import Notice
from tafapp.ui import errors, ops


def _label(name: str) -> str:
    return name.replace("_", " ")


class HeldBox(QGroupBox):
    """The hub's word on this laptop's held changes; hidden while there is none."""

    sig_cleared = Signal(int)
    """How many decided notices were cleared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notices: list[Notice] = []
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.setTitle(self.tr("Changes the coordinator held"))
        self.list_label = QLabel(self)
        self.list_label.setWordWrap(True)
        self.list_label.setAccessibleName(self.tr("Held changes"))
        self.clear_button = QPushButton(self.tr("Clear the decided ones"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_label)
        layout.addLayout(buttons)
        self.setVisible(False)

    def _connect(self) -> None:
        self.clear_button.clicked.connect(self._on_clear_clicked)

    def reload(self) -> None:
        from tafapp.sync import held_notices

        ops.run_query(self, held_notices.notices, on_done=self._on_loaded)

    def _status(self, n: Notice) -> str:
        if n.status == "held":
            return self.tr("waiting for the coordinator")
        if n.status == "accepted":
            return self.tr("accepted")
        return self.tr("refused: your change was not kept and is no longer sent")

    def _on_loaded(self, notices: list[Notice]) -> None:
        self.notices = notices
        # Rich text: what the hub says may quote typed text, so every part is escaped.
        items = "".join(
            f"<li><b>{escape(_label(n.entity))}: {escape(_label(n.field))}</b> — "
            f"{escape(self._status(n))}<br/><small>{escape(n.message)}</small></li>"
            for n in notices)
        self.list_label.setText(f"<ul>{items}</ul>")
        self.clear_button.setEnabled(any(n.status != "held" for n in notices))
        self.setVisible(bool(notices))

    def _on_clear_clicked(self) -> None:
        from tafapp.sync import held_notices

        ops.run_op(self, held_notices.clear_decided, on_done=self._on_cleared,
                   on_error=lambda exc: errors.show(self, exc))

    def _on_cleared(self, count: int) -> None:
        self.sig_cleared.emit(count)
        self.reload()
