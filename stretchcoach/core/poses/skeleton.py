"""A 2-D skeleton posed by the direction of each bone, and what can be worked out from it.

Lengths are in head heights (the figure is 7.5 heads tall standing) and fixed per bone, and a
pose gives only directions, so no pose and no blend of poses can stretch a limb: lengths are
constant by construction. Directions are absolute (degrees anticlockwise from +x, y up) rather
than relative to the parent bone: a pose then reads from its data ("shin 270: hanging straight
down"), and a foot or hand keeps its angle when the leg or arm above it is moved by the IK.

The floor is y = 0 in a side view; in a view from above the whole plane is the floor.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from stretchcoach.core.model import Side

Point = tuple[float, float]


class View(StrEnum):
    """Where the figure is seen from: the side, or from above for what a side view hides."""

    SIDE = "side"
    ABOVE = "above"


class Bone(StrEnum):
    PELVIS = "pelvis"
    CHEST = "chest"
    NECK = "neck"
    HEAD = "head"
    RIGHT_UPPER_ARM = "right_upper_arm"
    RIGHT_FOREARM = "right_forearm"
    RIGHT_HAND = "right_hand"
    LEFT_UPPER_ARM = "left_upper_arm"
    LEFT_FOREARM = "left_forearm"
    LEFT_HAND = "left_hand"
    RIGHT_THIGH = "right_thigh"
    RIGHT_SHIN = "right_shin"
    RIGHT_FOOT = "right_foot"
    LEFT_THIGH = "left_thigh"
    LEFT_SHIN = "left_shin"
    LEFT_FOOT = "left_foot"

    @property
    def side(self) -> Side | None:
        return _SIDE_OF[self]

    @property
    def mirrored(self) -> Bone:
        """The same bone on the other side of the body (the trunk and head are their own mirror)."""
        return _MIRROR_OF[self]


def _side_of(bone: Bone) -> Side | None:
    for side in Side:
        if bone.value.startswith(side.value + "_"):
            return side
    return None


# Worked out once: forward kinematics asks for them on every bone of every frame.
_SIDE_OF: Mapping[Bone, Side | None] = {bone: _side_of(bone) for bone in Bone}
_MIRROR_OF: Mapping[Bone, Bone] = {
    bone: bone if side is None else Bone(side.other.value + bone.value.removeprefix(side.value))
    for bone, side in _SIDE_OF.items()
}


LENGTHS: Mapping[Bone, float] = {
    Bone.PELVIS: 0.8,
    Bone.CHEST: 1.55,
    Bone.NECK: 0.35,
    Bone.HEAD: 1.0,
    Bone.RIGHT_UPPER_ARM: 1.45,
    Bone.RIGHT_FOREARM: 1.25,
    Bone.RIGHT_HAND: 0.7,
    Bone.RIGHT_THIGH: 1.8,
    Bone.RIGHT_SHIN: 1.75,
    Bone.RIGHT_FOOT: 0.95,
    **{
        Bone("left_" + name): length
        for name, length in (
            ("upper_arm", 1.45),
            ("forearm", 1.25),
            ("hand", 0.7),
            ("thigh", 1.8),
            ("shin", 1.75),
            ("foot", 0.95),
        )
    },
}
"""Standing: head 1 + neck 0.35 + chest 1.55 + pelvis 0.8 + thigh 1.8 + shin 1.75 + ankle 0.25 = 7.5."""

SHOULDER_HALF_WIDTH = 0.95
"""From above, each shoulder joint sits this far from the spine; in a side view both are on it."""
HIP_HALF_WIDTH = 0.55

_PARENT_JOINT: Mapping[Bone, str] = {
    Bone.PELVIS: "hip",
    Bone.CHEST: "waist",
    Bone.NECK: "shoulder",
    Bone.HEAD: "head_base",
}
_END_JOINT: Mapping[Bone, str] = {
    Bone.PELVIS: "waist",
    Bone.CHEST: "shoulder",
    Bone.NECK: "head_base",
    Bone.HEAD: "crown",
}
_LIMB_JOINTS = {
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hand": ("wrist", "fingers"),
    "thigh": ("hip", "knee"),
    "shin": ("knee", "ankle"),
    "foot": ("ankle", "toes"),
}
LIMB_CHAINS: Mapping[str, tuple[Bone, Bone]] = {
    f"{side}_{end}": (Bone(f"{side}_{upper}"), Bone(f"{side}_{lower}"))
    for side in ("right", "left")
    for end, upper, lower in (("wrist", "upper_arm", "forearm"), ("ankle", "thigh", "shin"))
}
"""The joints a two-bone IK can pin, and the two bones it moves to keep each one in place."""


def _joints_of(bone: Bone) -> tuple[str, str]:
    side = bone.side
    if side is None:
        return _PARENT_JOINT[bone], _END_JOINT[bone]
    start, end = _LIMB_JOINTS[bone.value.removeprefix(side.value + "_")]
    return f"{side.value}_{start}", f"{side.value}_{end}"


_JOINTS_OF: Mapping[Bone, tuple[str, str]] = {bone: _joints_of(bone) for bone in Bone}


def joints_of(bone: Bone) -> tuple[str, str]:
    """The names of the joints a bone runs between ("right_knee", "right_ankle")."""
    return _JOINTS_OF[bone]


JOINTS: frozenset[str] = frozenset(name for bone in Bone for name in joints_of(bone)) | {"head"}
"""Every joint a prop or a pin may name; "head" is the middle of the head."""


@dataclass(frozen=True, slots=True)
class Pose:
    """One posture: where the hips are, which way every bone points, and which way the face looks.

    `near` is the side of the body toward the viewer in a side view, drawn in front; from above
    it is the side left of the spine as the picture shows it (the right side of someone lying on
    their back, head up the picture).
    """

    view: View
    root: Point
    angles: Mapping[Bone, float]
    face: float | None = None
    near: Side = Side.RIGHT

    def __post_init__(self) -> None:
        missing = [bone.value for bone in Bone if bone not in self.angles]
        if missing:
            raise ValueError(f"a pose needs every bone's angle; missing {', '.join(missing)}")

    def with_angles(self, angles: Mapping[Bone, float]) -> Pose:
        return replace(self, angles={**self.angles, **angles})

    def mirrored(self) -> Pose:
        """The other side's pose: reflected left to right, each limb becoming its twin.

        Reflecting a right-leg stretch gives the picture of the same stretch on the left leg, so
        the limbs swap names. In a side view it is seen from the person's other side, so the other
        side comes near; from above, the side left of the spine is still the same side of the body.
        """
        return Pose(
            view=self.view,
            root=(-self.root[0], self.root[1]),
            angles={bone.mirrored: _reflect(angle) for bone, angle in self.angles.items()},
            face=None if self.face is None else _reflect(self.face),
            near=self.near.other if self.view is View.SIDE else self.near,
        )


def _reflect(angle: float) -> float:
    return (180.0 - angle) % 360.0


@dataclass(frozen=True, slots=True)
class Body:
    """A pose worked out into points: every joint, and each bone's two ends."""

    pose: Pose
    joints: Mapping[str, Point]
    segments: Mapping[Bone, tuple[Point, Point]] = field(repr=False)

    def length(self, bone: Bone) -> float:
        (x1, y1), (x2, y2) = self.segments[bone]
        return math.hypot(x2 - x1, y2 - y1)

    def lowest(self) -> tuple[str, float]:
        """The joint nearest the floor, and its height (the head's bottom counts as a joint)."""
        heights = {name: y for name, (_, y) in self.joints.items()}
        heights["head_bottom"] = self.joints["head"][1] - HEAD_RADIUS
        name = min(heights, key=heights.__getitem__)
        return name, heights[name]

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, bottom, right, top of every joint, the head's full size included."""
        xs = [x for x, _ in self.joints.values()]
        ys = [y for _, y in self.joints.values()]
        hx, hy = self.joints["head"]
        xs += [hx - HEAD_RADIUS, hx + HEAD_RADIUS]
        ys += [hy - HEAD_RADIUS, hy + HEAD_RADIUS]
        return min(xs), min(ys), max(xs), max(ys)


