"""Plain text in a box of fixed height, its type shrunk just enough for the words to fit.

Captions and status lines come in any length, from "Two." to a whole paragraph of how-to; a
label that grew to fit them would squeeze the ring, which must stay large. This keeps the
layout still and the text whole.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.ui.widgets.text_fit import WRAP, fitting_size, wrapped_height

SMALLEST_FRACTION = 0.55
"""The type never shrinks below this share of its set size; longer text is cut off with an ellipsis."""


class FittedText(QWidget):
    def __init__(
        self, lines: int, *, bold: bool = False, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lines = lines
        self._bold = bold
        self._text = ""
        self._pixel_size = 20
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(name)
        self._resize_to_lines()

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleDescription(text)
            self.update()

    def set_pixel_size(self, pixels: int) -> None:
        if pixels != self._pixel_size:
            self._pixel_size = pixels
            self._resize_to_lines()

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())

    def fitted_font(self) -> QFont:
        """The largest size, down to the floor, at which the text fits the box."""
        box = self.contentsRect()
        smallest = max(8, round(self._pixel_size * SMALLEST_FRACTION))
        sizes = range(self._pixel_size, smallest - 1, -1)
        size = fitting_size(self._font(self._pixel_size), self._text, box.width(), sizes, self._fits)
        return self._font(size)

    def _fits(self, metrics: QFontMetrics, height: int) -> bool:
        return height <= self.contentsRect().height()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        font = self.fitted_font()
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        box = self.contentsRect()
        text = self._text
        if wrapped_height(font, text, box.width()) > box.height():
            text = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, box.width() * self._lines)
        painter.drawText(box, WRAP, text)
        painter.end()

    def _font(self, pixels: int) -> QFont:
        font = QFont(self.font())
        font.setBold(self._bold)
        font.setPixelSize(pixels)
        return font

    def _resize_to_lines(self) -> None:
        self.setFixedHeight(QFontMetrics(self._font(self._pixel_size)).lineSpacing() * self._lines + 4)
        self.updateGeometry()
