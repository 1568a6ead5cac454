"""The illustration of the current stretch: a posed figure on a mat, with its props.

The drawing comes from `core.poses` (keyframes, IK, mirroring); this module only paints a
`Scene` with QPainter, so the session page, the `stretchcoach poses` export and the tests all
draw the same picture. Limbs are tapered capsules outlined in the background colour, so one
limb over another stays readable; the far limbs are drawn first and lighter, the limbs doing
the work in the accent colour.

The widget has no timer. On a rep the session page hands it the beat's fraction from the
controller's progress events (~15 Hz) and it repaints only when that moves the picture and
the figure is on screen; holds repaint only when the phase changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBitmap,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QRegion,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchcoach.core.model import Prop
from stretchcoach.core.plan import Phase, PhaseKind
from stretchcoach.core.poses.phase_shot import builtin_poses, shot_for
from stretchcoach.core.poses.scene import PlacedProp, PropKind, Scene, Shot
from stretchcoach.core.poses.skeleton import HEAD_RADIUS, Bone, Point, View
from stretchcoach.ui import theme

Bounds = tuple[float, float, float, float]

MAT_THICKNESS = 0.14
"""Head heights; the mat's top is the floor line the poses stand on (y = 0)."""
OUTLINE = 0.045
"""The gap around each part, in head heights."""
FRAME_STEPS = 20
"""A beat is drawn in at most this many steps: ~7 frames a second over a 3 s beat, 13 at the
fastest 1.5 s tempo, smooth enough for a slow movement. A progress event that does not move the
picture a step repaints nothing, and each step's frame is painted once and then reused."""

_RADII: dict[str, tuple[float, float]] = {
    "upper_arm": (0.21, 0.16),
    "forearm": (0.16, 0.12),
    "hand": (0.13, 0.09),
    "thigh": (0.33, 0.22),
    "shin": (0.22, 0.13),
    "foot": (0.13, 0.09),
}
_TRUNK_RADII = {
    View.SIDE: {Bone.PELVIS: (0.5, 0.42), Bone.CHEST: (0.42, 0.48), Bone.NECK: (0.16, 0.15)},
    View.ABOVE: {Bone.PELVIS: (0.85, 0.72), Bone.CHEST: (0.72, 1.0), Bone.NECK: (0.2, 0.18)},
}
_LIMBS = (
    ("upper_arm", "forearm", "hand"),
    ("thigh", "shin", "foot"),
)
_PROP_NAMES = {
    Prop.PILLOW: "a small pillow",
    Prop.TOWEL: "a towel",
    Prop.WALL: "a wall",
    Prop.DOORWAY: "an open doorway",
    Prop.BOOKS: "a few books",
}
_BEHIND = (PropKind.WALL, PropKind.DOORWAY, PropKind.PILLOW, PropKind.BOOKS)


def props_text(props: Sequence[Prop]) -> str:
    names = [_PROP_NAMES[prop] for prop in props]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"You need {listed}"


@dataclass(frozen=True, slots=True)
class Inks:
    """The colours of one picture, worked out once from the palette and the phase."""

    background: QColor
    panel: QColor
    near: QColor
    far: QColor
    work_near: QColor
    work_far: QColor
    mat: QColor
    floor: QColor
    prop: QColor
    frame: QColor
    towel: QColor
    text: QColor

    @classmethod
    def of(cls, palette: QPalette, accent: QColor) -> Inks:
        background = palette.color(QPalette.ColorRole.Window)
        ink = palette.color(QPalette.ColorRole.WindowText)
        panel = theme.mix(background, ink, 0.05)
        return cls(
            background=background,
            panel=panel,
            near=theme.mix(panel, ink, 0.62),
            far=theme.mix(panel, ink, 0.36),
            work_near=accent,
            work_far=theme.mix(panel, accent, 0.55),
            mat=theme.mix(panel, QColor.fromHslF(0.53, 0.45, 0.5), 0.35),
            floor=theme.mix(panel, ink, 0.3),
            prop=theme.mix(panel, QColor.fromHslF(0.09, 0.35, 0.55), 0.55),
            frame=theme.mix(panel, QColor.fromHslF(0.08, 0.4, 0.45), 0.8),
            towel=theme.mix(panel, QColor.fromHslF(0.02, 0.6, 0.55), 0.85),
            text=theme.mix(panel, ink, 0.8),
        )


