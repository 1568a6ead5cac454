"""The 0–10 pain question before and after a session, answered with keys as a keyboard sends them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stretchcoach.core.events import Outcome
from stretchcoach.core.plan import PhaseKind
from stretchcoach.storage.history import History
from stretchcoach.ui.main_window import MainWindow
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.keys import press


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window(ask_pain=True)


def ask_before(window: MainWindow, qtbot: QtBot, routine_id: str = "quick-relief") -> None:
    assert window.picker.select(routine_id)
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.pain_question
    assert QApplication.focusWidget() is window.pain_question.scale


@pytest.mark.parametrize(
    ("keys", "score"),
    [
        ((Qt.Key.Key_7,), 7),
        ((Qt.Key.Key_0,), 0),
        ((Qt.Key.Key_1, Qt.Key.Key_0), 10),
        ((Qt.Key.Key_1, Qt.Key.Key_Return), 1),
        ((Qt.Key.Key_S,), None),
        ((Qt.Key.Key_Escape,), None),
    ],
)
def test_one_key_answers_before_the_session_and_it_starts(
    window: MainWindow, qtbot: QtBot, keys: tuple[Qt.Key, ...], score: int | None
) -> None:
    ask_before(window, qtbot)
    for key in keys:
        press(qtbot, key)

    assert window.pages.currentWidget() is window.session_page
    session = window.controller.last_session
    assert session is not None and session.pain_before == score


def test_a_one_on_its_own_counts_after_a_moment(window: MainWindow, qtbot: QtBot) -> None:
    ask_before(window, qtbot)
    press(qtbot, Qt.Key.Key_1)
    assert window.pages.currentWidget() is window.pain_question, "waiting for a possible 0"
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.session_page, timeout=3000)
    session = window.controller.last_session
    assert session is not None and session.pain_before == 1


def test_space_and_enter_answer_nothing(window: MainWindow, qtbot: QtBot) -> None:
    ask_before(window, qtbot)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_X):
        press(qtbot, key)
    assert window.pages.currentWidget() is window.pain_question
    assert not window.controller.is_active


def test_the_big_buttons_answer_too_and_backspace_goes_back(window: MainWindow, qtbot: QtBot) -> None:
    ask_before(window, qtbot)
    press(qtbot, Qt.Key.Key_Backspace)
    assert window.pages.currentWidget() is window.picker and not window.controller.is_active
    ask_before(window, qtbot)
    qtbot.mouseClick(window.pain_question.scale.buttons[10], Qt.MouseButton.LeftButton)
    session = window.controller.last_session
    assert session is not None and session.pain_before == 10


def test_a_hands_free_start_asks_nothing(window: MainWindow) -> None:
    assert window.begin("quick-relief", start=True)
    assert window.pages.currentWidget() is window.session_page
    session = window.controller.last_session
    assert session is not None and session.pain_before is None


def finish(window: MainWindow, qtbot: QtBot, driver: Driver, before: Qt.Key) -> None:
    ask_before(window, qtbot)
    press(qtbot, before)
    driver.run_until(lambda: window.pages.currentWidget() is window.finish_page)
    assert window.finish_page.asking
    assert QApplication.focusWidget() is window.finish_page.pain_scale


def test_after_the_session_enter_and_space_wait_for_the_answer_then_a_note(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    finish(window, qtbot, driver, Qt.Key.Key_6)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        press(qtbot, key)
    assert window.pages.currentWidget() is window.finish_page and window.finish_page.asking

    press(qtbot, Qt.Key.Key_4)

    page = window.finish_page
    assert not page.asking and not page.worse_label.isVisibleTo(page)
    assert QApplication.focusWidget() is page.note_edit
    qtbot.keyClicks(page.note_edit, "Hips loosened up")
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.picker
    [record] = History().recent()
    assert (record.outcome, record.pain_before, record.pain_after, record.note) == (
        Outcome.FINISHED,
        6,
        4,
        "Hips loosened up",
    )


def test_pain_two_points_worse_after_gives_advice(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    finish(window, qtbot, driver, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_5)
    page = window.finish_page
    assert page.worse_label.isVisibleTo(page)
    assert "Flare-up" in page.worse_label.text() and "not a diagnosis" in page.worse_label.text()


def test_esc_skips_the_question_after_and_keeps_not_asked(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    finish(window, qtbot, driver, Qt.Key.Key_S)
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.finish_page.asking
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.picker
    [record] = History().recent()
    assert (record.pain_before, record.pain_after, record.note) == (None, None, "")


def test_it_hurts_shows_the_advice_first_then_asks(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    ask_before(window, qtbot)
    press(qtbot, Qt.Key.Key_2)
    driver.run_into(PhaseKind.HOLD)
    press(qtbot, Qt.Key.Key_H)
    assert window.pages.currentWidget() is window.pain_page
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.finish_page
    assert QApplication.focusWidget() is window.finish_page.pain_scale
    press(qtbot, Qt.Key.Key_8)
    assert window.finish_page.worse_label.isVisibleTo(window.finish_page)


@pytest.mark.parametrize("size", [(800, 600), (1280, 800)])
def test_the_eleven_buttons_fit_above_the_legend(
    make_window: WindowFactory, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window = make_window(ask_pain=True, size=size)
    ask_before(window, qtbot)
    scale = window.pain_question.scale
    qtbot.waitUntil(lambda: scale.buttons[0].height() >= 40)
    # The legend is laid out under the buttons (once the layout has caught up), not over them.
    qtbot.waitUntil(lambda: scale.legend.geometry().top() >= scale.buttons[10].geometry().bottom())
    assert scale.buttons[10].geometry().right() <= scale.width(), "the 10 is not clipped"
    assert min(button.width() for button in scale.buttons) >= 40
