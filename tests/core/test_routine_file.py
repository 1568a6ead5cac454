"""Routine files: every problem of a broken file named, with its key path, in one error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcoach.core.builtin import resources_dir
from stretchcoach.core.model import Routine, Sides
from stretchcoach.core.plan import PhaseKind
from stretchcoach.core.planner import build_plan
from stretchcoach.core.routine_file import (
    MAX_FILE_BYTES,
    RoutineError,
    load_routine,
    parse_routine,
    routine_from_document,
)
from tests.core.factories import BEATS, exercise


def problems_of(document: dict[str, Any]) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        routine_from_document(document, "mine.toml")
    return caught.value.lines()


def document(*exercises: dict[str, Any]) -> dict[str, Any]:
    return {"id": "mine", "name": "Mine", "exercises": list(exercises)}


def test_every_built_in_file_loads() -> None:
    for path in sorted((resources_dir() / "routines").glob("*.toml")):
        assert isinstance(load_routine(path), Routine)


def test_all_problems_of_a_file_are_reported_together_with_their_key_paths() -> None:
    lines = problems_of(
        document(
            exercise("one", hold={"default": 0, "min": 1, "max": 30}),
            exercise("two", hold=30, sides="both"),
            exercise("three", hold="sixty"),
            exercise("one", hold=30),
        )
    )

    assert lines == [
        "mine.toml: exercises[0].hold.default: 0 is out of range: use 1 to 600 seconds",
        "mine.toml: exercises[1].sides: 'both' is not one of 'none', 'each', 'alternate'",
        "mine.toml: exercises[2].hold: must be a whole number of seconds from 1 to 600, not text",
        "mine.toml: exercises[3].id: 'one' is already the id of exercises[0]",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"hold": 30, "hodl": 5}, "exercises[0].hodl: unknown key (did you mean 'hold'?)"),
        (
            {"hold": True},
            "exercises[0].hold: must be a whole number of seconds from 1 to 600, not true/false",
        ),
        (
            {"hold": 30.5},
            "exercises[0].hold: must be a whole number of seconds from 1 to 600, not a decimal number",
        ),
        ({"hold": 601}, "exercises[0].hold: 601 is out of range: use 1 to 600 seconds"),
        ({"reps": 51, "beats": BEATS}, "exercises[0].reps: 51 is out of range: use 1 to 50 reps"),
        ({"hold": 30, "sets": 21}, "exercises[0].sets: 21 is out of range: use 1 to 20 sets"),
        (
            {"hold": {"default": 40, "min": 20, "max": 30}},
            "exercises[0].hold: needs min ≤ default ≤ max; it has min 20, default 40, max 30",
        ),
        ({"hold": {"default": 30, "min": 20}}, "exercises[0].hold.max: missing"),
        ({}, "exercises[0]: needs a hold, reps, or both"),
        ({"reps": 8}, "exercises[0].beats: missing: reps need the beats that pace them"),
        ({"hold": 30, "beats": BEATS}, "exercises[0].beats: only used with reps; add reps or remove beats"),
        (
            {"hold": 30, "sides": "alternate"},
            "exercises[0].sides: 'alternate' changes side on each rep, so it needs reps",
        ),
        (
            {"hold": 30, "first_side": "left"},
            "exercises[0].first_side: only used when sides is 'each' or 'alternate'",
        ),
        ({"hold": 30, "rest": 10}, "exercises[0].rest: only used between sets; this exercise has one set"),
        ({"hold": 30, "position": "upside_down"}, "exercises[0].position: 'upside_down' is not one of"),
        ({"hold": 30, "props": ["yoga mat"]}, "exercises[0].props[0]: 'yoga mat' is not one of"),
        ({"hold": 30, "name": "   "}, "exercises[0].name: is empty"),
        ({"hold": 30, "how_to": "x" * 2001}, "exercises[0].how_to: is 2,001 characters long; at most 2,000"),
        (
            {"hold": 30, "positions": [{"label": "Only one"}]},
            "exercises[0].positions: has 1 entries; give 2 to 6",
        ),
        (
            {"hold": 30, "sides": "each", "positions": [{"label": "a"}, {"label": "b"}]},
            "exercises[0].positions: cannot be combined with sides",
        ),
    ],
)
def test_each_kind_of_mistake_gets_a_plain_message(change: dict[str, Any], expected: str) -> None:
    lines = problems_of(document(exercise(**change)))

    assert any(line.startswith(f"mine.toml: {expected}") for line in lines), lines


def test_routine_level_problems() -> None:
    lines = problems_of({"id": "Not An Id", "format": 2, "colour": "blue", "exercises": []})

    assert lines == [
        "mine.toml: colour: unknown key",
        "mine.toml: format: this app reads format 1; the file says 2",
        "mine.toml: id: 'Not An Id' is not a valid id: use lowercase letters, digits and dashes",
        "mine.toml: name: missing",
        "mine.toml: exercises: empty: a routine needs at least one exercise",
    ]


def test_too_many_exercises_and_runaway_sessions_are_refused() -> None:
    many = [exercise(f"e{i}", hold=1) for i in range(101)]
    assert problems_of(document(*many)) == [
        "mine.toml: exercises: has 101 exercises; at most 100 are allowed"
    ]

    huge = exercise(reps=50, beats=BEATS, hold=600, sets=20, sides="each")
    assert "keep it under 4 hours" in problems_of(document(huge))[0]


def test_bad_bytes_and_bad_toml_are_explained(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="not UTF-8 text"):
        parse_routine(b"id = '\xff'", "bad.toml")
    with pytest.raises(RoutineError, match=r"bad.toml: not valid TOML: .*line 1"):
        parse_routine(b"id = = 3", "bad.toml")
    with pytest.raises(RoutineError, match="at most 262,144 bytes"):
        parse_routine(b"#" * (MAX_FILE_BYTES + 1), "big.toml")

    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RoutineError, match=r"big\.toml: the file is 262,145 bytes"):
        load_routine(big)
    with pytest.raises(RoutineError, match="no such file"):
        load_routine(tmp_path / "missing.toml")
    with pytest.raises(RoutineError, match="this is a folder"):
        load_routine(tmp_path)


def test_text_is_tidied_and_placeholders_kept_for_the_planner() -> None:
    beats = [{"label": "roll", "say": "Roll  to the\n{side}"}, {"label": "back"}]
    routine = routine_from_document(document(exercise(reps=2, beats=beats, sides="alternate")), "x")

    assert routine.exercises[0].beats[0].say == "Roll to the {side}"
    assert routine.exercises[0].beats[1].say == "back"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_routine_error_and_nothing_else(data: bytes) -> None:
    with pytest.raises(RoutineError):
        parse_routine(data, "random.toml")


toml_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["lying_on_back", "each", "alternate", "right", "pillow", "hold", "breathe out"]),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "name", "hold", "reps", "beats", "sides", "label", "default", "min", "max", "x"]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
exercise_like = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "name",
            "position",
            "instructions",
            "how_to",
            "hold",
            "reps",
            "beats",
            "sets",
            "rest",
            "sides",
            "first_side",
            "side_noun",
            "positions",
            "props",
            "safety",
            "switch",
            "hold_cue",
            "typo",
        ]
    ),
    toml_values,
    max_size=10,
)
document_like = st.fixed_dictionaries(
    {},
    optional={
        "id": toml_values,
        "name": toml_values,
        "format": toml_values,
        "exercises": st.lists(exercise_like, max_size=4) | toml_values,
        "safety": toml_values,
    },
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(document_like)
def test_random_toml_gives_a_routine_or_a_routine_error(doc: dict[str, Any]) -> None:
    data = tomli_w.dumps(doc).encode()
    try:
        parse_routine(data, "random.toml")
    except RoutineError as error:
        assert error.problems
        assert all(line.startswith("random.toml: ") for line in error.lines())


@st.composite
def valid_exercises(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Any exercise a user could write; doses are kept modest so five stay under the 4-hour limit."""
    low = draw(st.integers(1, 60))
    high = draw(st.integers(low, 90))
    hold = {"default": draw(st.integers(low, high)), "min": low, "max": high}
    sides = draw(st.sampled_from(["none", "each", "alternate"]))
    uses_reps = sides == "alternate" or draw(st.booleans())
    keys: dict[str, Any] = {
        "position": draw(st.sampled_from(["lying_on_back", "standing", "all_fours", "kneeling"]))
    }
    if uses_reps:
        keys["reps"] = draw(st.integers(1, 6))
        keys["beats"] = BEATS[: draw(st.integers(1, 2))]
        if draw(st.booleans()):
            keys["hold"] = hold
    else:
        keys["hold"] = hold
    if sides != "none":
        keys["sides"] = sides
        keys["first_side"] = draw(st.sampled_from(["left", "right"]))
    sets = draw(st.integers(1, 2))
    if sets > 1:
        keys["sets"] = sets
    return exercise(f"exercise-{index}", **keys)


