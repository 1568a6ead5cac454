"""The notice shown before the first session: who should ask a doctor first, and how to stretch safely.

The wording is the app's own, drawn from the advice in the source articles: check with a doctor
first, stretch gently without bouncing, and stop when pain is sharp.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from stretchcoach.core.wording import SLIGHT_STRETCH
from stretchcoach.ui.dialogs.text_dialog import TextDialog

TITLE = "Before you start"
INTRO = (
    "StretchCoach talks you through stretches and exercises for the lower back. "
    "It is a guide, not medical advice."
)
POINTS = (
    "Talk to your doctor or a physiotherapist before you begin, above all if your back hurts now, "
    "or you have had a recent injury or an operation.",
    "Move slowly and gently. Never bounce, and never force a stretch further.",
    f"{SLIGHT_STRETCH} If you feel sharp pain, stop at once: press H, or the red “It hurts” button, "
    "and the session stops.",
)


class SafetyNoticeDialog(TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, (INTRO, POINTS), "I understand", parent)
        self.dont_show_again = QCheckBox("Don't show this again")
        self.body.insertWidget(self.body.indexOf(self.button_box), self.dont_show_again)
