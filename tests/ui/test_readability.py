"""Readable from the floor: the ring and its digits scale with the window, from 800×600 to 4K."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import PhaseKind
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.pages.session import INSTRUCTIONS_FLOOR
from stretchcoach.ui.timer import ManualTimer
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.keys import press


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("hold", [60, 180])
def test_the_ring_and_countdown_scale_with_the_window(
    make_window: WindowFactory,
    qtbot: QtBot,
    *,
    clock: FakeClock,
    timer: ManualTimer,
    size: tuple[int, int],
    hold: int,
) -> None:
    settings = Settings(safety_notice_seen=True).with_dose("five-stretches", "knees-to-chest", hold=hold)
    window = make_window(settings, size=size)
    window.picker.select("five-stretches")
    press(qtbot, Qt.Key.Key_Return)
    Driver(clock, timer, window.controller).run_into(PhaseKind.HOLD)
    page = window.session_page
    ring = page.ring
    assert len(ring.text) == len(str(hold))
    height = window.height()
    assert ring.diameter() >= 0.4 * height
    assert ring.digit_height() >= height / 6
    page_area = page.rect()
    for widget in (page.name_label, page.instructions_label, page.caption_view, ring, *page.buttons.values()):
        area = QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())
        assert page_area.contains(area), widget.accessibleName()
        assert widget.isVisible()


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080)])
def test_on_reps_the_big_figure_is_the_rep_the_voice_is_counting(
    make_window: WindowFactory, qtbot: QtBot, *, clock: FakeClock, timer: ManualTimer, size: tuple[int, int]
) -> None:
    """The voice says "Three. Breathe out — lift"; the ring must show 3, not the beat's seconds."""
    window = make_window(size=size)
    window.picker.select("core-strength")
    press(qtbot, Qt.Key.Key_Return)
    driver = Driver(clock, timer, window.controller)
    driver.run_into(PhaseKind.REP)
    ring = window.session_page.ring
    for _ in range(5):
        driver.run_for(3)
    phase = window.controller.phase
    assert phase is not None and phase.kind is PhaseKind.REP

    assert (ring.text, ring.count_text) == (str(phase.rep_index + 1), f"of {phase.rep_count}")
    assert ring.text == "3"
    assert ring.label == phase.label
    assert ring.digit_height() >= window.height() / 7
    assert ring.label_height() >= 0.025 * window.height()
    assert "Rep 3 of 8" in ring.accessibleDescription()


def test_after_the_reps_the_ring_counts_seconds_again(
    make_window: WindowFactory, qtbot: QtBot, *, clock: FakeClock, timer: ManualTimer
) -> None:
    window = make_window()
    window.picker.select("core-strength")
    press(qtbot, Qt.Key.Key_Return)
    driver = Driver(clock, timer, window.controller)
    driver.run_into(PhaseKind.REP)
    driver.run_into(PhaseKind.TRANSITION)

    ring = window.session_page.ring
    assert ring.count_text == ""
    assert ring.text == str(math.ceil(window.controller.remaining()))


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080)])
def test_instructions_are_never_below_the_floor_and_the_figure_keeps_a_third_of_the_page(
    make_window: WindowFactory, qtbot: QtBot, *, clock: FakeClock, timer: ManualTimer, size: tuple[int, int]
) -> None:
    """The buttock stretch has some of the longest instructions: they must not shrink the figure."""
    window = make_window(size=size)
    window.picker.select("physio-ten")
    press(qtbot, Qt.Key.Key_Return)
    Driver(clock, timer, window.controller).run_into(PhaseKind.HOLD, "Buttock stretch")
    page = window.session_page
    QApplication.processEvents()  # the layout settles, as it does before the next frame is shown

    assert "buttock" in page.instructions_label.text()
    assert page.instructions_label.pixel_size() >= round(INSTRUCTIONS_FLOOR * page.height() / 100)
    assert page.instructions_label.pixel_size() >= 0.028 * window.height()
    assert page.figure.height() >= page.height() / 3 - 1
    assert page.name_label.font().pixelSize() > page.instructions_label.pixel_size()
    if size != (800, 600):
        assert page.instructions_label.fits(), "shown whole from 1280×800 up"


def test_the_picker_grows_its_text_on_a_large_screen(make_window: WindowFactory) -> None:
    """At 1920×1080 the desktop's type sat small in a big window; it grows with the page now."""
    small = make_window(size=(1280, 800))
    name_at_default = small.picker.details.name_label.font().pointSizeF()
    start_at_default = small.picker.start_button.font().pointSizeF()

    large = make_window(size=(1920, 1080))

    assert large.picker.details.name_label.font().pointSizeF() >= 1.25 * name_at_default
    assert large.picker.start_button.font().pointSizeF() >= 1.25 * start_at_default
