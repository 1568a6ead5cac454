"""The question asked before a session is stopped, so a stray Esc from the mat costs nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class StopPrompt(QMessageBox):
    """Enter stops (the person pressed Esc on purpose, most likely); Esc again keeps going."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Stop the session?")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText("Stop the session now?")
        self.setInformativeText("It is paused while you decide. Enter stops it; Esc carries on.")
        self.stop_button = self.addButton("Stop session", QMessageBox.ButtonRole.AcceptRole)
        self.keep_button = self.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.stop_button)
        self.setEscapeButton(self.keep_button)

    def confirmed(self) -> bool:
        return self.clickedButton() is self.stop_button
