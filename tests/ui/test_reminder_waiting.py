"""Waiting for the reminder, in the window and in `stretchcoach --background`: one timer, the
notification at the time, the login entry kept in step, and the background process ending when
reminders are turned off."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from pytestqt.qtbot import QtBot

from stretchcoach.core.reminder import LONGEST_SLEEP, ReminderOptions
from stretchcoach.storage.autostart import autostart_file
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import Settings, load_settings, save_settings
from stretchcoach.ui.background import BackgroundReminder
from stretchcoach.ui.dialogs.settings import SettingsDialog
from stretchcoach.ui.notifier import ReminderNote
from stretchcoach.ui.reminder_service import ReminderService
from stretchcoach.ui.settings_keeper import SettingsKeeper
from stretchcoach.ui.signal_waker import SignalWaker
from stretchcoach.ui.window_reminders import REMOVED_NOTICE, WindowReminders
from tests.ui.keys import focused, press

BERLIN = ZoneInfo("Europe/Berlin")
NOTE = ReminderNote("quick-relief", "Time to stretch", "Press Start")
ON = ReminderOptions(enabled=True, at=time(18, 0))


class RecordingNotifier:
    def __init__(self) -> None:
        self.shown: list[ReminderNote] = []

    def show(self, note: ReminderNote) -> None:
        self.shown.append(note)

    def close(self) -> None:
        pass


class Wall:
    def __init__(self, text: str) -> None:
        self.now = datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now


def service(wall: Wall, notifier: RecordingNotifier) -> ReminderService:
    return ReminderService(notifier, lambda: NOTE, now=wall, zone=BERLIN)


def test_the_service_sleeps_on_one_timer_and_notifies_at_the_time(qtbot: QtBot) -> None:
    wall, notifier = Wall("2026-05-12T17:58"), RecordingNotifier()
    waiting = service(wall, notifier)
    waiting.set_options(ON)
    assert waiting.timer.isActive() and waiting.timer.isSingleShot()
    assert waiting.timer.interval() == 2 * 60 * 1000
    wall.now += timedelta(minutes=2)
    waiting.on_wake()
    assert notifier.shown == [NOTE]
    assert waiting.timer.interval() == LONGEST_SLEEP.total_seconds() * 1000
    waiting.stop()
    assert not waiting.timer.isActive()


def test_a_change_of_time_replans_and_turning_off_stops_the_timer(qtbot: QtBot) -> None:
    wall, notifier = Wall("2026-05-12T17:58"), RecordingNotifier()
    waiting = service(wall, notifier)
    waiting.set_options(ON)
    waiting.set_options(replace(ON, at=time(18, 1)))
    assert waiting.timer.interval() == 3 * 60 * 1000
    waiting.set_options(replace(ON, at=time(18, 1), routine="other"))
    assert waiting.timer.interval() == 3 * 60 * 1000, "a change that is not about time keeps the plan"
    waiting.set_options(replace(ON, enabled=False))
    assert not waiting.timer.isActive() and not waiting.waiting


class BackgroundProcess(QObject):
    """The background reminder as the window sees it: running or not, and `gone` when it ends."""

    gone = Signal()

    def __init__(self, running: bool) -> None:
        super().__init__()
        self.running = running

    def watch(self) -> BackgroundProcess | None:
        return self if self.running else None

    def end(self) -> None:
        self.running = False
        self.gone.emit()

    def deleteLater(self) -> None:
        """Kept: the test starts it again."""


def reminders(
    keeper: SettingsKeeper, path: Path, background: BackgroundProcess, launched: list[list[str]]
) -> WindowReminders:
    return WindowReminders(
        keeper,
        service(Wall("2026-05-12T12:00"), RecordingNotifier()),
        autostart_path=path,
        command=["/usr/bin/stretchcoach"],
        watch_background=background.watch,
        launch_background=lambda command: launched.append(list(command)),
    )


def test_the_window_keeps_the_login_entry_in_step_and_never_rewrites_a_removed_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = autostart_file(tmp_path)
    keeper = SettingsKeeper(Settings())
    notices: list[str] = []
    window_side = reminders(keeper, path, BackgroundProcess(False), [])
    window_side.notice.connect(notices.append)
    assert not path.exists()
    keeper.update(reminder=ON)
    assert path.exists() and keeper.settings.autostart_written
    assert load_settings().settings.autostart_written, "remembered in the file"
    assert window_side.service.waiting, "no background process: the window reminds while open"
    path.unlink()
    keeper.update(reminder=replace(keeper.settings.reminder, at=time(19, 0)))
    assert not path.exists()
    assert keeper.settings.reminder.enabled and not keeper.settings.reminder.at_login
    assert notices == [REMOVED_NOTICE]
    later = reminders(SettingsKeeper(load_settings().settings), path, BackgroundProcess(False), [])
    assert not path.exists() and later.keeper.settings.reminder.enabled, "not at the next start either"
    keeper.update(reminder=replace(keeper.settings.reminder, enabled=False))
    assert not path.exists()


def test_while_a_background_process_reminds_the_window_does_not(qtbot: QtBot, tmp_path: Path) -> None:
    background = BackgroundProcess(True)
    window_side = reminders(SettingsKeeper(Settings(reminder=ON)), autostart_file(tmp_path), background, [])
    assert not window_side.service.waiting
    background.end()
    assert window_side.service.waiting, "it ended: the open window reminds"
    window_side.service.stop()
    background.gone.emit()  # said twice by the socket
    assert not window_side.service.waiting, "nothing more to take over"
    background.running = True
    window_side.on_background_started()
    assert not window_side.service.waiting


def test_a_background_process_that_left_while_reminders_were_off_does_not_silence_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    background = BackgroundProcess(True)
    keeper = SettingsKeeper(Settings())
    window_side = reminders(keeper, autostart_file(tmp_path), background, [])
    window_side.on_background_started()  # a `--background` of old told the window, then exited
    background.running = False
    keeper.update(reminder=ON)
    assert window_side.service.waiting


def test_closing_the_window_with_reminders_on_hands_over_to_the_background(
    qtbot: QtBot, tmp_path: Path
) -> None:
    launched: list[list[str]] = []
    on = reminders(
        SettingsKeeper(Settings(reminder=ON)), autostart_file(tmp_path), BackgroundProcess(False), launched
    )
    on.on_window_closed()
    assert launched == [["/usr/bin/stretchcoach"]]
    off = reminders(
        SettingsKeeper(Settings()), autostart_file(tmp_path / "b"), BackgroundProcess(False), launched
    )
    off.on_window_closed()
    assert len(launched) == 1


def test_a_window_closed_by_a_logout_hands_nothing_over(qtbot: QtBot, tmp_path: Path) -> None:
    launched: list[list[str]] = []
    on = reminders(
        SettingsKeeper(Settings(reminder=ON)), autostart_file(tmp_path), BackgroundProcess(False), launched
    )
    on.on_window_closed(by_signal=True)
    assert launched == []
    assert not on.service.waiting


def test_reminders_are_turned_on_and_set_with_the_keyboard(qtbot: QtBot) -> None:
    keeper = SettingsKeeper(Settings())
    dialog = SettingsDialog(keeper, None, routines=[("quick-relief", "Quick relief")])
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    dialog.show_page(dialog.reminders_page)
    page = dialog.reminders_page
    assert not page.time_edit.isEnabled(), "nothing to set while reminders are off"
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert focused() is page.enabled_box
    press(qtbot, Qt.Key.Key_Space)
    assert keeper.settings.reminder.enabled
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert focused() is page.time_edit
    for key in (Qt.Key.Key_0, Qt.Key.Key_7, Qt.Key.Key_3, Qt.Key.Key_0, Qt.Key.Key_Return):
        press(qtbot, key)
    assert keeper.settings.reminder.at == time(7, 30)
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)  # to Wednesday
    press(qtbot, Qt.Key.Key_Space)
    assert keeper.settings.reminder.days == frozenset({0, 1, 3, 4, 5, 6})
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    press(qtbot, Qt.Key.Key_Down)
    assert keeper.settings.reminder.routine == "quick-relief"
    assert page.next_label.text().startswith("Next reminder: ")
    page.restore_button.click()
    assert keeper.settings.reminder == ReminderOptions()


def test_the_background_reminder_exits_when_reminders_are_turned_off(app_home: Path) -> None:
    save_settings(Settings(reminder=replace(ON, at_login=False)))
    environment = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "", "STRETCHCOACH_HOME": str(app_home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "stretchcoach", "--background"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("stretchcoach: waiting for the reminder (next: ")
        second = subprocess.run(
            [sys.executable, "-m", "stretchcoach", "--background"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (second.returncode, second.stderr) == (
            0,
            "stretchcoach: the background reminder is already running\n",
        )
        save_settings(replace(load_settings().settings, reminder=replace(ON, enabled=False)))
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_damaged_settings_file_does_not_end_the_background_reminder(qtbot: QtBot, app_home: Path) -> None:
    save_settings(Settings(reminder=ON))
    app = QCoreApplication.instance()
    assert app is not None
    waiting = service(Wall("2026-05-12T12:00"), RecordingNotifier())
    background = BackgroundReminder(app, RecordingNotifier(), waiting, load_settings().settings)
    try:
        assert waiting.waiting
        settings_file().write_text("[reminder\nenabled = tru", encoding="utf-8")  # a save caught half-way
        background.on_settings_changed()
        assert waiting.waiting, "the defaults of a bad read say 'off'; the reminder keeps what it had"
        assert background.settings.reminder == ON
    finally:
        background.watcher.deleteLater()
        background.deleteLater()


def test_a_signal_that_ends_the_app_is_told_apart_from_closing_the_window(qtbot: QtBot) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    waker = SignalWaker(app)
    try:
        assert not waker.signalled
        os.kill(os.getpid(), signal.SIGHUP)  # the handler runs at once, in this thread
        assert waker.signalled
    finally:
        waker.close()
