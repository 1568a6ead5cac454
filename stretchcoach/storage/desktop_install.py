"""Putting StretchCoach in the user's application menu: its .desktop file and icons under XDG_DATA_HOME.

pip and pipx install a command, never a launcher entry or an icon, so `stretchcoach install-desktop`
writes them for the one user, pointing at the program that is running now (a launcher started
from the menu has no virtualenv activated and perhaps not the user's PATH either).

Every file written carries the app id as a mark (a key in the .desktop file, a text chunk in a
PNG, the root id of the SVG). That mark is how a file is known to be ours: install overwrites
only files with it, uninstall removes only those, and a file of the same name that the user or a
package put there is left alone and named in the message.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stretchcoach import APP_ID
from stretchcoach.storage.atomic import write_atomically

ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
"""The hicolor sizes launchers, docks, task switchers and software centres look for."""

ICON_MARKER_KEY = "Title"
"""The PNG text chunk whose value is the app id, written by scripts/render_icons.py."""

INSTALLED_BY = f"X-StretchCoach-Installed-By=stretchcoach install-desktop ({APP_ID})"
COMMAND_NAME = "stretchcoach"

# Characters that make an Exec argument need double quotes (the Desktop Entry spec's reserved
# set), and those that must then be escaped with a backslash inside the quotes.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


def desktop_file_name() -> str:
    return f"{APP_ID}.desktop"


def desktop_template(resources: Path) -> Path:
    return resources / "desktop" / desktop_file_name()


def metainfo_file(resources: Path) -> Path:
    return resources / "desktop" / f"{APP_ID}.metainfo.xml"


def shipped_icons(resources: Path) -> Path:
    """The icons folder in the package: laid out as an XDG data folder's `icons/`."""
    return resources / "desktop" / "icons"


def svg_icon(icons: Path) -> Path:
    """The scalable icon under an `icons/` folder: the package's, or an XDG data folder's."""
    return icons / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def png_icon(icons: Path, size: int) -> Path:
    return icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def xdg_data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_DATA_HOME if it is absolute (the spec says to ignore a relative one), else ~/.local/share."""
    value = environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command(
    which: Callable[[str], str | None] = shutil.which, executable: str = sys.executable
) -> list[str]:
    """The command that starts this installation of StretchCoach from a launcher.

    The `stretchcoach` script beside the running interpreter belongs to this installation (a
    virtualenv's bin/, pipx's venv); the one on PATH is preferred only when it is that same file
    (pipx's ~/.local/bin link reads better), since a PATH entry of another installation would
    start another version. With no script at all, `python -m stretchcoach` runs this code.
    """
    beside = Path(executable).parent / COMMAND_NAME
    on_path = which(COMMAND_NAME)
    if beside.is_file() and os.access(beside, os.X_OK):
        if on_path is not None and _same_file(Path(on_path), beside):
            return [str(Path(on_path).absolute())]
        return [str(beside)]
    return [executable, "-m", "stretchcoach"]


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def exec_argument(argument: str) -> str:
    """One argument as a .desktop Exec value spells it: quoted and escaped as the spec asks."""
    argument = argument.replace("%", "%%")
    if any(character in _RESERVED for character in argument):
        escaped = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
        argument = f'"{escaped}"'
    # The string-value escape is applied on top of the quoting: one backslash is written as two.
    return argument.replace("\\", "\\\\")


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The shipped .desktop file with every `Exec=stretchcoach …` pointing at `command`.

    TryExec names the program too, so that the launcher entry disappears by itself if that
    installation is deleted, rather than failing when clicked.
    """
    program = " ".join(exec_argument(part) for part in command)
    lines: list[str] = []
    group = ""
    for line in template.splitlines():
        if line.startswith("["):
            group = line.strip()
        if line.startswith("Exec="):
            arguments = line.removeprefix("Exec=").split(" ", 1)
            if arguments[0] != COMMAND_NAME:
                raise ValueError(f"the desktop file template runs {arguments[0]!r}, not {COMMAND_NAME!r}")
            lines.append(" ".join(["Exec=" + program, *arguments[1:]]))
            if group == "[Desktop Entry]":
                lines.append("TryExec=" + exec_argument(command[0]))
                lines.append(INSTALLED_BY)
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def is_ours(path: Path) -> bool:
    """Whether an existing file carries our mark (see the module's docstring)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if path.suffix == ".desktop":
        return INSTALLED_BY.encode() in data.splitlines()
    return APP_ID.encode() in data


@dataclass(frozen=True)
class DesktopFiles:
    """What install-desktop writes: each target path with its contents."""

    files: tuple[tuple[Path, bytes], ...]

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.files]


def planned_files(resources: Path, data_home: Path, command: Sequence[str]) -> DesktopFiles:
    entry = desktop_entry(desktop_template(resources).read_text(encoding="utf-8"), command)
    files = [(data_home / "applications" / desktop_file_name(), entry.encode())]
    shipped, target = shipped_icons(resources), data_home / "icons"
    files.append((svg_icon(target), svg_icon(shipped).read_bytes()))
    files.extend((png_icon(target, size), png_icon(shipped, size).read_bytes()) for size in ICON_SIZES)
    return DesktopFiles(tuple(files))


def installed_paths(data_home: Path) -> list[Path]:
    """Every path install-desktop may have written under `data_home`, ours or not."""
    return [
        data_home / "applications" / desktop_file_name(),
        svg_icon(data_home / "icons"),
        *(png_icon(data_home / "icons", size) for size in ICON_SIZES),
    ]


class NotOurs(Exception):
    """Files in the way that StretchCoach did not write; nothing was changed."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__(", ".join(map(str, paths)))
        self.paths = list(paths)


def install(planned: DesktopFiles) -> list[Path]:
    """Write every planned file, or none of them if any is in the way (exists and is not ours)."""
    in_the_way = [path for path in planned.paths if path.exists() and not is_ours(path)]
    if in_the_way:
        raise NotOurs(in_the_way)
    for path, data in planned.files:
        write_atomically(path, data, keep_backup=False)
    return planned.paths


@dataclass(frozen=True)
class Removal:
    removed: list[Path]
    kept: list[Path]
    """Files of our names that we did not write, left where they are."""


def uninstall(data_home: Path) -> Removal:
    removed: list[Path] = []
    kept: list[Path] = []
    for path in installed_paths(data_home):
        if not path.exists():
            continue
        if is_ours(path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path)
        else:
            kept.append(path)
    return Removal(removed, kept)
