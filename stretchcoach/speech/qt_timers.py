"""One-shot Qt timers aimed at instants of the session's clock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer

from stretchcoach.core.clock import Clock
from stretchcoach.speech.cue_scheduler import Cancel


class QtTimers:
    """`call_at` on the GUI thread's event loop.

    Each timer is a PreciseTimer: Qt's default coarse timers may fire up to 5 % early, which is
    a tenth of a second on a two-second wait. The delay is measured on the injected clock, the
    one the engine's `due` instants come from.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._live: set[QTimer] = set()

    def call_at(self, instant: float, action: Callable[[], None]) -> Cancel:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)

        def fire() -> None:
            self._drop(timer)
            action()

        def cancel() -> None:
            if timer in self._live:
                timer.stop()
                self._drop(timer)

        timer.timeout.connect(fire)
        self._live.add(timer)
        timer.start(max(0, round((instant - self._clock.now()) * 1000)))
        return cancel

    def _drop(self, timer: QTimer) -> None:
        self._live.discard(timer)
        timer.deleteLater()
