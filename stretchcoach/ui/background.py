"""`stretchcoach --background`: the reminder with the window closed, started at login.

No window and no widgets (a QCoreApplication): one timer to the next reminder, and a watch on
the settings folder (inotify, no polling) to follow a change made in the window. It exits when
reminders are turned off. Start in the notification opens the window on the routine, or hands
the routine to the window already open.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Slot

from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.desktop_install import launch_command
from stretchcoach.storage.paths import config_dir, log_dir, settings_file
from stretchcoach.storage.settings import Settings, load_settings
from stretchcoach.ui import instance
from stretchcoach.ui.notifier import DesktopNotifier, Notifier
from stretchcoach.ui.reminder_service import ReminderService, reminder_note
from stretchcoach.ui.signal_waker import SignalWaker

log = logging.getLogger(__name__)

SETTLE_MS = 300
"""A save is a write and a rename: read the settings once it has settled, not at each step."""


def open_window(routine_id: str) -> None:
    """The window on `routine_id`: the one already open takes it, else a new one is started."""
    if instance.send(instance.WINDOW, instance.OpenRequest(routine_id).message()):
        return
    subprocess.Popen(
        [*launch_command(), "--routine", routine_id],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


class BackgroundReminder(QObject):
    """Follows the settings file; exits the app when a clean read says reminders are off.

    A read that failed or had to repair the file (a save caught half-way, a damaged file) keeps
    the settings it had: their defaults say "off", and would end the reminders for a moment's
    hiccup.
    """

    def __init__(
        self, app: QCoreApplication, notifier: Notifier, service: ReminderService, settings: Settings
    ) -> None:
        super().__init__(app)
        self._app = app
        self.service = service
        self.settings = settings
        self.watcher = QFileSystemWatcher(self)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.watcher.directoryChanged.connect(self.settle.start)
        self.watcher.fileChanged.connect(self.settle.start)
        self.settle.timeout.connect(self.on_settings_changed)
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.watcher.addPath(str(folder))
        self.on_settings_changed()

    @Slot()
    def on_settings_changed(self) -> None:
        path = settings_file()
        if path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))  # an edit in place, which the folder's watch misses
        loaded = load_settings()
        if loaded.notices:
            log.warning(
                "the settings could not be read cleanly; the reminder keeps its previous ones: %s",
                " ".join(loaded.notices),
            )
        else:
            self.settings = loaded.settings
        if not self.settings.reminder.enabled:
            log.info("reminders are off: the background reminder stops")
            self.service.stop()
            QTimer.singleShot(0, self._app.quit)
            return
        self.service.set_options(self.settings.reminder)
        log.info("next reminder at %s", self.service.next_due())


def _log_to_file() -> None:
    """A log of its own: the window's crash reporter would load the widgets this process does without."""
    logger = logging.getLogger("stretchcoach")
    logger.setLevel(logging.INFO)
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            log_dir() / "background.log", maxBytes=200_000, backupCount=1, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)


def run_background() -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    app.setApplicationName("StretchCoach")
    _log_to_file()
    if instance.running(instance.BACKGROUND):
        print("stretchcoach: the background reminder is already running", file=sys.stderr)
        return 0
    loaded = load_settings()
    if not loaded.settings.reminder.enabled:
        print("stretchcoach: reminders are off; turn them on in Settings → Reminders first", file=sys.stderr)
        return 0
    server = instance.InstanceServer(instance.BACKGROUND, app)
    if not server.listening and instance.running(instance.BACKGROUND):
        print("stretchcoach: the background reminder is already running", file=sys.stderr)
        return 0
    instance.send(instance.WINDOW, instance.BACKGROUND_STARTED)  # an open window leaves the reminders to us
    notifier = DesktopNotifier(parent=app)
    holder: list[BackgroundReminder] = []
    service = ReminderService(notifier, lambda: reminder_note(holder[0].settings, load_catalog()), parent=app)
    notifier.start_requested.connect(open_window)
    holder.append(BackgroundReminder(app, notifier, service, loaded.settings))
    due = service.next_due()
    when = f"{due.astimezone():%A %H:%M}" if due is not None else "none, as no day is ticked"
    print(f"stretchcoach: waiting for the reminder (next: {when}); it stops when reminders are turned off")
    sys.stdout.flush()
    waker = SignalWaker(app)
    try:
        return app.exec()
    finally:
        waker.close()
        notifier.close()
        server.close()
