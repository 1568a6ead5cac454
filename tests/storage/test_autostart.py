"""The login entry for reminders: written when they are turned on, removed when turned off, and never
written again once the user removed it; and the reminder's settings in the settings file."""

from __future__ import annotations

import json
import shlex
from dataclasses import replace
from datetime import time
from pathlib import Path

from stretchcoach import APP_ID
from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.storage.autostart import Synced, autostart_file, sync, xdg_config_home
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import Settings, load_settings, save_settings

COMMAND = ["/home/ana/.local/bin/stretchcoach"]
ON = ReminderOptions(enabled=True)


def entry_lines(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_the_entry_lives_in_the_xdg_autostart_folder(tmp_path: Path) -> None:
    assert autostart_file(tmp_path) == tmp_path / "autostart" / f"{APP_ID}.desktop"
    assert xdg_config_home({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path
    assert xdg_config_home({"XDG_CONFIG_HOME": "relative"}) == Path.home() / ".config"


def test_turning_reminders_on_writes_an_entry_that_runs_the_background_reminder(tmp_path: Path) -> None:
    path = autostart_file(tmp_path)
    synced = sync(ON, False, path, COMMAND)
    assert synced == Synced(ON, written=True)
    keys = entry_lines(path)
    assert shlex.split(keys["Exec"]) == [*COMMAND, "--background"]
    assert keys["Type"] == "Application" and keys["Icon"] == APP_ID
    assert sync(ON, True, path, COMMAND) == synced, "nothing more to do the second time"


def test_turning_reminders_off_removes_the_entry(tmp_path: Path) -> None:
    path = autostart_file(tmp_path)
    written = sync(ON, False, path, COMMAND)
    off = sync(replace(ON, enabled=False), written.written, path, COMMAND)
    assert not path.exists()
    assert off.written is False
    assert sync(ON, off.written, path, COMMAND).written, "on again: written again"


def test_an_entry_the_user_removed_is_never_written_again(tmp_path: Path) -> None:
    path = autostart_file(tmp_path)
    written = sync(ON, False, path, COMMAND)
    path.unlink()  # the desktop's "startup programs" settings, or rm
    synced = sync(ON, written.written, path, COMMAND)
    assert not path.exists()
    assert (synced.reminder.enabled, synced.reminder.at_login, synced.written) == (True, False, False)
    assert sync(synced.reminder, synced.written, path, COMMAND) == synced and not path.exists(), (
        "not at the next start either"
    )
    again = sync(replace(synced.reminder, at_login=True), synced.written, path, COMMAND)
    assert path.exists() and again.written, "until the user asks for it again"


def test_an_entry_switched_off_by_the_desktop_or_not_ours_is_left_alone(tmp_path: Path) -> None:
    path = autostart_file(tmp_path)
    sync(ON, False, path, COMMAND)
    hidden = path.read_text() + "Hidden=true\n"
    path.write_text(hidden)
    assert sync(ON, True, path, COMMAND).reminder.at_login is False
    assert sync(replace(ON, enabled=False), False, path, COMMAND) and path.read_text() == hidden
    path.write_text("[Desktop Entry]\nExec=something-else\n")
    sync(replace(ON, enabled=False), False, path, COMMAND)
    assert path.read_text() == "[Desktop Entry]\nExec=something-else\n"


def test_the_reminder_is_saved_and_read_back() -> None:
    chosen = ReminderOptions(
        enabled=True, days=frozenset({0, 2, 4}), at=time(7, 45), routine="quick-relief", at_login=False
    )
    save_settings(Settings(reminder=chosen))
    assert load_settings().settings.reminder == chosen


def test_a_settings_file_from_before_reminders_reads_as_reminders_off() -> None:
    save_settings(Settings())
    document = json.loads(settings_file().read_text())
    del document["reminder"]
    settings_file().write_text(json.dumps(document))
    loaded = load_settings()
    assert loaded.settings.reminder == ReminderOptions() and not loaded.settings.reminder.enabled
    assert loaded.notices == ()


def test_a_damaged_reminder_keeps_what_it_can_and_says_what_it_dropped() -> None:
    save_settings(Settings())
    document = json.loads(settings_file().read_text())
    document["reminder"] = {"enabled": True, "days": [1, 9], "time": "25:00", "routine": "x"}
    settings_file().write_text(json.dumps(document))
    loaded = load_settings()
    assert loaded.settings.reminder.enabled and loaded.settings.reminder.routine == "x"
    assert loaded.settings.reminder.at == time(18, 0)
    assert any("reminder.days" in notice for notice in loaded.notices)
    assert any("reminder.time" in notice for notice in loaded.notices)


def test_the_login_entrys_bookkeeping_keeps_its_place_in_the_file() -> None:
    save_settings(Settings(reminder=ON, autostart_written=True))
    assert json.loads(settings_file().read_text())["reminder"]["autostart_written"] is True
    loaded = load_settings().settings
    assert loaded.autostart_written and loaded.reminder == ON