HEAD_RADIUS = 0.5


def _step(point: Point, angle: float, length: float) -> Point:
    radians = math.radians(angle)
    return point[0] + length * math.cos(radians), point[1] + length * math.sin(radians)


def forward(pose: Pose) -> Body:
    """Forward kinematics: from the hips out along each bone to every joint."""
    angles = pose.angles
    joints: dict[str, Point] = {"hip": pose.root}
    for bone in (Bone.PELVIS, Bone.CHEST, Bone.NECK, Bone.HEAD):
        start, end = joints_of(bone)
        joints[end] = _step(joints[start], angles[bone], LENGTHS[bone])
    joints["head"] = _step(joints["head_base"], angles[Bone.HEAD], LENGTHS[Bone.HEAD] / 2)
    for side in Side:
        sign = 1.0 if side is pose.near else -1.0
        shoulder_offset = hip_offset = 0.0
        if pose.view is View.ABOVE:
            shoulder_offset, hip_offset = SHOULDER_HALF_WIDTH * sign, HIP_HALF_WIDTH * sign
        joints[f"{side.value}_shoulder"] = _step(joints["shoulder"], angles[Bone.CHEST] + 90, shoulder_offset)
        joints[f"{side.value}_hip"] = _step(joints["hip"], angles[Bone.PELVIS] + 90, hip_offset)
    segments: dict[Bone, tuple[Point, Point]] = {}
    for bone in Bone:
        start, end = joints_of(bone)
        if bone.side is not None:
            joints[end] = _step(joints[start], angles[bone], LENGTHS[bone])
        segments[bone] = (joints[start], joints[end])
    return Body(pose, joints, segments)


