"""Asking for a routine or an exercise that is not there names what is, rather than failing blankly."""

from __future__ import annotations

import pytest

from stretchcoach.core.builtin import builtin_routine


def test_an_unknown_built_in_routine_lists_the_ones_there_are() -> None:
    with pytest.raises(KeyError) as caught:
        builtin_routine("yoga")

    assert caught.value.args == (
        "no built-in routine 'yoga' (there are: five-stretches, physio-ten, core-strength, quick-relief)",
    )


def test_an_unknown_exercise_is_named_in_the_error() -> None:
    with pytest.raises(KeyError) as caught:
        builtin_routine("quick-relief").exercise("headstand")

    assert caught.value.args == ("headstand",)
