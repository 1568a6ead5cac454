"""What the coach says: every line of the session is composed here, so the voice stays one voice."""

from __future__ import annotations

from stretchcoach.core.model import Exercise, Movement, Side, fill_sides

OPENING = "Move slowly and gently, and stop at once if you feel a sharp pain."
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


def first_up(exercise: Exercise) -> str:
    return f"First: {exercise.name}. {exercise.position.get_into}."


def next_up(exercise: Exercise) -> str:
    return f"Next: {exercise.name}. {exercise.position.get_into}."


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
    return f"Switch sides. Now your {exercise.side_label(side).lower()}."


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
