"""The session's one timer, behind a small interface so tests can fire it by hand.

The controller re-arms a single-shot timer for the next moment anything can change; the Qt
implementation uses Qt.PreciseTimer because a cue 20 ms late is heard as off the beat, and the
manual one lets a test or the screenshot script decide when "later" is, with no sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer


class SessionTimer(Protocol):
    def connect(self, callback: Callable[[], None]) -> None: ...

    def arm(self, milliseconds: int) -> None:
        """Call back once, after `milliseconds`; re-arming replaces any earlier request."""
        ...

    def disarm(self) -> None: ...

    @property
    def armed(self) -> bool: ...


class PreciseTimer:
    def __init__(self, parent: QObject) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)

    def connect(self, callback: Callable[[], None]) -> None:
        self._timer.timeout.connect(callback)

    def arm(self, milliseconds: int) -> None:
        self._timer.start(max(0, milliseconds))

    def disarm(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()


class ManualTimer:
    """Fires only when `fire()` is called; remembers the delay it was last armed for."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[], None]] = []
        self.interval: int | None = None

    def connect(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def arm(self, milliseconds: int) -> None:
        self.interval = max(0, milliseconds)

    def disarm(self) -> None:
        self.interval = None

    @property
    def armed(self) -> bool:
        return self.interval is not None

    def fire(self) -> None:
        if self.interval is None:
            raise RuntimeError("the timer is not armed")
        self.interval = None
        for callback in tuple(self._callbacks):
            callback()
