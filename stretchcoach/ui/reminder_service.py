"""Waiting for the reminder and showing it: one single-shot timer, re-armed at every wake-up.

Used by `stretchcoach --background` and by the open window (when no background process is
running). Between reminders nothing runs: the timer sleeps until the next one is due, or for
`LONGEST_SLEEP` at most, after which the wall clock is read again (core/reminder.py says why).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Slot

from stretchcoach.core.builtin import builtin_routines, resources_dir
from stretchcoach.core.plan_format import clock_time
from stretchcoach.core.planner import build_plan
from stretchcoach.core.reminder import ReminderOptions, ReminderWaker, local_zone
from stretchcoach.storage.catalog import Catalog
from stretchcoach.storage.desktop_install import shipped_icons, svg_icon, xdg_data_home
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.notifier import Notifier, ReminderNote


def wall_clock() -> datetime:
    return datetime.now(UTC)


def reminder_note(settings: Settings, catalog: Catalog) -> ReminderNote:
    """The chosen routine, else the one used last, else the first built-in one: named, with its length."""
    wanted = (settings.reminder.routine, settings.last_routine)
    entry = next((found for key in wanted if key and (found := catalog.find(key)) is not None), None)
    routine = entry.routine if entry is not None else builtin_routines()[0]
    try:
        length = f"{clock_time(build_plan(routine, settings.plan_settings(routine)).total_seconds)} in all. "
    except ValueError:
        length = ""
    return ReminderNote(
        routine.id,
        f"Time to stretch: {routine.name}",
        f"{length}Press Start, then lie down: StretchCoach talks you through it.",
        icon=notification_icon(),
    )


def notification_icon(data_home: Path | None = None) -> str:
    """The icon's theme name once install-desktop has put it there; until then the package's file."""
    installed = svg_icon((data_home or xdg_data_home()) / "icons")
    return "" if installed.exists() else str(svg_icon(shipped_icons(resources_dir())))


class ReminderService(QObject):
    def __init__(
        self,
        notifier: Notifier,
        note: Callable[[], ReminderNote],
        *,
        now: Callable[[], datetime] = wall_clock,
        zone: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self._note = note
        self._now = now
        self._zone = zone
        self._waker: ReminderWaker | None = None
        self._options = ReminderOptions()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.timeout.connect(self.on_wake)

    @property
    def waiting(self) -> bool:
        return self._waker is not None

    def set_options(self, options: ReminderOptions) -> None:
        """Start, re-plan or stop waiting; a change of days or time counts from now (no catch-up)."""
        same = (options.enabled, options.days, options.at) == (
            self._options.enabled,
            self._options.days,
            self._options.at,
        )
        self._options = options
        if same and (self._waker is not None) == options.enabled:
            return
        self.timer.stop()
        self._waker = None
        if options.enabled:
            # The zone is read again at each change, so a move to another time zone is noticed too.
            zone = self._zone or local_zone()
            self._waker = ReminderWaker(options.days, options.at, zone, self._now())
            self.on_wake()

    def stop(self) -> None:
        self.set_options(ReminderOptions())

    def next_due(self) -> datetime | None:
        return self._waker.next_due() if self._waker is not None else None

    @Slot()
    def on_wake(self) -> None:
        if self._waker is None:
            return
        wake = self._waker.wake(self._now())
        if wake.remind is not None:
            self.notifier.show(self._note())
        if wake.sleep is not None:
            self.timer.start(max(1000, round(wake.sleep.total_seconds() * 1000)))
