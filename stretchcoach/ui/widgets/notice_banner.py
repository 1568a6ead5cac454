"""A strip across the top of the window for things the user should know but need not act on now.

A damaged settings file, a routine file with mistakes, a voice that could not start: each is
worth a sentence, none is worth a dialog that stops a session.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from stretchcoach.ui import theme

_AMBER = QColor(240, 170, 30)


class NoticeBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._notices: list[str] = []
        self._label = QLabel()
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss these notices")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.addWidget(self._label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName("Notices")
        self.dismiss_button.clicked.connect(self.clear)
        self.hide()

    @property
    def notices(self) -> tuple[str, ...]:
        return tuple(self._notices)

    def add(self, notice: str) -> None:
        if notice in self._notices:
            return
        self._notices.append(notice)
        self._label.setText("\n".join(self._notices))
        self.show()

    def clear(self) -> None:
        self._notices.clear()
        self._label.clear()
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        background = self.palette().color(QPalette.ColorRole.Window)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(theme.mix(background, _AMBER, 0.7))
        painter.setBrush(theme.mix(background, _AMBER, 0.2))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()
