"""Render the app's screens to PNG files, with a fake clock driving a real session.

usage: python scripts/screenshots.py [OUT_DIR]   (default: docs/)

`make screenshots` runs it on a virtual X display with a window manager (Xvfb and openbox, as a
real desktop draws it), or offscreen where those are not installed. The app's files go to a
temporary STRETCHCOACH_HOME, so your own settings and history are never touched.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import time as time_of_day
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STRETCHCOACH_HOME"] = tempfile.mkdtemp(prefix="stretchcoach-screenshots-")

import logging

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import PhaseKind
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.speech.espeak.bootstrap import SpeechUnavailable, load_first, usable_installs
from stretchcoach.speech.espeak.renderer import EspeakRenderer
from stretchcoach.speech.renderer_protocol import VoiceInfo
from stretchcoach.speech.voice_protocol import Voice
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import DisplayOptions, LoadedSettings, Settings, Theme
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.timer import ManualTimer

SIZE = (1280, 800)
SMALL = (800, 600)
STEP = 0.5


class Session:
    """A window with a fake clock, and a way to move the session to a chosen moment."""

    def __init__(
        self,
        size: tuple[int, int] = SIZE,
        settings: Settings | None = None,
        voice: Voice | None = None,
        history: History | None = None,
    ) -> None:
        self.clock = FakeClock()
        self.timer = ManualTimer()
        loaded = LoadedSettings(settings or Settings(safety_notice_seen=True))
        self.window: MainWindow = build_window(
            loaded,
            load_catalog(),
            history or History(),
            self.clock,
            voice or CaptionsOnlyVoice(),
            timer=self.timer,
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


class ListingVoice(CaptionsOnlyVoice):
    """Silent, but lists the voices espeak-ng offers here, so the settings show a real voice list."""

    off_reason: str | None = None

    def __init__(self) -> None:
        super().__init__()
        try:
            self._voices = EspeakRenderer(load_first(usable_installs())).voices()
        except SpeechUnavailable:
            self._voices = ()

    def voices(self) -> tuple[VoiceInfo, ...]:
        return self._voices

    def test_voice(self) -> None:
        pass


def save_over(window: QWidget, dialog: QWidget, folder: Path, name: str) -> None:
    """A dialog centred over its dimmed window, as a desktop shows it (offscreen, each is drawn alone)."""
    QApplication.processEvents()
    image = window.grab()
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 90))
    corner = QPoint((window.width() - dialog.width()) // 2, (window.height() - dialog.height()) // 2)
    painter.fillRect(QRect(corner, dialog.size()).adjusted(-1, -1, 1, 1), QColor(60, 60, 60))
    painter.drawPixmap(corner, dialog.grab())
    painter.end()
    path = folder / name
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path} ({window.width()}×{window.height()})")


def save_settings_pages(folder: Path) -> None:
    """Each page of the settings dialog, and the dialog over a paused session in the smallest window."""
    chosen = Settings(
        safety_notice_seen=True,
        voice=VoiceOptions(voice="gmw/en-US"),
        reminder=ReminderOptions(enabled=True, at=time_of_day(7, 30), routine="quick-relief"),
    )
    settings = Session(settings=chosen, voice=ListingVoice())
    settings.window.settings_action.trigger()
    dialog = settings.window.settings_dialog
    assert dialog is not None
    for page in dialog.pages:
        dialog.show_page(page)
        save(dialog, folder, f"settings-{page.title.lower()}.png")
    dialog.close()

    paused = Session(SMALL, voice=ListingVoice())
    paused.start("physio-ten")
    paused.run_into(PhaseKind.HOLD, 5)
    paused.window.controller.pause()
    save(paused.window, folder, "session-paused-800x600.png")
    paused.window.settings_action.trigger()
    dialog = paused.window.settings_dialog
    assert dialog is not None
    dialog.show_page(dialog.voice_page)
    save_over(paused.window, dialog, folder, "settings-paused-800x600.png")


def settle(seconds: float = 0.3) -> None:
    """Let the window manager's resizes and the layouts they cause run their course, as the event
    loop does between frames; one pass of events leaves labels sized for the old font."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, folder: Path, name: str) -> None:
    """Grab a widget; the window's banner is cleared first, since what it says here (no session
    bus to keep the screen awake) is about the machine taking the pictures, not the app."""
    if isinstance(widget, MainWindow):
        widget.banner.clear()
    settle()
    path = folder / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path} ({widget.width()}×{widget.height()})")


