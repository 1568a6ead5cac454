"""What to do when it hurts, as a page of the window in type read from the floor.

A dialog of small text asked someone in pain to get up and read it, and once closed it was
gone. This page is as large as the session's, scrolls when the window is small, and the finish
page leads back to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from stretchcoach.core import pain_advice
from stretchcoach.ui.widgets.page_type import height_unit, size_type
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton


def _label(text: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if bold:
        font = QFont(label.font())
        font.setBold(bold)
        label.setFont(font)
    return label


class PainAdvicePage(QWidget):
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(pain_advice.TITLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title_label = _label(pain_advice.TITLE, bold=True)
        self.body = QWidget()
        self._body_layout = QVBoxLayout(self.body)
        self._body_layout.setContentsMargins(0, 0, 0, 0)
        self._text_labels: list[QLabel] = []
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_action = QAction("Back to the summary", self)
        self.done_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), QKeySequence(Qt.Key.Key_Escape)]
        )
        self.done_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.done_action)
        self.done_button = ShortcutButton(self.done_action.text(), "Enter")
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.set_accent()

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        self._root = QVBoxLayout(self)
        self._root.addWidget(self.title_label)
        self._root.addWidget(self.scroller, 1)
        self._root.addLayout(buttons)
        self.done_button.clicked.connect(self.done_action.trigger)
        self.done_action.triggered.connect(self.done)
        self.show_advice(None)

    @property
    def text(self) -> str:
        """Everything the page says, as plain text: for screen readers and tests."""
        return "\n".join(label.text() for label in (self.title_label, *self._text_labels))

    def show_advice(self, exercise: str | None) -> None:
        while (item := self._body_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._text_labels = []
        for block in pain_advice.advice(exercise):
            lines = [block] if isinstance(block, str) else [f"•  {line}" for line in block]
            for line in lines:
                label = _label(line)
                if not isinstance(block, str):
                    label.setIndent(24)
                self._text_labels.append(label)
                self._body_layout.addWidget(label)
        self._body_layout.addStretch(1)
        self.setAccessibleDescription(self.text)
        self._scale_fonts(self.height())
        self.scroller.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scale_fonts(event.size().height())
        super().resizeEvent(event)

    def _scale_fonts(self, height: int) -> None:
        """Sized like the session page: the reader may still be lying down."""
        unit = height_unit(height)
        size_type(
            unit,
            (
                (self.title_label, 6.0),
                *((label, 3.2) for label in self._text_labels),
                (self.done_button, 3.4),
            ),
        )
        margin = round(3 * unit)
        self._root.setContentsMargins(margin, margin, margin, margin)
        self._body_layout.setSpacing(round(0.8 * unit))
