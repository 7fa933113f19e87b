"""The coordinator's dashboard (hub only): `DashboardPage`."""

from tafapp.ui.dashboard.page import DashboardPage

__all__ = ["DashboardPage"]
