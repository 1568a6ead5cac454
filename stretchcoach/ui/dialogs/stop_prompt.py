"""The question asked before a session is stopped, so a stray Esc from the mat costs nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMessageBox, QWidget


class StopPrompt(QMessageBox):
    """Enter stops (the person pressed Esc on purpose, most likely); Esc or Space keeps going.

    Space must never stop: the paused session under the prompt says "Press Space to carry on",
    so the buttons take no focus and Space means "Keep going". H still means "It hurts".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Stop the session?")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText("Stop the session now?")
        self.setInformativeText(
            "It is paused while you decide. Enter stops it; Esc or Space carries on; H if it hurts."
        )
        self.stop_button = self.addButton("Stop session", QMessageBox.ButtonRole.AcceptRole)
        self.pain_button = self.addButton("It hurts", QMessageBox.ButtonRole.DestructiveRole)
        self.keep_button = self.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
        for button in (self.stop_button, self.pain_button, self.keep_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setDefaultButton(self.stop_button)
        self.setEscapeButton(self.keep_button)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self.keep_button.click()
        elif event.key() == Qt.Key.Key_H:
            self.pain_button.click()
        else:
            super().keyPressEvent(event)

    def confirmed(self) -> bool:
        return self.clickedButton() is self.stop_button

    def hurts(self) -> bool:
        return self.clickedButton() is self.pain_button
