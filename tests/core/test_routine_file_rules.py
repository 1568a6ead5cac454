"""Routine files written by hand: what is read from each key, every limit, and the exact wording.

Someone writing their own routine sees these messages and nothing else, so each is checked in
full; the limits are checked on both sides, since a limit that moves by one lets a runaway file
through or refuses a sensible one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcoach.core.model import BodyPosition, Dose, Exercise, Movement, Prop, Routine, Side, Sides
from stretchcoach.core.routine_file import (
    MAX_FILE_BYTES,
    RoutineError,
    load_routine,
    parse_routine,
    routine_from_document,
)
from tests.core.factories import BEATS, exercise

FOUR_BEATS = [{"label": f"beat {n}"} for n in range(4)]


def document(*exercises: dict[str, Any], **keys: Any) -> dict[str, Any]:
    return {"id": "mine", "name": "Mine", "exercises": list(exercises), **keys}


def problems_of(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        routine_from_document(doc, "mine.toml")
    assert str(caught.value) == "\n".join(caught.value.lines())
    return caught.value.lines()


def test_every_key_of_a_full_exercise_is_read_into_the_routine() -> None:
    full = exercise(
        "towel",
        name="Towel hamstring stretch",
        position="lying_on_back",
        instructions="Loop a towel round your foot.",
        how_to="Lift the leg   with the towel.",
        hold={"default": 30, "min": 20, "max": 30},
        sets=2,
        rest=12,
        sides="each",
        first_side="left",
        side_noun="leg",
        switch=9,
        hold_cue="Keep the knee soft.",
        props=["towel", "towel", "pillow"],
        safety=["Never bounce."],
    )

    loaded = routine_from_document(
        document(full, description="For a tight back.", source="seed article 004", safety=["Stop if sharp."]),
        "mine.toml",
    )

    assert loaded == Routine(
        id="mine",
        name="Mine",
        description="For a tight back.",
        source="seed article 004",
        safety=("Stop if sharp.",),
        exercises=(
            Exercise(
                id="towel",
                name="Towel hamstring stretch",
                position=BodyPosition.LYING_ON_BACK,
                instructions="Loop a towel round your foot.",
                how_to="Lift the leg with the towel.",
                hold=Dose(30, 20, 30),
                sets=2,
                rest=12,
                sides=Sides.EACH,
                first_side=Side.LEFT,
                side_noun="leg",
                switch=9,
                hold_cue="Keep the knee soft.",
                props=(Prop.TOWEL, Prop.PILLOW),
                safety=("Never bounce.",),
            ),
        ),
    )


def test_what_an_exercise_leaves_out_gets_its_plain_default() -> None:
    loaded = routine_from_document(document(exercise(hold=30)), "x")

    only = loaded.exercises[0]
    assert (only.sides, only.first_side, only.side_noun, only.sets) == (Sides.NONE, Side.RIGHT, "side", 1)
    assert (only.rest, only.switch, only.hold_cue, only.props, only.safety) == (None, None, "", (), ())
    assert (loaded.description, loaded.source, loaded.safety) == ("", "", ())


def test_a_move_without_its_own_words_is_said_as_labelled() -> None:
    positions = [{"label": "Centre"}, {"label": "Right", "say": "Walk your hands right"}]

    loaded = routine_from_document(document(exercise(hold=30, positions=positions)), "x")

    assert loaded.exercises[0].positions == (
        Movement("Centre", "Centre"),
        Movement("Right", "Walk your hands right"),
    )


ONE = [exercise(hold=30)]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            {"id": "mine", "name": "Mine"},
            ["exercises: missing: a routine needs at least one [[exercises]] entry"],
        ),
        (document(exercises=7), ["exercises: must be a list of [[exercises]] tables, not a number"]),
        (document(exercises=[["a"]]), ["exercises[0]: must be a table of the exercise's keys, not a list"]),
        (
            {"id": "mine", "exercises": []},
            ["name: missing", "exercises: empty: a routine needs at least one exercise"],
        ),
        (document(exercises=ONE, format=True), ["format: this app reads format 1; the file says True"]),
        (document(exercises=ONE, safety="Be careful"), ["safety: must be a list of text, not text"]),
        (document(exercises=ONE, safety=[3]), ["safety[0]: must be text, not a number"]),
        (document(exercises=ONE, safety=["x"] * 21), ["safety: has 21 items; at most 20 are allowed"]),
        (document(exercises=ONE, description={"a": 1}), ["description: must be text, not a table"]),
        (
            document(exercises=ONE, id="x" * 65),
            [
                "id: is 65 characters long; at most 64 are allowed",
                f"id: '{'x' * 65}' is not a valid id: use lowercase letters, digits and dashes",
            ],
        ),
    ],
)
def test_routine_level_messages_in_full(doc: dict[str, Any], expected: list[str]) -> None:
    assert problems_of(doc) == [f"mine.toml: {line}" for line in expected]


def test_format_one_may_be_written_as_a_decimal_but_not_as_true() -> None:
    assert routine_from_document(document(*ONE, format=1.0), "x").id == "mine"
    assert routine_from_document(document(*ONE, format=1), "x").id == "mine"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"hold": 30, "name": None}, ["name: missing"]),
        (
            {"hold": 30, "position": None},
            ["position: missing: one of " + ", ".join(f"'{p.value}'" for p in BodyPosition)],
        ),
        ({"hold": 30, "instructions": None}, ["instructions: missing"]),
        ({"hold": 30, "how_to": None}, ["how_to: missing"]),
        ({"hold": 30, "id": None}, ["id: missing"]),
        ({"hold": 30, "sets": 2, "rest": 0}, ["rest: 0 is out of range: use 1 to 600 seconds"]),
        (
            {"hold": 30, "sets": 2, "rest": "long"},
            ["rest: must be a whole number of seconds from 1 to 600, not text"],
        ),
        ({"hold": 30, "sides": "each", "switch": 601}, ["switch: 601 is out of range: use 1 to 600 seconds"]),
        (
            {"hold": 30, "sides": "each", "first_side": "up"},
            ["first_side: 'up' is not one of 'left', 'right'"],
        ),
        (
            {"hold": 30, "sides": "each", "side_noun": "x" * 21},
            ["side_noun: is 21 characters long; at most 20 are allowed"],
        ),
        ({"hold": 30, "hold_cue": 5}, ["hold_cue: must be text, not a number"]),
        ({"hold": 30, "safety": [True]}, ["safety[0]: must be text, not true/false"]),
        ({"hold": 30, "props": "towel"}, ['props: must be a list such as ["pillow"], not text']),
        (
            {"hold": 30, "props": [3]},
            ["props[0]: a number is not one of " + ", ".join(f"'{p.value}'" for p in Prop)],
        ),
        (
            {"hold": {"default": 30, "min": 20, "max": 30, "mx": 3}},
            ["hold.mx: unknown key (did you mean 'max'?)"],
        ),
        ({"hold": 30, "switch": 10}, ["switch: only used when sides is 'each' or 'alternate'"]),
        ({"hold": 30, "side_noun": "leg"}, ["side_noun: only used when sides is 'each' or 'alternate'"]),
        (
            {"reps": 2, "beats": BEATS, "sides": "alternate", "switch": 10},
            ["switch: only used when sides is 'each'"],
        ),
        (
            {"reps": 2, "beats": BEATS, "positions": [{"label": "a"}, {"label": "b"}]},
            ["positions: only used with a hold and no reps"],
        ),
        (
            {"reps": 2, "beats": BEATS, "hold": 5, "positions": [{"label": "a"}, {"label": "b"}]},
            ["positions: only used with a hold and no reps"],
        ),
        (
            {"hold": 30, "positions": "two"},
            ["positions: must be a list of { label = ..., say = ... } tables, not text"],
        ),
        (
            {"hold": 30, "positions": ["a", "b"]},
            [
                "positions[0]: must be a table { label = ..., say = ... }, not text",
                "positions[1]: must be a table { label = ..., say = ... }, not text",
            ],
        ),
        ({"hold": 30, "positions": [{"label": "a"}] * 7}, ["positions: has 7 entries; give 2 to 6"]),
        (
            {"hold": 30, "positions": [{"label": "a", "sai": "x"}, {"label": "b"}]},
            ["positions[0].sai: unknown key (did you mean 'say'?)"],
        ),
        ({"hold": 30, "positions": [{"say": "a"}, {"label": "b"}]}, ["positions[0].label: missing"]),
        (
            {"hold": 30, "positions": [{"label": "x" * 61}, {"label": "b"}]},
            ["positions[0].label: is 61 characters long; at most 60 are allowed"],
        ),
    ],
)
def test_exercise_messages_in_full(change: dict[str, Any], expected: list[str]) -> None:
    table = exercise(**{key: value for key, value in change.items() if value is not None})
    for key in [key for key, value in change.items() if value is None]:
        del table[key]

    assert problems_of(document(table)) == [f"mine.toml: exercises[0].{line}" for line in expected]


def test_the_longest_texts_and_lists_allowed_are_accepted() -> None:
    table = exercise(
        "x" * 64,
        hold=30,
        how_to="y" * 2000,
        safety=["z"] * 20,
        sides="each",
        side_noun="n" * 20,
        beats=None,
    )
    del table["beats"]
    six = [{"label": "p" * 60}] + [{"label": f"p{n}"} for n in range(5)]

    loaded = routine_from_document(document(table, exercise("b", hold=30, positions=six)), "x")

    assert len(loaded.exercises[0].how_to) == 2000
    assert len(loaded.exercises[1].positions) == 6


def test_a_hundred_exercises_are_allowed() -> None:
    loaded = routine_from_document(document(*(exercise(f"e{i}", hold=1) for i in range(100))), "x")

    assert len(loaded.exercises) == 100


@pytest.mark.parametrize(
    ("keys", "allowed"),
    [
        ({"hold": 600, "sets": 12, "sides": "each"}, True),
        ({"hold": 600, "sets": 13, "sides": "each"}, False),
        ({"hold": 600, "sets": 4, "positions": [{"label": f"p{n}"} for n in range(6)]}, True),
        ({"hold": 600, "sets": 5, "positions": [{"label": f"p{n}"} for n in range(6)]}, False),
        ({"reps": 50, "beats": FOUR_BEATS, "hold": 256}, True),
        ({"reps": 50, "beats": FOUR_BEATS, "hold": 257}, False),
        ({"reps": 50, "beats": FOUR_BEATS, "sets": 9}, True),
        ({"reps": 50, "beats": FOUR_BEATS, "sets": 10}, False),
        ({"reps": 45, "beats": FOUR_BEATS, "sets": 10}, True),
        ({"reps": 50, "beats": FOUR_BEATS, "hold": 112, "sides": "each"}, True),
        ({"reps": 50, "beats": FOUR_BEATS, "hold": 113, "sides": "each"}, False),
        ({"reps": 50, "beats": FOUR_BEATS, "hold": 256, "sides": "alternate"}, True),
    ],
)
def test_a_routine_may_last_up_to_four_hours_at_its_largest_doses(
    keys: dict[str, Any], allowed: bool
) -> None:
    doc = document(exercise(**keys))

    if allowed:
        assert routine_from_document(doc, "x").exercises
    else:
        (line,) = problems_of(doc)
        assert line.startswith("mine.toml: exercises: at the largest doses allowed this routine would last ")
        assert line.endswith(" hours; keep it under 4 hours")


def test_the_four_hours_are_counted_over_the_whole_routine() -> None:
    half = {"hold": 600, "sets": 6, "sides": "each"}

    assert routine_from_document(document(exercise("a", **half), exercise("b", **half)), "x")
    lines = problems_of(document(exercise("a", **half), exercise("b", **half), exercise("c", hold=1)))
    assert lines == [
        "mine.toml: exercises: at the largest doses allowed this routine would last 4.0 hours; "
        "keep it under 4 hours"
    ]


def test_a_file_of_exactly_the_largest_size_loads(tmp_path: Path) -> None:
    body = tomli_w.dumps(document(exercise(hold=30))).encode()
    padding = b"#" * (MAX_FILE_BYTES - len(body) - 1) + b"\n"
    path = tmp_path / "big.toml"
    path.write_bytes(padding + body)
    assert path.stat().st_size == MAX_FILE_BYTES

    assert load_routine(path).id == "mine"
    assert parse_routine(padding + body, "big.toml").id == "mine"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        ("missing", "no such file"),
        ("folder", "this is a folder, not a routine file"),
        ("loop", "cannot read the file: Too many levels of symbolic links"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_with_the_reason(
    tmp_path: Path, make: str, expected: str
) -> None:
    path = tmp_path / "mine.toml"
    if make == "folder":
        path.mkdir()
    elif make == "loop":
        path.symlink_to(path)

    with pytest.raises(RoutineError) as caught:
        load_routine(path)

    assert caught.value.lines() == [f"{path}: {expected}"]


def test_toml_nested_beyond_reason_is_refused_in_words() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(b"x = " + b"[" * 100_000 + b"]" * 100_000, "deep.toml")

    assert caught.value.lines() == ["deep.toml: not valid TOML: nested too deeply"]


def test_text_that_is_not_utf8_says_where() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(b"id = 'ab\xff'", "latin.toml")

    assert caught.value.lines() == [
        "latin.toml: not UTF-8 text (bad byte at position 8); save the file as UTF-8"
    ]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 600), st.integers(0, 600), st.integers(0, 600))
def test_a_dose_range_loads_exactly_when_min_default_max_are_in_order(
    low: int, default: int, high: int
) -> None:
    doc = document(exercise(hold={"default": default, "min": low, "max": high}))

    if default >= 1 and low <= default <= high:
        assert routine_from_document(doc, "x").exercises[0].hold == Dose(default, low, high)
    else:
        assert problems_of(doc)
