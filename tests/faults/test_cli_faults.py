"""The real command line against hostile homes: special files, damage, permissions, misuse.

Each case builds its home, snapshots it, runs `python -m stretchcoach` in a child and holds the
result to `judge`: no traceback, no hang, no user file lost or replaced, and the words a user
needs. Only the commands that never load Qt run here, so the whole file takes a few seconds.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.harness import give_to, judge, run, shared_home, snapshot

GOOD_ROUTINE = """\
format = 1
id = "mine"
name = "Mine"

[[exercises]]
id = "knees"
name = "Knees to chest"
position = "lying_on_back"
instructions = "Hug your knees."
how_to = "Hug both knees."
hold = 45
"""
GOOD_SETTINGS = {"version": 1, "timing": {"rest_seconds": 42}, "last_routine": "quick-relief"}


def config(home: Path) -> Path:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def routines(home: Path) -> Path:
    folder = home / "data" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def damaged_with_backup(home: Path) -> None:
    (config(home) / "settings.json").write_bytes(b'{"timing": {"rest_sec')
    (config(home) / "settings.json.bak").write_text(json.dumps(GOOD_SETTINGS))


def fifo_routine(home: Path) -> None:
    os.mkfifo(routines(home) / "pipe.toml")
    (routines(home) / "mine.toml").write_text(GOOD_ROUTINE)


def link_to_fifo(home: Path) -> None:
    os.mkfifo(home / "elsewhere")
    (routines(home) / "linked.toml").symlink_to(home / "elsewhere")
    (routines(home) / "mine.toml").write_text(GOOD_ROUTINE)


def nested_settings(home: Path) -> None:
    (config(home) / "settings.json").write_text("[" * 100_000 + "]" * 100_000)


def fifo_settings(home: Path) -> None:
    os.mkfifo(config(home) / "settings.json")


def huge_settings(home: Path) -> None:
    with (config(home) / "settings.json").open("wb") as out:
        out.truncate(8 * 1024 * 1024)  # sparse: 8 MiB of zeros, twice the limit, that take no disk


def routines_folder_is_a_file(home: Path) -> None:
    (home / "data").mkdir(parents=True)
    (home / "data" / "routines").write_text("not a folder")


def newer_settings(home: Path) -> None:
    (config(home) / "settings.json").write_text(json.dumps({"version": 7, "future": {"keep": "me"}}))


def symlinked_settings(home: Path) -> None:
    dotfiles = home / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "stretchcoach.json").write_text(json.dumps(GOOD_SETTINGS))
    (config(home) / "settings.json").symlink_to(dotfiles / "stretchcoach.json")


def nothing(home: Path) -> None:
    """A home as a first run finds it."""


READ_ONLY_CASES: list[tuple[str, Callable[[Path], None], list[str], list[str]]] = [
    ("damaged settings, good backup", damaged_with_backup, ["routines"], ["restored from the backup"]),
    ("damaged settings, good backup, plan", damaged_with_backup, ["plan", "quick-relief"], ["restored"]),
    ("a FIFO among the routines", fifo_routine, ["routines"], ["pipe.toml", "named pipe", "mine"]),
    ("a link to a FIFO among the routines", link_to_fifo, ["routines"], ["linked.toml", "named pipe"]),
    ("a FIFO given to validate", fifo_routine, ["validate", "{routines}/pipe.toml"], ["named pipe"]),
    ("a FIFO given to plan", fifo_routine, ["plan", "{routines}/pipe.toml"], ["named pipe"]),
    ("settings nested 100,000 deep", nested_settings, ["routines"], ["damaged"]),
    ("settings.json is a FIFO", fifo_settings, ["routines"], ["named pipe", "defaults"]),
    ("settings.json of 8 MiB", huge_settings, ["routines"], ["damaged"]),
    ("the routines folder is a file", routines_folder_is_a_file, ["routines"], ["is a file, not a folder"]),
    ("settings from a newer version", newer_settings, ["routines"], ["newer StretchCoach"]),
    ("a symlinked settings.json", symlinked_settings, ["plan", "quick-relief", "--json"], []),
    ("an endless device given to validate", nothing, ["validate", "/dev/zero"], ["this is a device"]),
]


@pytest.mark.parametrize(
    ("make", "args", "says"),
    [case[1:] for case in READ_ONLY_CASES],
    ids=[case[0] for case in READ_ONLY_CASES],
)
def test_commands_that_only_read_leave_every_file_as_it_was(
    app_home: Path, make: Callable[[Path], None], args: list[str], says: list[str]
) -> None:
    app_home.mkdir(parents=True, exist_ok=True)
    make(app_home)
    before = snapshot(app_home)

    outcome = run([arg.format(routines=app_home / "data" / "routines") for arg in args], app_home)

    judge(outcome, before, snapshot(app_home), says=says)


def test_the_restored_settings_are_the_ones_used(app_home: Path) -> None:
    damaged_with_backup(app_home)

    outcome = run(["plan", "quick-relief", "--json"], app_home)

    assert outcome.status == 0, outcome.stderr
    rests = {phase["seconds"] for phase in json.loads(outcome.stdout)["phases"] if phase["kind"] == "rest"}
    assert rests <= {42}, "the rest of the backup's settings, not the default"


def test_validate_refuses_what_would_mislead_and_prints_no_control_character(app_home: Path) -> None:
    folder = routines(app_home)
    (folder / "bom.toml").write_bytes(b"\xef\xbb\xbf" + GOOD_ROUTINE.encode())
    (folder / "invisible.toml").write_text(
        GOOD_ROUTINE.replace('name = "Mine"', 'name = "\u200b\u200d\u2060"')
    )
    (folder / "clash.toml").write_text(GOOD_ROUTINE.replace('id = "mine"', 'id = "quick-relief"'))
    (folder / "escape.toml").write_text(
        GOOD_ROUTINE.replace('name = "Mine"', 'name = "Mine\\u001b]0;owned\\u0007"')
    )
    before = snapshot(app_home)

    outcome = run(["validate", *(str(path) for path in sorted(folder.iterdir()))], app_home)

    judge(
        outcome,
        before,
        snapshot(app_home),
        says=[
            "byte order mark",
            "no visible characters",
            "is a built-in routine's",
            "control character U+001B",
        ],
    )
    assert outcome.status == 1
    assert "\x1b" not in outcome.stdout + outcome.stderr and "\x07" not in outcome.stdout + outcome.stderr


def test_a_file_name_with_control_characters_is_printed_escaped(app_home: Path) -> None:
    path = routines(app_home) / "\x1b[2Jwiped.toml"
    path.write_text("id = ")

    outcome = run(["routines"], app_home)

    judge(outcome, {}, {}, says=["\\x1b[2Jwiped.toml"])
    assert "\x1b" not in outcome.stderr


def test_say_refuses_a_device_a_link_and_a_pipe_before_rendering(app_home: Path) -> None:
    app_home.mkdir(parents=True, exist_ok=True)
    target = app_home / "mine.wav"
    target.write_bytes(b"the user's own recording")
    (app_home / "link.wav").symlink_to(target)
    os.mkfifo(app_home / "pipe.wav")
    before = snapshot(app_home)

    for out, words in (
        ("/dev/null", "is a device"),
        (app_home / "link.wav", "symbolic link"),
        (app_home / "pipe.wav", "named pipe"),
    ):
        outcome = run(["say", "--out", str(out), "Hold"], app_home)
        judge(
            outcome,
            before,
            snapshot(app_home),
            says=[words, "nothing was written" if words != "symbolic link" else "link"],
        )
        assert outcome.status == 2
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("text", ["...", "?!", "—"], ids=["dots", "marks", "dash"])
def test_say_with_nothing_to_say_says_so(app_home: Path, text: str) -> None:
    outcome = run(["say", text], app_home)

    judge(outcome, {}, {}, says=["nothing to say"])
    assert outcome.status == 2


def test_say_with_an_argument_that_is_not_utf8_says_so(app_home: Path) -> None:
    outcome = run(["say", os.fsdecode(b"\xff\xfe hold")], app_home)

    judge(outcome, {}, {}, says=["not UTF-8"])
    assert outcome.status == 2


@pytest.mark.parametrize("delay", [0.0, 0.1, 0.2])
def test_ctrl_c_while_the_command_loads_is_a_message(app_home: Path, delay: float) -> None:
    """SIGINT once StretchCoach's own code runs (`-X importtime` says when its entry point is in),
    while the CLI is still loading. Before that moment the interpreter is still starting, and what
    it prints then is Python's, out of any program's reach."""
    environ = {**os.environ, "STRETCHCOACH_HOME": str(app_home), "PYTHONDONTWRITEBYTECODE": "1"}
    child = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "stretchcoach", "routines"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    seen: list[str] = []
    for line in child.stderr:
        seen.append(line)
        if line.rstrip().endswith("stretchcoach.entry"):
            break
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    rest = child.communicate(timeout=20)[1]
    said = "".join(
        line for line in [*seen, *(rest or "").splitlines(keepends=True)] if "import time:" not in line
    )

    assert "Traceback" not in said
    # 130, or death by SIGINT when it came inside the import machinery or as the interpreter was
    # exiting after a command that had already finished (Python's own handler is back then, and
    # kills without a word): a shell sees 130 for both. Nothing but the message is ever printed.
    assert child.returncode in (0, 130, -signal.SIGINT), said
    if child.returncode == 130:
        assert "stopped (Ctrl+C)" in said
    assert said.strip() in ("", "stretchcoach: stopped (Ctrl+C)"), said


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered-as-usual", "PYTHONUNBUFFERED"])
def test_output_to_a_full_disk_is_a_message(app_home: Path, unbuffered: str) -> None:
    environ = {**os.environ, "STRETCHCOACH_HOME": str(app_home), "PYTHONUNBUFFERED": unbuffered}
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "stretchcoach", "routines"],
            env=environ,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=20,
            check=False,
        )

    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert result.stderr.strip() == "stretchcoach: No space left on device"
    assert result.returncode == 1


def _file_size_limit() -> None:
    """A disk that fills after a few hundred bytes: writes fail with EFBIG instead of SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def test_a_full_disk_is_a_message(app_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    outcome = run(["install-desktop"], app_home, preexec=_file_size_limit)

    judge(outcome, {}, {}, says=["File too large"])
    assert outcome.status == 1


def test_an_unreadable_routines_folder_and_file_are_named(app_home: Path) -> None:
    with shared_home() as home:
        folder = routines(home)
        (folder / "mine.toml").write_text(GOOD_ROUTINE)
        unreadable = home / "unreadable.toml"
        unreadable.write_text(GOOD_ROUTINE)
        give_to(home)
        unreadable.chmod(0)
        folder.chmod(0)
        before = snapshot(home)

        listed = run(["routines"], home, user="nobody")
        checked = run(["validate", str(unreadable)], home, user="nobody")

        judge(listed, before, snapshot(home), says=["cannot be read (Permission denied)", "quick-relief"])
        judge(checked, before, snapshot(home), says=["cannot read the file: Permission denied"])
        assert (listed.status, checked.status) == (0, 1)


def test_damaged_settings_in_a_read_only_folder_are_read_from_the_backup(app_home: Path) -> None:
    with shared_home() as home:
        damaged_with_backup(home)
        give_to(home)
        (home / "config").chmod(0o555)
        before = snapshot(home)

        outcome = run(["routines"], home, user="nobody")

        judge(outcome, before, snapshot(home), says=["restored from the backup"])
        assert outcome.status == 0
