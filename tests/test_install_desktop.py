"""`stretchcoach install-desktop` and `uninstall-desktop`, into a temporary XDG data folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest

from stretchcoach import APP_ID, __version__
from stretchcoach.cli import main
from stretchcoach.core.builtin import resources_dir
from stretchcoach.storage.desktop_install import (
    ICON_SIZES,
    desktop_entry,
    exec_argument,
    install,
    installed_paths,
    launch_command,
    planned_files,
    png_icon,
    svg_icon,
    xdg_data_home,
)

_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def exec_arguments(value: str) -> list[str]:
    """An Exec value read back as a launcher reads it (the Desktop Entry spec, field codes aside)."""
    unescaped, index = "", 0
    while index < len(value):
        if value[index] == "\\" and index + 1 < len(value) and value[index + 1] in _STRING_ESCAPES:
            unescaped += _STRING_ESCAPES[value[index + 1]]
            index += 2
        else:
            unescaped += value[index]
            index += 1
    arguments: list[str] = []
    current: str | None = None
    quoted = False
    index = 0
    while index < len(unescaped):
        character = unescaped[index]
        if quoted and character == "\\" and unescaped[index + 1] in '"`$\\':
            current = (current or "") + unescaped[index + 1]
            index += 1
        elif character == '"':
            quoted = not quoted
            current = current or ""
        elif character == " " and not quoted:
            if current is not None:
                arguments.append(current)
            current = None
        else:
            current = (current or "") + character
        index += 1
    assert not quoted, value
    if current is not None:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


def read_entry(path: Path) -> ConfigParser:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path, encoding="utf-8")
    return parser


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def desktop_file(data_home: Path) -> Path:
    return data_home / "applications" / f"{APP_ID}.desktop"


def test_install_writes_the_entry_and_every_icon_with_an_exec_that_runs(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install-desktop"]) == 0
    out = capsys.readouterr().out
    assert str(desktop_file(data_home)) in out

    assert (
        svg_icon(data_home / "icons").read_bytes()
        == svg_icon(resources_dir() / "desktop" / "icons").read_bytes()
    )
    for size in ICON_SIZES:
        assert png_icon(data_home / "icons", size).is_file()
    entry = read_entry(desktop_file(data_home))
    command = exec_arguments(entry["Desktop Entry"]["Exec"])
    assert Path(command[0]).is_absolute()
    assert exec_arguments(entry["Desktop Entry"]["TryExec"]) == command[:1]
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == f"stretchcoach {__version__}"
    quick = exec_arguments(entry["Desktop Action quick-relief"]["Exec"])
    assert quick == [*command, "--routine", "quick-relief", "--start"]
    validator = shutil.which("desktop-file-validate")
    if validator:
        checked = subprocess.run(
            [validator, str(desktop_file(data_home))], check=False, capture_output=True, text=True
        )
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout


def test_the_python_dash_m_form_runs_too(tmp_path: Path) -> None:
    """Where no `stretchcoach` script exists beside the interpreter the entry runs `python -m`."""
    command = launch_command(which=lambda _: None, executable=str(tmp_path / "bin" / "python3"))
    assert command == [str(tmp_path / "bin" / "python3"), "-m", "stretchcoach"]

    written = install(planned_files(resources_dir(), tmp_path, [sys.executable, "-m", "stretchcoach"]))
    exec_line = read_entry(written[0])["Desktop Entry"]["Exec"]
    result = subprocess.run(
        [*exec_arguments(exec_line), "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == f"stretchcoach {__version__}"


def test_the_script_beside_the_interpreter_wins_over_another_on_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "stretchcoach"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    other = tmp_path / "elsewhere" / "stretchcoach"
    other.parent.mkdir()
    other.write_text("#!/bin/sh\n")
    link = tmp_path / "local-bin" / "stretchcoach"
    link.parent.mkdir()
    link.symlink_to(script)
    python = str(bin_dir / "python3")

    assert launch_command(which=lambda _: str(other), executable=python) == [str(script)]
    # pipx: ~/.local/bin/stretchcoach links to the script in its venv, and reads better
    assert launch_command(which=lambda _: str(link), executable=python) == [str(link)]


@pytest.mark.parametrize(
    "argument",
    ["/opt/plain/python3", "/home/me/my apps/python", '/odd/"q"/$HOME/`x`/back\\slash', "/a/100%/b"],
)
def test_exec_arguments_are_quoted_as_the_spec_asks(argument: str) -> None:
    template = "[Desktop Entry]\nExec=stretchcoach --start\n"
    exec_line = desktop_entry(template, [argument, "-m", "stretchcoach"]).splitlines()[1]
    assert exec_arguments(exec_line.removeprefix("Exec=")) == [argument, "-m", "stretchcoach", "--start"]
    assert exec_arguments(exec_argument(argument)) == [argument]


def test_a_file_that_is_not_ours_is_never_overwritten(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = desktop_file(data_home)
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nType=Application\nName=Someone else's\nExec=true\n")

    assert main(["install-desktop"]) == 1

    err = capsys.readouterr().err
    assert "not written by StretchCoach" in err and str(theirs) in err
    assert "Someone else's" in theirs.read_text()
    assert not (data_home / "icons").exists(), "nothing is written when anything is in the way"


def test_an_icon_that_is_not_ours_stops_the_install_too(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    icon = png_icon(data_home / "icons", 48)
    icon.parent.mkdir(parents=True)
    icon.write_bytes(b"\x89PNG\r\n\x1a\nsomeone else's icon")

    assert main(["install-desktop"]) == 1
    assert str(icon) in capsys.readouterr().err
    assert not desktop_file(data_home).exists()


def test_installing_again_replaces_our_own_files(data_home: Path) -> None:
    assert main(["install-desktop"]) == 0
    desktop_file(data_home).write_text(desktop_file(data_home).read_text().replace("Exec=", "Exec=/old/"))

    assert main(["install-desktop"]) == 0
    assert "/old/" not in desktop_file(data_home).read_text()


def test_uninstall_removes_only_ours(data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install-desktop"]) == 0
    theirs = png_icon(data_home / "icons", 64)
    theirs.write_bytes(b"\x89PNG\r\n\x1a\nthe user's own icon")
    neighbour = data_home / "applications" / "other.desktop"
    neighbour.write_text("[Desktop Entry]\n")
    capsys.readouterr()

    assert main(["uninstall-desktop"]) == 0

    out, err = capsys.readouterr()
    assert theirs.exists() and neighbour.exists()
    assert str(theirs) in err
    assert [path for path in installed_paths(data_home) if path.exists()] == [theirs]
    assert str(desktop_file(data_home)) in out


def test_uninstall_with_nothing_installed_says_so(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["uninstall-desktop"]) == 0
    assert "not installed" in capsys.readouterr().out


def test_the_data_folder_follows_xdg_and_ignores_a_relative_one(tmp_path: Path) -> None:
    assert xdg_data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    assert xdg_data_home({"XDG_DATA_HOME": "relative/share"}) == Path.home() / ".local" / "share"
    assert xdg_data_home({}) == Path.home() / ".local" / "share"
