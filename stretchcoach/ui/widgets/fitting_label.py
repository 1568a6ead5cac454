"""A plain-text label whose type shrinks, down to a floor, so its text takes at most a few lines.

"Bridge" should be huge; "Hamstring stretch in a doorway" should be large too, but not at the
cost of pushing the instructions off a small window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from stretchcoach.ui.widgets.text_fit import fitting_size

SMALLEST_FRACTION = 0.6


class FittingLabel(QLabel):
    def __init__(
        self, lines: int, *, bold: bool = False, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lines = lines
        self._largest = 24
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        font = QFont(self.font())
        font.setBold(bold)
        self.setFont(font)
        self.setAccessibleName(name)

    def set_pixel_size(self, pixels: int) -> None:
        self._largest = pixels
        self._fit()

    def setText(self, text: str) -> None:
        if text != self.text():  # each beat of a rep sets the same name again
            super().setText(text)
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        smallest = max(12, round(self._largest * SMALLEST_FRACTION))
        sizes = range(self._largest, smallest - 1, -1)
        size = fitting_size(self.font(), self.text(), self.contentsRect().width(), sizes, self._fits)
        if size != self.font().pixelSize():
            font = QFont(self.font())
            font.setPixelSize(size)
            self.setFont(font)

    def _fits(self, metrics: QFontMetrics, height: int) -> bool:
        return height <= metrics.lineSpacing() * self._lines + 1
