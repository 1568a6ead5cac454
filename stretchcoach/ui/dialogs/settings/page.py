"""What every page of the settings dialog shares: a titled form of labelled controls, each with
a line on what it does, and a button that puts the page's settings back to their defaults.

A page never keeps a copy of the settings. A control's change goes straight to the keeper,
which saves it; the keeper's `changed` comes back to `show_settings`, so a page always shows
what the file holds, whoever changed it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Slot
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stretchcoach.storage.settings import Settings
from stretchcoach.ui.settings_keeper import SettingsKeeper

ROW_GAP = 6
"""Space between one setting and the next, on top of the grid's: enough to group a name with its help."""


def help_label(text: str) -> QLabel:
    """A line under a setting's name saying what it does, quieter than the name.

    The colour is a palette role, not a colour, so it follows a change of theme made while the
    dialog is open.
    """
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def seconds_box(
    low: float, high: float, *, step: float = 1.0, decimals: int = 0
) -> QSpinBox | QDoubleSpinBox:
    """A spin box in seconds that applies a typed figure when it is finished, not at every digit."""
    box: QSpinBox | QDoubleSpinBox
    if decimals:
        box = QDoubleSpinBox()
        box.setDecimals(decimals)
        box.setRange(low, high)
        box.setSingleStep(step)
    else:
        box = QSpinBox()
        box.setRange(round(low), round(high))
        box.setSingleStep(round(step))
    box.setSuffix(" s")
    box.setKeyboardTracking(False)
    box.setAccelerated(True)
    box.setMinimumWidth(110)
    return box


class SettingsPage(QWidget):
    """One page of the dialog: `title` in the list, its form, and its own "Restore defaults"."""

    title = ""

    def __init__(self, keeper: SettingsKeeper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keeper = keeper
        self.setAccessibleName(self.title)
        heading = QLabel(self.title)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        self.form = QGridLayout()
        self.form.setColumnStretch(0, 1)
        self.form.setHorizontalSpacing(24)
        self.form.setVerticalSpacing(4)
        self.restore_button = QPushButton(f"Restore {self.title.lower()} defaults")
        self.restore_button.setAccessibleDescription(
            f"Puts every {self.title.lower()} setting back as it was when StretchCoach was installed"
        )
        self.restore_button.clicked.connect(self.on_restore_defaults)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.restore_button)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(heading)
        self.body.addSpacing(8)
        self.body.addLayout(self.form)
        self.body.addStretch(1)
        self.body.addLayout(bottom)

    def add_row(self, name: str, help_text: str, control: QWidget, *, focus: QWidget | None = None) -> None:
        """A setting: its name (with an Alt shortcut, `&` marking it) and help on the left, its
        control on the right. The name labels the control that takes the keys, `focus` when the
        control is a row of several."""
        row = self.form.rowCount()
        label = QLabel(name)
        target = focus or control
        label.setBuddy(target)
        target.setAccessibleName(name.replace("&", ""))
        target.setAccessibleDescription(help_text)
        self.form.addWidget(label, row, 0)
        self.form.addWidget(control, row, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.addWidget(help_label(help_text), row + 1, 0, 1, 2)
        self.form.setRowMinimumHeight(row + 2, ROW_GAP)

    def add_wide(self, control: QWidget, help_text: str = "") -> None:
        """A control that carries its own label (a check box, a button), across the whole row."""
        row = self.form.rowCount()
        self.form.addWidget(control, row, 0, 1, 2)
        if help_text:
            control.setAccessibleDescription(help_text)
            self.form.addWidget(help_label(help_text), row + 1, 0, 1, 2)
        self.form.setRowMinimumHeight(row + 2, ROW_GAP)

    def finish(self) -> None:
        """Lay the page out once its rows are added, and show the settings.

        Laying out last gives the keyboard the order the eye reads: the rows top to bottom,
        then "Restore defaults", made first but placed last.
        """
        self.setLayout(self.body)
        self.show_settings(self.keeper.settings)

    def show_settings(self, settings: Settings) -> None:
        """Show `settings` without sending any change back to the keeper."""
        blockers = [QSignalBlocker(widget) for widget in self.findChildren(QWidget)]
        try:
            self.fill(settings)
        finally:
            for blocker in blockers:
                blocker.unblock()

    def fill(self, settings: Settings) -> None:
        """Set every control of the page from `settings` (its signals are blocked meanwhile)."""
        raise NotImplementedError

    def defaults(self) -> dict[str, Any]:
        """The changes that put this page's settings back to their defaults."""
        raise NotImplementedError

    @Slot()
    def on_restore_defaults(self) -> None:
        self.keeper.update(**self.defaults())
