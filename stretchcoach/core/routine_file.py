"""Read a routine TOML file into the model, or say in plain words everything wrong with it.

All problems of a file are collected into one RoutineError, each with the key path that holds
it (`exercises[3].hold.default`), so a person fixing a file sees the whole list at once.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from stretchcoach.core.model import (
    SIDE_PLACEHOLDERS,
    BodyPosition,
    Dose,
    Exercise,
    Movement,
    Place,
    Prop,
    Routine,
    Side,
    Sides,
)
from stretchcoach.core.regular_file import FileTooLarge, NotARegularFile, read_regular_file

FORMAT_VERSION = 1
MAX_FILE_BYTES = 256 * 1024
MAX_EXERCISES = 100
MAX_TEXT = 2000
MAX_LIST = 20
MAX_SESSION_HOURS = 4
HOLD_SECONDS = (1, 600)
REPS = (1, 50)
SETS = (1, 20)
PAUSE_SECONDS = (1, 600)
BEATS = (1, 4)
POSITIONS = (2, 6)
SLOWEST_BEAT_SECONDS = 8
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PLACEHOLDER = re.compile(r"\{([^{}\s]{0,20})\}")
_SIDED_ONLY = "{side} and {other} are only filled in for an exercise whose sides are 'each' or 'alternate'"

_ROUTINE_KEYS = {"format", "id", "name", "description", "source", "safety", "opening", "exercises"}
_EXERCISE_KEYS = {
    "id",
    "name",
    "position",
    "instructions",
    "how_to",
    "hold",
    "hold_cue",
    "reps",
    "beats",
    "sets",
    "rest",
    "switch",
    "sides",
    "first_side",
    "side_noun",
    "positions",
    "props",
    "place",
    "safety",
    "warning",
}
_MOVEMENT_KEYS = {"label", "say"}
_DOSE_KEYS = {"default", "min", "max"}

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Problem:
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class FileProblems(Exception):
    """Everything wrong with one data file, one problem a line, each led by the file's name."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.source}: {problem}" for problem in self.problems]


class RoutineError(FileProblems):
    """Everything wrong with one routine file."""


def load_routine(path: Path) -> Routine:
    source = str(path)
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise RoutineError(source, [Problem("", "no such file")]) from None
    except FileTooLarge as error:
        raise RoutineError(source, [Problem("", _too_big(error.size))]) from None
    except NotARegularFile as error:
        problem = f"this is {error.what}, not a routine file"
        raise RoutineError(source, [Problem("", problem)]) from None
    except OSError as error:
        raise RoutineError(source, [Problem("", f"cannot read the file: {error.strerror}")]) from None
    return parse_routine(data, source)


