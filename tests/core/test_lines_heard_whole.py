"""Every line heard whole: the plan makes room for each line at the rate that will say it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcoach.core.builtin import builtin_routine, builtin_routines
from stretchcoach.core.plan import CueKind, PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from stretchcoach.core.speech_time import GAP, estimate_seconds, planned_seconds
from tests.core.factories import exercise, routine

RATES = range(120, 201, 10)


def overlaps(plan: Plan) -> list[str]:
    """Each line that would still be speaking when the next one starts (by the model).

    The countdown's one-word lines are said a second apart and are measured against the real
    voice in tests/speech; every other line must end, with a pause, before the next begins.
    """
    return [
        f"{scheduled.cue.text!r} needs {planned_seconds(scheduled.cue.text, plan.rate):.2f} s, "
        f"has {scheduled.slot:.2f} s"
        for scheduled in plan.schedule
        if scheduled.cue.kind is not CueKind.COUNT
        and planned_seconds(scheduled.cue.text, plan.rate) > scheduled.slot + 1e-9
    ]


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("routine_id", [r.id for r in builtin_routines()])
def test_no_built_in_line_overlaps_the_next_at_any_rate_from_120_to_200(routine_id: str, rate: int) -> None:
    plan = build_plan(builtin_routine(routine_id), PlanSettings(rate=rate))

    assert plan.rate == rate
    assert overlaps(plan) == []


@pytest.mark.parametrize("rate", RATES)
def test_no_line_is_cut_the_full_line_is_always_the_one_planned(rate: int) -> None:
    """The plan's text is what is said in full coaching: nothing is swapped for a brief form,
    and the first rep says each movement in full whatever the tempo."""
    for routine_ in builtin_routines():
        plan = build_plan(routine_, PlanSettings(rate=rate, tempo_seconds=1.5))
        for phase in plan.phases:
            if phase.kind is PhaseKind.PREPARE:
                how_to = next(cue.text for cue in phase.cues if cue.kind is CueKind.HOW_TO)
                assert how_to.removeprefix("Release. ").startswith(f"{phase.exercise_name}. ")
                assert len(how_to) > len(phase.exercise_name) + 20
            if phase.kind is PhaseKind.REP and phase.rep_index == 0 and phase.exercise is not None:
                beat = phase.exercise.beats[phase.beat_index]
                assert phase.exercise.for_side(beat.say, phase.side).rstrip(".") in phase.cues[0].text
        assert overlaps(plan) == []


def test_a_slower_voice_gets_a_longer_get_ready_and_a_longer_first_beat() -> None:
    physio = builtin_routine("physio-ten")
    slow, fast = build_plan(physio, PlanSettings(rate=120)), build_plan(physio, PlanSettings(rate=200))

    def first(plan: Plan, kind: PhaseKind) -> float:
        return next(phase.seconds for phase in plan.phases if phase.kind is kind)

    assert first(slow, PhaseKind.PREPARE) > first(fast, PhaseKind.PREPARE) >= 15
    assert first(slow, PhaseKind.REP) > first(fast, PhaseKind.REP) >= 3
    assert slow.total_seconds > fast.total_seconds
    holds = [phase.seconds for phase in slow.phases if phase.kind is PhaseKind.HOLD]
    assert holds == [phase.seconds for phase in fast.phases if phase.kind is PhaseKind.HOLD], "doses stay"


def test_a_hold_keeps_its_dose_and_says_what_fits_in_it() -> None:
    long_cue = "Breathe out slowly and draw your belly button in toward your spine, very gently."
    plan = build_plan(routine(exercise(hold=3, hold_cue=long_cue)), PlanSettings(rate=120))
    hold = next(phase for phase in plan.phases if phase.kind is PhaseKind.HOLD)

    assert hold.seconds == 3
    assert hold.cues[0].text in ("Hold for 3 seconds.", "Hold.")
    assert overlaps(plan) == []


def test_halfway_is_planned_only_where_it_fits() -> None:
    plan = build_plan(routine(exercise(hold=20)), PlanSettings(rate=120))
    hold = next(phase for phase in plan.phases if phase.kind is PhaseKind.HOLD)

    assert [cue.kind for cue in hold.cues][:2] == [CueKind.HOLD, CueKind.HALFWAY]


timings = st.builds(
    PlanSettings,
    rate=st.integers(120, 200),
    tempo_seconds=st.sampled_from([1.5, 2.0, 3.0, 4.5, 8.0]),
    prepare_seconds=st.integers(5, 40),
    transition_seconds=st.integers(3, 40),
    switch_seconds=st.integers(3, 40),
    rest_seconds=st.integers(3, 40),
    scale=st.floats(0.5, 1.0),
)


@settings(max_examples=60, deadline=None)
@given(timings, st.sampled_from([r.id for r in builtin_routines()]))
def test_any_timing_settings_leave_no_overlap(chosen: PlanSettings, routine_id: str) -> None:
    assert overlaps(build_plan(builtin_routine(routine_id), chosen)) == []


def test_the_model_spells_figures_and_grows_with_slower_speech() -> None:
    assert estimate_seconds("Hold for 30 seconds.", 120) > estimate_seconds("Hold for 30 seconds.", 200)
    assert planned_seconds("Halfway.", 160) > estimate_seconds("Halfway.", 160) + GAP


def test_a_rate_outside_the_voices_range_is_refused() -> None:
    assert PlanSettings(rate=79).problems() == ["rate is 79 words a minute; allowed 80–300 words a minute"]
