"""The checks made before Qt starts, which would otherwise abort with a misleading message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from stretchcoach.ui.display_check import (
    XCB_LIBRARIES,
    display_problem,
    missing_xcb_packages,
    startup_problem,
    uses_xcb,
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
    problem = display_problem(environ, LINUX)
    assert problem is not None
    assert "xvfb-run -a stretchcoach" in problem


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
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in problem


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
    assert "xvfb-run -a stretchcoach" in result.stderr
    assert "Aborted" not in result.stderr


def test_a_display_no_x_server_answers_is_explained() -> None:
    def load(name: str) -> object:
        return object()

    problem = startup_problem({"DISPLAY": ":4711"}, LINUX, load, answers=lambda display: False)

    assert problem is not None
    assert "DISPLAY is ':4711', but no X server answers there" in problem
    assert "xvfb-run -a stretchcoach" in problem
    assert startup_problem({"DISPLAY": ":0"}, LINUX, load, answers=lambda display: True) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_the_app_with_a_dead_display_exits_with_2_instead_of_qts_abort() -> None:
    result = run_app(DISPLAY=":4711")

    assert result.returncode == 2
    assert "no X server answers there" in result.stderr
