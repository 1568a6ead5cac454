"""The real window (`launch`, offscreen, in a child process) against damaged and hostile homes.

A child script starts the app as `stretchcoach` does, waits for the window, prints every notice
the window shows, then does one thing (quits, changes a setting, or sends itself a signal
mid-session) so each case checks what the user sees and what is left on disk afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from stretchcoach.storage.history import History
from tests.faults.harness import give_to, judge, run, shared_home, snapshot
from tests.faults.test_cli_faults import GOOD_ROUTINE, GOOD_SETTINGS, config, damaged_with_backup, routines

WINDOW = """
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from stretchcoach.ui.launch import launch
from stretchcoach.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
action = sys.argv[1]

def window():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return shown[0] if shown else None

def act(tries=200):
    found = window()
    if tries and (found is None or (action.startswith("SIG") and found.controller.is_starting)):
        QTimer.singleShot(50, lambda: act(tries - 1))
        return
    if action == "change":
        found.settings.update(last_routine="core-strength")
    for notice in found.banner.notices:
        print("notice:", notice, flush=True)
    if action.startswith("SIG"):
        print("state:", found.controller.state.value, flush=True)
        os.kill(os.getpid(), getattr(signal, action))
    else:
        app.quit()

QTimer.singleShot(0, act)
routine = sys.argv[2] if len(sys.argv) > 2 else None
sys.exit(launch(routine_id=routine, start=routine is not None))
"""


pytestmark = pytest.mark.skipif(
    os.environ.get("STRETCHCOACH_FAULTS") != "all",
    reason="each case starts the whole app, a minute in all: `make faults` runs them",
)


def notices(stdout: str) -> list[str]:
    return [line.removeprefix("notice: ") for line in stdout.splitlines() if line.startswith("notice: ")]


def test_damaged_settings_survive_a_command_then_the_window_then_a_save(app_home: Path) -> None:
    """The story of the issue: `routines`, then the window, then a change; nothing is lost."""
    damaged_with_backup(app_home)
    backup = (config(app_home) / "settings.json.bak").read_bytes()
    before = snapshot(app_home)

    judge(run(["routines"], app_home), before, snapshot(app_home), says=["restored from the backup"])
    opened = run(["quit"], app_home, script=WINDOW)
    judge(opened, before, snapshot(app_home), says=["restored from the backup settings.json.bak"])
    assert len([line for line in notices(opened.stdout) if "settings" in line.lower()]) == 1
    changed = run(["change"], app_home, script=WINDOW)

    assert changed.status == 0 and "Traceback" not in changed.stderr, changed.stderr
    saved = json.loads((config(app_home) / "settings.json").read_text())
    assert saved["timing"]["rest_seconds"] == 42, "the backup's settings were written back"
    assert saved["last_routine"] == "core-strength"
    assert (config(app_home) / "settings.json.damaged").read_bytes() == b'{"timing": {"rest_sec'
    assert (config(app_home) / "settings.json.bak").read_bytes() == backup


def test_a_nesting_bomb_and_a_fifo_among_the_routines_do_not_stop_the_window(app_home: Path) -> None:
    (config(app_home) / "settings.json").write_text("{" * 50_000)
    os.mkfifo(routines(app_home) / "pipe.toml")
    (routines(app_home) / "mine.toml").write_text(GOOD_ROUTINE)
    before = snapshot(app_home)

    outcome = run(["quit"], app_home, script=WINDOW)

    judge(outcome, before, snapshot(app_home), says=["settings file settings.json is damaged", "pipe.toml"])
    assert outcome.status == 0


def test_a_symlinked_settings_file_is_saved_through_the_link(app_home: Path) -> None:
    dotfiles = app_home / "dotfiles"
    dotfiles.mkdir(parents=True)
    (dotfiles / "stretchcoach.json").write_text(json.dumps(GOOD_SETTINGS))
    link = config(app_home) / "settings.json"
    link.symlink_to(dotfiles / "stretchcoach.json")

    outcome = run(["change"], app_home, script=WINDOW)

    assert outcome.status == 0 and "Traceback" not in outcome.stderr, outcome.stderr
    assert link.is_symlink(), "the link is the user's; it stays a link"
    saved = json.loads((dotfiles / "stretchcoach.json").read_text())
    assert (saved["last_routine"], saved["timing"]["rest_seconds"]) == ("core-strength", 42)


def test_a_newer_settings_file_is_left_exactly_as_it_is(app_home: Path) -> None:
    newer = json.dumps({"version": 9, "timing": {"rest_seconds": 50}, "shiny": [1, 2, 3]})
    (config(app_home) / "settings.json").write_text(newer)
    before = snapshot(app_home)

    outcome = run(["change"], app_home, script=WINDOW)

    judge(outcome, before, snapshot(app_home), says=["newer StretchCoach"])


def test_damaged_settings_in_a_read_only_folder_start_the_window_with_one_notice(app_home: Path) -> None:
    with shared_home() as home:
        damaged_with_backup(home)
        give_to(home)
        (home / "config").chmod(0o555)
        before = snapshot(home)

        outcome = run(["change"], home, script=WINDOW, user="nobody")

        judge(outcome, before, snapshot(home), says=["restored from the backup", "could not be saved"])
        assert outcome.status == 0


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_closing_signal_mid_session_records_the_session(app_home: Path, number: signal.Signals) -> None:
    (config(app_home) / "settings.json").write_text(json.dumps({"version": 1, "safety_notice_seen": True}))

    outcome = run([number.name, "quick-relief"], app_home, script=WINDOW)

    assert outcome.status == 0 and "Traceback" not in outcome.stderr, outcome.stderr
    assert "state: running" in outcome.stdout
    [record] = History().recent()
    assert record.routine_id == "quick-relief"


SERVER_COMES_AND_GOES = """
import subprocess, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from stretchcoach.ui.launch import launch
from stretchcoach.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
server = sys.argv[1:]

