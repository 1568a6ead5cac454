"""A session laid out in time: the planner's output, the engine's input."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate

from stretchcoach.core import pain_advice, wording
from stretchcoach.core.model import Exercise, Routine, Side


class PhaseKind(StrEnum):
    TRANSITION = "transition"
    PREPARE = "prepare"
    HOLD = "hold"
    REP = "rep"
    REST = "rest"
    SWITCH_SIDE = "switch_side"
    REPOSITION = "reposition"
    FINISH = "finish"

    @property
    def is_work(self) -> bool:
        return self in (PhaseKind.HOLD, PhaseKind.REP)


class CueKind(StrEnum):
    SAFETY = "safety"
    NEXT = "next"
    HOW_TO = "how_to"
    HOLD = "hold"
    HALFWAY = "halfway"
    COUNT = "count"
    REST = "rest"
    SWITCH = "switch"
    REPOSITION = "reposition"
    BEAT = "beat"
    FINISH = "finish"

    @property
    def is_instruction(self) -> bool:
        """A line that tells the user what to do, which "say that again" repeats; not a count,
        "Halfway." or "Hold for 60 seconds", whose figure is stale a moment later."""
        return self in _INSTRUCTIONS


_INSTRUCTIONS = frozenset(
    {CueKind.SAFETY, CueKind.NEXT, CueKind.HOW_TO, CueKind.SWITCH, CueKind.REPOSITION, CueKind.BEAT}
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A line to say `at` seconds into its phase.

    `brief` is what the speech layer says instead when the full line will not fit before the next
    cue (or when the user chose brief coaching); an optional cue may be dropped altogether.
    """

    at: float
    text: str
    kind: CueKind
    brief: str = ""
    optional: bool = False

    @property
    def short(self) -> str:
        return self.brief or self.text


@dataclass(frozen=True, slots=True)
class Phase:
    kind: PhaseKind
    seconds: float
    exercise_index: int
    exercise: Exercise | None
    label: str
    cues: tuple[Cue, ...] = ()
    side: Side | None = None
    position: str = ""
    set_index: int = 0
    set_count: int = 1
    rep_index: int = 0
    rep_count: int = 0
    beat_index: int = 0
    """Which of the exercise's beats a rep phase is (0: breathe out and lift), for its picture."""

    @property
    def side_label(self) -> str:
        if self.side is None or self.exercise is None:
            return ""
        return self.exercise.side_label(self.side)

    @property
    def exercise_name(self) -> str:
        return self.exercise.name if self.exercise is not None else ""

    @property
    def safety(self) -> tuple[str, ...]:
        """The exercise's safety notes, shown beside its instructions the whole time it lasts."""
        if self.exercise is None:
            return ()
        return tuple(self.exercise.for_side(note, self.side) for note in self.exercise.safety)

    @property
    def instructions(self) -> str:
        """What the screen says to do during this phase: the exercise's instructions, written for
        the side this phase works, so the text never describes the other leg."""
        return self.exercise.instructions_for(self.side) if self.exercise is not None else ""


@dataclass(frozen=True, slots=True)
class ScheduledCue:
    """A cue placed on the session's timeline.

    `slot` is the time until the next cue starts: a line longer than its slot would talk over
    the next one, so the speech layer says the brief form instead (or drops an optional cue).
    """

    offset: float
    phase_index: int
    cue: Cue
    slot: float


@dataclass(frozen=True, slots=True)
class Plan:
    routine: Routine
    phases: tuple[Phase, ...]
    rate: int = 160
    """The words a minute the plan was laid out for: every line fits its place at this rate."""
    starts: tuple[float, ...] = field(init=False, repr=False, compare=False)
    """Offset of each phase from the start of the session."""
    schedule: tuple[ScheduledCue, ...] = field(init=False, repr=False, compare=False)
    """Every cue of the session in the order it is said."""

    def __post_init__(self) -> None:
        if not self.phases:
            raise ValueError("a plan needs at least one phase")
        starts = (0.0, *accumulate(p.seconds for p in self.phases[:-1]))
        object.__setattr__(self, "starts", starts)
        object.__setattr__(self, "schedule", _schedule(self.phases, starts))

    @property
    def total_seconds(self) -> float:
        return self.starts[-1] + self.phases[-1].seconds

    @property
    def exercise_count(self) -> int:
        return len(self.routine.exercises)

    def exercise_name(self, exercise_index: int | None) -> str | None:
        """The name of the exercise at an index, or None past the last (the closing words)."""
        if exercise_index is None or not 0 <= exercise_index < self.exercise_count:
            return None
        return self.routine.exercises[exercise_index].name

    def first_phase_of(self, exercise_index: int) -> int:
        """The first phase of an exercise; one past the last exercise is the closing phase."""
        for index, phase in enumerate(self.phases):
            if phase.exercise_index == exercise_index:
                return index
        raise IndexError(exercise_index)

    def first_work_phase_of(self, exercise_index: int) -> int | None:
        """Where the exercise's holds or reps begin; None for the closing words, which have none."""
        for index, phase in enumerate(self.phases):
            if phase.exercise_index == exercise_index and phase.kind.is_work:
                return index
        return None

    def restart_phase_of(self, exercise_index: int) -> int:
        """Where an exercise begins again: its get-ready phase, which explains it once more.

        The move into place before it is skipped, since the person is there already, and so
        are the session's opening words on the first exercise.
        """
        for index, phase in enumerate(self.phases):
            if phase.exercise_index == exercise_index and phase.kind is PhaseKind.PREPARE:
                return index
        return self.first_phase_of(exercise_index)

    def hold_seconds(self) -> float:
        return sum(phase.seconds for phase in self.phases if phase.kind is PhaseKind.HOLD)

    def texts(self) -> frozenset[str]:
        """Every line the session may say, in full and brief form, for rendering ahead of time.

        That includes the lines that belong to no phase (pausing, carrying on, "it hurts"): they
        are said the moment the user asks, with no time to render them then.
        """
        lines: set[str] = {wording.PAUSED, wording.RESUMED, *pain_advice.SPOKEN}
        for phase in self.phases:
            for cue in phase.cues:
                lines.add(cue.text)
                if cue.brief:
                    lines.add(cue.brief)
        return frozenset(lines)


def _schedule(phases: tuple[Phase, ...], starts: tuple[float, ...]) -> tuple[ScheduledCue, ...]:
    placed = sorted(
        (
            (start + cue.at, index, cue)
            for index, (start, phase) in enumerate(zip(starts, phases, strict=True))
            for cue in phase.cues
        ),
        key=lambda item: (item[0], item[1]),
    )
    end = starts[-1] + phases[-1].seconds
    nexts = [offset for offset, _, _ in placed[1:]] + [end]
    return tuple(
        ScheduledCue(offset, index, cue, max(0.0, following - offset))
        for (offset, index, cue), following in zip(placed, nexts, strict=True)
    )
