"""The 0–10 pain question: eleven big buttons and one key each, skippable.

Keys go to this widget (it takes the focus; its buttons never do), so Space and Enter, which
someone on the mat presses out of habit, answer nothing: Space is ignored, and Enter only
confirms a pending "1". Digits answer at once, except 1, which waits a moment for a 0 to make
10; Esc or S skips, which the history keeps as "not asked", never as 0.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

TEN_WAIT_MS = 900
"""How long a 1 waits for a 0 (making 10) before it counts as 1."""
MIN_BUTTON = 40
LEGEND = "0 = no pain, 10 = the worst imaginable"
_DIGITS = {getattr(Qt.Key, f"Key_{digit}"): digit for digit in range(10)}


class PainScale(QWidget):
    answered = Signal(object)
    """The score 0–10, or None when skipped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Pain from 0 to 10")
        self.setAccessibleDescription(f"{LEGEND}. Press a number, 1 then 0 for 10, or S to skip.")
        self.buttons: list[QPushButton] = []
        grid = QGridLayout()
        grid.setSpacing(8)
        for score in range(11):
            button = QPushButton(str(score))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCheckable(True)
            button.setMinimumWidth(MIN_BUTTON)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(f"Pain {score} of 10")
            button.setToolTip("1 then 0" if score == 10 else f"key {score}")
            button.clicked.connect(lambda _=False, value=score: self._answer(value))
            grid.addWidget(button, 0, score)
            self.buttons.append(button)
        self.legend = QLabel(LEGEND)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.skip_button = ShortcutButton("Skip", "S or Esc")
        self.skip_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.skip_button.setAccessibleDescription("Skip the question; it is kept as not asked")
        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        skip_row.addWidget(self.skip_button)
        skip_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.legend)
        layout.addLayout(skip_row)
        self._side = 0
        self._one = QTimer(self)
        self._one.setSingleShot(True)
        self._one.setInterval(TEN_WAIT_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._one.timeout.connect(self.on_one_waited)
        self.skip_button.clicked.connect(self.on_skip)

    def reset(self) -> None:
        """Ready for a new answer, nothing chosen."""
        self._one.stop()
        for button in self.buttons:
            button.setChecked(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        digit = _DIGITS.get(key)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if digit is not None and plain:
            if self._one.isActive():
                self._one.stop()
                self._answer(10 if digit == 0 else 1)
            elif digit == 1:
                self.buttons[1].setChecked(True)
                self._one.start()
            else:
                self._answer(digit)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_S) and plain:
            self.on_skip()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._one.isActive():
            self._one.stop()
            self._answer(1)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # habit, not an answer: nothing happens, and nothing behind us either
        else:
            super().keyPressEvent(event)

    @Slot()
    def on_one_waited(self) -> None:
        self._answer(1)

    @Slot()
    def on_skip(self) -> None:
        self._one.stop()
        self.reset()
        self.answered.emit(None)

    def _answer(self, score: int) -> None:
        self._one.stop()
        for value, button in enumerate(self.buttons):
            button.setChecked(value == score)
        self.answered.emit(score)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Buttons as big as the width allows, to be hit from a chair or the floor."""
        super().resizeEvent(event)
        side = max(MIN_BUTTON, min(120, (event.size().width() - 10 * 8) // 11))
        if side == self._side:
            return
        self._side = side
        for button in self.buttons:
            # Height fixed, width shared out by the layout: a minimum width would keep the row
            # from shrinking with the window, and clip the last button.
            button.setFixedHeight(side)
            font = QFont(button.font())
            font.setPixelSize(round(side * 0.45))
            font.setBold(True)
            button.setFont(font)
        for widget, share in ((self.legend, 0.28), (self.skip_button, 0.26)):
            font = QFont(widget.font())
            font.setPixelSize(max(14, round(side * share)))
            widget.setFont(font)
        self.updateGeometry()  # taller or shorter now: the page lays the rest out around it
