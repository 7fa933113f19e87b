"""PySide6 user interface. Widgets reach services only through `tafapp.ui.ops`."""

import sys


def _keep_singletons_alive() -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None on every call that returns nothing
    (setText, addItem, clear, ...), and in some paths to True or False. These are not immortal
    before Python 3.12, so after a few thousand calls the interpreter aborts ("none_dealloc:
    deallocating None", "bool_dealloc"). Give them more references than any session can lose
    (3.12 makes them immortal the same way)."""
    if sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40  # ob_refcnt comes first


_keep_singletons_alive()
