"""The planner, one table per pattern the articles need (see ../shared/seeds/README.md)."""

from __future__ import annotations

import pytest

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.plan import CueKind, PhaseKind
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import FINISH_SECONDS, OPENING_SECONDS, PlanError, build_plan
from tests.core.factories import BEATS, exercise, routine, shape, work

QUICK = PlanSettings(
    prepare_seconds=10, transition_seconds=5, switch_seconds=6, rest_seconds=7, tempo_seconds=2
)


def test_a_single_hold_is_introduced_then_held() -> None:
    plan = build_plan(routine(exercise(hold={"default": 60, "min": 60, "max": 180})), QUICK)

    assert shape(plan) == [
        ("transition", OPENING_SECONDS + 5, "Lying on your back", ""),
        ("prepare", 10, "", ""),
        ("hold", 60, "", ""),
        ("finish", FINISH_SECONDS, "", ""),
    ]


def test_childs_pose_holds_in_three_positions_with_a_move_between() -> None:
    positions = [
        {"label": "Centre", "say": "Arms ahead"},
        {"label": "Hands to the right", "say": "Walk your hands right"},
        {"label": "Hands to the left", "say": "Walk your hands left"},
    ]
    plan = build_plan(routine(exercise(hold=60, positions=positions)), QUICK)

    assert work(plan) == [
        ("hold", 60, "Centre", ""),
        ("reposition", 6, "Hands to the right", ""),
        ("hold", 60, "Hands to the right", ""),
        ("reposition", 6, "Hands to the left", ""),
        ("hold", 60, "Hands to the left", ""),
    ]
    moves = [phase.cues[0].text for phase in plan.phases if phase.kind is PhaseKind.REPOSITION]
    assert moves == ["Release. Walk your hands right.", "Release. Walk your hands left."]


def test_each_side_gets_a_full_hold_with_a_switch_between() -> None:
    plan = build_plan(routine(exercise(hold=60, sides="each", first_side="right", side_noun="leg")), QUICK)

    assert work(plan) == [("hold", 60, "right", ""), ("switch_side", 6, "left", ""), ("hold", 60, "left", "")]
    switch = next(phase for phase in plan.phases if phase.kind is PhaseKind.SWITCH_SIDE)
    assert switch.cues[0].text == "Release. Switch sides. Now your left leg."
    assert switch.cues[0].brief == "Release. Left leg."


def test_twice_each_side_alternates_sides_round_by_round() -> None:
    plan = build_plan(routine(exercise(hold=30, sides="each", sets=2)), QUICK)

    assert work(plan) == [
        ("hold", 30, "right", "set 1/2"),
        ("switch_side", 6, "left", "set 1/2"),
        ("hold", 30, "left", "set 1/2"),
        ("switch_side", 6, "right", "set 2/2"),
        ("hold", 30, "right", "set 2/2"),
        ("switch_side", 6, "left", "set 2/2"),
        ("hold", 30, "left", "set 2/2"),
    ]


def test_an_exercise_may_need_longer_to_switch_sides() -> None:
    plan = build_plan(routine(exercise(hold=60, sides="each", switch=20)), QUICK)

    assert [row[1] for row in work(plan) if row[0] == "switch_side"] == [20]


def test_plank_is_held_three_times_with_its_own_fifteen_second_rest() -> None:
    plan = build_plan(builtin_routine("core-strength"), QUICK)
    plank = next(i for i, e in enumerate(plan.routine.exercises) if e.id == "plank")

    assert work(plan, plank) == [
        ("hold", 60, "", "set 1/3"),
        ("rest", 15, "", "set 2/3"),
        ("hold", 60, "", "set 2/3"),
        ("rest", 15, "", "set 3/3"),
        ("hold", 60, "", "set 3/3"),
    ]
    second_hold = [p for p in plan.phases if p.exercise_index == plank and p.kind is PhaseKind.HOLD][1]
    assert second_hold.cues[0].text == "Set 2 of 3. Knees up, hips level. Hold for 60 seconds."


def test_deep_abdominal_rests_for_the_users_rest_setting_between_its_five_holds() -> None:
    plan = build_plan(builtin_routine("physio-ten"), QUICK)
    deep = next(i for i, e in enumerate(plan.routine.exercises) if e.id == "deep-abdominal")

    kinds = [(kind, seconds) for kind, seconds, _, _ in work(plan, deep)]
    assert kinds == [("hold", 10)] + [("rest", 7), ("hold", 10)] * 4


