"""The coordinator's hub screens: importing packets (with receipts and the device list) and
resolving conflicts. The pages are imported by module name from `tafapp.ui.pages`."""
