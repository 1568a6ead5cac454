"""How a dose reads in the routine list and the dose editor, and how alternating reps split.

The words are what a person checks against the article before they lie down, so each pattern
is checked as they would read it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.model import Dose, each_side
from stretchcoach.core.routine_file import routine_from_document
from tests.core.factories import BEATS, exercise


def described(**keys: Any) -> str:
    document = {"id": "mine", "name": "Mine", "exercises": [exercise(**keys)]}
    return routine_from_document(document, "x").exercises[0].describe_dose()


@pytest.mark.parametrize(
    ("routine_id", "exercise_id", "words"),
    [
        ("five-stretches", "knees-to-chest", "hold 60–180 s"),
        ("five-stretches", "childs-pose", "hold 60–180 s, in 3 positions"),
        ("five-stretches", "crossovers", "hold 60–180 s, once each leg"),
        ("physio-ten", "lower-back-stretch", "6–8 reps, hold 20–30 s each"),
        ("physio-ten", "lower-tummy", "6–8 reps each leg"),
        ("physio-ten", "deep-abdominal", "hold 5–10 s, 5 times"),
        ("physio-ten", "bird-dog", "4–6 reps each leg, alternating, hold 5–10 s each"),
        ("physio-ten", "towel-hamstring", "hold 20–30 s, twice each leg"),
        ("physio-ten", "spine-stretch", "3–4 reps each side, alternating"),
        ("core-strength", "plank", "hold 60 s, 3 times, 15 s rest between"),
    ],
)
def test_the_built_in_doses_read_as_the_articles_give_them(
    routine_id: str, exercise_id: str, words: str
) -> None:
    assert builtin_routine(routine_id).exercise(exercise_id).describe_dose() == words


def test_the_less_common_patterns_read_plainly() -> None:
    assert described(reps=2, beats=BEATS, sides="alternate") == "1 rep each side, alternating"
    assert described(reps=10, beats=BEATS, sets=2) == "10 reps, twice"
    assert described(hold=30, sets=2, rest=20) == "hold 30 s, twice, 20 s rest between"
    assert described(hold=30, sets=3, sides="each", side_noun="arm") == "hold 30 s, 3 times each arm"


def test_reps_on_each_side_in_several_rounds_say_how_many_rounds() -> None:
    assert described(reps=8, beats=BEATS, sides="each", side_noun="leg", sets=2) == "8 reps each leg, twice"


@pytest.mark.parametrize(
    ("total", "each"),
    [(Dose(8, 8, 12), Dose(4, 4, 6)), (Dose(6, 6, 8), Dose(3, 3, 4)), (Dose(7, 7, 7), Dose(3, 3, 3))],
)
def test_alternating_reps_are_counted_for_each_side(total: Dose, each: Dose) -> None:
    assert total.per_side() == each


@settings(max_examples=80)
@given(st.integers(1, 50), st.integers(1, 50), st.integers(1, 50))
def test_each_side_never_gets_more_than_the_total_allows(a: int, b: int, c: int) -> None:
    low, default, high = sorted((a, b, c))

    each = Dose(default, low, high).per_side()

    assert 1 <= each.low <= each.default <= each.high
    assert each.high == max(1, high // 2)
    assert 2 * each.high <= high or high == 1
    assert each.low == min(-(-low // 2), each.high)


@pytest.mark.parametrize(("total", "each"), [(1, 1), (2, 1), (3, 1), (8, 4), (9, 4)])
def test_an_odd_total_loses_its_last_rep_so_both_sides_match(total: int, each: int) -> None:
    assert each_side(total) == each


def test_a_dose_is_shown_as_its_range_or_its_one_figure() -> None:
    assert (Dose(30, 20, 30).describe(), Dose.fixed(60).describe()) == ("20–30", "60")
    assert (Dose(30, 20, 30).clamp(45), Dose(30, 20, 30).clamp(5), Dose(30, 20, 30).clamp(25)) == (30, 20, 25)
