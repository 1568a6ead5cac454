"""A month of practice: one square per day, shaded by its minutes, with the figure in it.

Drawn with QPainter from plain values (minutes per local day), so the same view serves years of
history as fast as a week of it: the month only looks up its own 28–31 days.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.ui import theme

FULL_MINUTES = 30.0
"""Minutes at which a day is shaded fully; less is lighter, none is blank."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def shift_month(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


class MonthCalendar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minutes: Mapping[date, float] = {}
        self._month = date.today().replace(day=1)
        self._today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 220)
        self._describe()

    @property
    def month(self) -> date:
        return self._month

    def show_month(self, month: date, minutes: Mapping[date, float], today: date) -> None:
        self._month, self._minutes, self._today = month.replace(day=1), minutes, today
        self._describe()
        self.update()

    def days_practised(self) -> int:
        _, length = calendar.monthrange(self._month.year, self._month.month)
        return sum(
            1 for day in range(1, length + 1) if self._minutes.get(self._month.replace(day=day), 0) > 0
        )

    def sizeHint(self) -> QSize:
        return QSize(420, 320)

    def _describe(self) -> None:
        self.setAccessibleName(f"{self._month:%B %Y}")
        self.setAccessibleDescription(f"{self.days_practised()} days with a session in {self._month:%B %Y}")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        base = palette.color(QPalette.ColorRole.Window)
        accent, _ = theme.accent_colours(palette)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(self._month.year, self._month.month)
        header = self.height() * 0.16
        title_height = header * 0.55
        cell_w = self.width() / 7
        cell_h = (self.height() - header) / len(weeks)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(11, round(title_height * 0.7)))
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(
            QRectF(0, 0, self.width(), title_height), Qt.AlignmentFlag.AlignCenter, f"{self._month:%B %Y}"
        )
        font.setBold(False)
        font.setPixelSize(max(10, round((header - title_height) * 0.7)))
        painter.setFont(font)
        painter.setPen(theme.mix(ink, base, 0.35))
        for column, name in enumerate(WEEKDAYS):
            box = QRectF(column * cell_w, title_height, cell_w, header - title_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        day_font = QFont(self.font())
        day_font.setPixelSize(max(10, round(min(cell_w, cell_h) * 0.28)))
        minute_font = QFont(day_font)
        minute_font.setPixelSize(max(9, round(min(cell_w, cell_h) * 0.22)))
        for row, week in enumerate(weeks):
            for column, day in enumerate(week):
                box = QRectF(column * cell_w, header + row * cell_h, cell_w, cell_h).adjusted(2, 2, -2, -2)
                self._paint_day(
                    painter, box, day, accent=accent, ink=ink, base=base, fonts=(day_font, minute_font)
                )
        painter.end()

    def _paint_day(
        self,
        painter: QPainter,
        box: QRectF,
        day: date,
        *,
        accent: QColor,
        ink: QColor,
        base: QColor,
        fonts: tuple[QFont, QFont],
    ) -> None:
        day_font, minute_font = fonts
        in_month = day.month == self._month.month
        minutes = self._minutes.get(day, 0.0) if in_month else 0.0
        face = (
            theme.mix(accent, base, 1 - min(1.0, 0.25 + 0.75 * minutes / FULL_MINUTES)) if minutes else base
        )
        painter.setPen(QPen(theme.mix(ink, base, 0.8), 1))
        if day == self._today and in_month:
            painter.setPen(QPen(ink, 3))
        painter.setBrush(face)
        painter.drawRoundedRect(box, 6, 6)
        if not in_month:
            return
        text = ink
        if minutes and theme.contrast(text, face) < 4.5:
            text = base
        painter.setPen(text)
        painter.setFont(day_font)
        painter.drawText(
            box.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(day.day)
        )
        if minutes:
            painter.setFont(minute_font)
            label = f"{minutes:.0f} min" if minutes >= 1 else "<1 min"
            painter.drawText(
                box.adjusted(4, 4, -4, -6),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                label,
            )
