"""The dialog for an error nobody foresaw: what happened, that the session is safe, where the log is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class CrashDialog(QMessageBox):
    def __init__(
        self, summary: str, details: str, log_file: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("StretchCoach: something went wrong")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"Something went wrong: {summary}")
        where = f"The details are saved in {log_file}." if log_file else "The details are below."
        self.setInformativeText(
            "The app carries on, and a running session keeps going. "
            f"{where} Please include them if you report this problem."
        )
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
