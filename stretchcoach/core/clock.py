"""Time for the engine: one injectable source, so tests can drive a session by hand."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a clock that never goes back; only differences mean anything."""
        ...


class SystemClock:
    """The machine's clock, counting the time a laptop spends asleep.

    CLOCK_MONOTONIC stops during suspend, which would hide a sleep from the engine and resume
    mid-hold as if nothing happened; CLOCK_BOOTTIME keeps counting, so the engine sees the gap
    between two ticks and pauses the session instead.
    """

    def __init__(self) -> None:
        clock_id = getattr(time, "CLOCK_BOOTTIME", None)
        self._clock_id = clock_id

    def now(self) -> float:
        if self._clock_id is not None:
            return time.clock_gettime(self._clock_id)
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._now += seconds

    def set(self, instant: float) -> None:
        self.advance(instant - self._now)
