"""PySide6 user interface. Widgets reach services only through `tafapp.ui.ops`."""

import sys


def _keep_none_alive() -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None on every call that returns nothing
    (setText, addItem, clear, ...). None is not immortal before Python 3.12, so after a few
    thousand such calls the interpreter aborts ("none_dealloc: deallocating None"). Give None
    more references than any session can lose (3.12 makes None immortal the same way)."""
    if sys.version_info >= (3, 12):
        return
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40  # ob_refcnt is the first field


_keep_none_alive()
