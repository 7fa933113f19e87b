"""Live meeting mode (issue 3): a TAF meeting in agenda order, drafts saved as typed."""

from tafapp.ui.meeting.page import MeetingPage

__all__ = ["MeetingPage"]
