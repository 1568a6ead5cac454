"""The daily reminder: on or off, which days, what time, which routine, and whether it comes with
StretchCoach closed (a quiet background process started at login)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QTime, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QTimeEdit, QWidget

from stretchcoach.core.reminder import DAY_NAMES, ReminderOptions, days_text, local_zone, next_reminder
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.dialogs.settings.page import SettingsPage, help_label
from stretchcoach.ui.settings_keeper import SettingsKeeper

LAST_USED = "The one I used last"


def next_text(reminder: ReminderOptions, now: datetime | None = None) -> str:
    """The line under the form: when the next reminder comes, or why none will."""
    if not reminder.enabled:
        return "Reminders are off."
    zone = local_zone()
    due = next_reminder(reminder.days, reminder.at, now or datetime.now(UTC), zone)
    if due is None:
        return "No day is ticked, so no reminder will come."
    where = (
        "" if reminder.at_login else " Reminders come only while StretchCoach is open (no start at login)."
    )
    return f"Next reminder: {due.astimezone(zone):%A %H:%M}.{where}"


class RemindersSettingsPage(SettingsPage):
    title = "Reminders"

    def __init__(
        self,
        keeper: SettingsKeeper,
        routines: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(keeper, parent)
        self.enabled_box = QCheckBox("&Remind me to stretch")
        self.add_wide(
            self.enabled_box,
            "A desktop notification at the time you choose; its Start button opens StretchCoach "
            "on the routine, ready to begin.",
        )
        self.day_boxes = [QCheckBox(name[:3]) for name in DAY_NAMES]
        days_row = QWidget()
        days_layout = QHBoxLayout(days_row)
        days_layout.setContentsMargins(0, 0, 0, 0)
        for name, box in zip(DAY_NAMES, self.day_boxes, strict=True):
            box.setAccessibleName(name)
            days_layout.addWidget(box)
        self.add_row(
            "&Days", "Tab moves from day to day, Space ticks one.", days_row, focus=self.day_boxes[0]
        )
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setKeyboardTracking(False)
        self.time_edit.setMinimumWidth(110)
        self.add_row("&Time", "In this computer's time zone; type it, or use the arrow keys.", self.time_edit)
        self.routine_box = QComboBox()
        self.routine_box.addItem(LAST_USED, "")
        for key, name in routines:
            self.routine_box.addItem(name, key)
        self.add_row("R&outine", "The routine the notification names and opens.", self.routine_box)
        self.at_login_box = QCheckBox("Also when StretchCoach is &closed (starts quietly at login)")
        self.add_wide(
            self.at_login_box,
            "Adds StretchCoach to your desktop's startup programs while reminders are on; it waits "
            "without a window and uses next to no power.",
        )
        self.next_label = help_label("")
        self.next_label.setAccessibleName("Next reminder")
        self.add_wide(self.next_label)
        self._connect_signals()
        self.finish()

    def _connect_signals(self) -> None:
        self.enabled_box.toggled.connect(self.on_reminder_changed)
        for box in self.day_boxes:
            box.toggled.connect(self.on_reminder_changed)
        self.time_edit.timeChanged.connect(self.on_reminder_changed)
        self.routine_box.currentIndexChanged.connect(self.on_reminder_changed)
        self.at_login_box.toggled.connect(self.on_reminder_changed)

    def fill(self, settings: Settings) -> None:
        reminder = settings.reminder
        self.enabled_box.setChecked(reminder.enabled)
        for day, box in enumerate(self.day_boxes):
            box.setChecked(day in reminder.days)
        self.time_edit.setTime(QTime(reminder.at.hour, reminder.at.minute))
        index = self.routine_box.findData(reminder.routine)
        if index < 0 and reminder.routine:
            self.routine_box.addItem(f"{reminder.routine} (no longer there)", reminder.routine)
            index = self.routine_box.count() - 1
        self.routine_box.setCurrentIndex(max(index, 0))
        self.at_login_box.setChecked(reminder.at_login)
        for control in (*self.day_boxes, self.time_edit, self.routine_box, self.at_login_box):
            control.setEnabled(reminder.enabled)
        self.next_label.setText(next_text(reminder))
        self.time_edit.setAccessibleDescription(f"Reminders {days_text(reminder.days)}")

    def defaults(self) -> dict[str, Any]:
        return {"reminder": ReminderOptions()}

    @Slot()
    def on_reminder_changed(self) -> None:
        chosen = self.time_edit.time()
        reminder = replace(
            self.keeper.settings.reminder,
            enabled=self.enabled_box.isChecked(),
            days=frozenset(day for day, box in enumerate(self.day_boxes) if box.isChecked()),
            at=self.keeper.settings.reminder.at.replace(hour=chosen.hour(), minute=chosen.minute()),
            routine=str(self.routine_box.currentData() or ""),
            at_login=self.at_login_box.isChecked(),
        )
        self.keeper.update(reminder=reminder)
