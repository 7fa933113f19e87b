"""The screens the main window can show, found by module so that screens built by other
parts of the team appear in the navigation as soon as they exist, and are imported only
when first opened (start-up stays fast)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    cls: str
    hub_only: bool = False
    practitioner_only: bool = False
    shortcut: str = ""

    def available(self) -> bool:
        """True when the screen's module is installed; checked without importing it. A folder
        without `__init__.py` (a screen still being written) is a namespace package: not yet."""
        try:
            spec = importlib.util.find_spec(self.module)
        except ModuleNotFoundError:
            return False
        return spec is not None and spec.origin not in (None, "namespace")

    def factory(self) -> Callable[[QWidget | None], QWidget]:
        module = importlib.import_module(self.module)
        return getattr(module, self.cls)  # type: ignore[no-any-return]

    def translated_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


CASELOAD = PageSpec("caseload", "My caseload", "tafapp.ui.caseload", "CaseloadPage",
                    shortcut="Ctrl+1")
FAMILY = PageSpec("family", "Family record", "tafapp.ui.family", "FamilyPage",
                  shortcut="Ctrl+2")
MEETING = PageSpec("meeting", "Meeting", "tafapp.ui.meeting", "MeetingPage", shortcut="Ctrl+3")
IMPORT = PageSpec("import", "Import packets", "tafapp.ui.hub.import_page", "ImportPage",
                  hub_only=True, shortcut="Ctrl+4")
CONFLICTS = PageSpec("conflicts", "Conflicts", "tafapp.ui.hub.conflicts", "ConflictsPage",
                     hub_only=True, shortcut="Ctrl+5")
LAPTOPS = PageSpec("laptops", "Laptops", "tafapp.ui.hub.laptops_page", "LaptopsPage",
                   hub_only=True, shortcut="Ctrl+8")
DASHBOARD = PageSpec("dashboard", "Dashboard", "tafapp.ui.dashboard", "DashboardPage",
                     hub_only=True, shortcut="Ctrl+6")

SYNC = PageSpec("sync", "Send and receive", "tafapp.ui.sync_page", "SyncPage",
                practitioner_only=True, shortcut="Ctrl+7")

ALL = (CASELOAD, FAMILY, MEETING, IMPORT, CONFLICTS, LAPTOPS, DASHBOARD, SYNC)


def for_role(role: str) -> list[PageSpec]:
    """The pages this profile shows: hub pages only on a hub, a laptop's sync page only on a
    laptop, and only pages that exist."""
    hub = role == "hub"
    return [p for p in ALL if not (p.hub_only and not hub) and not (p.practitioner_only and hub)
            and (p is CASELOAD or p.available())]
