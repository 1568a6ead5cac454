"""Before a session: "how is your back right now?", 0–10, answered with one key or skipped.

The answer goes with the session into the history, so the history page and the physio's report
can show whether the stretches help. Skipping is one key (S or Esc) and starts the session all
the same; a hands-free start (`--start`) never comes here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from stretchcoach.ui.widgets.pain_scale import PainScale
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

QUESTION_BEFORE = "How is your lower back right now?"


class PainQuestionPage(QWidget):
    answered = Signal(object)
    """0–10, or None when skipped: either way the session starts."""
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pain before the session")
        self.heading = QLabel(QUESTION_BEFORE)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.routine_label = QLabel()
        self.routine_label.setTextFormat(Qt.TextFormat.PlainText)
        self.routine_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.routine_label.setWordWrap(True)
        self.scale = PainScale()
        self.back_action = QAction("Back to the list", self)
        self.back_action.setShortcut(QKeySequence(Qt.Key.Key_Backspace))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.back_action)
        self.back_button = ShortcutButton(self.back_action.text(), "Backspace")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        self._layout = QVBoxLayout(self)
        self._layout.addStretch(1)
        self._layout.addWidget(self.heading)
        self._layout.addWidget(self.routine_label)
        self._layout.addSpacing(24)
        self._layout.addWidget(self.scale)
        self._layout.addStretch(2)
        self._layout.addLayout(buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.scale.answered.connect(self.on_answered)
        self.back_button.clicked.connect(self.back_action.trigger)
        self.back_action.triggered.connect(self.back)

    def ask(self, routine_name: str) -> None:
        self.routine_label.setText(f"Then: {routine_name}")
        self.scale.reset()
        self.scale.setFocus()

    @Slot(object)
    def on_answered(self, score: int | None) -> None:
        self.answered.emit(score)

    def resizeEvent(self, event: QResizeEvent) -> None:
        unit = max(event.size().height(), 360) / 100
        for widget, size in ((self.heading, 6.5), (self.routine_label, 3.6), (self.back_button, 2.6)):
            font = QFont(widget.font())
            font.setPixelSize(round(size * unit))
            font.setBold(widget is self.heading)
            widget.setFont(font)
        margin = round(4 * unit)
        self._layout.setContentsMargins(margin, margin, margin, round(2 * unit))
        super().resizeEvent(event)
