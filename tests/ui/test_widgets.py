"""The painted widgets: the ring's arc, digits and colours, text that fits its box, contrast in each theme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stretchcoach.core.plan import PhaseKind
from stretchcoach.ui import theme
from stretchcoach.ui.widgets.fitted_text import FittedText
from stretchcoach.ui.widgets.progress_ring import ProgressRing
from stretchcoach.ui.widgets.session_bar import SessionBar
from stretchcoach.ui.widgets.shortcut_button import ShortcutButton

LIGHT_WINDOW = QColor(239, 239, 239)


@pytest.fixture
def dark_app(qapp: QApplication) -> Iterator[QApplication]:
    light = qapp.palette()
    qapp.setPalette(theme.dark_palette())
    yield qapp
    qapp.setPalette(light)


def render(widget: ProgressRing) -> QImage:
    return widget.grab().toImage()


def close_to(first: QColor, second: QColor) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(first.getRgb()[:3], second.getRgb()[:3], strict=True))


@pytest.mark.parametrize("kind", list(PhaseKind))
def test_every_phase_colour_reads_on_light_and_dark(kind: PhaseKind) -> None:
    light = QPalette(LIGHT_WINDOW)
    dark = theme.dark_palette()
    assert theme.contrast(theme.phase_colour(kind, light), LIGHT_WINDOW) >= 4.5
    assert theme.contrast(theme.phase_colour(kind, dark), dark.color(QPalette.ColorRole.Window)) >= 4.5


def test_the_danger_and_accent_buttons_read() -> None:
    assert theme.contrast(theme.DANGER_BACKGROUND, theme.DANGER_TEXT) >= 4.5
    for palette in (QPalette(LIGHT_WINDOW), theme.dark_palette()):
        face, ink = theme.accent_colours(palette)
        assert theme.contrast(face, ink) >= 4.5


def test_the_arc_shows_the_time_left(qtbot: QtBot) -> None:
    ring = ProgressRing()
    qtbot.addWidget(ring)
    ring.resize(300, 300)
    ring.set_phase(PhaseKind.HOLD, "Hold")
    ring.set_progress(0.5, 30)
    image = render(ring)
    accent = ring.colour()
    thickness = 300 * 0.065
    left = image.pixelColor(QPoint(round(thickness / 2) + 2, 150))
    right = image.pixelColor(QPoint(300 - round(thickness / 2) - 2, 150))
    assert close_to(left, accent)
    assert close_to(right, theme.track_colour(ring.palette()))
    assert ring.text == "30"
    ring.set_progress(1.0, 0)
    assert not close_to(render(ring).pixelColor(QPoint(round(thickness / 2) + 2, 150)), accent)


def test_pausing_greys_the_ring_and_says_so(qtbot: QtBot) -> None:
    ring = ProgressRing()
    qtbot.addWidget(ring)
    ring.set_phase(PhaseKind.REST, "Rest")
    rest = ring.colour()
    ring.set_paused(True)
    assert ring.label == "Paused"
    assert ring.colour() != rest
    assert ring.colour().saturation() == 0
    assert ring.accessibleDescription() == "Paused: 0 seconds left"


@pytest.mark.parametrize("side", [200, 480, 1000])
@pytest.mark.parametrize("remaining", [9.0, 45.0, 180.0])
def test_the_digits_grow_with_the_ring_and_stay_inside_it(qtbot: QtBot, side: int, remaining: float) -> None:
    ring = ProgressRing()
    qtbot.addWidget(ring)
    ring.resize(side, side)
    ring.set_phase(PhaseKind.HOLD, "Hold")
    ring.set_progress(0.0, remaining)
    height = ring.digit_height()
    assert height >= 0.27 * side
    assert height <= 0.31 * side


def test_the_ring_follows_a_change_of_system_palette(qtbot: QtBot, dark_app: QApplication) -> None:
    ring = ProgressRing()
    qtbot.addWidget(ring)
    ring.set_phase(PhaseKind.HOLD, "Hold")
    window = ring.palette().color(QPalette.ColorRole.Window)
    assert theme.luminance(window) < 0.1
    assert theme.contrast(ring.colour(), window) >= 4.5
    assert theme.luminance(ring.colour()) > theme.luminance(
        theme.phase_colour(PhaseKind.HOLD, QPalette(LIGHT_WINDOW))
    )


def test_fitted_text_shrinks_long_text_but_keeps_its_height(qtbot: QtBot) -> None:
    view = FittedText(2)
    qtbot.addWidget(view)
    view.resize(400, 10)
    view.set_pixel_size(30)
    height = view.height()
    view.set_text("Two.")
    assert view.fitted_font().pixelSize() == 30
    view.set_text(
        "Lie beside an open doorway with one leg straight up the wall and the other through the door."
    )
    assert view.fitted_font().pixelSize() < 30
    assert view.height() == height
    assert view.accessibleDescription().startswith("Lie beside")


def test_a_shortcut_button_names_its_key(qtbot: QtBot) -> None:
    button = ShortcutButton("Pause", "Space")
    qtbot.addWidget(button)
    assert button.toolTip() == "Pause (Space)"
    assert button.accessibleDescription() == "Keyboard shortcut: Space"
    button.setText("Resume")
    assert button.accessibleName() == "Resume"
    assert button.sizeHint().height() > button.fontMetrics().height() * 1.5
    with qtbot.waitSignal(button.clicked, timeout=100):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_screen_reader_hears_how_much_of_the_session_is_done(qtbot: QtBot) -> None:
    bar = SessionBar()
    qtbot.addWidget(bar)
    strip = bar.progress_strip
    assert strip.accessibleName() == "Whole session progress"

    bar.set_time(0.0, 600.0)
    assert strip.accessibleDescription() == "0 % done: 0:00 done · 10:00 left"

    bar.set_time(30.4, 600.0)
    assert strip.accessibleDescription() == "5 % done: 0:30 done · 9:30 left"

    bar.set_time(600.0, 600.0)
    assert strip.accessibleDescription() == "100 % done: 10:00 done · 0:00 left"
