"""Checks made before Qt starts, because Qt's own failures there are an abort with a misleading message.

Without a display, or with a DISPLAY no X server answers, Qt prints "could not connect to
display" and aborts the whole process; with a missing xcb helper library it names the xcb
plugin (or the wrong library) instead of the package to install. All are caught here first
and explained in words a user can act on. Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import os
import shlex
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# The shared libraries Qt's xcb platform plugin loads, each with the Debian/Ubuntu package that
# ships it. The first four are the ones minimal systems most often lack.
XCB_LIBRARIES: Mapping[str, str] = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libX11-xcb.so.1": "libx11-xcb1",
}


def own_command(
    argv0: str | None = None,
    executable: str = sys.executable,
    which: Callable[[str], str | None] = shutil.which,
) -> str:
    """How to start StretchCoach again from the shell it was started in.

    `stretchcoach` only when that name on PATH is this very program; otherwise the path that
    was typed (`.venv/bin/stretchcoach` after `make run`), or `python -m stretchcoach` when it
    was started that way: advice naming a command the shell cannot find is no advice.
    """
    program = sys.argv[0] if argv0 is None else argv0
    name = Path(program).name
    if name == "__main__.py" and Path(program).parent.name == "stretchcoach":
        return f"{shlex.quote(executable)} -m stretchcoach"
    if name != "stretchcoach":
        return "stretchcoach"
    on_path = which("stretchcoach")
    if on_path is not None and _same_file(on_path, program):
        return "stretchcoach"
    return shlex.quote(program if "/" in program else f"./{program}")


def _same_file(first: str, second: str) -> bool:
    try:
        return Path(first).samefile(second)
    except OSError:
        return False


def apt_install(
    packages: list[str], euid: int | None = None, which: Callable[[str], str | None] = shutil.which
) -> str:
    """The apt-get line to give this user: root needs no sudo, and a minimal Debian has no sudo."""
    line = f"apt-get install {' '.join(packages)}"
    if (os.geteuid() if euid is None else euid) == 0:
        return line
    if which("sudo") is not None:
        return f"sudo {line}"
    return f'su -c "{line}"'


def virtual_display_advice(command: str, which: Callable[[str], str | None] = shutil.which) -> str:
    advice = f"Start it from a desktop session, or run it under a virtual display:\n    xvfb-run -a {command}"
    if which("xvfb-run") is None:
        advice += (
            f"\n(xvfb-run comes in the Debian/Ubuntu package xvfb: {apt_install(['xvfb'], which=which)})"
        )
    return advice


def requested_platform(environ: Mapping[str, str]) -> str:
    """The platform plugin named by QT_QPA_PLATFORM ("xcb:option" → "xcb"), or "" when unset."""
    value = environ.get("QT_QPA_PLATFORM", "").strip()
    return value.split(";")[0].split(":")[0].strip().lower()


def display_problem(
    environ: Mapping[str, str], platform: str = sys.platform, command: str | None = None
) -> str | None:
    """Why Qt could not open a window here, or None when it should be able to."""
    if not platform.startswith("linux"):
        return None
    requested = requested_platform(environ)
    has_x11 = bool(environ.get("DISPLAY"))
    has_wayland = bool(environ.get("WAYLAND_DISPLAY"))
    if requested == "xcb" and not has_x11:
        missing = "QT_QPA_PLATFORM is 'xcb' but DISPLAY is not set, so there is no X server to connect to."
    elif requested == "wayland" and not has_wayland:
        missing = "QT_QPA_PLATFORM is 'wayland' but WAYLAND_DISPLAY is not set."
    elif not requested and not has_x11 and not has_wayland:
        missing = "There is no display: neither DISPLAY nor WAYLAND_DISPLAY is set."
    else:
        return None
    command = own_command() if command is None else command
    return (
        f"StretchCoach needs a screen to show its window. {missing}\n"
        f"{virtual_display_advice(command)}\n"
        f"(The commands `{command} routines` and `{command} plan ID` work without a display.)"
    )


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start with its X11 plugin (a Wayland session tries Wayland first)."""
    if not platform.startswith("linux"):
        return False
    requested = requested_platform(environ)
    if requested:
        return requested == "xcb"
    wayland_session = bool(environ.get("WAYLAND_DISPLAY")) and environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(environ.get("DISPLAY")) and not wayland_session


def missing_xcb_packages(load: Callable[[str], object] = ctypes.CDLL) -> list[str]:
    """The packages to install for each xcb library that cannot be loaded."""
    missing = []
    for library, package in XCB_LIBRARIES.items():
        try:
            load(library)
        except OSError:
            missing.append(package)
    return missing


def xcb_problem(packages: list[str]) -> str:
    return (
        "StretchCoach cannot open its window: Qt's X11 support needs system libraries that are missing.\n"
        "On Debian or Ubuntu install them with:\n"
        f"    {apt_install(packages)}"
    )


def x_server_answers(display: str) -> bool:
    """Connect to the X server the way Qt will (libxcb, with the user's X authority) and hang up."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(xcb.xcb_connection_has_error(connection) == 0)
    finally:
        xcb.xcb_disconnect(connection)


def x_server_problem(display: str, command: str | None = None) -> str:
    return (
        f"StretchCoach cannot open its window: DISPLAY is '{display}', but no X server answers there "
        "(it may have stopped, or this user may not be allowed to use it).\n"
        + virtual_display_advice(own_command() if command is None else command)
    )


def startup_problem(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    load: Callable[[str], object] = ctypes.CDLL,
    answers: Callable[[str], bool] = x_server_answers,
) -> str | None:
    """Everything that would make Qt abort at start-up, as a message for stderr, or None."""
    problem = display_problem(environ, platform)
    if problem is not None:
        return problem
    if uses_xcb(environ, platform):
        packages = missing_xcb_packages(load)
        if packages:
            return xcb_problem(packages)
        display = environ.get("DISPLAY", "")
        if not answers(display):
            return x_server_problem(display)
    return None
