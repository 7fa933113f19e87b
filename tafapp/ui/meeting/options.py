"""Choice lists for the meeting's combo boxes, kept across meetings.

A borough's directory has hundreds of practitioners; refilling every combo box item by item on
each meeting opened was the largest part of opening one. The directory's items are rebuilt
only when the directory changes, and a family's people (a handful of rows) are swapped in
place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox

from tafapp.ui.family.forms import add_item

Options = Sequence[tuple[str, Any]]


def refill(combo: QComboBox, options: Options) -> None:
    """Replace every item, keeping the chosen position (none if the list is now shorter)."""
    keep = combo.currentIndex()
    combo.clear()
    for text, value in options:
        add_item(combo, text, value)
    combo.setCurrentIndex(max(keep, 0))


def replace_rows(combo: QComboBox, start: int, count: int, options: Options) -> None:
    """Swap the `count` items from `start` for `options`, leaving the items around them (and
    the combo's size hint) alone. The choice goes back to the first item (blank) if it was
    among those swapped out."""
    current = combo.currentIndex()
    if start <= current < start + count:
        combo.setCurrentIndex(0)
    for _ in range(count):
        combo.removeItem(start)
    for offset, (text, value) in enumerate(options):
        combo.insertItem(start + offset, text, value)
