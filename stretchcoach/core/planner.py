"""Turn a routine and the user's settings into a Plan: every phase, its length and its cues.

A pure function of its inputs, so a plan can be printed, tested and compared without a clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from stretchcoach.core import wording
from stretchcoach.core.model import Dose, Exercise, Movement, Place, Prop, Routine, Side, Sides, each_side
from stretchcoach.core.plan import Cue, CueKind, Phase, PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.speech_time import planned_seconds

OPENING_SECONDS = 6
FINISH_SECONDS = 5
FETCH_SECONDS = 15
"""Time to get up and fetch the props an exercise needs (a pillow, a towel, books), the first time."""
OPENING_FETCH_SECONDS = 5
"""The same before the first exercise, when the person is still up and on the way to the mat."""
MOVE_SECONDS = 20
"""Time to get up and go to where an exercise is done (a doorway, a wall), or back to the mat."""
PLACE_SWITCH_SECONDS = 15
"""The least time to change sides at a place: sitting up and moving round a door frame."""
COUNTDOWN_MIN_SECONDS = 8
HALFWAY_MIN_SECONDS = 20
_COUNTED_KINDS = frozenset(
    {PhaseKind.PREPARE, PhaseKind.HOLD, PhaseKind.REST, PhaseKind.SWITCH_SIDE, PhaseKind.REPOSITION}
)


class PlanError(ValueError):
    """Settings that do not fit the routine; `problems` lists each in plain words."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class Dosage:
    """The figures one exercise gets in this plan, after the user's choices and the scale.

    `reps` counts every rep done; when sides alternate it is always even, half on each side.
    """

    hold: int | None
    reps: int | None
    sets: int = 1


def build_plan(routine: Routine, settings: PlanSettings | None = None) -> Plan:
    settings = settings or PlanSettings()
    problems = settings.problems() + _override_problems(routine, settings)
    if problems:
        raise PlanError(problems)
    return _Builder(routine, settings).build()


def dosage(exercise: Exercise, settings: PlanSettings) -> Dosage:
    hold = reps = None
    if exercise.hold is not None:
        hold = _scaled(settings.holds.get(exercise.id, exercise.hold.default), settings.scale)
    if exercise.reps is not None:
        reps = _scaled(settings.reps.get(exercise.id, exercise.reps.default), settings.scale)
        if exercise.sides is Sides.ALTERNATE:
            reps = 2 * each_side(reps)
    return Dosage(hold, reps, settings.sets.get(exercise.id, exercise.sets))


def sets_dose(exercise: Exercise) -> Dose:
    """The sets a user may choose: fewer than the article on a bad day, never more."""
    return Dose(exercise.sets, 1, exercise.sets)


def _leave(place: Place | None) -> str:
    assert place is not None, "an exercise away from any place follows one at a place"
    return place.leave


def _scaled(value: int, scale: float) -> int:
    return max(1, int(value * scale + 0.5))


def _override_problems(routine: Routine, settings: PlanSettings) -> list[str]:
    found = []
    ids = {exercise.id: exercise for exercise in routine.exercises}
    for what, chosen in (("hold", settings.holds), ("reps", settings.reps), ("sets", settings.sets)):
        unit = " s" if what == "hold" else ""
        for exercise_id, value in chosen.items():
            exercise = ids.get(exercise_id)
            if exercise is None:
                found.append(f"{what}: there is no exercise '{exercise_id}' in '{routine.id}'")
                continue
            dose = {"hold": exercise.hold, "reps": exercise.reps, "sets": sets_dose(exercise)}[what]
            if dose is None:
                found.append(f"{what} for '{exercise_id}': this exercise has no {what}")
            elif not dose.contains(value):
                found.append(
                    f"{what} for '{exercise_id}' is {value}{unit}; "
                    f"the source allows {dose.low}–{dose.high}{unit}"
                )
    return found


@dataclass(frozen=True, slots=True)
class _Where:
    """Where in the exercise a phase falls, as the screen shows it."""

    side: Side | None = None
    position: str = ""
    set_index: int = 0
    set_count: int = 1
    rep_index: int = 0
    rep_count: int = 0


