"""A strip across the top of the window for things the user should know but need not act on now.

A damaged settings file, a routine file with mistakes, a voice that could not start: each is
worth a sentence, none is worth a dialog that stops a session. A notice about something that
changes (the voice's sound output) takes the place of the one before it on the same topic, and
good news leaves by itself once read.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from stretchcoach.ui import theme
from stretchcoach.ui.timer import PreciseTimer, SessionTimer

_AMBER = QColor(240, 170, 30)


class NoticeBanner(QFrame):
    def __init__(self, parent: QWidget | None = None, *, timer: SessionTimer | None = None) -> None:
        super().__init__(parent)
        self._notices: list[str] = []
        self._topics: dict[str, str] = {}
        """The notice now shown for each topic."""
        self._fleeting: str | None = None
        self._timer = timer if timer is not None else PreciseTimer(self)
        self._timer.connect(self._fleeting_read)
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

    def add(self, notice: str, *, topic: str = "", lasts_ms: int | None = None) -> None:
        """Show `notice` until dismissed, or for `lasts_ms`; with a `topic`, in place of the
        notice shown on that topic before."""
        earlier = self._topics.pop(topic, None) if topic else None
        if earlier is not None and earlier in self._notices:
            self._notices[self._notices.index(earlier)] = notice
            if earlier == self._fleeting:
                self._drop_fleeting()
        if topic:
            self._topics[topic] = notice
        if notice not in self._notices:
            self._notices.append(notice)
        if lasts_ms is not None:
            self._fleeting = notice
            self._timer.arm(lasts_ms)
        self._show_notices()

    def withdraw(self, topic: str) -> None:
        """The notice on `topic` no longer holds."""
        notice = self._topics.pop(topic, None)
        if notice is None:
            return
        if notice in self._notices:
            self._notices.remove(notice)
        if notice == self._fleeting:
            self._drop_fleeting()
        self._show_notices()

    def clear(self) -> None:
        self._notices.clear()
        self._topics.clear()
        self._drop_fleeting()
        self._show_notices()

    def _fleeting_read(self) -> None:
        notice, self._fleeting = self._fleeting, None
        if notice in self._notices:
            self._notices.remove(notice)
        self._topics = {topic: shown for topic, shown in self._topics.items() if shown != notice}
        self._show_notices()

    def _drop_fleeting(self) -> None:
        self._fleeting = None
        self._timer.disarm()

    def _show_notices(self) -> None:
        self._label.setText("\n".join(self._notices))
        self.setVisible(bool(self._notices))

    def paintEvent(self, event: QPaintEvent) -> None:
        background = self.palette().color(QPalette.ColorRole.Window)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(theme.mix(background, _AMBER, 0.7))
        painter.setBrush(theme.mix(background, _AMBER, 0.2))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()