@st.composite
def valid_routines(draw: st.DrawFn) -> Routine:
    count = draw(st.integers(1, 5))
    return routine_from_document(document(*(draw(valid_exercises(i)) for i in range(count))), "generated")


@settings(max_examples=150, deadline=None)
@given(valid_routines(), st.floats(0.5, 1.0))
def test_any_valid_routine_plans_with_the_invariants_held(routine: Routine, scale: float) -> None:
    from stretchcoach.core.plan_settings import PlanSettings

    plan = build_plan(routine, PlanSettings(scale=scale))

    assert plan.total_seconds == pytest.approx(sum(p.seconds for p in plan.phases))
    assert plan.phases[-1].kind is PhaseKind.FINISH
    for phase in plan.phases:
        if phase.kind is PhaseKind.HOLD and phase.exercise and phase.exercise.hold:
            assert 1 <= phase.seconds <= phase.exercise.hold.high
            if scale == 1.0:
                assert phase.exercise.hold.contains(int(phase.seconds))
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        same = before.exercise_index == after.exercise_index
        each = before.exercise is not None and before.exercise.sides is Sides.EACH
        if same and each and before.side and after.side and before.side is not after.side:
            assert after.kind is PhaseKind.SWITCH_SIDE, "an EACH exercise changes side only through a switch"
    assert [p.exercise_index for p in plan.phases] == sorted(p.exercise_index for p in plan.phases)


def test_side_placeholders_are_refused_where_nothing_fills_them_in() -> None:
    beats = [{"label": "lift", "say": "Lift your {side} leg"}]
    positions = [{"label": "Left", "say": "Hands to the {side}"}, {"label": "Right"}]

    sided_beats, sided_positions = (
        exercise("a", reps=4, beats=beats),
        exercise("b", hold=30, positions=positions),
    )

    lines = problems_of(document(sided_beats, sided_positions))

    assert lines == [
        "mine.toml: exercises[0].beats[0].say: {side} and {other} are only filled in for an "
        "exercise whose sides are 'each' or 'alternate'",
        "mine.toml: exercises[1].positions[0].say: {side} and {other} are only filled in for an "
        "exercise whose sides are 'each' or 'alternate'",
    ]
    assert routine_from_document(document(exercise("c", reps=4, beats=beats, sides="each")), "ok")
