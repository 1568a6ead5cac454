"""The open window's reminders, made after its first frame.

The notifier's D-Bus client, the schedule with its time zones and the login entry's check are
about 20 ms of imports that the first frame does not show; a message from the background
process before then makes them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from stretchcoach.ui import instance
from stretchcoach.ui.main_window import MainWindow

if TYPE_CHECKING:
    from stretchcoach.ui.notifier import DesktopNotifier
    from stretchcoach.ui.window_reminders import WindowReminders


class LateReminders:
    def __init__(self, window: MainWindow, app: QApplication) -> None:
        self._window = window
        self._app = app
        self._made: tuple[WindowReminders, DesktopNotifier] | None = None

    def make(self) -> None:
        self.made()

    def made(self) -> WindowReminders:
        if self._made is None:
            self._made = self._make()
        return self._made[0]

    def _make(self) -> tuple[WindowReminders, DesktopNotifier]:
        from stretchcoach.storage.autostart import autostart_file, xdg_config_home
        from stretchcoach.storage.desktop_install import launch_command
        from stretchcoach.ui.notifier import DesktopNotifier
        from stretchcoach.ui.reminder_service import ReminderService, reminder_note
        from stretchcoach.ui.window_reminders import WindowReminders

        window = self._window
        notifier = DesktopNotifier(parent=self._app)
        notifier.start_requested.connect(window.open_routine)
        service = ReminderService(
            notifier, lambda: reminder_note(window.settings.settings, window.catalog), parent=self._app
        )
        reminders = WindowReminders(
            window.settings,
            service,
            autostart_path=autostart_file(xdg_config_home()),
            command=launch_command(),
            watch_background=lambda: instance.presence(instance.BACKGROUND, self._app),
            parent=self._app,
        )
        reminders.notice.connect(window.on_notice)
        notifier.unavailable.connect(window.on_notice)
        return reminders, notifier

    def close(self, *, by_signal: bool = False) -> None:
        """As the window closes; reminders never made (closed before the first frame) stay unmade."""
        if self._made is not None:
            reminders, notifier = self._made
            reminders.on_window_closed(by_signal=by_signal)
            notifier.close()
