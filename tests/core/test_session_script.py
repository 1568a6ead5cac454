"""The whole script of a short session, as `stretchcoach plan` prints it and the coach says it.

One routine with every pattern in it (sides each in rounds, positions, alternating reps with a
hold, changes of body position) at the default settings, so a change to any line the coach says,
to when it is said or to how the plan is printed shows up here as a plain-text difference.
"""

from __future__ import annotations

import pytest

from stretchcoach.core.plan import CueKind, Phase, PhaseKind, Plan
from stretchcoach.core.plan_format import clock_time, plan_table, plan_to_json, plural
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.planner import build_plan
from tests.core.factories import exercise, routine


def every_pattern() -> Plan:
    return build_plan(
        routine(
            exercise("knees", hold=20, sides="each", sets=2, side_noun="leg", first_side="left"),
            exercise(
                "child",
                hold=8,
                position="kneeling",
                positions=[
                    {"label": "Centre", "say": "Arms ahead"},
                    {"label": "Right", "say": "Walk your hands right"},
                ],
            ),
            exercise(
                "bird",
                position="all_fours",
                reps=2,
                hold=3,
                sides="alternate",
                beats=[
                    {"label": "lift {side} arm", "say": "Lift your {side} arm"},
                    {"label": "lower", "say": "Lower it"},
                ],
            ),
        ),
        PlanSettings(),
    )


def test_the_printed_plan_reads_as_the_session_goes() -> None:
    assert plan_table(every_pattern()) == [
        "Test routine (test): 3:52 in all, 1:42 of holds, 23 phases, at 160 wpm",
        "  start  kind         secs  exercise                       detail",
        "   0:00  transition     16  Knees                          Lying on your back",
        "         screen: Do the stretch.",
        "              0s  “Move slowly and gently, and stop at once if you feel a sharp pain.”",
        "              6s  “First: Knees. Lie down on your back.”",
        "   0:16  prepare        15  Knees                          Left leg",
        "              0s  “Knees. Do the stretch gently. Left leg first.”",
        "             12s  “Three.”",
        "             13s  “Two.”",
        "             14s  “One.”",
        "   0:31  hold           20  Knees                          Left leg, set 1/2",
        "              0s  “Hold for 20 seconds.”",
        "             10s  “Halfway.”",
        "             17s  “Three.”",
        "             18s  “Two.”",
        "             19s  “One.”",
        "   0:51  switch_side     8  Knees                          Right leg, set 1/2",
        "              0s  “Release. Switch sides. Now your right leg.”",
        "              5s  “Three.”",
        "              6s  “Two.”",
        "              7s  “One.”",
        "   0:59  hold           20  Knees                          Right leg, set 1/2",
        "              0s  “Hold for 20 seconds.”",
        "             10s  “Halfway.”",
        "             17s  “Three.”",
        "             18s  “Two.”",
        "             19s  “One.”",
        "   1:19  switch_side     8  Knees                          Left leg, set 2/2",
        "              0s  “Release. Switch sides. Now your left leg.”",
        "              5s  “Three.”",
        "              6s  “Two.”",
        "              7s  “One.”",
        "   1:27  hold           20  Knees                          Left leg, set 2/2",
        "              0s  “Hold for 20 seconds.”",
        "             10s  “Halfway.”",
        "             17s  “Three.”",
        "             18s  “Two.”",
        "             19s  “One.”",
        "   1:47  switch_side     8  Knees                          Right leg, set 2/2",
        "              0s  “Release. Switch sides. Now your right leg.”",
        "              5s  “Three.”",
        "              6s  “Two.”",
        "              7s  “One.”",
        "   1:55  hold           20  Knees                          Right leg, set 2/2",
        "              0s  “Hold for 20 seconds.”",
        "             10s  “Halfway.”",
        "             17s  “Three.”",
        "             18s  “Two.”",
        "             19s  “One.”",
        "   2:15  transition     10  Child                          Kneeling",
        "              0s  “Release. Next: Child. Come down to kneeling.”",
        "   2:25  prepare        15  Child                          Centre",
        "              0s  “Child. Do the stretch gently.”",
        "             12s  “Three.”",
        "             13s  “Two.”",
        "             14s  “One.”",
        "   2:40  hold            8  Child                          Centre",
        "              0s  “Arms ahead. Hold for 8 seconds.”",
        "              5s  “Three.”",
        "              6s  “Two.”",
        "              7s  “One.”",
        "   2:48  reposition      8  Child                          Right",
        "              0s  “Release. Walk your hands right.”",
        "              5s  “Three.”",
        "              6s  “Two.”",
        "              7s  “One.”",
        "   2:56  hold            8  Child                          Right",
        "              0s  “Hold for 8 seconds.”",
        "              5s  “Three.”",
        "              6s  “Two.”",
        "              7s  “One.”",
        "   3:04  transition     10  Bird                           On all fours",
        "              0s  “Release. Next: Bird. Come onto your hands and knees.”",
        "   3:14  prepare        15  Bird                           ",
        "              0s  “Bird. Do the stretch gently.”",
        "             12s  “Three.”",
        "             13s  “Two.”",
        "             14s  “One.”",
        "   3:29  rep             3  Bird                           Right side, rep 1/2: lift right arm",
        "              0s  “One. Lift your right arm.”",
        "   3:32  hold            3  Bird                           Right side, rep 1/2: Hold",
        "              0s  “Hold for 3 seconds.”",
        "   3:35  rep             3  Bird                           Right side, rep 1/2: lower",
        "              0s  “Lower it.”",
        "   3:38  rep             3  Bird                           Left side, rep 2/2: lift left arm",
        "              0s  “Two. Left side.”",
        "   3:41  hold            3  Bird                           Left side, rep 2/2: Hold",
        "              0s  “Hold for 3 seconds.”",
        "   3:44  rep             3  Bird                           Left side, rep 2/2: lower",
        "              0s  “Lower.”",
        "   3:47  finish          5                                 ",
        "              0s  “Well done, that is the whole session complete.”",
    ]


