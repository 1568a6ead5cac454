"""The instructions, as large as the room beside the figure allows, never below a readable floor.

Long instructions used to push the illustration down to a thumbnail. The page now keeps a third
of its height for the figure; the text takes the largest type (down to the floor) that fits what
is left, and scrolls only when even the floor does not fit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from stretchcoach.ui.widgets.text_fit import fitting_size


class InstructionsView(QScrollArea):
    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setAccessibleName(name)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.viewport().setAutoFillBackground(False)
        self.label.setAutoFillBackground(False)
        self._largest = 24
        self._floor = 18

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        if text == self.text():  # each beat of a rep sets the same text again
            return
        self.label.setText(text)
        self._fit()
        self.verticalScrollBar().setValue(0)

    def set_pixel_sizes(self, largest: int, floor: int) -> None:
        """The type the text would like, and the smallest it may shrink to before it scrolls."""
        self._largest, self._floor = largest, min(floor, largest)
        self._fit()

    def pixel_size(self) -> int:
        return self.label.font().pixelSize()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.viewport().height()
        width = self.viewport().width() - 2
        sizes = range(self._largest, self._floor - 1, -1)
        size = fitting_size(
            self.label.font(), self.text(), width, sizes, lambda metrics, height: height <= room
        )
        if size != self.label.font().pixelSize():
            font = QFont(self.label.font())
            font.setPixelSize(size)
            self.label.setFont(font)

    def fits(self) -> bool:
        """Whether the whole text shows without scrolling."""
        needed = QFontMetrics(self.label.font()).boundingRect(
            0, 0, max(1, self.viewport().width() - 2), 1_000_000, Qt.TextFlag.TextWordWrap, self.text()
        )
        return needed.height() <= self.viewport().height()
