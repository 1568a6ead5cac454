"""The checks made before Qt starts, which would otherwise abort with a misleading message."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from stretchcoach.ui.display_check import (
    XCB_LIBRARIES,
    apt_install,
    display_problem,
    missing_xcb_packages,
    own_command,
    startup_problem,
    uses_xcb,
    virtual_display_advice,
)

LINUX = "linux"


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"XDG_SESSION_TYPE": "tty"},
        {"QT_QPA_PLATFORM": "xcb"},
        {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"},
        {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"},
    ],
)
def test_no_display_is_explained_with_the_way_out(environ: dict[str, str]) -> None:
    problem = display_problem(environ, LINUX, command=".venv/bin/stretchcoach")
    assert problem is not None
    assert "xvfb-run -a .venv/bin/stretchcoach" in problem
    assert "`.venv/bin/stretchcoach routines`" in problem


def test_the_advice_names_the_command_as_this_shell_can_run_it(tmp_path: Path) -> None:
    script = tmp_path / "venv" / "bin" / "stretchcoach"
    script.parent.mkdir(parents=True)
    script.touch()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.touch()
    python = str(tmp_path / "venv" / "bin" / "python")

    assert own_command(".venv/bin/stretchcoach", python, which=lambda _: None) == ".venv/bin/stretchcoach"
    assert own_command(str(script), python, which=lambda _: str(script)) == "stretchcoach"
    assert own_command(str(script), python, which=lambda _: str(elsewhere)) == shlex.quote(str(script))
    main = "/usr/lib/python3/site-packages/stretchcoach/__main__.py"
    assert own_command(main, python, which=lambda _: None) == f"{shlex.quote(python)} -m stretchcoach"


def test_apt_lines_use_sudo_only_where_it_is_needed_and_there() -> None:
    assert apt_install(["xvfb"], euid=0, which=lambda _: "/usr/bin/sudo") == "apt-get install xvfb"
    assert apt_install(["xvfb"], euid=1000, which=lambda _: "/usr/bin/sudo") == "sudo apt-get install xvfb"
    assert apt_install(["xvfb"], euid=1000, which=lambda _: None) == 'su -c "apt-get install xvfb"'


def test_without_xvfb_run_the_advice_says_which_package_has_it() -> None:
    advice = virtual_display_advice("stretchcoach", which=lambda name: None)
    assert "xvfb-run -a stretchcoach" in advice
    assert "package xvfb" in advice and "apt-get install xvfb" in advice
    assert "package xvfb" not in virtual_display_advice("stretchcoach", which=lambda name: f"/usr/bin/{name}")


@pytest.mark.parametrize(
    "environ",
    [
        {"DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "xcb:nograb", "DISPLAY": ":1"},
        {"QT_QPA_PLATFORM": "vnc"},
    ],
)
def test_a_usable_display_passes(environ: dict[str, str]) -> None:
    assert display_problem(environ, LINUX) is None


def test_other_systems_are_left_to_qt() -> None:
    assert display_problem({}, "darwin") is None
    assert not uses_xcb({"DISPLAY": ":0"}, "win32")


def test_xcb_is_expected_on_x11_but_not_in_a_wayland_session() -> None:
    assert uses_xcb({"DISPLAY": ":0"}, LINUX)
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, LINUX)
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "XDG_SESSION_TYPE": "wayland"}, LINUX)
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, LINUX)


def test_missing_xcb_libraries_are_named_as_debian_packages() -> None:
    absent = {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"}

    def load(name: str) -> object:
        if name in absent:
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    assert missing_xcb_packages(load) == ["libxcb-cursor0", "libxkbcommon-x11-0"]
    problem = startup_problem({"DISPLAY": ":0"}, LINUX, load, answers=lambda display: True)
    assert problem is not None
    assert apt_install(["libxcb-cursor0", "libxkbcommon-x11-0"]) in problem


def test_the_four_usual_suspects_are_checked() -> None:
    packages = set(XCB_LIBRARIES.values())
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0"} <= packages


def test_xcb_libraries_are_not_checked_offscreen() -> None:
    def load(name: str) -> object:
        raise AssertionError("nothing should be loaded")

    assert startup_problem({"QT_QPA_PLATFORM": "offscreen"}, LINUX, load) is None


def run_app(**display: str) -> subprocess.CompletedProcess[str]:
    """The real app in a child process, with no display settings but the ones given."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    return subprocess.run(
        [sys.executable, "-m", "stretchcoach"],
        check=False,
        env=environ | display,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_the_app_without_a_display_exits_with_2_and_says_why() -> None:
    result = run_app()

    assert result.returncode == 2
    assert "There is no display" in result.stderr
    assert f"xvfb-run -a {shlex.quote(sys.executable)} -m stretchcoach" in result.stderr
    assert "Aborted" not in result.stderr


def test_a_display_no_x_server_answers_is_explained() -> None:
    def load(name: str) -> object:
        return object()

    problem = startup_problem({"DISPLAY": ":4711"}, LINUX, load, answers=lambda display: False)

    assert problem is not None
    assert "DISPLAY is ':4711', but no X server answers there" in problem
    assert "xvfb-run -a " in problem
    assert startup_problem({"DISPLAY": ":0"}, LINUX, load, answers=lambda display: True) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_the_app_with_a_dead_display_exits_with_2_instead_of_qts_abort() -> None:
    result = run_app(DISPLAY=":4711")

    assert result.returncode == 2
    assert "no X server answers there" in result.stderr
