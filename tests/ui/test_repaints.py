"""How often a running session repaints: each paint is a wake, a draw and a flush to the display,
and a session should cost almost nothing while the person lies there. Counted on a fake clock."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QImage, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from stretchcoach.core.engine import SUSPEND_JUMP_SECONDS
from stretchcoach.core.plan import PhaseKind
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.widgets.exercise_figure import FRAME_STEPS
from stretchcoach.ui.widgets.progress_ring import ProgressRing
from stretchcoach.ui.widgets.progress_strip import ProgressStrip
from tests.ui.conftest import Driver
from tests.ui.keys import press
from tests.ui.test_window_session import start


class PaintCounter(QObject):
    """Counts a widget's paint events, and those that repaint the middle (the ring's digits)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.paints = 0
        self.middles = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.paints += 1
            self.middles += event.region().contains(self.widget.rect().center())
        return False


def through_phase(driver: Driver) -> None:
    """Fire the timer at each moment it asks for, painting after each wake as the event loop
    would, until the phase after the current one begins."""
    index = driver.controller.engine.phase_index if driver.controller.engine is not None else -1
    while driver.controller.engine is not None and driver.controller.engine.phase_index == index:
        assert driver.timer.interval is not None
        driver.clock.advance(driver.timer.interval / 1000)
        driver.timer.fire()
        QApplication.processEvents()


