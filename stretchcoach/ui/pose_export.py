"""`stretchcoach poses`: every exercise's keyframes as PNG files, and a contact sheet of them all.

The pictures are painted by the same `paint_scene` as the session's figure, offscreen, so what
the export shows is what a session shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPalette

from stretchcoach.core.builtin import builtin_routines
from stretchcoach.core.model import Exercise, Side
from stretchcoach.core.plan import PhaseKind
from stretchcoach.core.poses.phase_shot import builtin_poses, poses_for
from stretchcoach.core.poses.scene import Shot
from stretchcoach.ui import theme
from stretchcoach.ui.widgets.exercise_figure import render_scene, shot_bounds

SIZE = QSize(640, 400)
THUMB = QSize(400, 250)
COLUMNS = 4


@dataclass(frozen=True, slots=True)
class Picture:
    name: str
    """The file name: EXERCISE-ID[-left|-right]-N.png, N counting keyframes from 1."""
    exercise: Exercise
    side: Side | None
    shot: Shot


def light_palette() -> QPalette:
    """A fixed light palette, so the export does not depend on the desktop it runs on."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(250, 250, 250))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(25, 25, 25))
    return palette


def builtin_exercises() -> list[Exercise]:
    seen: dict[str, Exercise] = {}
    for routine in builtin_routines():
        for exercise in routine.exercises:
            seen.setdefault(exercise.id, exercise)
    return list(seen.values())


def pictures() -> list[Picture]:
    library = builtin_poses()
    found = []
    for exercise in builtin_exercises():
        poses = poses_for(library, exercise)
        sides: tuple[Side | None, ...] = (None,)
        if exercise.is_two_sided:
            sides = (exercise.first_side, exercise.first_side.other)
        for side in sides:
            for index in range(len(poses.keyframes)):
                suffix = f"-{side.value}" if side is not None else ""
                shot = Shot(poses, index, index, side is not None and side is not poses.side)
                found.append(Picture(f"{exercise.id}{suffix}-{index + 1}.png", exercise, side, shot))
    return found


def _render(picture: Picture, size: QSize, palette: QPalette) -> QImage:
    kind = PhaseKind.REP if picture.exercise.reps is not None else PhaseKind.HOLD
    scene = picture.shot.scene()
    return render_scene(scene, size, palette, theme.phase_colour(kind, palette), shot_bounds(picture.shot))


def export(out: Path) -> list[Path]:
    _application()
    out.mkdir(parents=True, exist_ok=True)
    palette = light_palette()
    written = []
    for picture in pictures():
        path = out / picture.name
        if not _render(picture, SIZE, palette).save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written


def contact_sheet(path: Path) -> None:
    """One picture of every exercise (the first side, every keyframe), each with its name."""
    _application()
    palette = light_palette()
    shown = [picture for picture in pictures() if picture.side in (None, picture.exercise.first_side)]
    rows = -(-len(shown) // COLUMNS)
    caption = 34
    sheet = QImage(THUMB.width() * COLUMNS, (THUMB.height() + caption) * rows, QImage.Format.Format_RGB32)
    sheet.fill(palette.color(QPalette.ColorRole.Window))
    painter = QPainter(sheet)
    font = QFont()
    font.setPixelSize(17)
    painter.setFont(font)
    for index, picture in enumerate(shown):
        column, row = index % COLUMNS, index // COLUMNS
        left, top = column * THUMB.width(), row * (THUMB.height() + caption)
        painter.drawImage(left, top, _render(picture, THUMB, palette))
        keyframes = len(picture.shot.poses.keyframes)
        number = f" ({picture.shot.start + 1}/{keyframes})" if keyframes > 1 else ""
        side = f", {picture.exercise.side_label(picture.side)}" if picture.side is not None else ""
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        box = QRectF(left + 4, top + THUMB.height(), THUMB.width() - 8, caption)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{picture.exercise.name}{side}{number}")
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not sheet.save(str(path)):
        raise OSError(f"could not write {path}")


def _application() -> QGuiApplication:
    """Painting text needs an application; a GUI one runs offscreen with no display at all."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    return QGuiApplication(["stretchcoach", "-platform", "offscreen"])