def _angle_between(a: float, b: float, t: float) -> float:
    """From a toward b the short way round, so an arm swinging past 0° never whirls about."""
    delta = (b - a + 180.0) % 360.0 - 180.0
    return (a + delta * t) % 360.0


def interpolate(first: Pose, second: Pose, t: float) -> Pose:
    """The pose a fraction `t` of the way from one pose to the next, every bone the short way."""
    if first.view is not second.view:
        raise ValueError("cannot blend a side view into a view from above")
    face: float | None = first.face
    if first.face is not None and second.face is not None:
        face = _angle_between(first.face, second.face, t)
    return Pose(
        view=first.view,
        root=(
            first.root[0] + (second.root[0] - first.root[0]) * t,
            first.root[1] + (second.root[1] - first.root[1]) * t,
        ),
        angles={bone: _angle_between(first.angles[bone], second.angles[bone], t) for bone in Bone},
        face=face,
        near=first.near if t < 0.5 else second.near,
    )


def two_bone(
    start: Point, target: Point, upper: float, lower: float, bend_hint: Point
) -> tuple[float, float]:
    """Directions of two bones from `start` that put their far end on `target`.

    Of the two ways the middle joint can bend, the one on the side of `bend_hint` is taken, so a
    knee stays a knee. A target out of reach gives the straight limb pointing at it.
    """
    dx, dy = target[0] - start[0], target[1] - start[1]
    distance = max(math.hypot(dx, dy), 1e-9)
    reach = min(distance, upper + lower - 1e-9)
    base = math.degrees(math.atan2(dy, dx))
    cosine = (upper * upper + reach * reach - lower * lower) / (2 * upper * reach)
    opening = math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
    cross = dx * (bend_hint[1] - start[1]) - dy * (bend_hint[0] - start[0])
    upper_angle = base + opening if cross >= 0 else base - opening
    middle = _step(start, upper_angle, upper)
    lower_angle = math.degrees(math.atan2(target[1] - middle[1], target[0] - middle[0]))
    return upper_angle % 360.0, lower_angle % 360.0


def pinned(pose: Pose, targets: Mapping[str, Point]) -> Pose:
    """The pose with each named wrist or ankle moved back onto its target by bending its limb."""
    if not targets:
        return pose
    body = forward(pose)
    changes: dict[Bone, float] = {}
    for joint, target in targets.items():
        upper, lower = LIMB_CHAINS[joint]
        start = body.segments[upper][0]
        middle = body.segments[upper][1]
        changes[upper], changes[lower] = two_bone(start, target, LENGTHS[upper], LENGTHS[lower], middle)
    return pose.with_angles(changes)


def limb_length_errors(body: Body, tolerance: float = 1e-6) -> list[str]:
    return [
        f"{bone.value} is {body.length(bone):.3f} long instead of {LENGTHS[bone]:.3f}"
        for bone in Bone
        if abs(body.length(bone) - LENGTHS[bone]) > tolerance
    ]


FLOOR_TOLERANCE = 0.02


def floor_errors(body: Body) -> list[str]:
    """A side view's joints must all be on or above the floor; from above there is no floor line."""
    if body.pose.view is not View.SIDE:
        return []
    name, height = body.lowest()
    if height < -FLOOR_TOLERANCE:
        return [f"the {name.replace('_', ' ')} is {-height:.2f} head heights below the floor"]
    return []


def pin_errors(body: Body, targets: Mapping[str, Point], tolerance: float = 0.01) -> list[str]:
    return [
        f"the {joint.replace('_', ' ')} cannot reach its pinned place (it is {gap:.2f} away)"
        for joint, target in targets.items()
        if (gap := math.dist(body.joints[joint], target)) > tolerance
    ]
