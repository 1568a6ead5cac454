"""What the coach says: every line of the session is composed here, so the voice stays one voice."""

from __future__ import annotations

from collections.abc import Sequence

from stretchcoach.core.model import Exercise, Movement, Side, fill_sides

OPENING = "Move slowly and gently, and stop at once if you feel a sharp pain."
SLIGHT_STRETCH = "Go only as far as a slight, gentle stretch: it should never hurt."
"""How much a stretch should pull, in the one wording every screen uses: the articles' "slight
stretch" (and "gentle stretch"), never a "strong" one. The routine files say it word for word."""
HALFWAY = "Halfway."
HOLD = "Hold."
FINISHED = "Well done, that is the whole session complete."
COUNT_WORDS = ("Three.", "Two.", "One.")
PAUSED = "Paused."
RESUMED = "Carrying on."

PHASE_LABELS = {
    "transition": "Change position",
    "prepare": "Get ready",
    "hold": "Hold",
    "rest": "Rest",
    "switch_side": "Switch sides",
    "reposition": "Move",
    "finish": "Well done",
}

NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)


def sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def released(text: str) -> str:
    return f"Release. {text}"


def first_up(exercise: Exercise, errands: Sequence[str] = ()) -> str:
    return _lead_in("First", exercise, errands)


def next_up(exercise: Exercise, errands: Sequence[str] = ()) -> str:
    return _lead_in("Next", exercise, errands)


def lead_in_brief(which: str, exercise: Exercise, errands: Sequence[str]) -> str:
    """The name, and what to fetch or where to go: brief coaching still needs to be told that."""
    named = f"{which}: {exercise.name}."
    return f"{named} {sentence(', '.join(errands))}" if errands else named


def _lead_in(which: str, exercise: Exercise, errands: Sequence[str]) -> str:
    """ "Next: Leg stretch with a towel. Fetch a towel, then lie down on your back." """
    steps = [*errands, exercise.position.get_into]
    return f"{which}: {exercise.name}. {sentence(', then '.join(_lower_first(step) for step in steps))}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def errand_label(errand: str) -> str:
    """A short label for the ring while fetching or moving: "Fetch a towel", "Go to an open doorway"."""
    return sentence(errand.removeprefix("get up and ")).rstrip(".")


def how_to(exercise: Exercise, side: Side | None = None) -> str:
    return f"{exercise.name}. {exercise.for_side(exercise.how_to, side)}"


def seconds(value: float) -> str:
    whole = round(value)
    return "1 second" if whole == 1 else f"{whole} seconds"


def hold(value: float, lead: str = "") -> str:
    line = f"Hold for {seconds(value)}."
    return f"{lead} {line}" if lead else line


def side_first(exercise: Exercise, side: Side | None) -> str:
    return f"{exercise.side_label(side)} first." if side is not None else ""


def rest(value: float) -> str:
    return f"Rest for {seconds(value)}."


def switch(exercise: Exercise, side: Side) -> str:
    move = f" {exercise.place.other_side}" if exercise.place is not None else ""
    return f"Switch sides.{move} Now your {exercise.side_label(side).lower()}."


def reposition(position: Movement) -> str:
    return sentence(position.say)


def with_sides(text: str, side: Side | None) -> str:
    """Fill `{side}` and `{other}` in a beat's words, for the side of its rep (if it has one)."""
    return text if side is None else fill_sides(text, side)


def beat(movement: Movement, side: Side | None) -> str:
    return sentence(with_sides(movement.say, side))


def beat_label(movement: Movement, side: Side | None) -> str:
    return with_sides(movement.label, side)


def rep_count(rep_index: int) -> str:
    number = rep_index + 1
    word = NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)
    return f"{word.capitalize()}."
