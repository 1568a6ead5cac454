"""The page after a session: how it went, in a few lines, and the way back to the picker.

When asked to, it first asks how the back is now (0–10, skippable) and then offers a one-line
note; if the pain is clearly worse than before the session, it says what to do about it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from stretchcoach.core.events import Outcome, Summary
from stretchcoach.core.plan import Plan
from stretchcoach.core.plan_format import clock_time
from stretchcoach.core.progress import pain_got_worse
from stretchcoach.core.session_record import NOTE_MAX_CHARS
from stretchcoach.ui.widgets.page_type import height_unit, size_type
from stretchcoach.ui.widgets.pain_scale import PainScale
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

HEADINGS = {
    Outcome.FINISHED: "Well done!",
    Outcome.STOPPED: "Session stopped",
    Outcome.PAIN: "Stopped because it hurt",
}


QUESTION_AFTER = "How is your lower back now?"
WORSE_ADVICE = (
    "That is more than before the session. Ease off: next time, stretch less far and hold more "
    "gently, or try a lower Flare-up scale in Settings. If your back stays worse for more than a "
    "few days, see a doctor or physiotherapist. This is advice, not a diagnosis."
)


def summary_lines(plan: Plan, summary: Summary, outcome: Outcome) -> list[str]:
    exercises = plan.routine.exercises
    lines = [
        f"Time: {clock_time(summary.active_seconds)}",
        f"Exercises done: {len(summary.completed)} of {len(exercises)}",
    ]
    if summary.skipped:
        lines.append("Skipped: " + ", ".join(exercises[index].name for index in summary.skipped))
    stopped_during = plan.exercise_name(summary.stopped_at)
    if outcome is not Outcome.FINISHED and stopped_during is not None:
        lines.append(f"Stopped during: {stopped_during}")
    return lines


class FinishPage(QWidget):
    done = Signal()
    pain_advice_requested = Signal()
    pain_answered = Signal(object)
    """The pain after the session, 0–10, or None when skipped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Session summary")
        self.heading_label = self._label(bold=True)
        self.routine_label = self._label()
        self.summary_label = self._label()
        self.summary_label.setAccessibleName("Summary")
        self._build_pain_question()
        self.done_action = QAction("Done", self)
        self.done_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), QKeySequence(Qt.Key.Key_Escape)]
        )
        self.done_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.done_action)
        self.done_button = ShortcutButton("Done", "Enter")
        self.done_button.setAccessibleDescription("Back to the list of routines. Keyboard shortcut: Enter")
        self.done_button.set_accent()
        self.done_button.setMinimumWidth(240)
        self.advice_action = QAction("What to do about the pain", self)
        self.advice_action.setShortcut(QKeySequence(Qt.Key.Key_H))
        self.advice_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.advice_action)
        self.advice_button = ShortcutButton(self.advice_action.text(), "H")
        self.advice_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.advice_button.setAccessibleDescription(
            "Shows again what to do when it hurts. Keyboard shortcut: H"
        )

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.advice_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.routine_label)
        layout.addSpacing(16)
        layout.addWidget(self.summary_label)
        layout.addSpacing(16)
        layout.addWidget(self.question_label)
        layout.addWidget(self.pain_scale)
        layout.addWidget(self.worse_label)
        layout.addWidget(self.note_edit)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch(2)

        self.done_button.clicked.connect(self.done_action.trigger)
        self.done_action.triggered.connect(self.done)
        self.advice_button.clicked.connect(self.advice_action.trigger)
        self.advice_action.triggered.connect(self.pain_advice_requested)
        self.pain_scale.answered.connect(self.on_pain_answered)
        self._show_question(asking=False)

    def _build_pain_question(self) -> None:
        self.question_label = self._label(bold=True)
        self.question_label.setText(QUESTION_AFTER)
        self.pain_scale = PainScale()
        self.worse_label = self._label()
        self.worse_label.setText(WORSE_ADVICE)
        self.worse_label.setAccessibleName("Advice: the pain is worse than before")
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(NOTE_MAX_CHARS)
        self.note_edit.setPlaceholderText("A note for yourself, if you like — then Enter")
        self.note_edit.setAccessibleName("Note about this session")
        self._pain_before: int | None = None
        self._asking = False

    @staticmethod
    def _label(*, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        return label

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Large type, as on the session page: the person may still be on the mat."""
        size_type(
            height_unit(event.size().height()),
            (
                (self.heading_label, 9.0),
                (self.routine_label, 3.6),
                (self.summary_label, 4.2),
                (self.done_button, 3.4),
                (self.advice_button, 3.4),
                (self.question_label, 4.6),
                (self.worse_label, 3.2),
                (self.note_edit, 3.2),
            ),
        )
        super().resizeEvent(event)

    def show_summary(self, plan: Plan, summary: Summary, outcome: Outcome) -> None:
        self.heading_label.setText(HEADINGS[outcome])
        self.routine_label.setText(plan.routine.name)
        self.summary_label.setText("\n".join(summary_lines(plan, summary, outcome)))
        hurt = outcome is Outcome.PAIN
        self.advice_button.setVisible(hurt)
        self.advice_action.setEnabled(hurt)
        self._show_question(asking=False)

    def ask_pain_after(self, before: int | None) -> None:
        """Ask how the back is now; Done (and Enter) wait until it is answered or skipped (S, Esc)."""
        self._pain_before = before
        self.note_edit.clear()
        self.pain_scale.reset()
        self._show_question(asking=True)

    @property
    def asking(self) -> bool:
        return self._asking

    def note(self) -> str:
        return self.note_edit.text()

    def focus_first(self) -> None:
        """Where the keyboard should be: the question, else the note, else Done."""
        if self._asking:
            self.pain_scale.setFocus()
        elif self.note_edit.isVisibleTo(self):
            self.note_edit.setFocus()
        else:
            self.done_button.setFocus()

    @Slot(object)
    def on_pain_answered(self, score: int | None) -> None:
        self._show_question(asking=False, noting=True)
        self.worse_label.setVisible(pain_got_worse(self._pain_before, score))
        self.focus_first()
        self.pain_answered.emit(score)

    def _show_question(self, *, asking: bool, noting: bool = False) -> None:
        self._asking = asking
        self.question_label.setVisible(asking)
        self.pain_scale.setVisible(asking)
        self.worse_label.setVisible(False)
        self.note_edit.setVisible(noting)
        self.done_action.setEnabled(not asking)
        self.done_button.setEnabled(not asking)
