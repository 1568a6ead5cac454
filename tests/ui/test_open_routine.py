"""A second launch or the reminder's Start, given to the window already open: it brings the routine
forward without disturbing a question on screen, says plainly when the routine is not there, and
honours a second launch's --start and --fullscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stretchcoach.storage.settings import Settings
from stretchcoach.ui.main_window import MainWindow
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.keys import press
from tests.ui.test_pain_prompt import finish


def test_opening_a_routine_builds_no_page_it_does_not_show(make_window: WindowFactory) -> None:
    window = make_window()
    pages = window.pages.count()
    window.open_routine("quick-relief")
    assert window.pages.count() == pages
    selected = window.picker.selected_row()
    assert selected is not None and selected.key == "quick-relief"


def test_the_question_after_a_session_is_left_to_be_answered(
    make_window: WindowFactory, qtbot: QtBot, driver: Driver
) -> None:
    window: MainWindow = make_window(ask_pain=True)
    finish(window, qtbot, driver, Qt.Key.Key_6)
    window.open_routine("core-strength")
    assert window.pages.currentWidget() is window.finish_page and window.finish_page.asking
    press(qtbot, Qt.Key.Key_4)
    session = window.controller.last_session
    assert session is not None and session.pain_after == 4, "the answer still counts"


def test_a_routine_that_is_not_there_is_named_for_a_launch_or_a_reminder_alike(
    make_window: WindowFactory,
) -> None:
    window = make_window()
    window.open_routine("no-such-routine")
    assert any(
        notice.startswith("There is no routine “no-such-routine” that can run; choose one below")
        for notice in window.banner.notices
    )


def test_a_second_launch_with_start_starts_as_the_first_would(make_window: WindowFactory) -> None:
    window = make_window()
    window.open_routine("quick-relief", start=True)
    assert window.controller.is_active
    window.open_routine("core-strength", start=True)
    plan = window.controller.plan
    assert plan is not None and "Quick" in plan.routine.name, "a running session is left as it is"


def test_a_second_launch_with_start_waits_for_the_safety_notice(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(Settings(safety_notice_seen=False))
    window.begin()
    assert window.safety_dialog is not None
    window.open_routine("quick-relief", start=True)
    assert not window.controller.is_active
    window.safety_dialog.accept()
    assert window.controller.is_active


def test_a_second_launch_with_fullscreen_fills_the_screen(make_window: WindowFactory) -> None:
    window = make_window()
    window.open_routine("", fullscreen=True)
    assert window.isFullScreen()
