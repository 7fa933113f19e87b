"""My caseload: the families this practitioner holds."""

from tafapp.ui.caseload.model import CaseloadModel, Column
from tafapp.ui.caseload.page import CaseloadPage

__all__ = ["CaseloadModel", "CaseloadPage", "Column"]