def shot_bounds(shot: Shot) -> Bounds:
    """The frame of every keyframe a shot passes through, so a moving figure is never re-scaled."""
    scenes = [shot.scene(0.0), shot.scene(1.0)] if shot.moving else [shot.scene(0.0)]
    boxes = [scene.bounds() for scene in scenes]
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def paint_scene(
    painter: QPainter, area: QRectF, scene: Scene, inks: Inks, frame: Bounds, *, labels: bool = True
) -> None:
    """Draw `scene` as large as fits in `area`, framed on `frame` (model units, head heights)."""
    left, bottom, right, top = frame
    margin = 0.45
    if scene.view is View.SIDE:
        bottom = min(bottom, -MAT_THICKNESS)
    left, right, bottom, top = left - margin, right + margin, bottom - margin * 0.5, top + margin
    scale = min(area.width() / (right - left), area.height() / (top - bottom))
    centre_x = (left + right) / 2
    centre_y = (bottom + top) / 2
    transform = QTransform()
    transform.translate(area.center().x(), area.center().y())
    transform.scale(scale, -scale)
    transform.translate(-centre_x, -centre_y)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setTransform(transform, combine=True)
    _paint_ground(painter, scene, inks, (left, bottom, right, top))
    for prop in scene.props:
        if prop.kind in _BEHIND:
            _paint_prop(painter, prop, inks, scene.view)
    # Each part is filled twice, a little larger in the panel's colour and then in its own: an
    # outline that keeps a near limb apart from what is behind it, at ~60 % of a stroked pen's cost.
    painter.setPen(Qt.PenStyle.NoPen)
    for colour, halo, shape in _parts(scene, inks):
        painter.setBrush(inks.panel)
        painter.drawPolygon(halo)
        painter.setBrush(colour)
        painter.drawPolygon(shape)
    _paint_head(painter, scene, inks)
    for prop in scene.props:
        if prop.kind not in _BEHIND:
            _paint_prop(painter, prop, inks, scene.view)
    painter.restore()
    if labels:
        _paint_labels(painter, area, scene, inks, transform=transform, scale=scale)


def _paint_ground(painter: QPainter, scene: Scene, inks: Inks, frame: Bounds) -> None:
    left, _, right, _ = frame
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(inks.mat)
    body_left, body_bottom, body_right, body_top = scene.body.bounds()
    if scene.view is View.SIDE:
        mat = QRectF(body_left - 0.3, -MAT_THICKNESS, body_right - body_left + 0.6, MAT_THICKNESS)
        painter.drawRoundedRect(mat, 0.06, 0.06)
        painter.setPen(QPen(inks.floor, 0.05))
        painter.drawLine(QPointF(left, -MAT_THICKNESS), QPointF(right, -MAT_THICKNESS))
    else:
        mat = QRectF(
            body_left - 0.35, body_bottom - 0.35, body_right - body_left + 0.7, body_top - body_bottom + 0.7
        )
        painter.drawRoundedRect(mat, 0.3, 0.3)


def _parts(scene: Scene, inks: Inks) -> Iterable[tuple[QColor, QPolygonF, QPolygonF]]:
    """Every limb and the trunk, far to near, each as (colour, outline, shape)."""
    body = scene.body
    pose = body.pose
    near, far = pose.near.value, pose.near.other.value

    def limb(side: str, bones: Sequence[str], in_front: bool) -> list[tuple[QColor, QPolygonF, QPolygonF]]:
        found = []
        for name in bones:
            bone = Bone(f"{side}_{name}")
            working = bone in scene.working
            if in_front:
                colour = inks.work_near if working else inks.near
            else:
                colour = inks.work_far if working else inks.far
            start, end = body.segments[bone]
            found.append((colour, *_outlined(start, end, _RADII[name])))
        return found

    trunk = []
    # From above the neck is hidden between the shoulders and the head.
    trunk_bones = (
        (Bone.PELVIS, Bone.CHEST, Bone.NECK) if pose.view is View.SIDE else (Bone.PELVIS, Bone.CHEST)
    )
    for bone in trunk_bones:
        start, end = body.segments[bone]
        radii = _TRUNK_RADII[pose.view][bone]
        colour = inks.work_near if bone in scene.working else inks.near
        trunk.append((colour, *_outlined(start, end, radii)))
    arms, legs = _LIMBS
    if pose.view is View.SIDE:
        yield from limb(far, arms, False)
        yield from limb(far, legs, False)
        yield from trunk
        yield from limb(near, legs, True)
        yield from limb(near, arms, True)
        return
    # From above everything is near: the limbs lie on the floor under the trunk, and a working
    # limb (a knee crossing over the body) lies on top of it.
    resting = [part for side in (far, near) for bones in (legs, arms) for part in limb(side, bones, True)]
    working = inks.work_near.rgba()
    yield from (part for part in resting if part[0].rgba() != working)
    yield from trunk
    yield from (part for part in resting if part[0].rgba() == working)


