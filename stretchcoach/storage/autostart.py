"""The login entry that starts `stretchcoach --background`, so a reminder comes with the window closed.

It is an XDG autostart file, `$XDG_CONFIG_HOME/autostart/<app id>.desktop`, which every desktop
(GNOME, KDE, Xfce, …) runs at login and lists among its startup programs. It is written only
while reminders are on, removed when they are turned off, and never written again once the user
removed it (through the desktop's startup settings or by hand): `sync` then reports that, and
the settings remember it (`at_login` off) until the user asks for it again.

A file of that name that StretchCoach did not write, or one the desktop marked `Hidden=true`
(how some desktops switch an entry off), is the user's and is left as it is.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from stretchcoach import APP_ID
from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.storage.atomic import write_atomically
from stretchcoach.storage.desktop_install import exec_argument

BACKGROUND_FLAG = "--background"
MARK = f"X-StretchCoach-Written-By=StretchCoach reminders ({APP_ID})"


def xdg_config_home(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_CONFIG_HOME if it is absolute (the spec says to ignore a relative one), else ~/.config."""
    value = environ.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".config"


def autostart_file(config_home: Path) -> Path:
    return config_home / "autostart" / f"{APP_ID}.desktop"


def autostart_entry(command: Sequence[str]) -> str:
    program = " ".join(exec_argument(part) for part in command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=StretchCoach reminders",
            "Comment=Your stretching reminder; turn it off in StretchCoach's settings",
            f"Exec={program} {BACKGROUND_FLAG}",
            f"TryExec={exec_argument(command[0])}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "NoDisplay=true",
            "X-GNOME-Autostart-enabled=true",
            MARK,
            "",
        ]
    )


class Found(Enum):
    MISSING = "missing"
    OURS = "ours"
    USERS = "users"
    """Not written by us, or switched off by the desktop (Hidden=true): not ours to touch."""


def inspect(path: Path) -> Found:
    try:
        lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return Found.MISSING
    except OSError:
        return Found.USERS
    if MARK in lines and "Hidden=true" not in lines:
        return Found.OURS
    return Found.USERS


@dataclass(frozen=True)
class Synced:
    reminder: ReminderOptions
    written: bool
    """StretchCoach wrote the login entry; if it is gone, the user removed it, and it stays gone."""


def sync(reminder: ReminderOptions, written: bool, path: Path, command: Sequence[str]) -> Synced:
    """Make the login entry match the reminder; returns the options as they now are.

    The only change to the options is learning that the user removed an entry StretchCoach
    wrote (`at_login` turns off), and noting one written or removed in `written`.
    """
    found = inspect(path)
    wanted = reminder.enabled and reminder.at_login
    if found is Found.USERS:
        return Synced(replace(reminder, at_login=False), False) if wanted else Synced(reminder, written)
    if wanted:
        if found is Found.MISSING and written:
            return Synced(replace(reminder, at_login=False), False)
        if found is Found.MISSING:
            write_atomically(path, autostart_entry(command).encode(), keep_backup=False)
        return Synced(reminder, True)
    if found is Found.OURS:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return Synced(reminder, False)
