"""The Laptops screen's table: one row per registered laptop (`connection.DeviceSummary`)."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush

from tafapp.sync.connection import DeviceSummary
from tafapp.ui.hub.models import _BAD_BG, _BAD_FG, RowsModel, readable_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("LaptopsModel", text)


class LaptopColumn(enum.IntEnum):
    LAPTOP = 0
    FINGERPRINT = 1
    LAST_PACKET = 2
    LAST_RECEIPT = 3
    FAMILIES = 4
    STATUS = 5


class LaptopsModel(RowsModel[DeviceSummary]):
    headers = ("Laptop", "Fingerprint", "Last packet", "Last receipt", "Families",
               "Status")

    def text(self, row: DeviceSummary, column: int) -> str:
        col = LaptopColumn(column)
        if col is LaptopColumn.LAPTOP:
            return row.name or _tr("(no name) {id}").format(id=row.id[:8])
        if col is LaptopColumn.FINGERPRINT:
            return row.fingerprint.upper().replace("-", " ")
        if col is LaptopColumn.LAST_PACKET:
            return readable_time(row.last_packet_at) or _tr("None yet")
        if col is LaptopColumn.LAST_RECEIPT:
            return readable_time(row.last_receipt_at) or _tr("None yet")
        if col is LaptopColumn.FAMILIES:
            return str(row.families)
        if row.revoked_at is not None:
            return _tr("Revoked {when}").format(when=readable_time(row.revoked_at))
        return _tr("Active")

    def background(self, row: DeviceSummary, column: int) -> QBrush | None:
        return _BAD_BG if column == LaptopColumn.STATUS and row.revoked else None

    def foreground(self, row: DeviceSummary, column: int) -> QBrush | None:
        return _BAD_FG if column == LaptopColumn.STATUS and row.revoked else None
