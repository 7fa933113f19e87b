"""The family record page (issue 3): household, consent, team, plan with its checker,
referrals, meetings, closure and step changes."""

from tafapp.ui.family.page import FamilyPage

__all__ = ["FamilyPage"]
