"""The session as a person uses it: start, watch the ring, pause, skip, stop, say it hurts."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import SessionState
from stretchcoach.core.events import Outcome
from stretchcoach.core.plan import PhaseKind
from stretchcoach.storage.history import History
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.pages.session import PAUSED_TEXT, WELCOME_BACK_TEXT
from stretchcoach.ui.timer import ManualTimer
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.fakes import RecordingKeepAwake, RecordingVoice
from tests.ui.keys import press


def start(window: MainWindow, qtbot: QtBot, routine_id: str = "five-stretches") -> None:
    assert window.picker.select(routine_id)
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.session_page


def test_clicking_start_begins_the_selected_routine(window: MainWindow, qtbot: QtBot) -> None:
    window.picker.select("core-strength")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.session_page
    assert window.controller.state is SessionState.RUNNING
    assert window.controller.plan is not None and window.controller.plan.routine.id == "core-strength"
    assert window.session_page.name_label.text() == "Bridge"


def test_enter_starts_the_selected_routine(window: MainWindow, qtbot: QtBot) -> None:
    window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Enter)
    assert window.controller.state is SessionState.RUNNING
    assert window.controller.plan is not None and window.controller.plan.routine.id == "quick-relief"


def test_the_ring_and_countdown_follow_the_engine(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    start(window, qtbot)
    ring = window.session_page.ring
    engine = window.controller.engine
    assert engine is not None
    driver.run_into(PhaseKind.HOLD)
    for seconds in (0.4, 12.3, 29.0, 17.1):
        driver.run_for(seconds)
        remaining = engine.remaining()
        assert ring.remaining == pytest.approx(remaining)
        # The sweep moves a quarter second at a time: the last quarter reached, never ahead.
        swept_left = (1 - ring.fraction) * engine.phase.seconds
        assert swept_left == pytest.approx(math.ceil(remaining * 4) / 4)
        assert ring.text == str(math.ceil(remaining))
    assert ring.label == "Hold"
    assert driver.timer.interval is not None and driver.timer.interval <= 250


def test_a_two_sided_exercise_shows_switch_sides_then_the_other_side(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    page = window.session_page
    driver.run_into(PhaseKind.HOLD, "Crossovers")
    assert page.name_label.text() == "Crossovers"
    assert page.where_label.text() == "Right leg"
    driver.run_into(PhaseKind.SWITCH_SIDE, "Crossovers")
    assert page.ring.label == "Switch sides"
    assert page.ring.kind is PhaseKind.SWITCH_SIDE
    assert page.where_label.text() == "Left leg"
    assert page.caption_view.text == "Release. Switch sides. Now your left leg."
    driver.run_into(PhaseKind.HOLD, "Crossovers")
    assert page.ring.label == "Hold"
    assert page.where_label.text() == "Left leg"


def test_space_pauses_and_resumes_with_the_same_time_left(
    window: MainWindow, qtbot: QtBot, driver: Driver, keep_awake: RecordingKeepAwake
) -> None:
    start(window, qtbot)
    page = window.session_page
    driver.run_into(PhaseKind.HOLD)
    driver.run_for(7.25)
    press(qtbot, Qt.Key.Key_Space)
    assert window.controller.state is SessionState.PAUSED
    left = window.controller.remaining()
    assert page.ring.label == "Paused"
    assert page.status_view.text == PAUSED_TEXT
    assert page.pause_button.text() == "Resume"
    assert not driver.timer.armed
    driver.clock.advance(300)
    press(qtbot, Qt.Key.Key_Space)
    assert window.controller.state is SessionState.RUNNING
    assert window.controller.remaining() == pytest.approx(left)
    assert page.ring.remaining == pytest.approx(left)
    assert page.ring.label == "Hold"
    assert page.pause_button.text() == "Pause"
    assert keep_awake.states == [True, False, True]


def test_a_laptop_waking_from_sleep_finds_the_session_paused(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    driver.run_for(5)
    left = window.controller.remaining()
    driver.clock.advance(45 * 60)
    driver.timer.fire()
    assert window.controller.state is SessionState.PAUSED
    assert window.session_page.status_view.text == WELCOME_BACK_TEXT
    assert window.controller.remaining() == pytest.approx(left, abs=0.1)


def test_arrow_keys_move_between_exercises(
    window: MainWindow, qtbot: QtBot, driver: Driver, voice: RecordingVoice
) -> None:
    start(window, qtbot)
    page = window.session_page
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    press(qtbot, Qt.Key.Key_Right)
    assert page.name_label.text() == "Forward fold"
    assert page.session_bar.exercise_label.text() == "Exercise 2 of 5"
    assert voice.names()[-2:] == ["silence", "on_cue_due"]
    assert voice.cues()[-1] == "Release. Next: Forward fold. Slowly come up to standing."
    press(qtbot, Qt.Key.Key_Right)
    phase = window.controller.phase
    assert phase is not None and phase.kind is PhaseKind.HOLD and phase.exercise_name == "Forward fold"
    press(qtbot, Qt.Key.Key_Right)
    assert page.name_label.text() == "Child's pose"
    press(qtbot, Qt.Key.Key_Left)
    assert page.name_label.text() == "Forward fold"
    press(qtbot, Qt.Key.Key_Left)
    assert page.name_label.text() == "Knees to chest"
    assert page.session_bar.exercise_label.text() == "Exercise 1 of 5"
    assert window.controller.state is SessionState.RUNNING


def test_r_restarts_the_exercise_and_a_says_it_again(
    window: MainWindow, qtbot: QtBot, driver: Driver, voice: RecordingVoice
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD, "Forward fold")
    press(qtbot, Qt.Key.Key_R)
    phase = window.controller.phase
    assert phase is not None and phase.kind is PhaseKind.PREPARE and phase.exercise_name == "Forward fold"
    press(qtbot, Qt.Key.Key_A)
    how_to = phase.cues[0].text
    assert voice.said()[-1] == (how_to,)
    assert window.session_page.caption_view.text == how_to


def test_esc_asks_first_and_then_stops(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD, "Forward fold")
    press(qtbot, Qt.Key.Key_Escape)
    assert window.stop_prompt.isVisible()
    assert window.controller.state is SessionState.PAUSED
    qtbot.mouseClick(window.stop_prompt.stop_button, Qt.MouseButton.LeftButton)
    assert window.controller.state is SessionState.STOPPED
    assert window.pages.currentWidget() is window.finish_page
    assert window.finish_page.heading_label.text() == "Session stopped"
    assert "Stopped during: Forward fold" in window.finish_page.summary_label.text()
    [record] = History().recent()
    assert record.outcome is Outcome.STOPPED
    assert record.stopped_exercise == "Forward fold"
    assert record.completed == 1


def test_esc_then_keep_going_resumes_where_it_was(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    driver.run_for(3)
    left = window.controller.remaining()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.asking_to_stop
    driver.clock.advance(20)
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.session_page
    assert window.controller.state is SessionState.RUNNING
    assert window.controller.remaining() == pytest.approx(left)
    assert [entry.outcome for entry in History().recent()] == [None], "still running, not ended"


def open_stop_prompt(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    """A session held for a moment, then Esc: the prompt that asks before stopping."""
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    press(qtbot, Qt.Key.Key_Escape)
    assert window.asking_to_stop


def test_space_in_the_stop_prompt_carries_on_as_the_screen_says(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    open_stop_prompt(window, qtbot, driver)

    press(qtbot, Qt.Key.Key_Space)

    assert window.pages.currentWidget() is window.session_page
    assert window.controller.state is SessionState.RUNNING


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Escape])
def test_carrying_on_from_the_stop_prompt_works_whatever_had_focus(
    window: MainWindow, qtbot: QtBot, driver: Driver, key: Qt.Key
) -> None:
    """Under a window manager a dialog's default button took focus and Space pressed it."""
    open_stop_prompt(window, qtbot, driver)
    window.stop_prompt.stop_button.setFocus()

    press(qtbot, key)

    assert window.controller.state is SessionState.RUNNING
    assert [entry.outcome for entry in History().recent()] == [None], "still running, not ended"