def _outlined(start: Point, end: Point, radii: tuple[float, float]) -> tuple[QPolygonF, QPolygonF]:
    """A part's outline and shape, placed along its bone.

    A bone's length never changes, so its shape is worked out once along the x axis and only
    moved and turned into place each frame, in C++ (building the points in Python was most of
    a frame's cost).
    """
    (x1, y1), (x2, y2) = start, end
    halo, shape = _local_shapes(round(math.hypot(x2 - x1, y2 - y1), 6), *radii)
    place = QTransform()
    place.translate(x1, y1)
    place.rotateRadians(math.atan2(y2 - y1, x2 - x1))
    return place.map(halo), place.map(shape)


@cache
def _local_shapes(length: float, first: float, second: float) -> tuple[QPolygonF, QPolygonF]:
    halo = _capsule((0.0, 0.0), first + OUTLINE, (length, 0.0), second + OUTLINE)
    return halo, _capsule((0.0, 0.0), first, (length, 0.0), second)


def _capsule(start: Point, r1: float, end: Point, r2: float, steps: int = 8) -> QPolygonF:
    """A tapered rounded limb: two end circles and the straight lines that touch both."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1e-6:
        x2, length = x1 + 1e-3, 1e-3
    direction = math.atan2(y2 - y1, x2 - x1)
    # The touching lines lean in toward the narrow end by the angle the taper sets, so the
    # narrow end shows less than half its circle and the wide end more.
    tilt = math.asin(max(-1.0, min(1.0, (r1 - r2) / length)))
    points = []
    first = direction - (math.pi / 2 - tilt)
    for index in range(steps + 1):
        angle = first + (math.pi - 2 * tilt) * index / steps
        points.append(QPointF(x2 + r2 * math.cos(angle), y2 + r2 * math.sin(angle)))
    second = direction + (math.pi / 2 - tilt)
    for index in range(steps + 1):
        angle = second + (math.pi + 2 * tilt) * index / steps
        points.append(QPointF(x1 + r1 * math.cos(angle), y1 + r1 * math.sin(angle)))
    return QPolygonF(points)


def _paint_head(painter: QPainter, scene: Scene, inks: Inks) -> None:
    body = scene.body
    cx, cy = body.joints["head"]
    angle = math.degrees(math.atan2(body.joints["crown"][1] - cy, body.joints["crown"][0] - cx))
    painter.save()
    painter.translate(cx, cy)
    painter.rotate(angle)
    colour = inks.work_near if Bone.HEAD in scene.working else inks.near
    painter.setBrush(colour)
    face = body.pose.face
    if face is not None:
        # The nose, on the side the face looks toward: which way the head is turned at a glance.
        relative = math.radians(face - angle)
        tip = QPointF(0.68 * math.cos(relative), 0.6 * math.sin(relative))
        across = QPointF(-math.sin(relative) * 0.15, math.cos(relative) * 0.15)
        painter.drawPolygon(QPolygonF([tip * 0.6 + across, tip, tip * 0.6 - across]))
    painter.drawEllipse(QPointF(0, 0), HEAD_RADIUS, HEAD_RADIUS * 0.84)
    painter.restore()


def _paint_prop(painter: QPainter, prop: PlacedProp, inks: Inks, view: View) -> None:
    width, height = prop.size
    x, y = prop.points[0]
    if view is View.ABOVE:
        y -= height / 2  # from above a pillow lies centred under its joint, not on a floor line
    painter.setPen(QPen(inks.panel, OUTLINE))
    painter.setBrush(inks.prop)
    if prop.kind is PropKind.PILLOW:
        painter.drawRoundedRect(QRectF(x - width / 2, y, width, height), height * 0.45, height * 0.45)
    elif prop.kind is PropKind.BOOKS:
        count = 3
        for index in range(count):
            shift = (index % 2) * 0.08
            box = QRectF(x - width / 2 + shift, y + height * index / count, width, height / count)
            painter.drawRoundedRect(box, 0.04, 0.04)
    elif prop.kind in (PropKind.WALL, PropKind.DOORWAY):
        painter.setBrush(inks.frame if prop.kind is PropKind.DOORWAY else inks.floor)
        painter.drawRect(QRectF(x - width / 2, y, width, height))
        if prop.kind is PropKind.DOORWAY:
            # The door frame's moulding, so it reads as a frame and not as a plain wall.
            painter.setPen(QPen(inks.panel, 0.06))
            painter.drawLine(QPointF(x - width / 6, y), QPointF(x - width / 6, y + height))
            painter.drawLine(QPointF(x + width / 6, y), QPointF(x + width / 6, y + height))
    elif prop.kind is PropKind.TOWEL:
        end = prop.points[1]
        pen = QPen(inks.towel, max(width, 0.16), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y), QPointF(*end))
    elif prop.kind is PropKind.ARROW:
        _paint_arrow(painter, prop, inks)


def _paint_arrow(painter: QPainter, prop: PlacedProp, inks: Inks) -> None:
    (x1, y1), (x2, y2) = prop.points
    length = math.hypot(x2 - x1, y2 - y1)
    normal = (-(y2 - y1) / length, (x2 - x1) / length) if length else (0.0, 0.0)
    control = QPointF(
        (x1 + x2) / 2 + normal[0] * prop.bend * length, (y1 + y2) / 2 + normal[1] * prop.bend * length
    )
    path = QPainterPath(QPointF(x1, y1))
    path.quadTo(control, QPointF(x2, y2))
    pen = QPen(inks.work_near, 0.12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    heading = math.atan2(y2 - control.y(), x2 - control.x())
    head = QPolygonF(
        [
            QPointF(x2 + 0.1 * math.cos(heading), y2 + 0.1 * math.sin(heading)),
            QPointF(x2 + 0.42 * math.cos(heading + 2.6), y2 + 0.42 * math.sin(heading + 2.6)),
            QPointF(x2 + 0.42 * math.cos(heading - 2.6), y2 + 0.42 * math.sin(heading - 2.6)),
        ]
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(inks.work_near)
    painter.drawPolygon(head)


def _paint_labels(
    painter: QPainter, area: QRectF, scene: Scene, inks: Inks, *, transform: QTransform, scale: float
) -> None:
    """Names of props and of the view, upright whatever the mirroring (text is never flipped)."""
    font = QFont(painter.font())
    font.setPixelSize(max(10, round(min(area.height() * 0.06, scale * 0.42))))
    painter.setFont(font)
    painter.setPen(inks.text)
    metrics = QFontMetricsF(font)
    for prop in scene.props:
        if not prop.label:
            continue
        x, y = prop.points[0]
        if prop.kind in (PropKind.WALL, PropKind.DOORWAY):
            anchor = transform.map(QPointF(x, y + prop.size[1]))
            box = QRectF(anchor.x() - 100, anchor.y() - metrics.height() * 1.1, 200, metrics.height())
        elif prop.kind is PropKind.TOWEL or prop.kind is PropKind.ARROW:
            (x2, y2) = prop.points[1]
            anchor = transform.map(QPointF((x + x2) / 2, (y + y2) / 2))
            box = QRectF(anchor.x() + 4, anchor.y() - metrics.height(), 200, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, prop.label)
            continue
        elif scene.view is View.ABOVE:
            # Above a pillow seen from above, clear of the head lying on it.
            anchor = transform.map(QPointF(x, y + prop.size[1] / 2))
            box = QRectF(anchor.x() - 100, anchor.y() - metrics.height() - 2, 200, metrics.height())
        else:
            anchor = transform.map(QPointF(x, y))
            box = QRectF(anchor.x() - 100, anchor.y() + 2, 200, metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, prop.label)
    if scene.view is View.ABOVE:
        box = QRectF(
            area.left() + 6, area.bottom() - metrics.height() - 4, area.width() - 12, metrics.height()
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, "Seen from above")


def render_scene(
    scene: Scene,
    size: QSize,
    palette: QPalette,
    accent: QColor,
    frame: Bounds | None = None,
    *,
    labels: bool = True,
) -> QImage:
    """The scene as a picture on the panel's colour, for the export and the tests."""
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    inks = Inks.of(palette, accent)
    image.fill(inks.panel)
    painter = QPainter(image)
    paint_scene(
        painter,
        QRectF(0, 0, size.width(), size.height()),
        scene,
        inks,
        frame or scene.bounds(),
        labels=labels,
    )
    painter.end()
    return image