def test_each_line_has_a_brief_form_for_when_time_is_short() -> None:
    briefs = [(phase.kind.value, phase.cues[0].brief) for phase in every_pattern().phases]

    assert briefs == [
        ("transition", ""),
        ("prepare", "Knees. Left leg first."),
        ("hold", "Hold for 20 seconds."),
        ("switch_side", "Release. Right leg."),
        ("hold", "Hold for 20 seconds."),
        ("switch_side", "Release. Left leg."),
        ("hold", "Hold for 20 seconds."),
        ("switch_side", "Release. Right leg."),
        ("hold", "Hold for 20 seconds."),
        ("transition", "Release. Next: Child."),
        ("prepare", "Child."),
        ("hold", "Hold for 8 seconds."),
        ("reposition", "Release. Right."),
        ("hold", "Hold for 8 seconds."),
        ("transition", "Release. Next: Bird."),
        ("prepare", "Bird."),
        ("rep", "One. Right side. Lift right arm."),
        ("hold", "Hold for 3 seconds."),
        ("rep", "Lower."),
        ("rep", "Two. Left side."),
        ("hold", "Hold for 3 seconds."),
        ("rep", ""),
        ("finish", ""),
    ]
    assert every_pattern().phases[0].cues[1].brief == "First: Knees."


