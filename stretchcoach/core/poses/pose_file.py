"""Read the pose files into keyframes, or say in plain words everything wrong with them.

Like the routine files, every problem is collected with the key that holds it
(`exercises.bridge.keyframes[1].angles.pelvis`) and raised together in one PoseError, and a
keyframe is checked as it will be drawn: no joint below the floor, no limb stretched, every
pinned hand or foot able to stay where it is.

Two files make a library. `positions.toml` has the shared named poses (on the back knees bent,
all fours, half-kneel, ...) and which one stands for each body position; `exercises.toml` has
each exercise's keyframes, each starting from a named pose and changing what differs. In both,
an angle given as `thigh` sets both thighs, and `right_thigh` one of them.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from stretchcoach.core.model import BodyPosition, Side
from stretchcoach.core.poses.scene import Anchor, ExercisePoses, Keyframe, PropKind, PropSpec
from stretchcoach.core.poses.skeleton import (
    JOINTS,
    LIMB_CHAINS,
    Bone,
    Point,
    Pose,
    View,
    floor_errors,
    forward,
    limb_length_errors,
    pin_errors,
    pinned,
)
from stretchcoach.core.routine_file import FileProblems, Problem

FORMAT_VERSION = 1
MAX_KEYFRAMES = 6
RESTING = "resting"
"""The named pose for the closing words, when there is no exercise left to show."""

_POSE_KEYS = {"pose", "description", "view", "near", "root", "face", "angles", "reach", "props", "working"}
_EXERCISE_KEYS = {"side", "pins", "keyframes"}
_PROP_KEYS = {"kind", "at", "to", "offset", "to_offset", "size", "bend", "label"}
_Choice = TypeVar("_Choice", View, Side, PropKind)
_BOTH_SIDES = {bone.value.removeprefix("right_") for bone in Bone if bone.side is Side.RIGHT}


class PoseError(FileProblems):
    """Everything wrong with the pose files."""


@dataclass(frozen=True, slots=True)
class PoseLibrary:
    named: Mapping[str, Keyframe]
    positions: Mapping[BodyPosition, str]
    """The named pose that stands for each body position, for exercises that have no drawing."""
    exercises: Mapping[str, ExercisePoses]

    def for_position(self, position: BodyPosition) -> ExercisePoses:
        return _single(position.value, self.named[self.positions[position]])

    def resting(self) -> ExercisePoses:
        return _single(RESTING, self.named[RESTING])


def _single(name: str, keyframe: Keyframe) -> ExercisePoses:
    return ExercisePoses(name, Side.RIGHT, (keyframe,))


def load_library(folder: Path) -> PoseLibrary:
    documents = {}
    for name in ("positions", "exercises"):
        path = folder / f"{name}.toml"
        try:
            documents[name] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise PoseError(str(path), [Problem("", f"cannot read the pose file: {error}")]) from None
    return library_from_documents(documents["positions"], documents["exercises"], str(folder))


def library_from_documents(positions: dict[str, Any], exercises: dict[str, Any], source: str) -> PoseLibrary:
    reader = _Reader()
    named = reader.named(positions)
    body_positions = reader.body_positions(positions, named)
    drawn = reader.exercises(exercises, named)
    if reader.problems:
        raise PoseError(source, reader.problems)
    return PoseLibrary(named, body_positions, drawn)


def _type_name(value: object) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list"}.get(
        type(value), "a table"
    )


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(key, message))

    def version(self, document: dict[str, Any]) -> None:
        if document.get("format") != FORMAT_VERSION:
            self.fail("format", f"must be {FORMAT_VERSION}, the only pose format there is")

    def named(self, document: dict[str, Any]) -> dict[str, Keyframe]:
        self.version(document)
        self.known(document, "", {"format", "poses", "body_positions"})
        table = self.table(document, "poses")
        found: dict[str, Keyframe] = {}
        pending = dict(table)
        # Named poses may build on each other in any order; resolve until nothing moves.
        while pending:
            progressed = False
            for name, entry in list(pending.items()):
                path = f"poses.{name}"
                if not isinstance(entry, dict):
                    self.fail(path, f"must be a table, not {_type_name(entry)}")
                    del pending[name]
                    continue
                base = entry.get("pose")
                if base is not None and base not in found and base in pending and base != name:
                    continue
                keyframe = self.keyframe(entry, path, found)
                if keyframe is not None:
                    self.check(keyframe.pose, path, {})
                    found[name] = keyframe
                del pending[name]
                progressed = True
            if not progressed:
                self.fail("poses", f"these poses build on each other in a circle: {', '.join(pending)}")
                break
        if RESTING not in found:
            self.fail("poses", f"needs a pose called '{RESTING}' for the closing words")
        return found

    def body_positions(
        self, document: dict[str, Any], named: Mapping[str, Keyframe]
    ) -> dict[BodyPosition, str]:
        table = self.table(document, "body_positions")
        found: dict[BodyPosition, str] = {}
        for position in BodyPosition:
            name = table.get(position.value)
            where = f"body_positions.{position.value}"
            if not isinstance(name, str):
                self.fail(where, "must name the pose shown for an exercise in this position without one")
            elif name not in named:
                self.fail(where, self.unknown("pose", name, named))
            else:
                found[position] = name
        for key in table:
            if key not in {position.value for position in BodyPosition}:
                self.fail(f"body_positions.{key}", self.unknown("body position", key, list(BodyPosition)))
        return found

    def exercises(self, document: dict[str, Any], named: Mapping[str, Keyframe]) -> dict[str, ExercisePoses]:
        self.version(document)
        self.known(document, "", {"format", "exercises"})
        found: dict[str, ExercisePoses] = {}
        for exercise_id, entry in self.table(document, "exercises").items():
            path = f"exercises.{exercise_id}"
            if not isinstance(entry, dict):
                self.fail(path, f"must be a table, not {_type_name(entry)}")
                continue
            poses = self.exercise(exercise_id, entry, path, named)
            if poses is not None:
                found[exercise_id] = poses
        return found

    def exercise(
        self, exercise_id: str, entry: dict[str, Any], path: str, named: Mapping[str, Keyframe]
    ) -> ExercisePoses | None:
        self.known(entry, path, _EXERCISE_KEYS)
        side = self.choice(entry.get("side", "right"), f"{path}.side", Side)
        pins = entry.get("pins", [])
        if not isinstance(pins, list) or any(pin not in LIMB_CHAINS for pin in pins):
            self.fail(
                f"{path}.pins", f"must list wrists or ankles to hold still, from {', '.join(LIMB_CHAINS)}"
            )
            pins = []
        frames = entry.get("keyframes")
        if not isinstance(frames, list) or not 1 <= len(frames) <= MAX_KEYFRAMES:
            self.fail(f"{path}.keyframes", f"must be a list of 1 to {MAX_KEYFRAMES} keyframe tables")
            return None
        keyframes = []
        for index, frame in enumerate(frames):
            where = f"{path}.keyframes[{index}]"
            if not isinstance(frame, dict):
                self.fail(where, f"must be a table, not {_type_name(frame)}")
                continue
            keyframe = self.keyframe(frame, where, named)
            if keyframe is not None:
                keyframes.append(keyframe)
        if len(keyframes) != len(frames) or side is None:
            return None
        if pins and len({keyframe.pose.view for keyframe in keyframes}) > 1:
            self.fail(f"{path}.pins", "hold hands or feet still only between keyframes seen from one view")
            return None
        poses = ExercisePoses(exercise_id, side, tuple(keyframes), tuple(pins))
        targets = poses.pin_targets()
        for index in range(len(keyframes)):
            self.check(poses.pose(index), f"{path}.keyframes[{index}]", targets)
        return poses

    def keyframe(self, entry: dict[str, Any], path: str, named: Mapping[str, Keyframe]) -> Keyframe | None:
        self.known(entry, path, _POSE_KEYS)
        base_name = entry.get("pose")
        base: Keyframe | None = None
        if base_name is not None:
            if not isinstance(base_name, str) or base_name not in named:
                self.fail(f"{path}.pose", self.unknown("pose", str(base_name), named))
                return None
            base = named[base_name]
        description = entry.get("description", base.description if base else "")
        if not isinstance(description, str) or not description.strip():
            self.fail(f"{path}.description", "must say in words what the picture shows, for screen readers")
            description = ""
        view = self.choice(entry.get("view", base.pose.view if base else "side"), f"{path}.view", View)
        near = self.choice(entry.get("near", base.pose.near if base else "right"), f"{path}.near", Side)
        root = self.point(entry["root"], f"{path}.root") if "root" in entry else None
        if root is None and base is None:
            self.fail(f"{path}.root", "must give where the hips are, [x, y] in head heights")
        face = entry.get("face", base.pose.face if base else None)
        if face is not None and not _is_number(face):
            self.fail(f"{path}.face", f"must be an angle in degrees, not {_type_name(face)}")
            face = None
        angles = dict(base.pose.angles) if base else {}
        angles.update(self.angles(entry.get("angles", {}), f"{path}.angles"))
        props = self.props(entry, path, base)
        working = self.working(entry, path, base)
        missing = [bone.value for bone in Bone if bone not in angles]
        if missing:
            self.fail(f"{path}.angles", f"needs an angle for {', '.join(missing)}")
        if missing or view is None or near is None or (root is None and base is None) or not description:
            return None
        pose = Pose(
            view=view,
            root=root if root is not None else base.pose.root if base else (0.0, 0.0),
            angles=angles,
            face=None if face is None else float(face) % 360.0,
            near=near,
        )
        pose = self.reach(pose, entry.get("reach", {}), f"{path}.reach")
        return Keyframe(pose, description.strip(), props, working)

    def reach(self, pose: Pose, table: object, path: str) -> Pose:
        """Place wrists and ankles (on a point, or on another joint: hands on the knees) by IK.

        Feet go first, so hands can then be put on a knee or a shin where the legs now are.
        """
        if not isinstance(table, dict):
            self.fail(path, "must be a table of wrist or ankle = [x, y] or a joint's name")
            return pose
        for joint in sorted(table, key=lambda name: not name.endswith("ankle")):
            where = f"{path}.{joint}"
            if joint not in LIMB_CHAINS:
                self.fail(where, self.unknown("wrist or ankle", joint, list(LIMB_CHAINS)))
                continue
            value = table[joint]
            if isinstance(value, dict):
                anchor = self.anchor(value.get("at"), value.get("offset"), where)
            else:
                anchor = self.anchor(value, None, where)
            if anchor is None:
                continue
            target = anchor.resolve(forward(pose))
            pose = pinned(pose, {joint: target})
            for problem in pin_errors(forward(pose), {joint: target}):
                self.fail(where, problem)
        return pose

    def angles(self, table: object, path: str) -> dict[Bone, float]:
        if not isinstance(table, dict):
            self.fail(path, f"must be a table of bone = degrees, not {_type_name(table)}")
            return {}
        both: dict[Bone, float] = {}
        single: dict[Bone, float] = {}
        for key, value in table.items():
            if not _is_number(value):
                self.fail(f"{path}.{key}", f"must be an angle in degrees, not {_type_name(value)}")
                continue
            if key in _BOTH_SIDES:
                for side in Side:
                    both[Bone(f"{side.value}_{key}")] = float(value) % 360.0
            elif key in {bone.value for bone in Bone}:
                single[Bone(key)] = float(value) % 360.0
            else:
                options = [bone.value for bone in Bone] + sorted(_BOTH_SIDES)
                self.fail(f"{path}.{key}", self.unknown("bone", key, options))
        return {**both, **single}

    def props(self, entry: dict[str, Any], path: str, base: Keyframe | None) -> tuple[PropSpec, ...]:
        if "props" not in entry:
            return base.props if base else ()
        value = entry["props"]
        if not isinstance(value, list):
            self.fail(f"{path}.props", f"must be a list of prop tables, not {_type_name(value)}")
            return ()
        found = []
        for index, item in enumerate(value):
            where = f"{path}.props[{index}]"
            if not isinstance(item, dict):
                self.fail(where, 'must be a table such as { kind = "pillow", at = "head" }')
                continue
            self.known(item, where, _PROP_KEYS)
            kind = self.choice(item.get("kind"), f"{where}.kind", PropKind)
            at = self.anchor(item.get("at"), item.get("offset"), f"{where}.at")
            to = None
            if "to" in item:
                to = self.anchor(item["to"], item.get("to_offset"), f"{where}.to")
            if kind in (PropKind.TOWEL, PropKind.ARROW) and to is None:
                self.fail(f"{where}.to", f"a {kind.value} needs a `to`: where it ends")
            size = self.point(item.get("size", [0.0, 0.0]), f"{where}.size")
            bend = item.get("bend", 0.0)
            label = item.get("label", "")
            if not _is_number(bend):
                self.fail(f"{where}.bend", "must be a number")
            if not isinstance(label, str):
                self.fail(f"{where}.label", "must be text")
            if (
                kind is None
                or at is None
                or size is None
                or not _is_number(bend)
                or not isinstance(label, str)
            ):
                continue
            found.append(PropSpec(kind, at, to, size, float(bend), label))
        return tuple(found)

    def working(self, entry: dict[str, Any], path: str, base: Keyframe | None) -> frozenset[Bone]:
        if "working" not in entry:
            return base.working if base else frozenset()
        value = entry["working"]
        names = {bone.value for bone in Bone}
        if not isinstance(value, list) or any(name not in names for name in value):
            self.fail(
                f"{path}.working", f"must list the bones doing the work, from {', '.join(sorted(names))}"
            )
            return frozenset()
        return frozenset(Bone(name) for name in value)

    def anchor(self, value: object, offset: object, path: str) -> Anchor | None:
        shift = self.point(offset, f"{path}_offset") if offset is not None else (0.0, 0.0)
        if shift is None:
            return None
        if isinstance(value, str):
            if value not in JOINTS:
                self.fail(path, self.unknown("joint", value, sorted(JOINTS)))
                return None
            return Anchor(value, shift)
        point = self.point(value, path)
        return None if point is None else Anchor("", (point[0] + shift[0], point[1] + shift[1]))

    def point(self, value: object, path: str) -> Point | None:
        if isinstance(value, list) and len(value) == 2 and all(_is_number(item) for item in value):
            return float(value[0]), float(value[1])
        self.fail(path, "must be [x, y], two numbers in head heights")
        return None

    def choice(self, value: object, path: str, enum: type[_Choice]) -> _Choice | None:
        try:
            return enum(str(value))
        except ValueError:
            self.fail(path, self.unknown(enum.__name__.lower(), str(value), [item.value for item in enum]))
            return None

    def check(self, pose: Pose, path: str, targets: Mapping[str, Point]) -> None:
        body = forward(pose)
        for problem in (*floor_errors(body), *limb_length_errors(body), *pin_errors(body, targets)):
            self.fail(path, problem)

    def table(self, document: dict[str, Any], key: str) -> dict[str, Any]:
        value = document.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"must be a table, not {_type_name(value)}")
            return {}
        return value

    def known(self, table: dict[str, Any], path: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                where = f"{path}.{key}" if path else key
                self.fail(where, self.unknown("key", key, sorted(allowed)))

    @staticmethod
    def unknown(what: str, value: str, options: Mapping[str, object] | Sequence[str]) -> str:
        names = list(options)
        close = difflib.get_close_matches(value, names, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"there is no {what} '{value}'{hint}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
