"""Text written once for both sides: what the screen and the voice say on each side."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.model import SIDE_PLACEHOLDERS, Exercise, Side, Sides, fill_sides
from stretchcoach.core.plan import Phase, PhaseKind
from stretchcoach.core.planner import build_plan
from stretchcoach.core.routine_file import RoutineError, routine_from_document
from tests.core.factories import exercise

TWO_SIDED = sorted(
    {
        (routine.id, item.id): (routine, item)
        for routine in builtin_routines()
        for item in routine.exercises
        if item.is_two_sided
    }.items()
)


def _swap_sides(text: str) -> str:
    table = {"left": "right", "right": "left", "Left": "Right", "Right": "Left"}
    return re.sub(r"\b(left|right|Left|Right)\b", lambda match: table[match.group(0)], text)


def _phases_of(routine_id: str, exercise_id: str) -> list[Phase]:
    routine = next(routine for routine in builtin_routines() if routine.id == routine_id)
    return [p for p in build_plan(routine).phases if p.exercise is not None and p.exercise.id == exercise_id]


def test_every_two_sided_built_in_exercise_is_listed() -> None:
    names = {exercise_id for (_, exercise_id), _ in TWO_SIDED}

    assert {"crossovers", "doorway-hamstring", "hip-flexor", "piriformis", "towel-hamstring"} <= names
    assert {"lower-tummy", "leg-lifts", "spine-stretch", "bird-dog"} <= names


@pytest.mark.parametrize(("key", "pair"), TWO_SIDED, ids=[f"{r}/{e}" for (r, e), _ in TWO_SIDED])
def test_left_side_phases_describe_the_left_side(key: tuple[str, str], pair: tuple[Any, Exercise]) -> None:
    _, item = pair
    phases = _phases_of(*key)
    left = [phase for phase in phases if phase.side is Side.LEFT]
    right = [phase for phase in phases if phase.side is Side.RIGHT]

    assert left and right
    for phase in left:
        assert re.search(r"\bleft\b", phase.instructions, re.IGNORECASE), phase.instructions
        assert phase.instructions == _swap_sides(right[0].instructions)
        assert "{" not in phase.instructions
    assert item.instructions_for(Side.LEFT) != item.instructions_for(Side.RIGHT)


@pytest.mark.parametrize(("key", "pair"), TWO_SIDED, ids=[f"{r}/{e}" for (r, e), _ in TWO_SIDED])
def test_what_is_said_on_a_side_never_names_only_the_other(
    key: tuple[str, str], pair: tuple[Any, Exercise]
) -> None:
    """A line on the left that names a side names the left, and the same the other way round."""
    for phase in _phases_of(*key):
        if phase.side is None:
            continue
        worked, other = phase.side.value, phase.side.other.value
        for cue in phase.cues:
            words = set(re.findall(r"\b(left|right)\b", cue.text.lower()))
            assert not words or worked in words, (phase.kind, cue.text)
            assert other not in words or worked in words


def test_getting_ready_reads_for_the_first_side_and_alternating_reps_for_their_own() -> None:
    physio = next(routine for routine in builtin_routines() if routine.id == "physio-ten")
    plan = build_plan(physio)
    spine = [p for p in plan.phases if p.exercise is not None and p.exercise.id == "spine-stretch"]
    prepare = next(p for p in spine if p.kind is PhaseKind.PREPARE)
    reps = [p for p in spine if p.kind is PhaseKind.REP]

    assert "knees roll to the right" in prepare.instructions
    assert reps[0].side is Side.RIGHT and "knees roll to the right" in reps[0].instructions
    assert reps[2].side is Side.LEFT and "knees roll to the left" in reps[2].instructions
    assert reps[2].cues[0].text == "Two. Left side.", "a 3 s beat has room for the count and side only"
    assert reps[2].label == "breathe out — roll"


def test_an_exercise_on_the_left_first_gets_ready_on_the_left() -> None:
    phases = _phases_of("five-stretches", "doorway-hamstring")
    prepare = next(p for p in phases if p.kind is PhaseKind.PREPARE)

    assert prepare.side is Side.LEFT
    assert "left leg up the wall" in prepare.cues[0].text
    assert "rest your left leg straight up the wall" in prepare.instructions


def _document(**keys: Any) -> dict[str, Any]:
    return {"id": "mine", "name": "Mine", "exercises": [exercise("a", hold=30, **keys)]}


def _problems(**keys: Any) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        routine_from_document(_document(**keys), "mine.toml")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("key", ["instructions", "how_to", "hold_cue"])
def test_side_placeholders_need_sides(key: str) -> None:
    assert _problems(**{key: "Lift your {side} leg."}) == [
        f"exercises[0].{key}: {{side}} and {{other}} are only filled in for an exercise whose sides "
        "are 'each' or 'alternate'"
    ]
    routine = routine_from_document(_document(sides="each", **{key: "Lift your {side} leg."}), "ok")

    assert routine.exercises[0].sides is Sides.EACH


def test_a_safety_note_cannot_name_a_side_of_an_exercise_without_sides() -> None:
    assert _problems(safety=["Go easy on your {other} knee."]) == [
        "exercises[0].safety[0]: {side} and {other} are only filled in for an exercise whose sides "
        "are 'each' or 'alternate'"
    ]


def test_a_misspelt_placeholder_is_refused_with_a_suggestion() -> None:
    assert _problems(sides="each", instructions="Lift your {sdie} leg.") == [
        "exercises[0].instructions: unknown placeholder '{sdie}' (did you mean '{side}'? the ones "
        "filled in are {side}, {other}, {Side}, {Other})"
    ]


def test_capitalised_placeholders_start_a_sentence() -> None:
    text = "{Side} knee down. Keep the {other} foot flat. {Other} hand on your hip."

    assert fill_sides(text, Side.LEFT) == "Left knee down. Keep the right foot flat. Right hand on your hip."


_words = st.text(alphabet=st.sampled_from("abcdefghij ,."), max_size=20)
_pieces = st.lists(st.one_of(_words, st.sampled_from(SIDE_PLACEHOLDERS)), max_size=6)


@given(_pieces, st.sampled_from(["none", "each", "alternate"]), st.sampled_from(["left", "right"]))
def test_any_text_with_placeholders_is_filled_in_on_every_phase_or_refused(
    pieces: list[str], sides: str, first: str
) -> None:
    text = ("Lie down " + "".join(pieces)).strip()
    uses = any(piece in SIDE_PLACEHOLDERS for piece in pieces)
    keys: dict[str, Any] = {"instructions": text, "how_to": text}
    if sides == "alternate":
        keys |= {"reps": 2, "beats": [{"label": "roll", "say": text}]}
    else:
        keys["hold"] = 20
    if sides != "none":
        keys |= {"sides": sides, "first_side": first}
    document = {"id": "mine", "name": "Mine", "exercises": [exercise("a", **keys)]}

    if uses and sides == "none":
        with pytest.raises(RoutineError, match="only filled in for an exercise whose sides"):
            routine_from_document(document, "mine.toml")
        return
    plan = build_plan(routine_from_document(document, "mine.toml"))
    for phase in plan.phases:
        assert not any(placeholder in phase.instructions for placeholder in SIDE_PLACEHOLDERS)
        for cue in phase.cues:
            assert not any(placeholder in cue.text for placeholder in SIDE_PLACEHOLDERS)
        if phase.side is not None and uses:
            assert phase.instructions == fill_sides(" ".join(text.split()), phase.side)


@given(st.text(alphabet=st.sampled_from("abcdeijklmnopqrstuvwxyzSO"), min_size=1, max_size=8))
def test_any_other_word_in_braces_is_refused(word: str) -> None:
    placeholder = "{" + word + "}"
    document = _document(sides="each", instructions=f"Lift your {placeholder} leg.")
    if placeholder in SIDE_PLACEHOLDERS:
        assert routine_from_document(document, "ok")
    else:
        with pytest.raises(RoutineError, match="unknown placeholder"):
            routine_from_document(document, "mine.toml")
