"""The page after a session: how it went, in a few lines, and the way back to the picker."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from stretchcoach.core.events import Outcome, Summary
from stretchcoach.core.plan import Plan
from stretchcoach.core.plan_format import clock_time
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

HEADINGS = {
    Outcome.FINISHED: "Well done!",
    Outcome.STOPPED: "Session stopped",
    Outcome.PAIN: "Stopped because it hurt",
}


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Session summary")
        self.heading_label = self._label(bold=True)
        self.routine_label = self._label()
        self.summary_label = self._label()
        self.summary_label.setAccessibleName("Summary")
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
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch(2)

        self.done_button.clicked.connect(self.done_action.trigger)
        self.done_action.triggered.connect(self.done)
        self.advice_button.clicked.connect(self.advice_action.trigger)
        self.advice_action.triggered.connect(self.pain_advice_requested)

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
        unit = max(event.size().height(), 360) / 100
        for widget, size in (
            (self.heading_label, 9.0),
            (self.routine_label, 3.6),
            (self.summary_label, 4.2),
            (self.done_button, 3.4),
            (self.advice_button, 3.4),
        ):
            font = QFont(widget.font())
            font.setPixelSize(round(size * unit))
            widget.setFont(font)
        super().resizeEvent(event)

    def show_summary(self, plan: Plan, summary: Summary, outcome: Outcome) -> None:
        self.heading_label.setText(HEADINGS[outcome])
        self.routine_label.setText(plan.routine.name)
        self.summary_label.setText("\n".join(summary_lines(plan, summary, outcome)))
        hurt = outcome is Outcome.PAIN
        self.advice_button.setVisible(hurt)
        self.advice_action.setEnabled(hurt)