def save_dose_editors(folder: Path) -> None:
    """The picker's dose editors: knees to chest chosen at 90 s, a routine of counts, a flare-up day.

    The first editor has the keyboard, as a Tab from the list leaves it.
    """
    chosen = Settings(safety_notice_seen=True).with_dose("five-stretches", "knees-to-chest", hold=90)
    for routine_id, size, settings, name in (
        ("five-stretches", SIZE, chosen, "picker-settings-doses.png"),
        ("physio-ten", SIZE, chosen, "picker-settings-doses-reps.png"),
        (
            "five-stretches",
            SMALL,
            replace(chosen, timing=PlanSettings(scale=0.7)),
            "picker-settings-doses-flare-up-800x600.png",
        ),
    ):
        session = Session(size, settings)
        details = session.window.picker.details
        session.window.picker.select(routine_id)
        box = details.exercises.spin_boxes[0]
        box.setFocus()
        details.ensureWidgetVisible(box)
        save(session.window, folder, name)


def save_history(folder: Path) -> None:
    """The pain question before a session and after one that hurt more, the history page with six
    weeks of sample sessions, and the physio's PDF report of them rendered as a picture."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from datetime import date

    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    from bench.history_samples import sample_sessions
    from stretchcoach.ui.report_pdf import write_report

    before = Session()
    row = before.window.picker.row("quick-relief")
    assert row is not None
    before.window.on_start_requested(row)
    save(before.window, folder, "pain-before.png")
    before.window.pain_question.scale.answered.emit(3)
    before.run_until(lambda: before.window.pages.currentWidget() is before.window.finish_page)
    before.window.finish_page.pain_scale.answered.emit(6)
    save(before.window, folder, "finish-pain-worse.png")

    home = Path(os.environ["STRETCHCOACH_HOME"]) / "sample-history.sqlite3"
    history = History(home)
    sessions = sample_sessions(6 * 7, date.today())
    history.record_all(sessions)
    history.flush()
    page = Session(history=history)
    page.window.history_action.trigger()
    if date.today().day < 15:  # a month only begun looks empty: show the whole one before
        page.window.history_page.earlier_action.trigger()
    save(page.window, folder, "history.png")

    report = Path(os.environ["STRETCHCOACH_HOME"]) / "report.pdf"
    write_report(report, sessions, date.today())
    document = QPdfDocument()
    document.load(str(report))
    image = document.render(0, QSize(1000, 1414))
    document.close()
    path = folder / "report-pdf.png"
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path} (the report's page at 1000×1414)")


def save_sizes(folder: Path) -> None:
    """The screens read from the mat at three window sizes: a hold, a rep, the stop prompt, it hurts."""
    for width, height in (SMALL, SIZE, (1920, 1080)):
        suffix = f"{width}x{height}"
        hold = Session((width, height))
        hold.start("physio-ten")
        hold.run_into(PhaseKind.HOLD, 6, exercise="Buttock stretch")
        save(hold.window, folder, f"session-hold-{suffix}.png")
        hold.window.session_page.stop_action.trigger()
        save(hold.window, folder, f"session-stop-prompt-{suffix}.png")
        hold.window.stop_prompt.hurt_action.trigger()
        save(hold.window, folder, f"session-it-hurts-{suffix}.png")

        reps = Session((width, height))
        reps.start("core-strength")
        controller = reps.window.controller
        reps.run_until(lambda c=controller: (phase := c.phase) is not None and phase.rep_index == 2)
        reps.run_until(lambda c=controller: c.remaining() < 2)
        save(reps.window, folder, f"session-reps-{suffix}.png")


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    folder.mkdir(parents=True, exist_ok=True)
    atexit.register(shutil.rmtree, os.environ["STRETCHCOACH_HOME"], ignore_errors=True)
    logging.basicConfig(level=logging.ERROR)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)

    picker = Session()
    picker.window.picker.select("five-stretches")
    save(picker.window, folder, "picker.png")
    save_dose_editors(folder)

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

    dark = Session(settings=Settings(safety_notice_seen=True, display=DisplayOptions(Theme.DARK)))
    dark.start("five-stretches")
    dark.run_into(PhaseKind.HOLD, 53)
    save(dark.window, folder, "session-hold-dark.png")
    save_settings_pages(folder)

    finish = Session()
    finish.start("quick-relief")
    finish.run_until(lambda: finish.window.pages.currentWidget() is finish.window.finish_page)
    save(finish.window, folder, "finish.png")

    hurt = Session()
    hurt.start("five-stretches")
    hurt.run_into(PhaseKind.HOLD, 40, exercise="Crossovers")
    hurt.window.session_page.hurt_button.click()
    assert hurt.window.pages.currentWidget() is hurt.window.pain_page
    save(hurt.window, folder, "pain-advice.png")
    hurt.window.pain_page.done_button.click()
    save(hurt.window, folder, "finish-after-pain.png")
    save_history(folder)
    save_sizes(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
