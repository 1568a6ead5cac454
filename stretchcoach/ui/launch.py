"""Starting the app: check the display, set up logging and crash reports, build the window, run.

Everything the window needs is built here and handed in, so a test builds the same window with
a fake clock, a recording voice and a manual timer. Only what the first frame shows is made
before it: the voice (QtMultimedia, the speech engines, the render process) comes after it, and
the pages other than the picker when they are first shown.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from stretchcoach import APP_ID, __version__
from stretchcoach.core.builtin import resources_dir
from stretchcoach.core.clock import Clock, SystemClock
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.deferred_voice import DeferredVoice
from stretchcoach.speech.voice_protocol import Voice
from stretchcoach.storage.catalog import Catalog, load_catalog
from stretchcoach.storage.desktop_install import shipped_icons, svg_icon
from stretchcoach.storage.history import History
from stretchcoach.storage.paths import cache_dir
from stretchcoach.storage.settings import LoadedSettings, load_settings
from stretchcoach.ui import instance
from stretchcoach.ui.crash_reporter import CrashReporter, setup_logging
from stretchcoach.ui.display_check import startup_problem
from stretchcoach.ui.first_paint import after_first_paint, quit_after_first_paint
from stretchcoach.ui.late_reminders import LateReminders
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.screensaver import KeepAwake, ScreenSaverInhibitor
from stretchcoach.ui.session_controller import SessionController
from stretchcoach.ui.settings_keeper import SettingsKeeper
from stretchcoach.ui.signal_waker import SignalWaker
from stretchcoach.ui.timer import SessionTimer

log = logging.getLogger(__name__)

EXIT_NO_DISPLAY = 2
ALREADY_OPEN = "stretchcoach: StretchCoach is already open; it was brought forward with what you asked for"
DEFAULT_SIZE = (1280, 800)
FRAME_ALLOWANCE = (16, 64)
"""Room for the title bar and borders, which a window manager adds only after the window is shown."""
VOICE_AT_THE_LATEST_MS = 2000
"""The voice is made after the first frame, or this long after the window is shown, whichever is first."""


def catalog_notices(catalog: Catalog) -> list[str]:
    folder = [catalog.folder_problem] if catalog.folder_problem else []
    return [
        *folder,
        *(
            f"The routine file {Path(error.source).name} has problems and cannot be used; "
            "the list shows what to fix."
            for error in catalog.broken
        ),
    ]


def build_window(
    loaded: LoadedSettings,
    catalog: Catalog,
    history: History,
    clock: Clock,
    voice: Voice,
    *,
    timer: SessionTimer | None = None,
    inhibitor: KeepAwake | None = None,
    ask_pain: bool = True,
) -> MainWindow:
    settings = SettingsKeeper(loaded.settings)
    controller = SessionController(clock, voice, history, timer=timer)
    keep_awake = inhibitor if inhibitor is not None else ScreenSaverInhibitor()
    window = MainWindow(
        catalog=catalog,
        controller=controller,
        settings=settings,
        inhibitor=keep_awake,
        history=history,
        notices=[
            *loaded.notices,
            *loaded.settings.clamped_doses(entry.routine for entry in catalog.entries),
            *catalog_notices(catalog),
            *history.notices,
        ],
        ask_pain=ask_pain,
    )
    settings.setParent(window)
    controller.setParent(window)
    if isinstance(keep_awake, ScreenSaverInhibitor):
        # Said once in the window when the desktop cannot keep the screen on, not only logged.
        keep_awake.unavailable.connect(window.on_notice)
        keep_awake.setParent(window)
    return window


def show_at_default_size(window: QWidget) -> None:
    """The default size where it fits with its frame; maximised where it does not.

    Sized to the screen's free area, a 1280×800 window on a 1280×800 laptop had its title bar
    pushed down and its bottom row of buttons off the screen.
    """
    available = window.screen().availableGeometry()
    width, height = DEFAULT_SIZE
    if available.width() < width + FRAME_ALLOWANCE[0] or available.height() < height + FRAME_ALLOWANCE[1]:
        window.showMaximized()
    else:
        window.resize(width, height)
        window.show()


def launch(routine_id: str | None = None, start: bool = False, fullscreen: bool = False) -> int:
    problem = startup_problem(os.environ)
    if problem is not None:
        print(f"stretchcoach: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    log_file = setup_logging()
    log.info("StretchCoach %s starting", __version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("StretchCoach")
    app.setDesktopFileName(APP_ID)
    # The theme's icon once install-desktop has put it there; until then the one in the package.
    shipped = QIcon(str(svg_icon(shipped_icons(resources_dir()))))
    app.setWindowIcon(QIcon.fromTheme(APP_ID, shipped))
    request = instance.OpenRequest(routine_id or "", start, fullscreen).message()
    server = instance.InstanceServer(instance.WINDOW, app)
    if not server.listening and instance.send(instance.WINDOW, request):
        print(ALREADY_OPEN, file=sys.stderr)  # a window was open, or a launch at the same moment was first
        return 0

    loaded = load_settings()
    clock = SystemClock()
    voice = DeferredVoice(lambda options: make_voice(clock, options), loaded.settings.voice)
    history = History()
    window = build_window(loaded, load_catalog(), history, clock, voice)
    reporter = CrashReporter(log_file, lambda: window)
    reporter.install()
    app.aboutToQuit.connect(window.close)
    waker = SignalWaker(app)
    quit_after_first_paint(window, app)
    after_first_paint(window, app, voice.make)
    # A window never drawn (started minimised, on another workspace) still gets its voice.
    QTimer.singleShot(VOICE_AT_THE_LATEST_MS, voice.make)
    reminders = LateReminders(window, app)
    after_first_paint(window, app, reminders.make)
    server.received.connect(lambda line: _on_message(line, window, reminders))

    if fullscreen or loaded.settings.display.start_fullscreen:
        window.showFullScreen()
    else:
        show_at_default_size(window)
    if not window.begin(routine_id, start):
        print(
            f"stretchcoach: there is no routine '{routine_id}' (see `stretchcoach routines`)", file=sys.stderr
        )
    try:
        return app.exec()
    finally:
        server.close()
        reminders.close(by_signal=waker.signalled)
        waker.close()
        if not history.flush():
            log.error("the history was still being written when StretchCoach closed")
        voice.shutdown()
        reporter.uninstall()
        log.info("StretchCoach closed")


def make_voice(clock: Clock, options: VoiceOptions) -> Voice:
    """The one place the voice is made: the speech layer picks the best this machine can do, down
    to captions alone (whose notice says why). It must come after the QApplication."""
    from stretchcoach.speech.choose_voice import create_voice

    return create_voice(clock, options, cache_dir())


def _on_message(line: str, window: MainWindow, reminders: LateReminders) -> None:
    """From a later launch (an open request) or the background reminder starting."""
    request = instance.parse_open(line)
    if request is not None:
        window.open_routine(request.routine_id, start=request.start, fullscreen=request.fullscreen)
    elif line == instance.BACKGROUND_STARTED:
        reminders.made().on_background_started()
