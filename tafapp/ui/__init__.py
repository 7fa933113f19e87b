"""PySide6 user interface. Widgets reach services only through `tafapp.ui.ops`."""
