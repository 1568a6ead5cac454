"""The window's first frame: what waits for it (`after_first_paint`), and
`STRETCHCOACH_QUIT_AFTER_FIRST_PAINT=1`, which quits as soon as the window has painted once.

For the start-up benchmark (`bench/window_costs.py`): the real entry point is timed to the first
frame a person would see, not to a window object that exists but has not been drawn. The moment
is written to stderr as `first-paint-monotonic SECONDS` (the system's monotonic clock, which the
benchmark also reads when it starts the process) with this process's peak RSS so far
(`peak-rss-kib`: its own, not the voice's render process), then the app closes as from its own Quit.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

QUIT_AFTER_FIRST_PAINT = "STRETCHCOACH_QUIT_AFTER_FIRST_PAINT"


class _FirstPaintWatch(QObject):
    """One per window: on the event loop's next turn after the window first paints, calls back
    each function given, in the order given, each on a turn of its own (so the window keeps
    answering between them)."""

    def __init__(self, window: QWidget, app: QApplication) -> None:
        super().__init__(window)
        self._window = window
        self._app = app
        self._callbacks: list[Callable[[], None]] = []
        self._seen = False
        self._fired = False
        app.installEventFilter(self)

    def add(self, callback: Callable[[], None]) -> None:
        if self._fired:
            QTimer.singleShot(0, callback)
        else:
            self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._seen = True
            # After this paint has been flushed to the display: the next turn of the event loop.
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        self._fired = True
        self._app.removeEventFilter(self)
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            QTimer.singleShot(0, callback)


def after_first_paint(window: QWidget, app: QApplication, callback: Callable[[], None]) -> None:
    """Call `callback` once `window` has been drawn for the first time, from the event loop,
    after the callbacks given before it; on the loop's next turn if it has been drawn already."""
    watch = window.findChild(_FirstPaintWatch, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if watch is None:
        watch = _FirstPaintWatch(window, app)
    watch.add(callback)


def _report_and_quit(app: QApplication) -> None:
    painted = time.monotonic()
    print(f"first-paint-monotonic {painted:.6f} peak-rss-kib {_peak_rss_kib()}", file=sys.stderr, flush=True)
    app.quit()


def _peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def quit_after_first_paint(window: QWidget, app: QApplication) -> None:
    """Arm the switch when the environment asks for it; otherwise do nothing."""
    if os.environ.get(QUIT_AFTER_FIRST_PAINT) == "1":
        after_first_paint(window, app, lambda: _report_and_quit(app))
