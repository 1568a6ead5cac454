"""How much of each exercise a session has done so far, for the history as the session goes.

The engine reports phases starting; only the owner knows whether a phase ended on its own or
was cut short by Next, Back or Restart, so it says so (`cut_short`) before the jump. A phase
done twice (after Back) counts once: the history keeps what was done, not how often.
"""

from __future__ import annotations

from stretchcoach.core.events import Summary
from stretchcoach.core.plan import Plan
from stretchcoach.core.session_record import ExerciseRecord, ExerciseStatus

_DONE_SLACK = 0.05
"""Seconds of a work phase that may be missing (a last tick landing early) for it still to count as done."""


class ExerciseTally:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._credited: dict[int, float] = {}
        self._current: int | None = None
        self._cut = False

    def phase_started(self, index: int) -> None:
        """The engine moved to phase `index`; the one before it ran to its end unless cut short."""
        if self._current is not None and not self._cut:
            self._credit(self._current, self.plan.phases[self._current].seconds)
        self._current = index
        self._cut = False

    def cut_short(self, position: float) -> None:
        """The current phase ends now, `position` seconds into the session's timeline."""
        if self._current is not None:
            self._credit(self._current, position - self.plan.starts[self._current])
            self._cut = True

    def finished(self) -> None:
        """The session ran to its end: the last phase is done too."""
        if self._current is not None and not self._cut:
            self._credit(self._current, self.plan.phases[self._current].seconds)
        self._cut = True

    def _credit(self, index: int, seconds: float) -> None:
        phase = self.plan.phases[index]
        if phase.kind.is_work:
            done = min(max(0.0, seconds), phase.seconds)
            self._credited[index] = max(self._credited.get(index, 0.0), done)

    def records(self, summary: Summary | None = None) -> tuple[ExerciseRecord, ...]:
        """Every exercise reached so far; with the session's summary, its statuses are the engine's."""
        planned: dict[int, float] = {}
        done: dict[int, float] = {}
        for index, phase in enumerate(self.plan.phases):
            if phase.kind.is_work:
                number = phase.exercise_index
                planned[number] = planned.get(number, 0.0) + phase.seconds
                done[number] = done.get(number, 0.0) + self._credited.get(index, 0.0)
        current = self.plan.phases[self._current].exercise_index if self._current is not None else -1
        if summary is not None:
            stopped = summary.stopped_at if summary.stopped_at is not None else -1
            reached = max([*summary.completed, *summary.skipped, stopped])
        else:
            reached = current
        records = []
        for index, exercise in enumerate(self.plan.routine.exercises[: reached + 1]):
            seconds, wanted = done.get(index, 0.0), planned.get(index, 0.0)
            if summary is not None:
                complete = index in summary.completed
            else:
                complete = wanted > 0 and seconds >= wanted - _DONE_SLACK
            if complete:
                status = ExerciseStatus.DONE
            elif seconds > 0:
                status = ExerciseStatus.PARTIAL
            elif index == current and summary is None:
                continue  # just begun: nothing done yet, and not skipped either
            else:
                status = ExerciseStatus.SKIPPED
            records.append(
                ExerciseRecord(index, exercise.id, exercise.name, status, round(seconds, 1), wanted)
            )
        return tuple(records)
