"""The reminder's part in the open window.

It keeps the login entry in step with the settings (storage/autostart.py), shows reminders itself
while no background reminder process is running (never both: the background one, when it starts,
tells the window, and the window holds a connection to it, so it takes the reminders back when
that process ends, however it ends), and when the window closes with reminders on, starts the
background process so that the reminder still comes, as it will after the next login. A close
caused by a signal (logout) hands nothing over: the login entry starts it at the next login.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.storage.autostart import BACKGROUND_FLAG, Synced, sync
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


class Presence(Protocol):
    """A running background process (ui/instance.Presence); `gone` when it ends."""

    gone: SignalInstance

    def deleteLater(self) -> None: ...


class WindowReminders(QObject):
    notice = Signal(str)

    def __init__(
        self,
        keeper: SettingsKeeper,
        service: ReminderService,
        *,
        autostart_path: Path,
        command: Sequence[str],
        watch_background: Callable[[], Presence | None],
        launch_background: Callable[[Sequence[str]], None] = start_background,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.keeper = keeper
        self.service = service
        self.autostart_path = autostart_path
        self.command = list(command)
        self._watch_background = watch_background
        self._launch_background = launch_background
        self._background: Presence | None = None
        keeper.changed.connect(self.on_settings_changed)
        self.on_settings_changed(keeper.settings)

    @Slot(object)
    def on_settings_changed(self, settings: Settings) -> None:
        reminder = settings.reminder
        try:
            synced = sync(reminder, settings.autostart_written, self.autostart_path, self.command)
        except OSError as error:
            log.exception("could not write the login entry")
            self.notice.emit(
                f"The login start for reminders could not be written ({error.strerror or error}); "
                "reminders come while StretchCoach is open."
            )
            synced = Synced(reminder, settings.autostart_written)
        if synced != Synced(reminder, settings.autostart_written):
            if reminder.at_login and not synced.reminder.at_login:
                self.notice.emit(REMOVED_NOTICE)
            # comes back here once more, with nothing to change
            self.keeper.update(reminder=synced.reminder, autostart_written=synced.written)
            return
        self._apply(reminder)

    def _apply(self, reminder: ReminderOptions) -> None:
        if reminder.enabled and self.background_running():
            self.service.stop()  # the background process shows them; two would be one too many
        else:
            self.service.set_options(reminder)

    def background_running(self) -> bool:
        if self._background is None:
            self._background = self._watch_background()
            if self._background is not None:
                self._background.gone.connect(self.on_background_gone)
        return self._background is not None

    def on_background_started(self) -> None:
        self._apply(self.keeper.settings.reminder)

    @Slot()
    def on_background_gone(self) -> None:
        if self._background is None:
            return  # a socket may say it is disconnected more than once
        self._background.deleteLater()
        self._background = None
        log.info("the background reminder ended: the open window reminds")
        self._apply(self.keeper.settings.reminder)

    def on_window_closed(self, *, by_signal: bool = False) -> None:
        reminder = self.keeper.settings.reminder
        self.service.stop()
        if by_signal:
            return  # a logout: the login entry starts the background reminder next time
        if reminder.enabled and reminder.at_login and not self.background_running():
            log.info("the window closed with reminders on: the background reminder takes over")
            self._launch_background(self.command)