def test_no_button_of_the_stop_prompt_can_hold_the_keyboard(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    open_stop_prompt(window, qtbot, driver)

    for _ in range(4):
        press(qtbot, Qt.Key.Key_Tab)
        assert window.controller.state is SessionState.PAUSED

    assert not any(
        button.hasFocus()
        for button in (
            window.stop_prompt.keep_button,
            window.stop_prompt.stop_button,
            window.stop_prompt.hurt_button,
        )
    )


def test_a_session_paused_before_esc_stays_paused_after_keep_going(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD)
    press(qtbot, Qt.Key.Key_Space)
    assert window.controller.state is SessionState.PAUSED

    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)

    assert window.pages.currentWidget() is window.session_page
    assert window.controller.state is SessionState.PAUSED


def test_the_session_keys_do_nothing_while_the_stop_prompt_asks(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    open_stop_prompt(window, qtbot, driver)
    phase = window.controller.phase

    for key in (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_R):
        press(qtbot, key)

    assert window.asking_to_stop
    assert window.controller.phase == phase
    assert window.controller.state is SessionState.PAUSED


def test_s_in_the_stop_prompt_stops(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    open_stop_prompt(window, qtbot, driver)

    press(qtbot, Qt.Key.Key_S)

    assert window.controller.state is SessionState.STOPPED
    assert window.pages.currentWidget() is window.finish_page


def test_enter_in_the_stop_prompt_stops(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    open_stop_prompt(window, qtbot, driver)

    press(qtbot, Qt.Key.Key_Return)

    assert window.controller.state is SessionState.STOPPED
    assert History().recent()[0].outcome is Outcome.STOPPED


def test_h_in_the_stop_prompt_still_means_it_hurts(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    open_stop_prompt(window, qtbot, driver)

    press(qtbot, Qt.Key.Key_H)

    assert window.controller.state is SessionState.STOPPED
    assert History().recent()[0].outcome is Outcome.PAIN
    assert window.pages.currentWidget() is window.pain_page


def test_it_hurts_stops_at_once_records_it_and_shows_the_advice(
    window: MainWindow, qtbot: QtBot, driver: Driver, keep_awake: RecordingKeepAwake
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD, "Crossovers")
    qtbot.mouseClick(window.session_page.hurt_button, Qt.MouseButton.LeftButton)
    assert window.controller.state is SessionState.STOPPED
    assert not window.asking_to_stop
    page = window.pain_page
    assert window.pages.currentWidget() is page and page.isVisible()
    for words in ("during Crossovers", "sharp", "doctor", "numbness", "weakness", "bladder", "fall", "fever"):
        assert words in page.text
    assert window.finish_page.heading_label.text() == "Stopped because it hurt"
    [record] = History().recent()
    assert record.outcome is Outcome.PAIN
    assert record.stopped_exercise == "Crossovers"
    assert not keep_awake.inhibited


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (1920, 1080)])
def test_the_pain_advice_is_large_and_can_be_read_again_from_the_summary(
    make_window: WindowFactory, qtbot: QtBot, clock: FakeClock, timer: ManualTimer, size: tuple[int, int]
) -> None:
    window = make_window(size=size)
    press(qtbot, Qt.Key.Key_Return)
    Driver(clock, timer, window.controller).run_into(PhaseKind.HOLD)
    press(qtbot, Qt.Key.Key_H)
    page = window.pain_page
    assert window.pages.currentWidget() is page
    body = [
        label for label in page.findChildren(QLabel) if label.isVisible() and label is not page.title_label
    ]
    assert body and min(label.font().pixelSize() for label in body) >= 0.03 * window.height()

    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.finish_page
    assert window.finish_page.advice_button.isVisible()
    press(qtbot, Qt.Key.Key_H)
    assert window.pages.currentWidget() is page
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.picker


def test_a_plain_stop_offers_no_pain_advice(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    open_stop_prompt(window, qtbot, driver)
    press(qtbot, Qt.Key.Key_Return)

    assert window.pages.currentWidget() is window.finish_page
    assert not window.finish_page.advice_button.isVisible()
    press(qtbot, Qt.Key.Key_H)
    assert window.pages.currentWidget() is window.finish_page


def test_the_h_key_is_it_hurts(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    start(window, qtbot)
    driver.run_for(2)
    press(qtbot, Qt.Key.Key_H)
    assert window.pages.currentWidget() is window.pain_page
    [record] = History().recent()
    assert record.outcome is Outcome.PAIN
    assert record.stopped_exercise == "Knees to chest"


def test_a_whole_session_ends_on_the_summary_and_done_goes_back(
    window: MainWindow, qtbot: QtBot, driver: Driver, keep_awake: RecordingKeepAwake
) -> None:
    start(window, qtbot, "quick-relief")
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    press(qtbot, Qt.Key.Key_Right)
    driver.run_until(lambda: window.pages.currentWidget() is window.finish_page)
    finish = window.finish_page
    assert finish.heading_label.text() == "Well done!"
    assert finish.routine_label.text() == "Quick relief, four moves on your back"
    assert "Exercises done: 3 of 4" in finish.summary_label.text()
    assert "Skipped: Knees to chest" in finish.summary_label.text()
    [record] = History().recent()
    assert record.outcome is Outcome.FINISHED
    assert (record.completed, record.skipped) == (3, 1)
    assert keep_awake.states[-1] is False
    assert not driver.timer.armed
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.picker


def test_up_next_shows_in_the_last_seconds_of_an_exercise(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    page = window.session_page
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    driver.run_for(45)
    assert page.status_view.text == ""
    driver.run_for(6)
    assert page.status_view.text == "Up next: Forward fold"
    driver.run_into(PhaseKind.TRANSITION, "Forward fold")
    assert page.status_view.text == ""


def test_captions_show_every_spoken_cue(
    window: MainWindow, qtbot: QtBot, driver: Driver, voice: RecordingVoice
) -> None:
    shown: list[str] = []
    window.controller.caption.connect(shown.append)
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD, "Forward fold")
    assert len(shown) > 10
    assert shown == voice.cues()
    assert window.session_page.caption_view.text == "Hold for 60 seconds."


def test_a_caption_clears_once_read_instead_of_lingering_to_the_end_of_a_hold(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    start(window, qtbot)
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    driver.run_for(30.5)
    assert window.session_page.caption_view.text == "Halfway."

    driver.run_for(22)

    assert window.session_page.caption_view.text == ""
    driver.run_for(5)
    assert window.session_page.caption_view.text in {"Three.", "Two.", "One."}


def test_closing_the_window_mid_session_records_it(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    start(window, qtbot)
    driver.run_for(30)
    window.close()
    [record] = History().recent()
    assert record.outcome is Outcome.STOPPED


def test_f11_toggles_full_screen(window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_F11)
    assert window.isFullScreen()
    start(window, qtbot)
    qtbot.mouseClick(
        window.session_page.buttons[window.session_page.fullscreen_action], Qt.MouseButton.LeftButton
    )
    assert not window.isFullScreen()
