"""The question asked before a session is stopped, as a page of the window read from the mat.

A message box is small, and under a window manager its default button takes focus, so Space —
which the paused session says carries on — pressed "Stop". Here every key is the page's own
shortcut and no button can take focus, so a key means the same whatever was focused before:
Space or Esc carries on, Enter or S stops, H means it hurts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from stretchcoach.ui.theme import DANGER_BACKGROUND, DANGER_TEXT
from stretchcoach.ui.widgets.page_type import height_unit, size_type
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

QUESTION = "Stop the session?"
EXPLANATION = "It is paused while you decide. Space carries on; Enter stops; H if it hurts."


class StopPromptPage(QWidget):
    keep_going = Signal()
    stop = Signal()
    hurts = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Stop the session?")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question_label = self._label(QUESTION, bold=True)
        self.explanation_label = self._label(EXPLANATION)
        self.keep_action = self._action("Keep going", Qt.Key.Key_Space, Qt.Key.Key_Escape)
        self.stop_action = self._action("Stop session", Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_S)
        self.hurt_action = self._action("It hurts", Qt.Key.Key_H)
        self.keep_button = self._button(self.keep_action, "Space")
        self.stop_button = self._button(self.stop_action, "Enter")
        self.hurt_button = self._button(self.hurt_action, "H")
        self.keep_button.set_accent()
        self.hurt_button.set_colours(DANGER_BACKGROUND, DANGER_TEXT)
        self._build_layout()
        self._connect_signals()

    def _action(self, text: str, *keys: Qt.Key) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    @staticmethod
    def _button(action: QAction, key: str) -> ShortcutButton:
        button = ShortcutButton(action.text(), key)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(action.trigger)
        return button

    @staticmethod
    def _label(text: str, *, bold: bool = False) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        return label

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        for button in (self.keep_button, self.stop_button, self.hurt_button):
            buttons.addWidget(button)
        self._root = QVBoxLayout(self)
        self._root.addStretch(1)
        self._root.addWidget(self.question_label)
        self._root.addWidget(self.explanation_label)
        self._root.addSpacing(32)
        self._root.addLayout(buttons)
        self._root.addStretch(2)

    def _connect_signals(self) -> None:
        self.keep_action.triggered.connect(self.keep_going)
        self.stop_action.triggered.connect(self.stop)
        self.hurt_action.triggered.connect(self.hurts)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """As large as the session page's type: the question is read from the floor."""
        unit = height_unit(event.size().height())
        size_type(
            unit,
            (
                (self.question_label, 9.0),
                (self.explanation_label, 4.0),
                (self.keep_button, 4.0),
                (self.stop_button, 4.0),
                (self.hurt_button, 4.0),
            ),
        )
        margin = round(6 * unit)
        self._root.setContentsMargins(margin, margin, margin, margin)
        super().resizeEvent(event)