FrameKey = tuple[int, int, int, bool, PhaseKind]
MAX_PAINTED = 2 * (FRAME_STEPS + 1) + 4
"""Frames kept at most: every step of a beat on both sides (bird dog alternates) and the holds
between; past that the oldest picture is no longer worth keeping."""
MAX_PAINTED_BYTES = 32 * 1024 * 1024
"""And at most this much memory: a frame is 1.5 MB at 1920×1080 (the figure is ~1110×345), so 46
of them were 67 MB, more than the rest of the window. 32 MB holds one side's whole beat at full
screen; a two-sided rep there draws some frames afresh (1–4 ms each) instead."""


class ExerciseFigure(QWidget):
    """The illustration area of the session page.

    Every frame painted is kept until the picture changes: a rep goes through the same few
    poses beat after beat (breathing in retraces breathing out), so after the first rep each
    repaint is one copy of a pixmap instead of a figure drawn from scratch.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shot: Shot | None = None
        self._frame: Bounds = (0.0, 0.0, 1.0, 1.0)
        self._step = 0
        self._kind = PhaseKind.PREPARE
        self._side = ""
        self._props = ""
        self._painted: dict[FrameKey, QPixmap] = {}
        self._painted_bytes = 0
        self._painted_for: tuple[object, ...] = ()
        self._changes: dict[tuple[FrameKey, FrameKey], QRect] = {}
        """Where two painted frames differ, in the widget's pixels; an empty rect where they do not."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 0)
        self.setAccessibleName("Illustration")
        # Every frame is an opaque copy of a cached pixmap (the window's colour in its corners):
        # nothing behind it needs painting first, nor blending with it, several times a second.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(400, 260)

    def set_phase(self, phase: Phase) -> None:
        """Show the picture for a phase: its keyframe, or the start of its beat's movement."""
        shot = shot_for(builtin_poses(), phase)
        self._shot = shot
        self._frame = shot_bounds(shot)
        self._step = 0
        self._kind = phase.kind
        self._side = phase.side_label
        self._props = props_text(phase.exercise.props) if phase.exercise is not None else ""
        self._describe()
        self.update()

    def set_beat(self, fraction: float) -> None:
        """Move a rep's figure to this fraction of its beat; a held picture ignores it."""
        if self._shot is None or not self._shot.moving:
            return
        step = round(min(1.0, max(0.0, fraction)) * FRAME_STEPS)
        if step != self._step:
            shown = self._frame_key()
            self._step = step
            if self.isVisible():
                self.update(self._changed_between(shown, self._frame_key()))

    def _changed_between(self, shown: FrameKey, next_key: FrameKey) -> QRect:
        """The pixels in which two frames differ, once both are painted: a rep's figure moves a
        hip or an arm, and copying the whole picture every frame was most of a frame's cost."""
        assert self._shot is not None
        if self._painted_for[:3] != (id(self._shot.poses), self._frame, self._props):
            return self.rect()
        pair = (shown, next_key)
        known = self._changes.get(pair)
        if known is not None:
            return known
        before, after = self._painted.get(shown), self._painted.get(next_key)
        if before is None or after is None:
            return self.rect()
        difference = before.toImage().convertToFormat(QImage.Format.Format_RGB32)
        painter = QPainter(difference)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
        painter.drawPixmap(0, 0, after)
        painter.end()
        same = difference.createMaskFromColor(QColor(Qt.GlobalColor.black).rgb(), Qt.MaskMode.MaskInColor)
        pixels = QRegion(QBitmap.fromImage(same)).boundingRect()
        ratio = before.devicePixelRatio()
        changed = QRectF(
            pixels.x() / ratio, pixels.y() / ratio, pixels.width() / ratio, pixels.height() / ratio
        )
        self._changes[pair] = self._changes[(next_key, shown)] = changed.toAlignedRect()
        return self._changes[pair]

    @property
    def shot(self) -> Shot | None:
        return self._shot

    @property
    def beat(self) -> float:
        """The fraction of the beat the picture shows."""
        return self._step / FRAME_STEPS

    @property
    def props(self) -> str:
        return self._props

    def scene(self) -> Scene | None:
        return None if self._shot is None else self._shot.scene(self.beat)

    def _describe(self) -> None:
        scene = self.scene()
        if scene is None:
            self.setAccessibleDescription("")
            return
        view = " Seen from above." if scene.view is View.ABOVE else ""
        parts = [f"{scene.description}.{view}", self._side, self._props]
        self.setAccessibleDescription(
            " ".join(part if part.endswith(".") else part + "." for part in parts if part)
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._shot is None:
            painter = QPainter(self)
            painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Window))
            painter.end()
            return
        ratio = self.devicePixelRatioF()
        held_for = (id(self._shot.poses), self._frame, self._props, self.size(), ratio)
        if held_for != self._painted_for:
            self._forget_frames()
            self._painted_for = held_for
        key = self._frame_key()
        pixmap = self._painted.get(key)
        if pixmap is None:
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(self.palette().color(QPalette.ColorRole.Window))
            painter = QPainter(pixmap)
            painter.setFont(self.font())
            self._paint(painter)
            painter.end()
            size = pixmap.width() * pixmap.height() * pixmap.depth() // 8
            if len(self._painted) >= MAX_PAINTED or self._painted_bytes + size > MAX_PAINTED_BYTES:
                self._forget_frames()
            self._painted[key] = pixmap
            self._painted_bytes += size
        painter = QPainter(self)
        painter.drawPixmap(0, 0, pixmap)
        painter.end()

    def _frame_key(self) -> FrameKey:
        """The same picture gets the same key: a step back from keyframe 1 to 0 is a step forward
        from 0 to 1 seen from the other end, so breathing in reuses breathing out's frames."""
        assert self._shot is not None
        shot = self._shot
        if not shot.moving or shot.start < shot.end:
            return shot.start, shot.end, self._step, shot.mirror, self._kind
        return shot.end, shot.start, FRAME_STEPS - self._step, shot.mirror, self._kind

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget_frames()
        super().changeEvent(event)

    def _forget_frames(self) -> None:
        self._painted = {}
        self._painted_bytes = 0
        self._changes = {}

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        inks = Inks.of(palette, theme.phase_colour(self._kind, palette))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        panel = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = min(panel.width(), panel.height()) * 0.06
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(inks.panel)
        painter.drawRoundedRect(panel, radius, radius)
        text_size = max(12.0, min(panel.height() * 0.08, panel.width() * 0.05))
        font = QFont(self.font())
        font.setPixelSize(round(text_size))
        line = QFontMetricsF(font).height()
        lines = [self._props] if self._props else []
        art = panel.adjusted(panel.width() * 0.03, panel.height() * 0.03, -panel.width() * 0.03, 0)
        art.setBottom(panel.bottom() - panel.height() * 0.03 - line * len(lines))
        scene = self.scene()
        if scene is not None and art.height() > 20:
            painter.setFont(font)
            paint_scene(painter, art, scene, inks, self._frame)
        painter.setFont(font)
        painter.setPen(inks.text)
        top = art.bottom()
        for text in lines:
            box = QRectF(panel.left() + 8, top, panel.width() - 16, line)
            elided = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, elided)
            top += line