def window():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return shown[0] if shown else None

def when(test, then, tries=300):
    if test():
        then()
    elif tries:
        QTimer.singleShot(50, lambda: when(test, then, tries - 1))
    else:
        print("gave up waiting", flush=True)
        app.quit()

def tell(found):
    for notice in found.banner.notices:
        print("notice:", notice, flush=True)
    print("state:", found.controller.state.value, flush=True)

def kill_server():
    found = window()
    subprocess.run(["pulseaudio", "--kill"], check=True)
    when(lambda: any("sound server stopped" in n for n in found.banner.notices), lambda: restart(found))

def restart(found):
    tell(found)
    subprocess.run(server, check=True)
    when(lambda: any("voice is back" in n for n in found.banner.notices), lambda: (tell(found), app.quit()))

when(lambda: window() is not None and window().controller.is_running, kill_server)
sys.exit(launch(routine_id="quick-relief", start=True))
"""
PULSEAUDIO = [
    "pulseaudio",
    "--daemonize=yes",
    "--exit-idle-time=-1",
    "--system=false",
    "-n",
    "--load=module-null-sink sink_name=faults",
    "--load=module-native-protocol-unix",
]


def test_the_sound_server_going_mid_session_and_coming_back_is_said_both_ways(
    app_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("pulseaudio") is None:
        pytest.skip("needs pulseaudio, to take a real sound server away and bring it back")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    if subprocess.run(PULSEAUDIO, capture_output=True, check=False).returncode != 0:
        pytest.skip("pulseaudio would not start here")
    (config(app_home) / "settings.json").write_text(json.dumps({"version": 1, "safety_notice_seen": True}))
    before = snapshot(app_home)
    del before["config/settings.json"]  # the app saves the routine it ran there
    try:
        outcome = run(PULSEAUDIO, app_home, script=SERVER_COMES_AND_GOES)
    finally:
        subprocess.run(["pulseaudio", "--kill"], capture_output=True, check=False)

    judge(outcome, before, snapshot(app_home), says=["the sound server stopped", "The voice is back"])
    assert notices(outcome.stdout)[-1] == "The voice is back: the sound server is running again."
    assert outcome.stdout.count("state: running") == 2, "the session ran on throughout"
