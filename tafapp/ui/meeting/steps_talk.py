"""The talking steps: consent and confidentiality, each family member's view, the child's
voice (and how it was heard), practitioner updates, and the three columns."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from tafapp.services.ui_support_meeting import MeetingView
from tafapp.ui.meeting.step_base import MeetingContext, Step


class ConsentStep(Step):
    title = "Confidentiality and consent"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        info = QLabel(self.tr(
            "Remind everyone what is shared and with whom. What the family does not want "
            "shared goes in the confidential notes below, which never reach a shared "
            "document."))
        info.setWordWrap(True)
        self.layout_.addWidget(info)
        self.layout_.addWidget(ctx.binder.check(
            "consent_confirmed", self.tr("The family has &confirmed consent to share")))
        self.layout_.addWidget(ctx.binder.text(
            "confidential_notes", self.tr("Confidential &notes (never shared)")), 1)


class ViewsStep(Step):
    title = "What each family member says"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people = QLabel()
        self.people.setWordWrap(True)
        self.layout_.addWidget(self.people)
        self.layout_.addWidget(ctx.binder.text(
            "family_update", self.tr("Each family member's view, in their o&wn words")), 1)

    def fill(self, view: MeetingView) -> None:
        names = ", ".join(p.full_name for p in view.people)
        self.people.setText(self.tr("In the household: {0}").format(names or "—"))


class ChildVoiceStep(Step):
    title = "The child's voice"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        hint = QLabel(self.tr("Every child has a voice, even a baby or a child who does not "
                              "speak: say what you saw or heard, and how."))
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        self.layout_.addWidget(ctx.binder.text(
            "child_voice", self.tr("What the &child says, feels or shows")), 2)
        self.layout_.addWidget(ctx.binder.text(
            "child_voice_how", self.tr("&How it was heard (e.g. drawing, play, observation)")),
            1)


class PractitionerStep(Step):
    title = "Updates from practitioners"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.written = QLabel()
        self.written.setObjectName("written_updates")
        self.written.setWordWrap(True)
        self.layout_.addWidget(self.written)
        self.layout_.addWidget(ctx.binder.text(
            "practitioner_updates", self.tr("Practitioner &updates")), 1)

    def fill(self, view: MeetingView) -> None:
        sent = [a for a in view.attendance if a.written_update]
        if not sent:
            self.written.setText(self.tr("No written updates were sent."))
            return
        lines = [self.tr("Written updates from those who sent apologies:")]
        lines += [f"• {a.name}{' (' + a.agency + ')' if a.agency else ''}: {a.written_update}"
                  for a in sent]
        self.written.setText("\n".join(lines))


class ColumnsStep(Step):
    title = "The three columns"

    def __init__(self, ctx: MeetingContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        row = QHBoxLayout()
        b = ctx.binder
        row.addWidget(b.text("worried_about", self.tr("What are we &worried about?")))
        row.addWidget(b.text("working_well", self.tr("What is wor&king well?")))
        row.addWidget(b.text("needs_to_happen", self.tr("What &needs to happen?")))
        self.layout_.addLayout(row, 1)
