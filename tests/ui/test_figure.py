"""The exercise figure: a real picture of every keyframe, mirrored for the other side, moving on the beat."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QRegion
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stretchcoach.core.builtin import builtin_routine
from stretchcoach.core.plan import Phase, PhaseKind
from stretchcoach.core.planner import build_plan
from stretchcoach.core.poses.phase_shot import builtin_poses
from stretchcoach.core.poses.scene import Shot
from stretchcoach.core.poses.skeleton import View
from stretchcoach.ui import theme
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.pose_export import Picture, light_palette, pictures
from stretchcoach.ui.widgets.exercise_figure import (
    FRAME_STEPS,
    MAX_PAINTED_BYTES,
    ExerciseFigure,
    render_scene,
)
from tests.ui.conftest import Driver
from tests.ui.keys import press

ACCENT = QColor(90, 60, 200)
SIZE = QSize(320, 200)


def inked(image: QImage) -> float:
    """The share of the picture that is not the panel's colour."""
    panel = image.pixelColor(1, 1).rgb()
    step = 2
    pixels = [
        image.pixelColor(x, y).rgb() != panel
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(pixels) / len(pixels)


@pytest.mark.parametrize("picture", pictures(), ids=lambda picture: picture.name)
def test_every_keyframe_renders_a_picture_of_the_size_asked(qapp: QApplication, picture: Picture) -> None:
    image = render_scene(picture.shot.scene(), SIZE, light_palette(), ACCENT)
    assert image.size() == SIZE
    assert inked(image) > 0.08, "a figure, a mat and props, not an empty panel"


@pytest.mark.parametrize("exercise_id", ["towel-hamstring", "crossovers", "doorway-hamstring", "bird-dog"])
def test_the_other_side_is_the_picture_flipped(qapp: QApplication, exercise_id: str) -> None:
    poses = builtin_poses().exercises[exercise_id]
    index = len(poses.keyframes) - 1
    scene = Shot(poses, index, index).scene()
    mirrored = Shot(poses, index, index, mirror=True).scene()
    left, bottom, right, top = scene.bounds()
    frame = (min(left, -right), bottom, max(right, -left), top)
    palette = light_palette()
    image = render_scene(scene, SIZE, palette, ACCENT, frame, labels=False)
    flipped = render_scene(mirrored, SIZE, palette, ACCENT, frame, labels=False).flipped(
        Qt.Orientation.Horizontal
    )
    differing = sum(
        1
        for x in range(SIZE.width())
        for y in range(SIZE.height())
        if max(
            abs(a - b)
            for a, b in zip(image.pixelColor(x, y).getRgb(), flipped.pixelColor(x, y).getRgb(), strict=True)
        )
        > 48
    )
    assert differing / (SIZE.width() * SIZE.height()) < 0.002, "only antialiasing may differ"


def test_the_dark_palette_draws_a_figure_that_stands_out(qapp: QApplication) -> None:
    scene = Shot(builtin_poses().exercises["bridge"], 1, 1).scene()
    dark = theme.dark_palette()
    image = render_scene(scene, SIZE, dark, theme.phase_colour(PhaseKind.REP, dark))
    assert inked(image) > 0.08
    background = dark.color(QPalette.ColorRole.Window)
    assert theme.luminance(image.pixelColor(1, 1)) < 0.1
    assert image != render_scene(scene, SIZE, light_palette(), ACCENT)
    assert background.lightness() < 100


def phases(routine_id: str) -> list[Phase]:
    return list(build_plan(builtin_routine(routine_id)).phases)


def test_the_figure_describes_the_pose_the_side_and_what_to_have_at_hand(qtbot: QtBot) -> None:
    figure = ExerciseFigure()
    qtbot.addWidget(figure)
    hold = next(
        p for p in phases("five-stretches") if p.kind is PhaseKind.HOLD and p.position == "Hands to the right"
    )
    figure.set_phase(hold)
    description = figure.accessibleDescription()
    assert description.startswith("Child's pose: both hands walked over to the right")
    assert "Seen from above." in description
    assert description.endswith("You need a few books.")
    towel = next(
        p for p in phases("physio-ten") if p.kind is PhaseKind.HOLD and p.exercise_name.startswith("Leg")
    )
    figure.set_phase(towel)
    assert "Right leg." in figure.accessibleDescription()


def test_a_hold_is_still_and_the_closing_words_show_someone_resting(qtbot: QtBot) -> None:
    figure = ExerciseFigure()
    qtbot.addWidget(figure)
    plan = phases("quick-relief")
    hold = next(p for p in plan if p.kind is PhaseKind.HOLD)
    figure.set_phase(hold)
    assert figure.shot is not None and not figure.shot.moving
    figure.set_beat(0.5)
    assert figure.beat == 0.0
    figure.set_phase(plan[-1])
    assert plan[-1].kind is PhaseKind.FINISH
    assert "resting" in figure.accessibleDescription()
    figure.resize(400, 260)
    assert inked(figure.grab().toImage()) > 0.05


def test_the_session_shows_the_keyframe_of_the_beat_and_moves_with_it(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    window.picker.select("core-strength")
    press(qtbot, Qt.Key.Key_Return)
    figure = window.session_page.figure
    bridge = builtin_poses().exercises["bridge"]
    driver.run_into(PhaseKind.REP)
    assert figure.shot is not None and (figure.shot.start, figure.shot.end) == (0, 1)
    lying = figure.scene()
    assert lying is not None and lying.body.joints["hip"] == pytest.approx(bridge.keyframes[0].pose.root)
    engine = window.controller.engine
    assert engine is not None
    driver.run_for(engine.phase.seconds / 2)
    halfway = figure.scene()
    assert figure.beat == pytest.approx(1 - engine.remaining() / engine.phase.seconds, abs=0.03)
    assert 0.3 < figure.beat < 0.7
    assert halfway is not None and lying.body.joints["hip"][1] < halfway.body.joints["hip"][1]
    driver.run_until(lambda: window.controller.phase is not None and window.controller.phase.beat_index == 1)
    assert (figure.shot.start, figure.shot.end) == (1, 0), "breathing in lowers the hips again"
    raised = figure.scene()
    assert raised is not None and raised.body.joints["hip"][1] == pytest.approx(
        bridge.pose(1).root[1], abs=0.02
    )
    assert raised.view is View.SIDE


def test_breathing_in_retraces_breathing_out_so_its_frames_are_painted_once(qtbot: QtBot) -> None:
    figure = ExerciseFigure()
    qtbot.addWidget(figure)
    figure.resize(400, 260)
    reps = [p for p in phases("core-strength") if p.kind is PhaseKind.REP][:4]
    for rep in reps:
        figure.set_phase(rep)
        for step in range(FRAME_STEPS + 1):
            figure.set_beat(step / FRAME_STEPS)
            figure.grab()
    assert len(figure._painted) == FRAME_STEPS + 1


def test_full_screen_frames_are_kept_within_the_memory_budget(qtbot: QtBot) -> None:
    figure = ExerciseFigure()
    qtbot.addWidget(figure)
    figure.resize(1110, 345)  # the figure's size in a 1920×1080 window: 1.5 MB a frame
    reps = [p for p in phases("physio-ten") if p.kind is PhaseKind.REP and p.exercise_name == "Bird dog"][:4]
    assert {rep.side_label for rep in reps} != {reps[0].side_label}, "both sides' beats"
    for rep in reps:
        figure.set_phase(rep)
        for step in range(FRAME_STEPS + 1):
            figure.set_beat(step / FRAME_STEPS)
            figure.grab()
            assert figure._painted_bytes <= MAX_PAINTED_BYTES
    assert len(figure._painted) >= FRAME_STEPS // 2, "still most of a beat is kept"


def test_after_the_first_beat_a_frame_repaints_only_where_the_figure_moves(qtbot: QtBot) -> None:
    figure = ExerciseFigure()
    qtbot.addWidget(figure)
    figure.resize(400, 260)
    figure.show()
    screen = QImage(figure.size(), QImage.Format.Format_ARGB32_Premultiplied)
    marked: list[QRect] = []
    figure.update = lambda rect=None: marked.append(figure.rect() if rect is None else rect)  # type: ignore[method-assign,assignment,misc]
    reps = [p for p in phases("quick-relief") if p.kind is PhaseKind.REP][:3]  # out, in, out again
    for beat, rep in enumerate(reps):
        figure.set_phase(rep)
        figure.render(screen)
        marked.clear()
        for step in range(1, FRAME_STEPS + 1):
            figure.set_beat(step / FRAME_STEPS)
            for rect in marked:  # what the window paints: the marked pixels, and only those
                figure.render(screen, rect.topLeft(), QRegion(rect))
            area = sum(rect.width() * rect.height() for rect in marked)
            marked.clear()
            assert screen == figure.grab().toImage().convertToFormat(screen.format()), (beat, step)
            if beat > 0:
                assert area < 400 * 260 / 2, "a frame of a known beat repaints what moved, not the picture"
