"""Starting the app: the window as `launch` wires it, logging, and the handler for unforeseen errors."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.events import Outcome
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.paths import log_dir, user_routines_dir
from stretchcoach.storage.settings import LoadedSettings, Settings, save_settings
from stretchcoach.ui import launch as launch_module
from stretchcoach.ui.crash_reporter import LOG_FILE_NAME, CrashReporter, setup_logging
from stretchcoach.ui.launch import build_window
from tests.ui.fakes import RecordingKeepAwake, RecordingVoice

LAUNCH_AND_TERMINATE = """
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from stretchcoach.ui.launch import launch
from stretchcoach.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])

def look_then_terminate(tries=200):
    # The session starts once its opening line is rendered (or after a few seconds without it).
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if tries and (not windows or windows[0].controller.is_starting):
        QTimer.singleShot(50, lambda: look_then_terminate(tries - 1))
        return
    for widget in windows:
        print(widget.controller.state.value, widget.isFullScreen(), flush=True)
    os.kill(os.getpid(), signal.SIGTERM)

QTimer.singleShot(0, look_then_terminate)
sys.exit(launch(routine_id="quick-relief", start=True, fullscreen=True))
"""

AFTER_THE_FIRST_FRAME = (
    "PySide6.QtMultimedia",
    "stretchcoach.speech.coach_voice",
    "stretchcoach.ui.pages.session",
    "stretchcoach.ui.pages.history",
    "stretchcoach.ui.pages.finish",
    "stretchcoach.ui.dialogs.settings",
    "stretchcoach.ui.report_pdf",
    "stretchcoach.ui.notifier",
    "stretchcoach.ui.window_reminders",
)
FIRST_FRAME = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from stretchcoach.ui.launch import launch
from stretchcoach.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
LATER = {AFTER_THE_FIRST_FRAME!r}

def loaded():
    return " ".join(name for name in LATER if name in sys.modules)

class FirstFrame(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), MainWindow)
        ):
            self.seen = True
            print("first frame:", loaded(), flush=True)
            QTimer.singleShot(0, lambda: wait_for_voice(watched.window()))
        return False

def wait_for_voice(window, tries=200):
    if tries and not window.controller.voice.is_made:
        QTimer.singleShot(50, lambda: wait_for_voice(window, tries - 1))
        return
    print("voice made:", window.controller.voice.is_made, loaded(), flush=True)
    app.quit()

watch = FirstFrame()
app.installEventFilter(watch)
sys.exit(launch())
"""


@pytest.fixture
def clean_logging() -> Iterator[None]:
    """`setup_logging` changes the process's logging; put it back as it was afterwards."""
    logger = logging.getLogger("stretchcoach")
    handlers, level = list(logger.handlers), logger.level
    yield
    for handler in logger.handlers:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)
    qInstallMessageHandler(None)


def test_a_hands_free_launch_runs_the_routine_and_records_it_when_terminated(app_home: Path) -> None:
    """In a child process: the real `launch`, a real clock and timer, then SIGTERM as a logout sends."""
    save_settings(Settings(safety_notice_seen=True))
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRETCHCOACH_HOME": str(app_home)}
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH_AND_TERMINATE],
        check=False,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["running", "True"]
    [record] = History().recent()
    assert (record.routine_id, record.outcome) == ("quick-relief", Outcome.STOPPED)
    log = (log_dir() / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "StretchCoach" in log and "closed" in log


def test_the_first_frame_is_the_picker_alone_and_the_voice_is_made_after_it(app_home: Path) -> None:
    """In a child process, the real `launch`: QtMultimedia, the speech engines and the other pages
    are loaded after the window is first drawn; the voice comes by itself, the pages when shown."""
    save_settings(Settings(safety_notice_seen=True))
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRETCHCOACH_HOME": str(app_home)}
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME],
        check=False,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    first, made = result.stdout.splitlines()
    assert first.split() == ["first", "frame:"], "nothing but the picker loaded for the first frame"
    assert made.split()[:3] == ["voice", "made:", "True"], "without being asked"
    assert made.split()[3:] == [
        "PySide6.QtMultimedia",
        "stretchcoach.speech.coach_voice",
        "stretchcoach.ui.notifier",
        "stretchcoach.ui.window_reminders",
    ], "the voice and the reminders come by themselves"


def test_the_window_hears_of_every_file_problem(qtbot: QtBot) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "half-written.toml").write_text("format = 1\nid = \n", encoding="utf-8")
    history = History()
    history.notices.append("Your session history was damaged; it was kept as history.sqlite3.damaged.")
    loaded = LoadedSettings(Settings(), ("Settings: voice.rate was 'fast', which is not usable; using 160.",))
    window = build_window(
        loaded, load_catalog(), history, FakeClock(), RecordingVoice(), inhibitor=RecordingKeepAwake()
    )
    qtbot.addWidget(window)
    notices = window.banner.notices
    assert notices[0].startswith("Settings: voice.rate")
    assert "half-written.toml" in notices[1]
    assert notices[2].startswith("Your session history was damaged")


def test_logging_goes_to_a_file_in_the_log_folder(clean_logging: None) -> None:
    path = setup_logging()
    assert path == log_dir() / LOG_FILE_NAME
    logging.getLogger("stretchcoach.test").warning("written down")
    assert "written down" in path.read_text(encoding="utf-8")


def test_an_unwritable_log_folder_falls_back_to_stderr(
    tmp_path: Path, clean_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert setup_logging(blocker / "logs") is None
    assert "logging to stderr" in capsys.readouterr().err


def test_an_unforeseen_error_is_logged_and_shown_once(qtbot: QtBot, clean_logging: None) -> None:
    log_file = setup_logging()
    reporter = CrashReporter(log_file)
    reporter.install()
    try:
        assert sys.excepthook == reporter.report
        for _ in range(2):
            try:
                raise ValueError("the ring has no radius")
            except ValueError as error:
                reporter.report(ValueError, error, error.__traceback__)
        dialog = reporter.dialog
        assert dialog is not None and dialog.isVisible()
        assert "the ring has no radius" in dialog.text()
        assert str(log_file) in dialog.informativeText()
        assert "Traceback" in dialog.detailedText()
        assert log_file is not None
        assert log_file.read_text(encoding="utf-8").count("the ring has no radius") >= 2
        dialog.close()
        qtbot.waitUntil(lambda: reporter.dialog is None)

        def synthesiser() -> None:
            raise RuntimeError("espeak fell over")

        worker = threading.Thread(target=synthesiser, name="synthesiser")
        worker.start()
        worker.join()
        assert "uncaught exception in thread synthesiser" in log_file.read_text(encoding="utf-8")
        assert reporter.dialog is None
    finally:
        reporter.uninstall()
    assert sys.excepthook != reporter.report


def test_a_window_that_would_not_fit_with_its_title_bar_opens_maximised(qtbot: QtBot) -> None:
    """On a 1280×800 laptop the default size plus a title bar ran off the bottom of the screen."""
    window = QWidget()
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert available.height() < launch_module.DEFAULT_SIZE[1] + launch_module.FRAME_ALLOWANCE[1]

    launch_module.show_at_default_size(window)

    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_a_window_that_fits_opens_at_the_default_size(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch_module, "DEFAULT_SIZE", (400, 300))
    window = QWidget()
    qtbot.addWidget(window)

    launch_module.show_at_default_size(window)

    assert not window.windowState() & Qt.WindowState.WindowMaximized
    assert (window.width(), window.height()) == (400, 300)
