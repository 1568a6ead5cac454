"""How often a running session repaints: each paint is a wake, a draw and a flush to the display,
and a session should cost almost nothing while the person lies there. Counted on a fake clock."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from stretchcoach.core.engine import SUSPEND_JUMP_SECONDS
from stretchcoach.core.plan import PhaseKind
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.widgets.exercise_figure import FRAME_STEPS
from stretchcoach.ui.widgets.progress_ring import ProgressRing
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
    through_phase(driver)
    assert ring.paints <= FRAME_STEPS + 2
    assert figure.paints <= FRAME_STEPS + 2
    assert ring.middles <= 2, "the rep's figure and label are painted once a beat"


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
def test_the_sweep_is_never_ahead_of_the_time_nor_a_step_behind(fraction: float, seconds: float) -> None:
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
    filled = bar.progress_bar.filled_width()
    layouts = LayoutCounter(window.session_page)
    strip = PaintCounter(bar.progress_bar)
    through_phase(driver)
    assert bar.time_label.text() != before
    moved = bar.progress_bar.filled_width() - filled
    assert moved > 10
    assert strip.paints <= moved + 1, "the session's progress strip repaints only as a pixel of it moves"
    # The label's text changed 60 times, twice a second the page was laid out again; now the
    # "up next" line under the ring appearing is all.
    assert layouts.requests <= 3