class _Builder:
    def __init__(self, routine: Routine, settings: PlanSettings) -> None:
        self.routine = routine
        self.settings = settings
        self.phases: list[Phase] = []
        self.index = 0
        self.exercise: Exercise | None = None

    def build(self) -> Plan:
        previous: Exercise | None = None
        at_hand: set[Prop] = set()
        place: Place | None = None
        for index, exercise in enumerate(self.routine.exercises):
            self.index, self.exercise = index, exercise
            fetch = [prop for prop in exercise.props if prop.fetch and prop not in at_hand]
            at_hand.update(fetch)
            errands = [prop.fetch for prop in fetch]
            extra = (OPENING_FETCH_SECONDS if previous is None else FETCH_SECONDS) if fetch else 0
            if exercise.place is not place:
                errands.insert(0, exercise.place.go_to if exercise.place is not None else _leave(place))
                extra += MOVE_SECONDS
                place = exercise.place
            if previous is None:
                self._opening(exercise, errands, extra)
            elif previous.position is not exercise.position or errands:
                moved = previous.position is not exercise.position
                self._transition(
                    exercise, errands, extra + (self.settings.transition_seconds if moved else 0)
                )
            self._prepare(exercise)
            dose = dosage(exercise, self.settings)
            if dose.reps is not None:
                self._rep_blocks(exercise, dose.reps, dose.hold, dose.sets)
            elif dose.hold is not None:
                self._hold_units(exercise, dose.hold, dose.sets)
            previous = exercise
        self.index, self.exercise = len(self.routine.exercises), None
        self._add(PhaseKind.FINISH, FINISH_SECONDS, [Cue(0, wording.FINISHED, CueKind.FINISH)])
        return Plan(self.routine, tuple(self.phases), self.settings.rate)

    def _opening(self, exercise: Exercise, errands: list[str], extra: int) -> None:
        first_up = wording.first_up(exercise, errands)
        cues = [Cue(0, wording.OPENING, CueKind.SAFETY)]
        if self.routine.opening:
            cues.append(Cue(0, self.routine.opening, CueKind.SAFETY))
        brief = wording.lead_in_brief("First", exercise, errands)
        cues.append(Cue(OPENING_SECONDS, first_up, CueKind.NEXT, brief))
        seconds = OPENING_SECONDS + self.settings.transition_seconds + extra
        self._add(PhaseKind.TRANSITION, seconds, cues, _Where(position=exercise.position.label))

    def _transition(self, exercise: Exercise, errands: list[str], seconds: int) -> None:
        """Time to change position, fetch what the next exercise needs or go where it is done."""
        brief = wording.lead_in_brief("Next", exercise, errands)
        cue = Cue(0, wording.next_up(exercise, errands), CueKind.NEXT, brief)
        where = _Where(position=exercise.position.label)
        label = wording.errand_label(errands[0]) if errands else ""
        self._add(PhaseKind.TRANSITION, seconds, [cue], where, label=label)

    def _prepare(self, exercise: Exercise) -> None:
        side = exercise.first_side if exercise.sides is Sides.EACH else None
        # A how-to written for the side already names it; one written for either side is told.
        named = exercise.for_side(exercise.how_to, side) != exercise.how_to
        side_first = "" if named else wording.side_first(exercise, side)
        text = f"{wording.how_to(exercise, side)} {side_first}".strip()
        brief = f"{exercise.name}. {side_first}".strip()
        where = _Where(side=side, position=exercise.positions[0].label if exercise.positions else "")
        cues = [Cue(0, text, CueKind.HOW_TO, brief)]
        if exercise.warning:
            cues.insert(0, Cue(0, exercise.for_side(exercise.warning, side), CueKind.SAFETY))
        self._add(PhaseKind.PREPARE, self.settings.prepare_seconds, cues, where)

    def _hold_units(self, exercise: Exercise, hold: int, sets: int) -> None:
        """Holds one after another, parted by a switch of side, a move or a rest."""
        sides: tuple[Side | None, ...] = (None,)
        if exercise.sides is Sides.EACH:
            sides = (exercise.first_side, exercise.first_side.other)
        positions: tuple[Movement | None, ...] = exercise.positions or (None,)
        previous_side: Side | None = None
        first = True
        for set_index in range(sets):
            for side in sides:
                for position in positions:
                    where = _Where(side, position.label if position else "", set_index, sets)
                    lead = ""
                    if not first and side is not None and side is not previous_side:
                        self._switch(exercise, side, where)
                    elif not first and position is not None and position is not positions[0]:
                        self._reposition(position, where)
                    elif not first:
                        self._rest(exercise, where)
                        lead = f"Set {set_index + 1} of {sets}."
                        if position is not None:
                            lead = f"{lead} {wording.reposition(position)}"
                    elif position is not None:
                        lead = wording.reposition(position)
                    self._hold(exercise, hold, lead, where)
                    previous_side = side
                    first = False

    def _rep_blocks(self, exercise: Exercise, reps: int, hold: int | None, sets: int) -> None:
        """Blocks of breath-paced reps; a block per side, or alternate sides rep by rep."""
        blocks: tuple[Side | None, ...] = (None,)
        if exercise.sides is Sides.EACH:
            blocks = (exercise.first_side, exercise.first_side.other)
        first = True
        for set_index in range(sets):
            for block_side in blocks:
                block = _Where(block_side, "", set_index, sets)
                if not first and block_side is not None:
                    self._switch(exercise, block_side, block)
                elif not first:
                    self._rest(exercise, block)
                for rep_index in range(reps):
                    side = block_side
                    if exercise.sides is Sides.ALTERNATE:
                        side = exercise.first_side if rep_index % 2 == 0 else exercise.first_side.other
                    self._rep(exercise, hold, _Where(side, "", set_index, sets, rep_index, reps))
                first = False

    def _rep(self, exercise: Exercise, hold: int | None, where: _Where) -> None:
        """One rep: its beats, with the hold (if any) after the first beat.

        The first rep says each movement in full; later ones, like a coach, just count and name
        the beat (and the side, when sides alternate), which also fits a brisk tempo.
        """
        number = wording.rep_count(where.rep_index)
        count = number
        if exercise.sides is Sides.ALTERNATE and where.side is not None:
            count = f"{count} {exercise.side_label(where.side)}."
        tempo = self.settings.tempo_seconds
        for beat_index, beat in enumerate(exercise.beats):
            label = wording.beat_label(beat, where.side)
            named = wording.sentence(label)
            cues = []
            if where.rep_index == 0:
                # Said in full, whatever the tempo: the beat grows to fit (see `_make_room`).
                said = wording.beat(beat, where.side)
                brief = f"{count} {named}" if beat_index == 0 else named
                text = f"{wording.rep_count(0)} {said}" if beat_index == 0 else said
                cues.append(Cue(0, text, CueKind.BEAT, brief))
            elif beat_index == 0:
                # Later reps keep the breath's pace: as much as fits, at least the count.
                text = self._fitting((f"{count} {named}", count, number), tempo)
                cues.append(Cue(0, text, CueKind.BEAT, count))
            elif self._speaks(named) <= tempo:
                cues.append(Cue(0, named, CueKind.BEAT))
            self._add(PhaseKind.REP, tempo, cues, where, label=label, beat=beat_index)
            if hold is not None and beat_index == 0:
                self._hold(exercise, hold, "", where)

    def _hold(self, exercise: Exercise, seconds: int, lead: str, where: _Where) -> None:
        """A hold keeps its dose, so its opening line is cut to fit rather than the hold grown:
        the cue for the hold first, then the figure, which the ring shows anyway."""
        hold_cue = exercise.for_side(exercise.hold_cue, where.side)
        full = " ".join(part for part in (lead, hold_cue) if part)
        options = [wording.hold(seconds, full), wording.hold(seconds, hold_cue), hold_cue]
        options += [wording.hold(seconds), wording.HOLD]
        end = seconds - len(wording.COUNT_WORDS) if seconds >= COUNTDOWN_MIN_SECONDS else seconds
        text = self._fitting([option for option in dict.fromkeys(options) if option], end)
        cues = [Cue(0, text, CueKind.HOLD, wording.hold(seconds))]
        halfway = seconds / 2
        if (
            seconds >= HALFWAY_MIN_SECONDS
            and self._speaks(text) <= halfway
            and halfway + self._speaks(wording.HALFWAY) <= end
        ):
            cues.append(Cue(halfway, wording.HALFWAY, CueKind.HALFWAY, optional=True))
        self._add(PhaseKind.HOLD, seconds, cues, where)

    def _rest(self, exercise: Exercise, where: _Where) -> None:
        seconds = exercise.rest if exercise.rest is not None else self.settings.rest_seconds
        cue = Cue(0, wording.rest(seconds), CueKind.REST, "Rest.")
        self._add(PhaseKind.REST, seconds, [cue], _Where(None, "", where.set_index, where.set_count))

    def _switch(self, exercise: Exercise, side: Side, where: _Where) -> None:
        seconds = exercise.switch if exercise.switch is not None else self.settings.switch_seconds
        if exercise.place is not None:
            seconds = max(seconds, PLACE_SWITCH_SECONDS)
        brief = wording.sentence(exercise.side_label(side))
        cue = Cue(0, wording.switch(exercise, side), CueKind.SWITCH, brief)
        self._add(PhaseKind.SWITCH_SIDE, seconds, [cue], where)

    def _reposition(self, position: Movement, where: _Where) -> None:
        cue = Cue(0, wording.reposition(position), CueKind.REPOSITION, wording.sentence(position.label))
        self._add(PhaseKind.REPOSITION, self.settings.switch_seconds, [cue], where)

    def _speaks(self, text: str) -> float:
        """The time `text` takes at the plan's rate, with the pause after it."""
        return planned_seconds(text, self.settings.rate)

    def _fitting(self, options: Sequence[str], room: float) -> str:
        """The first of `options` (the fullest first) said whole within `room`, else the last."""
        return next((text for text in options if self._speaks(text) <= room), options[-1])

    def _make_room(self, kind: PhaseKind, seconds: float, cues: list[Cue]) -> tuple[float, list[Cue]]:
        """Grow a phase until each of its lines is heard whole before the next begins.

        Lines are moved later when the one before runs on (the opening's safety line into the
        first exercise's name), and the phase lengthens so that the last line ends before the
        countdown, or before the phase ends. Whole seconds, so the plan reads plainly.
        """
        placed = []
        free = 0.0
        for cue in cues:
            at = max(cue.at, free)
            placed.append(cue if at == cue.at else replace(cue, at=at))
            free = at + self._speaks(cue.text)
        if free > seconds:
            seconds = float(math.ceil(free))
        countdown = free + len(wording.COUNT_WORDS)
        if kind in _COUNTED_KINDS and seconds >= COUNTDOWN_MIN_SECONDS and countdown > seconds:
            seconds = float(math.ceil(countdown))
        return seconds, placed

    def _add(
        self,
        kind: PhaseKind,
        seconds: float,
        cues: list[Cue],
        where: _Where = _Where(),
        *,
        label: str = "",
        beat: int = 0,
    ) -> None:
        if self.phases and self.phases[-1].kind is PhaseKind.HOLD and kind is not PhaseKind.REP:
            first = cues[0]
            cues[0] = replace(first, text=wording.released(first.text), brief=wording.released(first.short))
        if kind is not PhaseKind.HOLD:
            seconds, cues = self._make_room(kind, seconds, cues)
        if kind in _COUNTED_KINDS and seconds >= COUNTDOWN_MIN_SECONDS:
            cues.extend(
                Cue(seconds - 3 + step, word, CueKind.COUNT) for step, word in enumerate(wording.COUNT_WORDS)
            )
        self.phases.append(
            Phase(
                kind=kind,
                seconds=float(seconds),
                exercise_index=self.index,
                exercise=self.exercise,
                label=label or wording.PHASE_LABELS[kind.value],
                cues=tuple(cues),
                side=where.side,
                position=where.position,
                set_index=where.set_index,
                set_count=where.set_count,
                rep_index=where.rep_index,
                rep_count=where.rep_count,
                beat_index=beat,
            )
        )
