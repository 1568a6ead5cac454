"""The routine model: what a routine file describes, after validation.

Everything here is immutable so a loaded routine can be shared by the planner, the engine and
the UI without anyone changing it under the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BodyPosition(StrEnum):
    """Where the body is; a change between exercises earns a transition phase."""

    LYING_ON_BACK = "lying_on_back"
    LYING_ON_FRONT = "lying_on_front"
    ALL_FOURS = "all_fours"
    KNEELING = "kneeling"
    STANDING = "standing"

    @property
    def label(self) -> str:
        return _POSITION_LABELS[self]

    @property
    def get_into(self) -> str:
        """An instruction to reach this position, spoken before a change of position."""
        return _POSITION_GET_INTO[self]


_POSITION_LABELS = {
    BodyPosition.LYING_ON_BACK: "Lying on your back",
    BodyPosition.LYING_ON_FRONT: "Lying on your front",
    BodyPosition.ALL_FOURS: "On all fours",
    BodyPosition.KNEELING: "Kneeling",
    BodyPosition.STANDING: "Standing",
}

_POSITION_GET_INTO = {
    BodyPosition.LYING_ON_BACK: "Lie down on your back",
    BodyPosition.LYING_ON_FRONT: "Lie down on your front",
    BodyPosition.ALL_FOURS: "Come onto your hands and knees",
    BodyPosition.KNEELING: "Come down to kneeling",
    BodyPosition.STANDING: "Slowly come up to standing",
}


class Prop(StrEnum):
    """What an exercise uses. A wall or a doorway is where it is done (see `Place`); the others
    are things to fetch before it, once a session."""

    PILLOW = "pillow"
    TOWEL = "towel"
    WALL = "wall"
    DOORWAY = "doorway"
    BOOKS = "books"

    @property
    def fetch(self) -> str:
        """The words that send someone for it; "" for a wall or a doorway, which are not carried."""
        return _PROP_FETCH.get(self, "")


_PROP_FETCH = {
    Prop.PILLOW: "fetch a small pillow",
    Prop.TOWEL: "fetch a towel",
    Prop.BOOKS: "fetch a few books",
}


class Place(StrEnum):
    """Where an exercise is done, when it is not just anywhere on the mat: moving there (or
    back from there) takes time of its own, and so does changing sides there."""

    DOORWAY = "doorway"
    WALL = "wall"

    @property
    def go_to(self) -> str:
        return _PLACE_WORDS[self][0]

    @property
    def leave(self) -> str:
        return _PLACE_WORDS[self][1]

    @property
    def other_side(self) -> str:
        """How to change sides here: at a doorway, the other leg needs the other side of the frame."""
        return _PLACE_WORDS[self][2]


_PLACE_WORDS = {
    Place.DOORWAY: (
        "get up and go to an open doorway",
        "come away from the doorway, back to your mat",
        "Sit up and move to the other side of the door frame.",
    ),
    Place.WALL: (
        "get up and go to a clear stretch of wall",
        "come away from the wall, back to your mat",
        "Sit up and turn round, so your other side is by the wall.",
    ),
}


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.LEFT if self is Side.RIGHT else Side.RIGHT


SIDE_PLACEHOLDERS = ("{side}", "{other}", "{Side}", "{Other}")
"""What text written once for both sides may hold: the side being worked and the other one,
in lower case or capitalised to start a sentence."""


def fill_sides(text: str, side: Side) -> str:
    """`text` as it reads while `side` is worked: "{side}" becomes "left", "{Other}" "Right"."""
    for placeholder, word in zip(SIDE_PLACEHOLDERS, _side_words(side), strict=True):
        text = text.replace(placeholder, word)
    return text


def _side_words(side: Side) -> tuple[str, str, str, str]:
    return side.value, side.other.value, side.value.capitalize(), side.other.value.capitalize()


class Sides(StrEnum):
    """How an exercise uses the two sides of the body.

    EACH gives every side its own full hold (or block of reps) with a switch between;
    ALTERNATE changes side on every rep, as the movement itself does.
    """

    NONE = "none"
    EACH = "each"
    ALTERNATE = "alternate"


@dataclass(frozen=True, slots=True)
class Dose:
    """A figure from an article: the default, and the bounds a user may choose within."""

    default: int
    low: int
    high: int

    @classmethod
    def fixed(cls, value: int) -> Dose:
        return cls(value, value, value)

    def contains(self, value: int) -> bool:
        return self.low <= value <= self.high

    def clamp(self, value: int) -> int:
        return max(self.low, min(self.high, value))

    def describe(self) -> str:
        if self.low == self.high:
            return str(self.default)
        return f"{self.low}–{self.high}"

    def per_side(self) -> Dose:
        """A count of alternating reps as a count for each side, the way a coach says it.

        Both sides always get the same number, so an odd total loses its last rep (a session never
        grows past the figure chosen); the lower bound rounds up where that still fits, so the
        choices offered stay within the article's range when the range allows it.
        """
        high = each_side(self.high)
        low = min(-(-self.low // 2), high)
        return Dose(max(low, min(high, each_side(self.default))), low, high)


def each_side(total: int) -> int:
    """Reps for each side when `total` reps alternate sides: equal, never more than the total."""
    return max(1, total // 2)


@dataclass(frozen=True, slots=True)
class Movement:
    """A beat of a rep, or a position within a hold: a short label for the screen, words to say."""

    label: str
    say: str


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    position: BodyPosition
    instructions: str
    how_to: str
    hold: Dose | None = None
    reps: Dose | None = None
    sets: int = 1
    rest: int | None = None
    sides: Sides = Sides.NONE
    first_side: Side = Side.RIGHT
    side_noun: str = "side"
    switch: int | None = None
    positions: tuple[Movement, ...] = ()
    beats: tuple[Movement, ...] = ()
    hold_cue: str = ""
    props: tuple[Prop, ...] = ()
    safety: tuple[str, ...] = ()
    place: Place | None = None
    warning: str = ""
    """Said once, as the person gets ready, before how to do it: the safety note that matters
    most here ("If this bothers your back, press Next to skip it.")."""

    @property
    def is_two_sided(self) -> bool:
        return self.sides is not Sides.NONE

    def side_label(self, side: Side) -> str:
        return f"{side.value.capitalize()} {self.side_noun}"

    def for_side(self, text: str, side: Side | None) -> str:
        """One of this exercise's texts as it reads on `side`.

        Text is written once for both sides, with placeholders; with no side given (getting
        ready for sides that alternate, moving into place) it reads for the side done first,
        which is the one the person is about to work. An exercise without sides has no
        placeholders: the routine file's validator sees to that.
        """
        if not self.is_two_sided:
            return text
        return fill_sides(text, side or self.first_side)

    def instructions_for(self, side: Side | None) -> str:
        """The on-screen instructions for the side being worked."""
        return self.for_side(self.instructions, side)

    def describe_dose(self) -> str:
        """The dose in the words of a coach, e.g. "hold 30 s, twice each side"."""
        parts: list[str] = []
        if self.reps is not None:
            if self.sides is Sides.ALTERNATE:
                each = self.reps.per_side()
                word = "rep" if each.high == 1 else "reps"
                parts.append(f"{each.describe()} {word} each {self.side_noun}, alternating")
            else:
                per = " each " + self.side_noun if self.sides is Sides.EACH else ""
                parts.append(f"{self.reps.describe()} reps{per}")
            if self.hold is not None:
                parts.append(f"hold {self.hold.describe()} s each")
        elif self.hold is not None:
            parts.append(f"hold {self.hold.describe()} s")
            if self.positions:
                parts.append(f"in {len(self.positions)} positions")
            if self.sides is Sides.EACH:
                parts.append(f"{_times(self.sets)} each {self.side_noun}")
        # Holds on each side already said their rounds ("twice each leg"); reps on each side have not.
        if self.sets > 1 and (self.sides is not Sides.EACH or self.reps is not None):
            rest = f", {self.rest} s rest between" if self.rest is not None else ""
            parts.append(f"{_times(self.sets)}{rest}")
        return ", ".join(parts)


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    name: str
    description: str
    source: str
    exercises: tuple[Exercise, ...]
    safety: tuple[str, ...] = ()
    opening: str = ""
    """Said at the start of a session, after the app's own safety line: the source's general
    advice for this routine, such as warming up first."""

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    @property
    def body_positions(self) -> tuple[BodyPosition, ...]:
        """The positions used, in order of first appearance."""
        return tuple(dict.fromkeys(exercise.position for exercise in self.exercises))
