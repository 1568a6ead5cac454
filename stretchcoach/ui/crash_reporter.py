"""Logging to a file, and the handler for errors nobody foresaw.

An exception in a Qt slot does not end the app: PySide6 hands it to `sys.excepthook`, which here
writes it to the log and shows one dialog, so the person on the mat is told and the session
carries on. Qt's own warnings go to the same log.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from stretchcoach.storage.paths import log_dir
from stretchcoach.ui.dialogs.crash import CrashDialog

log = logging.getLogger(__name__)

LOG_FILE_NAME = "stretchcoach.log"
_HANDLER_NAME = "stretchcoach-file"
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def setup_logging(folder: Path | None = None) -> Path | None:
    """Send the app's log to a rotating file; stderr (and None) if the folder cannot be written."""
    folder = folder or log_dir()
    logger = logging.getLogger("stretchcoach")
    logger.setLevel(logging.INFO)
    for old in [handler for handler in logger.handlers if handler.get_name() == _HANDLER_NAME]:
        logger.removeHandler(old)
        old.close()
    path: Path | None = folder / LOG_FILE_NAME
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / LOG_FILE_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as error:
        handler = logging.StreamHandler()
        path = None
        print(
            f"stretchcoach: cannot write the log in {folder} ({error.strerror}); logging to stderr",
            file=sys.stderr,
        )
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    qInstallMessageHandler(_qt_message)
    return path


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("stretchcoach.qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashReporter:
    """Replaces `sys.excepthook` while installed; at most one dialog is open at a time."""

    def __init__(self, log_file: Path | None, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._log_file = log_file
        self._parent = parent
        self._previous: ExceptHook | None = None
        self._previous_thread: Callable[[threading.ExceptHookArgs], object] | None = None
        self.dialog: CrashDialog | None = None

    def install(self) -> None:
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self.report
        threading.excepthook = self.report_thread

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
            self._previous = None
        if self._previous_thread is not None:
            threading.excepthook = self._previous_thread
            self._previous_thread = None

    def report_thread(self, failure: threading.ExceptHookArgs) -> None:
        """A worker thread's error (the voice's synthesiser) is logged; widgets belong to the GUI thread."""
        details = "".join(
            traceback.format_exception(failure.exc_type, failure.exc_value, failure.exc_traceback)
        )
        name = failure.thread.name if failure.thread is not None else "?"
        log.critical("uncaught exception in thread %s\n%s", name, details)

    def report(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        log.critical("uncaught exception\n%s", details)
        if QApplication.instance() is None or self.dialog is not None:
            return
        self.dialog = CrashDialog(f"{kind.__name__}: {error}", details, self._log_file, self._parent())
        self.dialog.finished.connect(self._on_closed)
        self.dialog.open()

    def _on_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
