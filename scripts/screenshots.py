"""Render the app's screens to PNG files, with a fake clock driving a real session.

usage: python scripts/screenshots.py [OUT_DIR]   (default: docs/)

Runs offscreen when there is no display (or under `xvfb-run -a`). The app's files go to a
temporary STRETCHCOACH_HOME, so your own settings and history are never touched.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STRETCHCOACH_HOME"] = tempfile.mkdtemp(prefix="stretchcoach-screenshots-")

import logging

from PySide6.QtWidgets import QApplication, QWidget

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import PhaseKind
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import LoadedSettings, Settings
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.theme import dark_palette
from stretchcoach.ui.timer import ManualTimer

SIZE = (1280, 800)
SMALL = (800, 600)
STEP = 0.5


class Session:
    """A window with a fake clock, and a way to move the session to a chosen moment."""

    def __init__(self, size: tuple[int, int] = SIZE, settings: Settings | None = None) -> None:
        self.clock = FakeClock()
        self.timer = ManualTimer()
        loaded = LoadedSettings(settings or Settings(safety_notice_seen=True))
        self.window: MainWindow = build_window(
            loaded, load_catalog(), History(), self.clock, CaptionsOnlyVoice(), timer=self.timer
        )
        self.window.resize(*size)
        self.window.show()

    def start(self, routine_id: str) -> None:
        row = self.window.picker.row(routine_id)
        assert row is not None
        self.window.start(row)

    def run_until(self, done: Callable[[], bool], limit: float = 4 * 3600) -> None:
        """Tick the session as its timer would, in small steps, until `done()`."""
        controller = self.window.controller
        spent = 0.0
        while not done():
            if not controller.is_running or spent > limit:
                raise RuntimeError("the session ended before the moment wanted")
            self.clock.advance(STEP)
            spent += STEP
            controller.on_timeout()

    def run_into(self, kind: PhaseKind, seconds: float, exercise: str = "") -> None:
        """Run to `seconds` into the first phase of `kind` (of the named exercise, if given)."""
        controller = self.window.controller

        def in_phase() -> bool:
            phase = controller.phase
            return (
                phase is not None and phase.kind is kind and (not exercise or phase.exercise_name == exercise)
            )

        self.run_until(in_phase)
        self.run_until(
            lambda: (
                controller.phase is not None and controller.phase.seconds - controller.remaining() >= seconds
            )
        )


def save(widget: QWidget, folder: Path, name: str) -> None:
    QApplication.processEvents()
    path = folder / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path} ({widget.width()}×{widget.height()})")


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    folder.mkdir(parents=True, exist_ok=True)
    atexit.register(shutil.rmtree, os.environ["STRETCHCOACH_HOME"], ignore_errors=True)
    logging.basicConfig(level=logging.ERROR)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    light = app.palette()

    picker = Session()
    picker.window.picker.select("five-stretches")
    save(picker.window, folder, "picker.png")

    first_run = Session(settings=Settings())
    first_run.window.begin()
    assert first_run.window.safety_dialog is not None
    save(first_run.window.safety_dialog, folder, "safety-notice.png")

    hold = Session()
    hold.start("five-stretches")
    hold.run_into(PhaseKind.HOLD, 22)
    save(hold.window, folder, "session-hold.png")

    switch = Session()
    switch.start("five-stretches")
    switch.run_into(PhaseKind.SWITCH_SIDE, 3, exercise="Crossovers")
    save(switch.window, folder, "session-switch-sides.png")

    small = Session(SMALL)
    small.start("core-strength")
    small.run_until(lambda: (phase := small.window.controller.phase) is not None and phase.rep_index == 3)
    small.run_until(lambda: small.window.controller.remaining() < 2)
    save(small.window, folder, "session-reps-800x600.png")

    app.setPalette(dark_palette())
    dark = Session()
    dark.start("five-stretches")
    dark.run_into(PhaseKind.HOLD, 53)
    save(dark.window, folder, "session-hold-dark.png")
    app.setPalette(light)

    finish = Session()
    finish.start("quick-relief")
    finish.run_until(lambda: finish.window.pages.currentWidget() is finish.window.finish_page)
    save(finish.window, folder, "finish.png")

    hurt = Session()
    hurt.start("five-stretches")
    hurt.run_into(PhaseKind.HOLD, 40, exercise="Crossovers")
    hurt.window.session_page.hurt_button.click()
    dialog = hurt.window.pain_dialog
    assert dialog is not None
    save(hurt.window, folder, "finish-after-pain.png")
    save(dialog, folder, "pain-advice.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
