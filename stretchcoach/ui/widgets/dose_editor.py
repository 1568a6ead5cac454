"""A routine's exercises with an editor for every dose the article lets the user choose.

Keyboard first: Tab reaches each figure, the arrows change it, Enter commits a typed figure.
The bounds come from the article, so a figure outside its range cannot be entered at all.
The editor only reports a change; the window saves it and hands back the new doses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from stretchcoach.core.doses import DoseChoice, DoseKind

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_INDENT = 28


@dataclass(frozen=True, slots=True)
class ExerciseDoses:
    """One exercise as the editor lists it: its line ("2. Forward fold — hold 60 s") and its choices."""

    name: str
    line: str
    choices: tuple[DoseChoice, ...] = ()


class DoseSpinBox(QSpinBox):
    """A spin box whose Enter and mouse wheel do only what the user means by them.

    Enter commits the figure typed and goes no further, so it never also starts a session (the
    picker's Enter shortcut); the wheel changes the figure only once the box has focus, so
    scrolling the list of exercises past it never changes a dose by accident.
    """

    def __init__(self, choice: DoseChoice, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setKeyboardTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"{name}: {choice.label}")
        self.setAccessibleDescription(f"The article allows {choice.article}")
        self.set_choice(choice)

    def set_choice(self, choice: DoseChoice) -> None:
        """Show `choice` without reporting it as the user's change."""
        self.choice = choice
        blocked = self.blockSignals(True)
        self.setRange(choice.allowed.low, choice.allowed.high)
        self.setSuffix(choice.suffix)
        self.setSingleStep(choice.step)
        self.setValue(choice.value)
        self.blockSignals(blocked)

    def event(self, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() is QEvent.Type.ShortcutOverride
            and event.key() in _ENTER_KEYS
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in _ENTER_KEYS:
            event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class DoseEditor(QWidget):
    dose_changed = Signal(str, str, int)
    """Exercise id, `DoseKind` value and the figure to save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: tuple[ExerciseDoses, ...] = ()
        self._lines: list[QLabel] = []
        self._ranges: list[QLabel] = []
        self._boxes: list[DoseSpinBox] = []
        self._body = QWidget()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._body)
        self.setAccessibleName("Exercises")

    def show_exercises(self, entries: Sequence[ExerciseDoses]) -> None:
        """Show these exercises; the same exercises with new figures are updated in place.

        Updating in place keeps the keyboard focus on the figure being changed, which a rebuild
        would throw away after every arrow press.
        """
        entries = tuple(entries)
        if _shape(entries) == _shape(self._entries):
            self._update(entries)
        else:
            self._rebuild(entries)
        self._entries = entries

    def text(self) -> str:
        """Every exercise's line, one a line, as a screen reader or a test reads the list."""
        return "\n".join(entry.line for entry in self._entries)

    @property
    def spin_boxes(self) -> tuple[DoseSpinBox, ...]:
        return tuple(self._boxes)

    def _rebuild(self, entries: tuple[ExerciseDoses, ...]) -> None:
        """A fresh grid for other exercises, so no row of the last routine's lingers."""
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnMinimumWidth(0, _INDENT)
        grid.setColumnStretch(3, 1)
        self._lines, self._ranges, self._boxes = [], [], []
        row = 0
        for entry in entries:
            line = _plain(entry.line, wrap=True)
            self._lines.append(line)
            grid.addWidget(line, row, 0, 1, 4)
            row += 1
            for choice in entry.choices:
                box = DoseSpinBox(choice, entry.name)
                box.valueChanged.connect(self.on_value_changed)
                label = _plain(choice.label, wrap=True)  # "Times each knee down" may need two lines
                label.setBuddy(box)
                article = _plain(choice.article, wrap=True)
                self._boxes.append(box)
                self._ranges.append(article)
                grid.addWidget(label, row, 1)
                grid.addWidget(box, row, 2)
                grid.addWidget(article, row, 3)
                row += 1
            if entry.choices:
                grid.setRowMinimumHeight(row, 6)
                row += 1
        self._layout.replaceWidget(self._body, body)
        self._body.hide()  # at once: deleteLater waits for the event loop
        self._body.deleteLater()
        self._body = body
        # A layout shows what it is given only at the next turn of the event loop; until then a
        # Tab would skip the new editors, so the grid is shown now.
        if self.isVisible():
            body.show()

    def _update(self, entries: tuple[ExerciseDoses, ...]) -> None:
        for line, entry in zip(self._lines, entries, strict=True):
            line.setText(entry.line)
        choices = [choice for entry in entries for choice in entry.choices]
        for box, article, choice in zip(self._boxes, self._ranges, choices, strict=True):
            box.set_choice(choice)
            article.setText(choice.article)

    @Slot(int)
    def on_value_changed(self, value: int) -> None:
        box = self.sender()
        if isinstance(box, DoseSpinBox):
            self.dose_changed.emit(box.choice.exercise_id, box.choice.kind.value, box.choice.saved(value))


def _shape(entries: tuple[ExerciseDoses, ...]) -> list[tuple[str, tuple[tuple[str, DoseKind], ...]]]:
    return [(entry.name, tuple((item.exercise_id, item.kind) for item in entry.choices)) for entry in entries]


def _plain(text: str, *, wrap: bool = False) -> QLabel:
    """Routine files are someone's text: shown as plain text, never as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label
