"""News from the hub: what the last receipts brought (a family shared with this laptop, a
referral outcome, a conflict the coordinator settled), listed once with links to the family.
The list stays, links and all, until the practitioner clicks "Got it"."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tafapp.sync import news
from tafapp.sync.news import NewsItem
from tafapp.ui import ops


class NewsBox(QGroupBox):
    """Hidden while there is no news."""

    sig_open_family = Signal(object)
    """A family link was clicked: the family's UUID."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[NewsItem] = []
        self._build_ui()
        self._connect()
        self.hide()

    def _build_ui(self) -> None:
        self.setTitle(self.tr("News from the hub"))
        self.list_label = QLabel(self)
        self.list_label.setWordWrap(True)
        self.list_label.setTextFormat(Qt.TextFormat.RichText)
        self.list_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.list_label.setAccessibleName(self.tr("News from the hub"))
        self.seen_button = QPushButton(self.tr("&Got it"), self)
        self.seen_button.setToolTip(self.tr("Clear this list; the families keep the changes"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.seen_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_label)
        layout.addLayout(row)

    def _connect(self) -> None:
        self.list_label.linkActivated.connect(self._on_link_activated)
        self.seen_button.clicked.connect(self.mark_seen)

    def reload(self) -> None:
        ops.run_query(self, news.unseen, on_done=self.show_items)

    def show_items(self, items: list[NewsItem]) -> None:
        self.items = list(items)
        lines = [f"<li>{self.sentence(i)}</li>" for i in self.items]
        self.list_label.setText(f"<ul style='margin-left: 12px'>{''.join(lines)}</ul>")
        self.setVisible(bool(self.items))

    def sentence(self, item: NewsItem) -> str:
        name = html.escape(item.family or self.tr("a family"))
        link = f"<a href='family:{html.escape(item.family_id)}'>{name}</a>" \
            if item.family_id else name
        detail = html.escape(item.detail)
        if item.kind == "shared_family":
            return self.tr("{family} was shared with you: it is now on this laptop.").format(
                family=link)
        if item.kind == "referral_outcome":
            return self.tr("Referral outcome for {family}: {detail}").format(
                family=link, detail=detail)
        return self.tr("The coordinator settled a conflict on {family}, keeping "
                       "{detail}").format(family=link, detail=detail)

    def _on_link_activated(self, href: str) -> None:
        try:
            family_id = uuid.UUID(href.removeprefix("family:"))
        except ValueError:
            return
        self.sig_open_family.emit(family_id)

    def mark_seen(self) -> None:
        ops.run_op(self, news.mark_seen, on_done=lambda _r: self.show_items([]))


def announce(window: QMainWindow) -> None:
    """At start: if receipts brought news not seen yet (one imported from the command line,
    say), say so in the status bar with where to read it."""
    if getattr(window, "role", "practitioner") != "practitioner":
        return

    from tafapp.ui import pages

    def shown(items: list[NewsItem]) -> None:
        if items:
            window.statusBar().showMessage(window.tr(
                "News from the hub: {n} new — see Send and receive ({keys}).").format(
                    n=len(items), keys=pages.SYNC.shortcut), 30000)

    ops.run_query(window, news.unseen, on_done=shown)
