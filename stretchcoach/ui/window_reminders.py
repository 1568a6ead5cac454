"""The reminder's part in the open window.

It keeps the login entry in step with the settings (storage/autostart.py), shows reminders itself
while no background reminder process is running (never both: the background one, when it starts,
tells the window), and when the window closes with reminders on, starts the background process
so that the reminder still comes, as it will after the next login.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from stretchcoach.storage.autostart import BACKGROUND_FLAG, sync
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.reminder_service import ReminderService
from stretchcoach.ui.settings_keeper import SettingsKeeper

log = logging.getLogger(__name__)

REMOVED_NOTICE = (
    "StretchCoach no longer starts at login, as you chose in your desktop's startup programs: reminders "
    "come only while StretchCoach is open. Settings → Reminders can turn the login start back on."
)


def start_background(command: Sequence[str]) -> None:
    subprocess.Popen([*command, BACKGROUND_FLAG], stdin=subprocess.DEVNULL, start_new_session=True)


class WindowReminders(QObject):
    notice = Signal(str)

    def __init__(
        self,
        keeper: SettingsKeeper,
        service: ReminderService,
        *,
        autostart_path: Path,
        command: Sequence[str],
        background_running: Callable[[], bool],
        launch_background: Callable[[Sequence[str]], None] = start_background,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.keeper = keeper
        self.service = service
        self.autostart_path = autostart_path
        self.command = list(command)
        self._background_running = background_running
        self._launch_background = launch_background
        self.background_seen = False
        keeper.changed.connect(self.on_settings_changed)
        self.on_settings_changed(keeper.settings)

    @Slot(object)
    def on_settings_changed(self, settings: Settings) -> None:
        reminder = settings.reminder
        try:
            synced = sync(reminder, self.autostart_path, self.command)
        except OSError as error:
            log.exception("could not write the login entry")
            self.notice.emit(
                f"The login start for reminders could not be written ({error.strerror or error}); "
                "reminders come while StretchCoach is open."
            )
            synced = reminder
        if synced != reminder:
            if reminder.at_login and not synced.at_login:
                self.notice.emit(REMOVED_NOTICE)
            self.keeper.update(reminder=synced)  # comes back here once more, with nothing to change
            return
        self.background_seen = self.background_seen or self._background_running()
        if self.background_seen and reminder.enabled:
            self.service.stop()  # the background process shows them; two would be one too many
        else:
            self.background_seen = False
            self.service.set_options(reminder)

    def on_background_started(self) -> None:
        self.background_seen = True
        self.service.stop()

    def on_window_closed(self) -> None:
        reminder = self.keeper.settings.reminder
        self.service.stop()
        if reminder.enabled and reminder.at_login and not self._background_running():
            log.info("the window closed with reminders on: the background reminder takes over")
            self._launch_background(self.command)
