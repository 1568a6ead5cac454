"""The thin bar across the top of a session: how much of the whole session is done.

It moves a pixel every second or so all session long. A QProgressBar repaints itself at once
whenever its value moves a pixel (a paint, and a round trip to the X server, of its own) and
asks its style whether a pixel moved each time it is given a value; this one marks the pixels
that changed, and they are painted with the ring in the same frame.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.ui import theme


class ProgressStrip(QWidget):
    """Screen readers hear it through its accessible description: the whole percentage done,
    then `detail` (set when the minutes change), rewritten only when either changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 0.0
        self._percent = 0
        self._detail = ""
        self._describe()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(40)

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())

    @property
    def fraction(self) -> float:
        return self._fraction

    def filled_width(self) -> int:
        """The filled part, in pixels from the left."""
        return round(self._fraction * self.width())

    def set_fraction(self, fraction: float) -> None:
        before = self.filled_width()
        self._fraction = min(1.0, max(0.0, fraction))
        after = self.filled_width()
        if after != before:
            left, right = sorted((before, after))
            self.update(QRect(left - 1, 0, right - left + 2, self.height()))
        percent = int(self._fraction * 100)
        if percent != self._percent:
            self._percent = percent
            self._describe()

    def set_detail(self, detail: str) -> None:
        """What a screen reader hears after the percentage, such as the time done and left."""
        if detail != self._detail:
            self._detail = detail
            self._describe()

    def _describe(self) -> None:
        percent = f"{self._percent} % done"
        self.setAccessibleDescription(f"{percent}: {self._detail}" if self._detail else percent)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        filled = self.filled_width()
        dirty = event.rect()
        corner = math.ceil(self.height() / 2)
        if dirty.left() >= corner and dirty.right() < self.width() - corner:
            # Between the round ends the strip covers whole columns, so plain rectangles paint
            # the same pixels as the rounded shape, for less than a path a few times a second.
            painter.fillRect(dirty, theme.track_colour(palette))
            done = dirty.intersected(QRect(0, 0, filled, self.height()))
            if not done.isEmpty():
                painter.fillRect(done, palette.color(QPalette.ColorRole.Highlight))
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        box = QRectF(self.rect())
        radius = box.height() / 2
        painter.setBrush(theme.track_colour(palette))
        painter.drawRoundedRect(box, radius, radius)
        if filled > 0:
            painter.setClipRect(QRect(0, 0, filled, self.height()))
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(box, radius, radius)
        painter.end()