def test_the_json_plan_gives_every_phase_its_place_and_its_cues() -> None:
    plan = every_pattern()

    document = plan_to_json(plan)

    assert {key: value for key, value in document.items() if key != "phases"} == {
        "routine": "test",
        "name": "Test routine",
        "rate": 160,
        "total_seconds": 232.0,
        "hold_seconds": 102.0,
    }
    assert len(document["phases"]) == len(plan.phases)
    assert document["phases"][2] == {
        "kind": "hold",
        "exercise": "knees",
        "side": "left",
        "position": None,
        "label": "Hold",
        "set": 1,
        "sets": 2,
        "rep": None,
        "reps": None,
        "start": 31.0,
        "seconds": 20.0,
        "instructions": "Do the stretch.",
        "safety": [],
        "cues": [
            {
                "at": 0,
                "text": "Hold for 20 seconds.",
                "brief": "Hold for 20 seconds.",
                "kind": "hold",
                "speaks_for": 1.52,
            },
            {"at": 10.0, "text": "Halfway.", "brief": None, "kind": "halfway", "speaks_for": 0.66},
            {"at": 17, "text": "Three.", "brief": None, "kind": "count", "speaks_for": 0.53},
            {"at": 18, "text": "Two.", "brief": None, "kind": "count", "speaks_for": 0.4},
            {"at": 19, "text": "One.", "brief": None, "kind": "count", "speaks_for": 0.4},
        ],
    }
    assert document["phases"][-4] == {
        "kind": "rep",
        "exercise": "bird",
        "side": "left",
        "position": None,
        "label": "lift left arm",
        "set": 1,
        "sets": 1,
        "rep": 2,
        "reps": 2,
        "start": 218.0,
        "seconds": 3.0,
        "instructions": "Do the stretch.",
        "safety": [],
        "cues": [
            {
                "at": 0,
                "text": "Two. Left side.",
                "brief": "Two. Left side.",
                "kind": "beat",
                "speaks_for": 1.35,
            }
        ],
    }
    centre = document["phases"][11]
    assert (centre["position"], centre["exercise"], centre["side"]) == ("Centre", "child", None)
    assert document["phases"][-1]["exercise"] is None


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (59.6, "1:00"), (75, "1:15"), (3599, "59:59"), (3725, "1:02:05")]
)
def test_durations_read_as_a_clock(seconds: float, shown: str) -> None:
    assert clock_time(seconds) == shown


def test_counts_take_a_plural_only_when_there_are_several() -> None:
    assert [plural(n, "exercise") for n in (0, 1, 2)] == ["0 exercises", "1 exercise", "2 exercises"]


def counted(phase: Phase) -> list[tuple[float, str]]:
    return [(cue.at, cue.text) for cue in phase.cues if cue.kind is CueKind.COUNT]


def test_the_default_eight_second_switch_counts_down_three_two_one() -> None:
    plan = build_plan(routine(exercise(hold=30, sides="each")))
    switch = next(phase for phase in plan.phases if phase.kind is PhaseKind.SWITCH_SIDE)

    assert switch.seconds == 8
    assert counted(switch) == [(5, "Three."), (6, "Two."), (7, "One.")]


def test_a_phase_shorter_than_eight_seconds_gets_no_countdown() -> None:
    plan = build_plan(routine(exercise(hold=7, sides="each")), PlanSettings(switch_seconds=7))

    assert all(counted(phase) == [] for phase in plan.phases if phase.seconds == 7)


@pytest.mark.parametrize(("hold", "halfway"), [(19, []), (20, [10.0]), (45, [22.5])])
def test_halfway_is_said_from_a_twenty_second_hold_up(hold: int, halfway: list[float]) -> None:
    plan = build_plan(routine(exercise(hold=hold)))
    phase = next(phase for phase in plan.phases if phase.kind is PhaseKind.HOLD)

    assert [cue.at for cue in phase.cues if cue.kind is CueKind.HALFWAY] == halfway


def test_an_exercise_rest_overrides_the_users_rest_between_sets() -> None:
    plan = build_plan(routine(exercise(hold=10, sets=2, rest=25)), PlanSettings(rest_seconds=5))
    rest = next(phase for phase in plan.phases if phase.kind is PhaseKind.REST)

    assert rest.seconds == 25
    assert (rest.cues[0].text, rest.cues[0].brief) == ("Release. Rest for 25 seconds.", "Release. Rest.")
    assert (rest.set_index, rest.set_count, rest.side) == (1, 2, None)
