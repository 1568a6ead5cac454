"""Readable from the floor: the ring and its digits scale with the window, from 800×600 to 4K."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import PhaseKind
from stretchcoach.storage.settings import Settings
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