def parse_routine(data: bytes, source: str) -> Routine:
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError(source, [Problem("", _too_big(len(data)))])
    if data.startswith(codecs.BOM_UTF8):
        problem = "the file starts with a byte order mark (BOM); save it as UTF-8 without a BOM"
        raise RoutineError(source, [Problem("", problem)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problem = f"not UTF-8 text (bad byte at position {error.start}); save the file as UTF-8"
        raise RoutineError(source, [Problem("", problem)]) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError(source, [Problem("", f"not valid TOML: {error}")]) from None
    except RecursionError:
        raise RoutineError(source, [Problem("", "not valid TOML: nested too deeply")]) from None
    return routine_from_document(document, source)


def routine_from_document(document: dict[str, Any], source: str) -> Routine:
    reader = _Reader()
    routine = reader.routine(document)
    if reader.problems or routine is None:
        raise RoutineError(source, reader.problems)
    return routine


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes; a routine file may be at most {MAX_FILE_BYTES:,} bytes"


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a decimal number", str: "text"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(key, message))

    def routine(self, document: dict[str, Any]) -> Routine | None:
        self.known_keys(document, "", _ROUTINE_KEYS)
        version = document.get("format", FORMAT_VERSION)
        if version != FORMAT_VERSION or isinstance(version, bool):
            self.fail("format", f"this app reads format {FORMAT_VERSION}; the file says {version!r}")
        routine_id = self.identifier(document, "", "id")
        name = self.text(document, "", "name", required=True)
        description = self.text(document, "", "description")
        source = self.text(document, "", "source")
        safety = self.texts(document, "", "safety")
        opening = self.sided_text(document, "", "opening", sided=False)
        exercises = self.exercises(document.get("exercises"))
        if self.problems:
            return None
        return Routine(routine_id, name, description, source, tuple(exercises), tuple(safety), opening)

    def exercises(self, value: object) -> list[Exercise]:
        if value is None:
            self.fail("exercises", "missing: a routine needs at least one [[exercises]] entry")
            return []
        if not isinstance(value, list):
            self.fail("exercises", f"must be a list of [[exercises]] tables, not {_type_name(value)}")
            return []
        if not value:
            self.fail("exercises", "empty: a routine needs at least one exercise")
            return []
        if len(value) > MAX_EXERCISES:
            self.fail("exercises", f"has {len(value)} exercises; at most {MAX_EXERCISES} are allowed")
            return []
        exercises = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            path = f"exercises[{index}]"
            if not isinstance(item, dict):
                self.fail(path, f"must be a table of the exercise's keys, not {_type_name(item)}")
                continue
            raw_id = item.get("id")
            if isinstance(raw_id, str) and raw_id in seen:
                self.fail(f"{path}.id", f"'{raw_id}' is already the id of exercises[{seen[raw_id]}]")
            elif isinstance(raw_id, str):
                seen[raw_id] = index
            exercise = self.exercise(item, path)
            if exercise is not None:
                exercises.append(exercise)
        hours = sum(_longest_work_seconds(exercise) for exercise in exercises) / 3600
        if hours > MAX_SESSION_HOURS:
            self.fail(
                "exercises",
                f"at the largest doses allowed this routine would last {hours:.1f} hours; "
                f"keep it under {MAX_SESSION_HOURS} hours",
            )
        return exercises

    def exercise(self, table: dict[str, Any], path: str) -> Exercise | None:
        before = len(self.problems)
        self.known_keys(table, path, _EXERCISE_KEYS)
        exercise_id = self.identifier(table, path, "id")
        name = self.text(table, path, "name", required=True)
        position = self.choice(table, path, "position", BodyPosition, required=True)
        # Read ahead (its own problems come in their place below): may the texts name a side?
        sided = table.get("sides") in (Sides.EACH.value, Sides.ALTERNATE.value)
        instructions = self.sided_text(table, path, "instructions", sided, required=True)
        how_to = self.sided_text(table, path, "how_to", sided, required=True)
        hold = self.dose(table, path, "hold", HOLD_SECONDS, "seconds")
        reps = self.dose(table, path, "reps", REPS, "reps")
        sets = self.integer(table, path, "sets", bounds=SETS, unit="sets", default=1)
        rest = self.integer(table, path, "rest", bounds=PAUSE_SECONDS, unit="seconds")
        switch = self.integer(table, path, "switch", bounds=PAUSE_SECONDS, unit="seconds")
        sides = self.choice(table, path, "sides", Sides) or Sides.NONE
        first_side = self.choice(table, path, "first_side", Side) or Side.RIGHT
        side_noun = self.text(table, path, "side_noun", max_length=20) or "side"
        positions = self.movements(table, path, "positions", POSITIONS, sided=False)
        beats = self.movements(table, path, "beats", BEATS, sided=sided)
        hold_cue = self.sided_text(table, path, "hold_cue", sided)
        props = self.props(table, path)
        place = self.choice(table, path, "place", Place)
        warning = self.sided_text(table, path, "warning", sided)
        safety = self.texts(table, path, "safety")
        for index, note in enumerate(safety):
            self.placeholders(note, f"{path}.safety[{index}]", sided)
        self.combination(table, path, sides)
        if len(self.problems) > before or position is None or sets is None:
            return None
        return Exercise(
            id=exercise_id,
            name=name,
            position=position,
            instructions=instructions,
            how_to=how_to,
            hold=hold,
            reps=reps,
            sets=sets,
            rest=rest,
            switch=switch,
            sides=sides,
            first_side=first_side,
            side_noun=side_noun,
            positions=tuple(positions),
            beats=tuple(beats),
            hold_cue=hold_cue,
            props=tuple(props),
            safety=tuple(safety),
            place=place,
            warning=warning,
        )

    def combination(self, table: dict[str, Any], path: str, sides: Sides) -> None:
        """Keys that only mean something together with others."""
        has = table.__contains__
        if not has("hold") and not has("reps"):
            self.fail(path, "needs a hold, reps, or both")
        if has("reps") and not has("beats"):
            self.fail(f"{path}.beats", "missing: reps need the beats that pace them")
        if has("beats") and not has("reps"):
            self.fail(f"{path}.beats", "only used with reps; add reps or remove beats")
        if has("positions"):
            if not has("hold") or has("reps"):
                self.fail(f"{path}.positions", "only used with a hold and no reps")
            if sides is not Sides.NONE:
                self.fail(f"{path}.positions", "cannot be combined with sides")
        if sides is Sides.ALTERNATE and not has("reps"):
            self.fail(f"{path}.sides", "'alternate' changes side on each rep, so it needs reps")
        if sides is Sides.NONE:
            for key in ("first_side", "side_noun", "switch"):
                if has(key):
                    self.fail(f"{path}.{key}", "only used when sides is 'each' or 'alternate'")
        elif sides is Sides.ALTERNATE and has("switch"):
            self.fail(f"{path}.switch", "only used when sides is 'each'")
        if has("rest") and table.get("sets", 1) == 1:
            self.fail(f"{path}.rest", "only used between sets; this exercise has one set")

    def known_keys(self, table: dict[str, Any], path: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.fail(_join(path, key), f"unknown key{hint}")

    def identifier(self, table: dict[str, Any], path: str, key: str) -> str:
        value = self.text(table, path, key, required=True, max_length=64)
        if value and not _ID.match(value):
            self.fail(
                _join(path, key),
                f"'{value}' is not a valid id: use lowercase letters, digits and dashes",
            )
        return value

    def text(
        self,
        table: dict[str, Any],
        path: str,
        key: str,
        *,
        required: bool = False,
        max_length: int = MAX_TEXT,
    ) -> str:
        where = _join(path, key)
        if key not in table:
            if required:
                self.fail(where, "missing")
            return ""
        return self.text_value(table[key], where, max_length)

    def text_value(self, value: object, where: str, max_length: int = MAX_TEXT) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_type_name(value)}")
            return ""
        stripped = " ".join(value.split())
        control = next(
            (char for char in value if unicodedata.category(char) == "Cc" and not char.isspace()), None
        )
        if not stripped:
            self.fail(where, "is empty")
        elif control is not None:
            self.fail(where, f"contains the control character U+{ord(control):04X}; remove it")
        elif not any(_visible(char) for char in stripped):
            self.fail(
                where, "has no visible characters (only spaces or invisible ones such as zero-width spaces)"
            )
        elif len(value) > max_length:
            self.fail(where, f"is {len(value):,} characters long; at most {max_length:,} are allowed")
        return stripped

    def sided_text(
        self, table: dict[str, Any], path: str, key: str, sided: bool, *, required: bool = False
    ) -> str:
        """Text that may be written once for both sides, with `{side}` and `{other}` in it."""
        value = self.text(table, path, key, required=required)
        self.placeholders(value, _join(path, key), sided)
        return value

    def placeholders(self, text: str, where: str, sided: bool) -> None:
        """Refuse a side placeholder that nothing would fill in, and one that is misspelt.

        Either would reach the screen or the voice as "{side}" or "{sdie}" word for word.
        """
        for match in _PLACEHOLDER.finditer(text):
            placeholder = match.group(0)
            if placeholder not in SIDE_PLACEHOLDERS:
                close = difflib.get_close_matches(placeholder, SIDE_PLACEHOLDERS, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                known = ", ".join(SIDE_PLACEHOLDERS)
                self.fail(
                    where, f"unknown placeholder '{placeholder}' ({hint}the ones filled in are {known})"
                )
            elif not sided:
                self.fail(where, _SIDED_ONLY)
                return

    def texts(self, table: dict[str, Any], path: str, key: str) -> list[str]:
        where = _join(path, key)
        value = table.get(key, [])
        if not isinstance(value, list):
            self.fail(where, f"must be a list of text, not {_type_name(value)}")
            return []
        if len(value) > MAX_LIST:
            self.fail(where, f"has {len(value)} items; at most {MAX_LIST} are allowed")
            return []
        return [self.text_value(item, f"{where}[{i}]") for i, item in enumerate(value)]

    def integer(
        self,
        table: dict[str, Any],
        path: str,
        key: str,
        *,
        bounds: tuple[int, int],
        unit: str,
        default: int | None = None,
    ) -> int | None:
        if key not in table:
            return default
        return self.integer_value(table[key], _join(path, key), bounds, unit)

    def integer_value(self, value: object, where: str, bounds: tuple[int, int], unit: str) -> int | None:
        low, high = bounds
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                where, f"must be a whole number of {unit} from {low} to {high}, not {_type_name(value)}"
            )
            return None
        if not low <= value <= high:
            self.fail(where, f"{value} is out of range: use {low} to {high} {unit}")
            return None
        return value

    def dose(
        self, table: dict[str, Any], path: str, key: str, bounds: tuple[int, int], unit: str
    ) -> Dose | None:
        if key not in table:
            return None
        where = _join(path, key)
        value = table[key]
        if not isinstance(value, dict):
            fixed = self.integer_value(value, where, bounds, unit)
            return Dose.fixed(fixed) if fixed is not None else None
        self.known_keys(value, where, _DOSE_KEYS)
        figures = {}
        for part in ("default", "min", "max"):
            if part not in value:
                self.fail(f"{where}.{part}", "missing")
                continue
            figures[part] = self.integer_value(value[part], f"{where}.{part}", bounds, unit)
        default, low, high = figures.get("default"), figures.get("min"), figures.get("max")
        if default is None or low is None or high is None:
            return None
        if not low <= default <= high:
            self.fail(where, f"needs min ≤ default ≤ max; it has min {low}, default {default}, max {high}")
            return None
        return Dose(default, low, high)

    def choice(
        self,
        table: dict[str, Any],
        path: str,
        key: str,
        enum: type[E],
        *,
        required: bool = False,
    ) -> E | None:
        where = _join(path, key)
        if key not in table:
            if required:
                self.fail(where, f"missing: one of {_options(enum)}")
            return None
        value = table[key]
        return self.choice_value(value, where, enum)

    def choice_value(self, value: object, where: str, enum: type[E]) -> E | None:
        if isinstance(value, str) and value in enum._value2member_map_:
            return enum(value)
        shown = f"'{value}'" if isinstance(value, str) else _type_name(value)
        self.fail(where, f"{shown} is not one of {_options(enum)}")
        return None

    def movements(
        self, table: dict[str, Any], path: str, key: str, bounds: tuple[int, int], *, sided: bool
    ) -> list[Movement]:
        """Beats or positions; `{side}` and `{other}` are refused where nothing would fill them in."""
        where = _join(path, key)
        value = table.get(key, [])
        low, high = bounds
        if not isinstance(value, list):
            self.fail(
                where, f"must be a list of {{ label = ..., say = ... }} tables, not {_type_name(value)}"
            )
            return []
        if key in table and not low <= len(value) <= high:
            self.fail(where, f"has {len(value)} entries; give {low} to {high}")
            return []
        found = []
        for index, item in enumerate(value):
            item_path = f"{where}[{index}]"
            if not isinstance(item, dict):
                self.fail(item_path, f"must be a table {{ label = ..., say = ... }}, not {_type_name(item)}")
                continue
            self.known_keys(item, item_path, _MOVEMENT_KEYS)
            label = self.text(item, item_path, "label", required=True, max_length=60)
            say = self.text(item, item_path, "say") or label
            self.placeholders(label, f"{item_path}.label", sided)
            if "say" in item:
                self.placeholders(say, f"{item_path}.say", sided)
            found.append(Movement(label, say))
        return found

    def props(self, table: dict[str, Any], path: str) -> list[Prop]:
        where = _join(path, "props")
        value = table.get("props", [])
        if not isinstance(value, list):
            self.fail(where, f'must be a list such as ["pillow"], not {_type_name(value)}')
            return []
        found = [self.choice_value(item, f"{where}[{i}]", Prop) for i, item in enumerate(value)]
        return list(dict.fromkeys(prop for prop in found if prop is not None))


def _visible(char: str) -> bool:
    """Whether a character shows: not a space, a format character (zero-width space, joiners,
    direction marks), a combining mark with nothing to sit on, or a control character."""
    return unicodedata.category(char)[0] not in "ZCM"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _options(enum: Iterable[StrEnum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum)


def _longest_work_seconds(exercise: Exercise) -> float:
    """An upper bound on the exercise's work at its largest dose, to refuse runaway files."""
    sides = 2 if exercise.sides is Sides.EACH else 1
    units = exercise.sets * sides * max(1, len(exercise.positions))
    hold = exercise.hold.high if exercise.hold else 0
    if exercise.reps is None:
        return units * hold
    per_rep = len(exercise.beats) * SLOWEST_BEAT_SECONDS + hold
    return units * exercise.reps.high * per_rep