def test_a_60_s_hold_repaints_the_ring_four_times_a_second_and_its_digits_once(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    assert window.controller.phase is not None and window.controller.phase.seconds == 60
    QApplication.processEvents()
    ring = PaintCounter(window.session_page.ring)
    through_phase(driver)
    # A smooth sweep, a pixel at a time, was ~900 paints; the next phase's first paint is the +2.
    assert 60 <= ring.paints <= 4 * 60 + 2
    assert ring.middles <= 60 + 2


def test_reps_repaint_the_ring_and_figure_once_a_frame_of_the_beat(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot, "quick-relief")
    driver.run_into(PhaseKind.REP)
    driver.run_for(0.5)
    through_phase(driver)  # into the second beat
    QApplication.processEvents()
    page = window.session_page
    ring, figure = PaintCounter(page.ring), PaintCounter(page.figure)
    layouts = LayoutCounter(page)
    through_phase(driver)
    assert ring.paints <= FRAME_STEPS + 2
    assert figure.paints <= FRAME_STEPS + 2
    assert ring.middles <= 2, "the rep's figure and label are painted once a beat"
    through_phase(driver)
    through_phase(driver)
    # Four beats, two reps: the page is laid out again for "Rep 3 of 8" and nothing else (the
    # same name, instructions and "Pause" set again at each beat relaid it out every time).
    assert layouts.requests <= 2


def test_nothing_wakes_or_repaints_while_paused_or_minimised(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    press(qtbot, Qt.Key.Key_Space)
    assert not driver.timer.armed
    QApplication.processEvents()
    ring = PaintCounter(window.session_page.ring)
    driver.clock.advance(30)
    QApplication.processEvents()
    assert ring.paints == 0
    press(qtbot, Qt.Key.Key_Space)
    window.showMinimized()
    QApplication.processEvents()
    wakes = 0
    index = driver.controller.engine.phase_index if driver.controller.engine is not None else -1
    cues = sum(1 for scheduled in driver.controller.plan.schedule if scheduled.phase_index == index)
    while driver.controller.engine is not None and driver.controller.engine.phase_index == index:
        assert driver.timer.interval is not None
        driver.clock.advance(driver.timer.interval / 1000)
        driver.timer.fire()
        wakes += 1
    heartbeats = 60 / (SUSPEND_JUMP_SECONDS / 2)
    # Minimised, a hold wakes for its cues, their captions coming down, and a heartbeat: on screen, 240.
    assert wakes <= 2 * cues + heartbeats + 1


@given(fraction=st.floats(0.0, 1.0), seconds=st.sampled_from([3.0, 10.0, 15.0, 16.3, 60.0, 120.0]))
def test_the_sweep_is_never_ahead_of_the_time_nor_a_step_behind(
    qapp: QApplication, fraction: float, seconds: float
) -> None:
    ring = ProgressRing()
    ring.resize(400, 400)
    step = ring.sweep_step_for(seconds)
    ring.set_sweep_step(step)
    ring.set_progress(fraction, (1 - fraction) * seconds)
    assert ring.fraction <= fraction + 1e-9
    assert fraction - ring.fraction < step + 1e-9


def test_the_sweep_steps_a_quarter_second_and_ends_as_the_phase_ends(qtbot: QtBot) -> None:
    ring = ProgressRing()
    qtbot.addWidget(ring)
    ring.resize(400, 400)
    step = ring.sweep_step_for(60)
    assert step == pytest.approx(0.25 / 60)
    ring.set_sweep_step(step)
    ring.set_progress(1 - 0.2 / 60, 0.2)
    assert ring.fraction == pytest.approx(1 - 0.25 / 60), "the last step is shown through the last quarter"
    ring.set_progress(1.0, 0.0)
    assert ring.fraction == 1.0
    tiny = ProgressRing()
    qtbot.addWidget(tiny)
    tiny.resize(160, 160)
    # On a small ring a long phase's quarter second moves less than a pixel: it steps coarser.
    assert tiny.sweep_step_for(600) == pytest.approx(1.0 / 600)
    assert math.isclose(tiny.sweep_step_for(60), 0.25 / 60)


class LayoutCounter(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.requests = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.requests += watched is self.widget and event.type() == QEvent.Type.LayoutRequest
        return False


def test_the_bar_repaints_only_its_moving_pixels_and_its_clock_does_not_lay_the_page_out(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    QApplication.processEvents()
    bar = window.session_page.session_bar
    before = bar.time_label.text()
    filled = bar.progress_strip.filled_width()
    layouts = LayoutCounter(window.session_page)
    strip = PaintCounter(bar.progress_strip)
    through_phase(driver)
    assert bar.time_label.text() != before
    moved = bar.progress_strip.filled_width() - filled
    assert moved > 10
    assert strip.paints <= moved + 1, "the session's progress strip repaints only as a pixel of it moves"
    # The label's text changed 60 times, twice a second the page was laid out again; now the
    # "up next" line under the ring appearing is all.
    assert layouts.requests <= 3


@pytest.mark.parametrize("step", [0.25 / 60, 1 / FRAME_STEPS])
def test_a_ring_swept_step_by_step_looks_like_one_painted_whole(qtbot: QtBot, step: float) -> None:
    ring = ProgressRing()
    qtbot.addWidget(ring)
    ring.resize(360, 360)
    ring.set_phase(PhaseKind.REP, "tilt")
    ring.set_count(3, 8)  # the figure stays: only the sweep moves
    ring.set_sweep_step(step)
    window = ring.palette().color(QPalette.ColorRole.Window)
    screen = QImage(ring.size(), QImage.Format.Format_ARGB32_Premultiplied)
    screen.fill(window)
    ring.render(screen)
    marked: list[QRegion] = []
    ring.update = lambda region=None: marked.append(QRegion(ring.rect() if region is None else region))  # type: ignore[method-assign,assignment,misc]
    for number in range(1, round(1 / step)):
        ring.set_progress(number * step, 3 * (1 - number * step))
        for region in marked:  # what the window paints: the marked pixels, and only those
            ring.render(screen, region.boundingRect().topLeft(), region)
        marked.clear()
    whole = QImage(ring.size(), QImage.Format.Format_ARGB32_Premultiplied)
    whole.fill(window)
    ring.render(whole)
    differences = [
        _difference(QColor(screen.pixel(x, y)), QColor(whole.pixel(x, y)))
        for y in range(360)
        for x in range(360)
        if screen.pixel(x, y) != whole.pixel(x, y)
    ]
    # Antialiasing at the seams of the repainted stretches differs a little, as it always did;
    # a stretch left unpainted or painted wrong would differ by far more, over many pixels.
    assert max(differences, default=0) <= 48
    assert sum(1 for difference in differences if difference > 16) <= 40


def _difference(one: QColor, other: QColor) -> int:
    return max(abs(one.red() - other.red()), abs(one.green() - other.green()), abs(one.blue() - other.blue()))


def test_a_strip_filled_pixel_by_pixel_looks_exactly_like_one_painted_whole(qtbot: QtBot) -> None:
    strip = ProgressStrip()
    qtbot.addWidget(strip)
    strip.resize(300, 10)
    window = strip.palette().color(QPalette.ColorRole.Window)
    screen = QImage(strip.size(), QImage.Format.Format_ARGB32_Premultiplied)
    screen.fill(window)
    strip.render(screen)
    marked: list[QRegion] = []
    strip.update = lambda region=None: marked.append(QRegion(strip.rect() if region is None else region))  # type: ignore[method-assign,assignment,misc]
    for number in range(1, 301):
        strip.set_fraction(number / 300)
        for region in marked:
            strip.render(screen, region.boundingRect().topLeft(), region)
        marked.clear()
        if number in (1, 4, 150, 297, 300):  # the round ends, the middle, the end
            whole = QImage(strip.size(), QImage.Format.Format_ARGB32_Premultiplied)
            whole.fill(window)
            strip.render(whole)
            assert screen == whole, f"{number} of 300 pixels filled"
