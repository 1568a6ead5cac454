"""The session state machine: where in the plan we are, driven by an injectable clock.

While running, the whole session hangs on one number, `anchor`: the clock time at which the
plan's timeline would have begun had there been no pauses or jumps. Every deadline is
`anchor + offset`, so nothing is counted tick by tick and no drift can build up; a pause freezes
the position on the timeline and resuming re-anchors it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from enum import StrEnum

from stretchcoach.core.clock import Clock
from stretchcoach.core.events import (
    CueDue,
    Finished,
    Listener,
    Paused,
    PauseReason,
    PhaseStarted,
    Progress,
    Resumed,
    SessionEvent,
    Stopped,
    StopReason,
    Summary,
)
from stretchcoach.core.plan import Phase, Plan

SUSPEND_JUMP_SECONDS = 10.0


class SessionState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def is_active(self) -> bool:
        return self in (SessionState.RUNNING, SessionState.PAUSED)


class Command(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    NEXT = "next"
    PREVIOUS = "previous"
    RESTART = "restart"


_ACTIVE = frozenset(state for state in SessionState if state.is_active)
ALLOWED: dict[Command, frozenset[SessionState]] = {
    Command.START: frozenset({SessionState.IDLE}),
    Command.PAUSE: frozenset({SessionState.RUNNING}),
    Command.RESUME: frozenset({SessionState.PAUSED}),
    Command.STOP: _ACTIVE,
    Command.NEXT: _ACTIVE,
    Command.PREVIOUS: _ACTIVE,
    Command.RESTART: _ACTIVE,
}


class IllegalCommand(RuntimeError):
    def __init__(self, command: Command, state: SessionState, why: str) -> None:
        self.command = command
        self.state = state
        super().__init__(why)


class SessionEngine:
    """Runs a plan against a clock and reports what happens to its listeners.

    `cue_lead` announces each cue that many seconds before it is due (with its exact due time),
    so a sound device with output latency can still be heard on the beat. Nothing happens between
    calls: the owner calls `tick()` often, ideally at `next_wakeup()`. A gap of more than
    `suspend_jump` seconds between two ticks means the computer slept (or the program was
    stopped): the session pauses where the last tick left it instead of racing through what it
    missed.
    """

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        cue_lead: float = 0.0,
        suspend_jump: float = SUSPEND_JUMP_SECONDS,
    ) -> None:
        self.plan = plan
        self.clock = clock
        self.cue_lead = cue_lead
        self.suspend_jump = suspend_jump
        self._listeners: list[Listener] = []
        self._state = SessionState.IDLE
        self._index = 0
        self._anchor = 0.0
        self._frozen_position = 0.0
        self._last_position = 0.0
        self._active_before = 0.0
        self._running_since = 0.0
        self._completed: set[int] = set()
        self._schedule = plan.schedule
        self._schedule_offsets = [scheduled.offset for scheduled in plan.schedule]
        self._cue_cursor = 0
        self._last_work = _last_work_phases(plan)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def phase_index(self) -> int:
        return self._index

    @property
    def phase(self) -> Phase:
        return self.plan.phases[self._index]

    @property
    def exercise_index(self) -> int:
        return self.phase.exercise_index

    def allowed(self, command: Command) -> bool:
        return self._refusal(command) is None

    def position(self) -> float:
        """Seconds into the plan's timeline; 0 until it begins."""
        if self._state is SessionState.RUNNING:
            return min(max(0.0, self.clock.now() - self._anchor), self.plan.total_seconds)
        return self._frozen_position

    def active_seconds(self) -> float:
        """Seconds the session has run so far, pauses left out: what the history keeps as it goes."""
        if self._state is SessionState.RUNNING:
            return self._active_before + max(0.0, self.clock.now() - self._running_since)
        return self._active_before

    def remaining(self) -> float:
        """Seconds left in the current phase, from its absolute deadline."""
        end = self.plan.starts[self._index] + self.phase.seconds
        return max(0.0, end - self.position())

    def seconds_to_next_cue(self) -> float | None:
        """How long until the next cue is heard, on the session's timeline; None after the last."""
        if self._state not in _ACTIVE or self._cue_cursor >= len(self._schedule):
            return None
        return self._schedule_offsets[self._cue_cursor] - self.position()

    def next_wakeup(self) -> float | None:
        """The clock time of the next phase change or cue announcement, for a precise timer."""
        if self._state is not SessionState.RUNNING:
            return None
        end = self.plan.starts[self._index] + self.phase.seconds
        if self._cue_cursor < len(self._schedule):
            end = min(end, self._schedule_offsets[self._cue_cursor] - self.cue_lead)
        return self._anchor + end

    def start(self) -> None:
        """Begin; the timeline starts `cue_lead` from now, so even the opening line, announced
        at once, can be heard exactly when the session begins."""
        self._require(Command.START)
        now = self.clock.now()
        self._state = SessionState.RUNNING
        self._anchor = now + self.cue_lead
        self._running_since = self._anchor
        self._last_position = 0.0
        self._emit(PhaseStarted(0, self.plan.phases[0]))
        self.tick()

    def pause(self, reason: PauseReason = PauseReason.USER) -> None:
        self._require(Command.PAUSE)
        self._freeze(self.position(), reason)

    def resume(self) -> None:
        self._require(Command.RESUME)
        now = self.clock.now()
        self._anchor = now - self._frozen_position
        self._running_since = now
        self._state = SessionState.RUNNING
        self._emit(Resumed(self.remaining()))
        self.tick()

    def stop(self, reason: StopReason = StopReason.USER) -> None:
        self._require(Command.STOP)
        position = self.position()
        self._bank_active_time(self.clock.now())
        self._frozen_position = position
        self._state = SessionState.STOPPED
        self._emit(Stopped(self._summary(stopped_at=self.exercise_index), reason))

    def next_exercise(self) -> None:
        """During the lead-in to an exercise Next skips the wait, not the exercise.

        Someone who presses Next while "Next: Forward fold" is announced is ready for the forward
        fold; skipping it too was never what they meant.
        """
        self._require(Command.NEXT)
        work = self.plan.first_work_phase_of(self.exercise_index)
        if work is not None and self._index < work:
            self._jump_to(work)
        else:
            self._jump_to(self.plan.first_phase_of(self.exercise_index + 1))

    def previous_exercise(self) -> None:
        self._require(Command.PREVIOUS)
        target = max(0, min(self.exercise_index, self.plan.exercise_count) - 1)
        self._jump_to(self.plan.restart_phase_of(0) if target == 0 else self.plan.first_phase_of(target))

    def restart_exercise(self) -> None:
        self._require(Command.RESTART)
        self._jump_to(self.plan.restart_phase_of(self.exercise_index))

    def tick(self) -> None:
        """Bring the session up to the clock: phase changes, cues, progress, the end."""
        if self._state is not SessionState.RUNNING:
            return
        position = self.clock.now() - self._anchor
        if position - self._last_position > self.suspend_jump:
            self._freeze(self._last_position, PauseReason.SUSPEND)
            return
        self._advance_to(position)
        if self._state is SessionState.RUNNING:
            self._last_position = position
            phase = self.phase
            remaining = self.remaining()
            fraction = 1.0 - remaining / phase.seconds if phase.seconds > 0 else 1.0
            elapsed = self.position()
            self._emit(Progress(self._index, remaining, fraction, elapsed, self.plan.total_seconds))

    def _advance_to(self, position: float) -> None:
        starts = self.plan.starts
        while True:
            next_start = starts[self._index + 1] if self._index + 1 < len(starts) else self.plan.total_seconds
            cue_at = (
                self._schedule_offsets[self._cue_cursor] - self.cue_lead
                if self._cue_cursor < len(self._schedule)
                else float("inf")
            )
            if cue_at <= position and cue_at < next_start:
                scheduled = self._schedule[self._cue_cursor]
                self._cue_cursor += 1
                self._emit(CueDue(scheduled, self._anchor + scheduled.offset))
            elif next_start <= position:
                self._phase_over()
                if self._state is not SessionState.RUNNING:
                    return
            else:
                return

    def _phase_over(self) -> None:
        if self._last_work.get(self.exercise_index) == self._index:
            self._completed.add(self.exercise_index)
        if self._index + 1 >= len(self.plan.phases):
            self._bank_active_time(self._anchor + self.plan.total_seconds)
            self._frozen_position = self.plan.total_seconds
            self._state = SessionState.FINISHED
            self._emit(Finished(self._summary()))
            return
        self._index += 1
        self._emit(PhaseStarted(self._index, self.phase))

    def _jump_to(self, index: int) -> None:
        position = self.plan.starts[index]
        self._index = index
        self._cue_cursor = bisect.bisect_left(self._schedule_offsets, position)
        self._last_position = position
        if self._state is SessionState.RUNNING:
            self._anchor = self.clock.now() - position
        else:
            self._frozen_position = position
        self._emit(PhaseStarted(index, self.phase))
        self.tick()
        if self._state is SessionState.PAUSED:
            self._emit(Progress(index, self.remaining(), 0.0, position, self.plan.total_seconds))

    def _freeze(self, position: float, reason: PauseReason) -> None:
        self._bank_active_time(self._anchor + position)
        self._frozen_position = position
        self._cue_cursor = bisect.bisect_right(self._schedule_offsets, position)
        self._state = SessionState.PAUSED
        self._emit(Paused(self.remaining(), reason))

    def _bank_active_time(self, until: float) -> None:
        if self._state is SessionState.RUNNING:
            self._active_before += max(0.0, until - self._running_since)

    def _summary(self, stopped_at: int | None = None) -> Summary:
        reached = self.plan.exercise_count if stopped_at is None else stopped_at
        skipped = tuple(i for i in range(reached) if i not in self._completed)
        return Summary(self._active_before, tuple(sorted(self._completed)), skipped, stopped_at)

    def _refusal(self, command: Command) -> str | None:
        if self._state not in ALLOWED[command]:
            return f"cannot {command.value} a session that is {self._state.value}"
        if command in (Command.RESTART, Command.NEXT) and self.phase.exercise is None:
            return f"cannot {command.value}: the session is on its closing words, not on an exercise"
        return None

    def _require(self, command: Command) -> None:
        refusal = self._refusal(command)
        if refusal is not None:
            raise IllegalCommand(command, self._state, refusal)

    def _emit(self, event: SessionEvent) -> None:
        for listener in tuple(self._listeners):
            listener(event)


def _last_work_phases(plan: Plan) -> dict[int, int]:
    last: dict[int, int] = {}
    for index, phase in enumerate(plan.phases):
        if phase.kind.is_work:
            last[phase.exercise_index] = index
    return last
