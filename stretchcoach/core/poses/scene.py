"""What the figure shows at one instant: a worked-out body, its props, and what it means.

An exercise's drawing is its keyframes; a phase of a session picks which of them to show (the
held one, or the two a beat moves between) and `Shot.scene` blends them at a beat fraction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from stretchcoach.core.model import Side
from stretchcoach.core.poses.skeleton import Body, Bone, Point, Pose, View, forward, interpolate, pinned


class PropKind(StrEnum):
    PILLOW = "pillow"
    TOWEL = "towel"
    WALL = "wall"
    DOORWAY = "doorway"
    BOOKS = "books"
    ARROW = "arrow"
    """Not a thing on the floor: a movement a still picture cannot show, drawn in the accent colour."""


PROP_LABELS: Mapping[PropKind, str] = {
    PropKind.PILLOW: "pillow",
    PropKind.TOWEL: "towel",
    PropKind.WALL: "wall",
    PropKind.DOORWAY: "door frame",
    PropKind.BOOKS: "books",
    PropKind.ARROW: "",
}


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place in the picture: a joint of the body (moving with it) or a fixed point, plus an offset."""

    joint: str = ""
    offset: Point = (0.0, 0.0)

    def resolve(self, body: Body) -> Point:
        if not self.joint:
            return self.offset
        x, y = body.joints[self.joint]
        return x + self.offset[0], y + self.offset[1]


@dataclass(frozen=True, slots=True)
class PropSpec:
    """A prop as a pose file gives it. `size` is width and height in head heights; an arrow's
    `bend` curves it (a fraction of its length, to its left)."""

    kind: PropKind
    at: Anchor
    to: Anchor | None = None
    size: Point = (0.0, 0.0)
    bend: float = 0.0
    label: str = ""


@dataclass(frozen=True, slots=True)
class PlacedProp:
    kind: PropKind
    points: tuple[Point, ...]
    size: Point
    bend: float
    label: str

    def mirrored(self) -> PlacedProp:
        return replace(self, points=tuple((-x, y) for x, y in self.points), bend=-self.bend)


@dataclass(frozen=True, slots=True)
class Keyframe:
    """One drawn moment of an exercise, with what it shows in words for a screen reader."""

    pose: Pose
    description: str
    props: tuple[PropSpec, ...] = ()
    working: frozenset[Bone] = frozenset()


@dataclass(frozen=True, slots=True)
class ExercisePoses:
    """Every keyframe of one exercise, drawn for `side`; the other side is the mirror image.

    `pins` are wrists or ankles that stay where the first keyframe puts them while the rest of
    the body moves (the bridge's feet), held there by the two-bone IK.
    """

    exercise_id: str
    side: Side
    keyframes: tuple[Keyframe, ...]
    pins: tuple[str, ...] = ()
    _targets: Mapping[str, Point] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Worked out once: every frame of a moving figure holds its pins on these.
        first = forward(self.keyframes[0].pose)
        object.__setattr__(self, "_targets", {joint: first.joints[joint] for joint in self.pins})

    def pin_targets(self) -> Mapping[str, Point]:
        return self._targets

    def pose(self, index: int) -> Pose:
        """A keyframe's pose with its pins held."""
        return pinned(self.keyframes[index].pose, self.pin_targets())


@dataclass(frozen=True, slots=True)
class Scene:
    body: Body
    props: tuple[PlacedProp, ...]
    working: frozenset[Bone]
    description: str

    @property
    def view(self) -> View:
        return self.body.pose.view

    def mirrored(self) -> Scene:
        return Scene(
            body=forward(self.body.pose.mirrored()),
            props=tuple(prop.mirrored() for prop in self.props),
            working=frozenset(bone.mirrored for bone in self.working),
            description=self.description,
        )

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, bottom, right, top of the body and its props, for framing the picture."""
        left, bottom, right, top = self.body.bounds()
        for prop in self.props:
            width, height = prop.size
            for x, y in prop.points:
                left, right = min(left, x - width / 2), max(right, x + width / 2)
                bottom, top = min(bottom, y), max(top, y + height)
        return left, bottom, right, top


def ease(fraction: float) -> float:
    """Slow out of one keyframe and slow into the next, as a body moves (a sine ease in and out)."""
    clamped = min(1.0, max(0.0, fraction))
    return (1.0 - math.cos(math.pi * clamped)) / 2.0


@dataclass(frozen=True, slots=True)
class Shot:
    """What the figure shows for one phase: a keyframe held (`start == end`), or a beat's move.

    `mirror` is set when the phase is on the other side from the one the keyframes are drawn for.
    """

    poses: ExercisePoses
    start: int
    end: int
    mirror: bool = False

    @property
    def moving(self) -> bool:
        return self.start != self.end

    def scene(self, fraction: float = 0.0) -> Scene:
        """The picture a fraction of the way through the beat (eased); a held shot ignores it."""
        poses = self.poses
        targets = poses.pin_targets()
        first = poses.keyframes[self.start]
        t = ease(fraction) if self.moving else 0.0
        pose = first.pose
        if self.moving:
            pose = interpolate(first.pose, poses.keyframes[self.end].pose, t)
        body = forward(pinned(pose, targets))
        shown = poses.keyframes[self.end] if t >= 0.5 else first
        scene = Scene(
            body=body,
            props=tuple(_place(spec, body) for spec in shown.props),
            working=shown.working,
            description=shown.description,
        )
        return scene.mirrored() if self.mirror else scene


_ON_THE_FLOOR = (PropKind.PILLOW, PropKind.BOOKS)


def _place(spec: PropSpec, body: Body) -> PlacedProp:
    points = (spec.at.resolve(body),) if spec.to is None else (spec.at.resolve(body), spec.to.resolve(body))
    if spec.kind in _ON_THE_FLOOR and body.pose.view is View.SIDE:
        # A pillow or a stack of books lies on the floor under the joint it is placed at.
        points = ((points[0][0], 0.0),)
    return PlacedProp(spec.kind, points, spec.size, spec.bend, spec.label or PROP_LABELS[spec.kind])