def test_breath_paced_reps_have_one_phase_per_beat_at_the_tempo() -> None:
    plan = build_plan(routine(exercise(reps={"default": 8, "min": 8, "max": 12}, beats=BEATS)), QUICK)

    phases = [p for p in plan.phases if p.kind is PhaseKind.REP]
    assert len(phases) == 16
    assert {p.seconds for p in phases[2:]} == {2}, "after the first rep, the breath sets the pace"
    assert phases[0].seconds == 3, "the first rep's beat grows so its instruction is heard whole"
    assert [p.label for p in phases[:2]] == ["breathe out — lift", "breathe in — lower"]
    assert [p.rep_index for p in phases[::2]] == list(range(8))
    said = [p.cues[0].text if p.cues else "" for p in phases[:4]]
    assert said == [
        "One. Breathe out and lift.",
        "Breathe in and lower.",
        "Two.",
        "Breathe in — lower.",
    ], "a 2 s beat has room for the count, or a short label, not both"


def test_reps_on_each_leg_finish_one_leg_before_switching() -> None:
    plan = build_plan(routine(exercise(reps=3, beats=BEATS[:1], sides="each", side_noun="leg")), QUICK)

    assert work(plan) == [
        ("rep", 3, "right", "rep 1/3"),
        ("rep", 2, "right", "rep 2/3"),
        ("rep", 2, "right", "rep 3/3"),
        ("switch_side", 6, "left", ""),
        ("rep", 3, "left", "rep 1/3"),
        ("rep", 2, "left", "rep 2/3"),
        ("rep", 2, "left", "rep 3/3"),
    ]


def test_alternating_reps_change_side_every_rep_without_a_switch_phase() -> None:
    beats = [
        {"label": "roll", "say": "Roll your knees to the {side}"},
        {"label": "back", "say": "Back to the middle"},
    ]
    plan = build_plan(routine(exercise(reps=4, beats=beats, sides="alternate")), QUICK)

    sides = [side for kind, _, side, _ in work(plan) if kind == "rep"]
    assert sides == ["right", "right", "left", "left", "right", "right", "left", "left"]
    assert all(kind == "rep" for kind, *_ in work(plan))
    assert plan.phases[2].cues[0].text == "One. Roll your knees to the right."


def test_bird_dog_holds_on_each_alternating_rep() -> None:
    plan = build_plan(builtin_routine("physio-ten"), QUICK)
    bird = next(i for i, e in enumerate(plan.routine.exercises) if e.id == "bird-dog")

    rows = work(plan, bird)
    first_beat = 5  # "One. Breathe out: right leg back, left arm forward." at a 2 s tempo
    assert rows[:6] == [
        ("rep", first_beat, "right", "rep 1/8"),
        ("hold", 10, "right", "rep 1/8"),
        ("rep", 2, "right", "rep 1/8"),
        ("rep", 2, "left", "rep 2/8"),
        ("hold", 10, "left", "rep 2/8"),
        ("rep", 2, "left", "rep 2/8"),
    ]
    assert len(rows) == 8 * 3


def test_lower_back_stretch_holds_inside_each_rep_between_out_and_in_breath() -> None:
    plan = build_plan(builtin_routine("physio-ten"), QUICK)

    rows = work(plan, 0)
    assert rows[:3] == [("rep", 4, "", "rep 1/6"), ("hold", 30, "", "rep 1/6"), ("rep", 3, "", "rep 1/6")]
    assert rows[3:6] == [("rep", 2, "", "rep 2/6"), ("hold", 30, "", "rep 2/6"), ("rep", 2, "", "rep 2/6")]
    assert [kind for kind, *_ in rows] == ["rep", "hold", "rep"] * 6
    labels = [p.label for p in plan.phases if p.exercise_index == 0 and p.kind is PhaseKind.REP][:2]
    assert labels == ["breathe out — sit back", "breathe in — come forward"]


def test_a_change_of_body_position_adds_a_transition_and_names_the_next_exercise() -> None:
    plan = build_plan(
        routine(exercise("lying", hold=30), exercise("standing", hold=30, position="standing")), QUICK
    )

    transitions = [p for p in plan.phases if p.kind is PhaseKind.TRANSITION]
    assert [t.exercise_index for t in transitions] == [0, 1]
    assert transitions[1].cues[0].text == "Release. Next: Standing. Slowly come up to standing."
    assert transitions[1].seconds == 5


def test_no_transition_when_the_body_stays_put() -> None:
    plan = build_plan(routine(exercise("one", hold=30), exercise("two", hold=30)), QUICK)

    assert [p.kind for p in plan.phases if p.exercise_index == 1] == [PhaseKind.PREPARE, PhaseKind.HOLD]


def test_cues_count_down_the_last_three_seconds_and_mark_halfway() -> None:
    plan = build_plan(routine(exercise(hold=60)), QUICK)
    hold = next(p for p in plan.phases if p.kind is PhaseKind.HOLD)

    assert [(cue.at, cue.kind) for cue in hold.cues] == [
        (0, CueKind.HOLD),
        (30, CueKind.HALFWAY),
        (57, CueKind.COUNT),
        (58, CueKind.COUNT),
        (59, CueKind.COUNT),
    ]
    assert [cue.text for cue in hold.cues[2:]] == ["Three.", "Two.", "One."]
    assert next(cue for cue in hold.cues if cue.kind is CueKind.HALFWAY).optional


