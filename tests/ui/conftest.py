"""Fixtures for the window: a fake clock, a timer fired by hand, a voice and history that record."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.core.builtin import resources_dir
from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import PhaseKind
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.paths import user_routines_dir
from stretchcoach.storage.settings import LoadedSettings, Settings
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.session_controller import SessionController
from stretchcoach.ui.timer import ManualTimer
from tests.ui.fakes import RecordingKeepAwake, RecordingVoice

MAX_FIRES_WITHOUT_TIME = 50
"""Several wake-ups may fall due at one instant (a cue and a phase end), never this many."""


class Driver:
    """Moves a session through time the way the event loop would: to each moment the timer asks for."""

    def __init__(self, clock: FakeClock, timer: ManualTimer, controller: SessionController) -> None:
        self.clock = clock
        self.timer = timer
        self.controller = controller
        self._idle_fires = 0

    def run_for(self, seconds: float) -> None:
        """Fire the timer at each moment it asks for, then once more at the end so the view is current."""
        end = self.clock.now() + seconds
        while self.timer.interval is not None:
            due = self.clock.now() + self.timer.interval / 1000
            if due > end:
                self.clock.set(end)
                self.timer.fire()
                return
            self.clock.set(due)
            self._fire()
        self.clock.set(max(end, self.clock.now()))

    def run_until(self, done: Callable[[], bool], limit: float = 3600) -> None:
        start = self.clock.now()
        while not done():
            if self.timer.interval is None or self.clock.now() - start > limit:
                raise AssertionError("the session stopped moving before the condition held")
            self.clock.advance(self.timer.interval / 1000)
            self._fire()

    def _fire(self) -> None:
        """Fire once; a timer that keeps asking for 0 ms would spin the event loop (and this test) forever."""
        before = self.clock.now()
        self.timer.fire()
        self._idle_fires = (
            self._idle_fires + 1 if self.timer.interval == 0 and self.clock.now() == before else 0
        )
        if self._idle_fires > MAX_FIRES_WITHOUT_TIME:
            raise AssertionError(f"the timer re-armed at 0 ms {self._idle_fires} times without time passing")

    def run_into(self, kind: PhaseKind, exercise: str = "") -> None:
        def there() -> bool:
            phase = self.controller.phase
            return (
                phase is not None and phase.kind is kind and (not exercise or phase.exercise_name == exercise)
            )

        self.run_until(there)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timer() -> ManualTimer:
    return ManualTimer()


@pytest.fixture
def voice() -> RecordingVoice:
    return RecordingVoice()


@pytest.fixture
def keep_awake() -> RecordingKeepAwake:
    return RecordingKeepAwake()


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, clock: FakeClock, timer: ManualTimer, voice: RecordingVoice, keep_awake: RecordingKeepAwake
) -> Iterator[WindowFactory]:
    """Build the app's window as `launch` does, but with test doubles, shown and active."""

    def make(
        settings: Settings | None = None,
        notices: tuple[str, ...] = (),
        size: tuple[int, int] = (1280, 800),
        ask_pain: bool = False,
    ):
        """`ask_pain` is off unless a test is about the pain question: Enter starts at once."""
        loaded = LoadedSettings(settings or Settings(safety_notice_seen=True), notices)
        window = build_window(
            loaded,
            load_catalog(),
            History(),
            clock,
            voice,
            timer=timer,
            inhibitor=keep_awake,
            ask_pain=ask_pain,
        )
        qtbot.addWidget(window)
        window.resize(*size)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    yield make


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


@pytest.fixture
def driver(window: MainWindow, clock: FakeClock, timer: ManualTimer) -> Driver:
    return Driver(clock, timer, window.controller)


def write_routine(name: str, routine_id: str = "mine") -> Path:
    """A user routine file: the built-in quick-relief routine under another id and name."""
    text = (resources_dir() / "routines" / "quick-relief.toml").read_text(encoding="utf-8")
    text = re.sub(r"^id = .*$", f"id = {json.dumps(routine_id)}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^name = .*$", f"name = {json.dumps(name)}", text, count=1, flags=re.MULTILINE)
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{routine_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def bus_address() -> Iterator[str]:
    """A private session bus, so a test never touches the desktop's own services."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)
