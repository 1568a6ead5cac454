"""What the session engine tells its listeners; plain data, so any front end can adapt it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from stretchcoach.core.plan import Cue, Phase, ScheduledCue


class PauseReason(StrEnum):
    USER = "user"
    SUSPEND = "suspend"


class StopReason(StrEnum):
    USER = "user"
    PAIN = "pain"


class Outcome(StrEnum):
    """How a session ended, as the history keeps it and the finish page tells it."""

    FINISHED = "finished"
    STOPPED = "stopped"
    PAIN = "pain"
    """Stopped with the "It hurts" button: worth telling apart when looking back."""

    @classmethod
    def of(cls, event: Finished | Stopped) -> Outcome:
        if isinstance(event, Finished):
            return cls.FINISHED
        return cls.PAIN if event.reason is StopReason.PAIN else cls.STOPPED


@dataclass(frozen=True, slots=True)
class Summary:
    """How a session went: exercises are given by their index in the routine."""

    active_seconds: float
    completed: tuple[int, ...]
    skipped: tuple[int, ...]
    stopped_at: int | None = None


@dataclass(frozen=True, slots=True)
class PhaseStarted:
    index: int
    phase: Phase


@dataclass(frozen=True, slots=True)
class Progress:
    index: int
    remaining: float
    fraction: float
    elapsed: float
    total: float


@dataclass(frozen=True, slots=True)
class CueDue:
    """A cue to be heard at clock time `due`; it may arrive up to the engine's lead early."""

    scheduled: ScheduledCue
    due: float

    @property
    def cue(self) -> Cue:
        return self.scheduled.cue

    @property
    def phase_index(self) -> int:
        return self.scheduled.phase_index


@dataclass(frozen=True, slots=True)
class Paused:
    remaining: float
    reason: PauseReason


@dataclass(frozen=True, slots=True)
class Resumed:
    remaining: float


@dataclass(frozen=True, slots=True)
class Finished:
    summary: Summary


@dataclass(frozen=True, slots=True)
class Stopped:
    summary: Summary
    reason: StopReason


SessionEvent = PhaseStarted | Progress | CueDue | Paused | Resumed | Finished | Stopped
Listener = Callable[[SessionEvent], None]