def test_short_holds_get_no_countdown_and_no_halfway() -> None:
    plan = build_plan(routine(exercise(hold=5)), QUICK)
    hold = next(p for p in plan.phases if p.kind is PhaseKind.HOLD)

    assert [cue.kind for cue in hold.cues] == [CueKind.HOLD]


def test_the_session_opens_with_the_safety_line_and_closes_with_well_done() -> None:
    plan = build_plan(routine(exercise(hold=30)), QUICK)

    first, last = plan.schedule[0].cue, plan.schedule[-1].cue
    assert first.kind is CueKind.SAFETY and "sharp pain" in first.text
    assert last.kind is CueKind.FINISH and last.text.startswith("Release. Well done")


def test_every_cue_has_a_slot_up_to_the_next_and_inside_its_phase() -> None:
    plan = build_plan(builtin_routine("physio-ten"))

    for before, after in zip(plan.schedule, plan.schedule[1:], strict=False):
        assert before.offset + before.slot == pytest.approx(after.offset)
    for phase in plan.phases:
        assert all(0 <= cue.at < phase.seconds for cue in phase.cues)


@pytest.mark.parametrize(
    ("hold", "reps", "scale", "expected"),
    [
        (None, None, 1.0, (30, 8)),
        (20, 12, 1.0, (20, 12)),
        (None, None, 0.5, (15, 4)),
        (25, 9, 0.5, (13, 5)),
    ],
)
def test_user_doses_and_the_flare_up_scale(
    hold: int | None, reps: int | None, scale: float, expected: tuple[int, int]
) -> None:
    bird = exercise(
        hold={"default": 30, "min": 20, "max": 30}, reps={"default": 8, "min": 8, "max": 12}, beats=BEATS
    )
    settings = PlanSettings(
        holds={"stretch": hold} if hold else {}, reps={"stretch": reps} if reps else {}, scale=scale
    )

    plan = build_plan(routine(bird), settings)

    holds = {p.seconds for p in plan.phases if p.kind is PhaseKind.HOLD}
    rep_count = {p.rep_count for p in plan.phases if p.kind is PhaseKind.REP}
    assert (holds, rep_count) == ({expected[0]}, {expected[1]})


def test_settings_out_of_range_are_refused_with_every_problem_named() -> None:
    settings = PlanSettings(holds={"stretch": 45, "ghost": 30}, rest_seconds=1000, scale=1.5)

    with pytest.raises(PlanError) as caught:
        build_plan(routine(exercise(hold={"default": 30, "min": 20, "max": 30})), settings)

    assert sorted(caught.value.problems) == sorted(
        [
            "hold for 'stretch' is 45 s; the source allows 20–30 s",
            "hold: there is no exercise 'ghost' in 'test'",
            "rest_seconds is 1000 s; allowed 3–300 s",
            "scale is 150 % of the article's dose; allowed 50–100 % of the article's dose",
        ]
    )


def test_timing_settings_shape_the_plan() -> None:
    settings = PlanSettings(prepare_seconds=20, transition_seconds=12, rest_seconds=30, tempo_seconds=4)
    plan = build_plan(
        routine(exercise("a", hold=10, sets=2), exercise("b", position="standing", reps=2, beats=BEATS)),
        settings,
    )

    by_kind = {(p.kind, p.seconds) for p in plan.phases}
    assert {
        (PhaseKind.PREPARE, 20),
        (PhaseKind.TRANSITION, 12),
        (PhaseKind.REST, 30),
        (PhaseKind.REP, 4),
    } <= by_kind


def test_the_total_is_the_sum_of_the_phases() -> None:
    plan = build_plan(builtin_routine("physio-ten"))

    assert plan.total_seconds == sum(p.seconds for p in plan.phases)
    assert plan.starts[-1] + plan.phases[-1].seconds == plan.total_seconds


def test_a_second_round_of_positions_starts_back_in_the_first_position() -> None:
    positions = [{"label": "Middle", "say": "Hands in the middle"}, {"label": "Right", "say": "Hands right"}]
    plan = build_plan(routine(exercise(hold=20, positions=positions, sets=2)), QUICK)

    holds = [p.cues[0].text for p in plan.phases if p.kind is PhaseKind.HOLD]

    assert holds == [
        "Hands in the middle. Hold for 20 seconds.",
        "Hold for 20 seconds.",
        "Set 2 of 2. Hands in the middle. Hold for 20 seconds.",
        "Hold for 20 seconds.",
    ]


def test_the_first_rep_falls_back_to_the_count_and_the_beat_not_the_count_alone() -> None:
    plan = build_plan(routine(exercise(reps=2, beats=BEATS)), QUICK)

    first = next(p for p in plan.phases if p.kind is PhaseKind.REP).cues[0]

    assert (first.text, first.brief) == ("One. Breathe out and lift.", "One. Breathe out — lift.")
