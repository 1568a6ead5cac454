"""The start page and what surrounds a session: first run, remembered choice, notices, bad files."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.engine import SessionState
from stretchcoach.core.plan import Plan
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.paths import user_routines_dir
from stretchcoach.storage.settings import LoadedSettings, Settings, load_settings
from stretchcoach.ui.launch import build_window, catalog_notices
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.pages.picker import ROW_ROLE
from tests.ui.conftest import WindowFactory, write_routine
from tests.ui.fakes import RecordingKeepAwake, RecordingVoice
from tests.ui.keys import activate, press


def test_the_picker_lists_every_routine_with_its_length_and_details(window: MainWindow) -> None:
    picker = window.picker
    keys = [row.key for row in picker.rows]
    assert keys == ["five-stretches", "physio-ten", "core-strength", "quick-relief"]
    assert picker.rows[0].summary() == "12:25 · 5 exercises · Lying on your back, standing, kneeling"
    picker.select("physio-ten")
    details = picker.details
    assert details.name_label.text() == "Ten exercises to loosen and strengthen the lower back"
    exercises = details.exercises.text().splitlines()
    assert len(exercises) == 10
    assert "8. Buttock stretch — hold 30 s, twice each side" in exercises
    assert details.source_label.text() == "A physical therapy guide to ten exercises for low back pain"
    assert details.safety_label.text().startswith("• ")
    assert details.description_label.isVisibleTo(details)


def test_the_routine_last_run_is_selected_and_starting_remembers_it(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(Settings(safety_notice_seen=True, last_routine="core-strength"))
    row = window.picker.selected_row()
    assert row is not None and row.key == "core-strength"
    window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    assert load_settings().settings.last_routine == "quick-relief"


def test_the_routine_selected_at_start_up_is_prepared_at_once(
    make_window: WindowFactory, voice: RecordingVoice
) -> None:
    make_window(Settings(safety_notice_seen=True, last_routine="physio-ten"))

    prepared = [plan.routine.id for name, plan in voice.calls if isinstance(plan, Plan)]
    assert prepared == ["physio-ten"]


def test_choosing_a_routine_lets_the_voice_prepare_it(window: MainWindow, voice: RecordingVoice) -> None:
    window.picker.select("core-strength")
    prepared = [plan.routine.id for name, plan in voice.calls if isinstance(plan, Plan)]
    assert prepared[-1] == "core-strength"
    window.picker.select("core-strength")
    assert [name for name, _ in voice.calls].count("prepare") == len(prepared)


def test_first_run_shows_the_safety_notice_and_can_hide_it_for_good(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(Settings())
    window.begin()
    dialog = window.safety_dialog
    assert dialog is not None and dialog.isVisible()
    for words in ("doctor", "Never bounce", "sharp pain", "It hurts"):
        assert words in dialog.text
    dialog.dont_show_again.setChecked(True)
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
    assert window.safety_dialog is None
    assert load_settings().settings.safety_notice_seen


def test_the_safety_notice_comes_back_unless_told_not_to(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(Settings())
    window.begin()
    dialog = window.safety_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    assert window.safety_dialog is None
    assert not load_settings().settings.safety_notice_seen


def test_a_hands_free_launch_starts_after_the_first_run_notice(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(Settings())
    assert window.begin("core-strength", start=True)
    assert window.controller.state is SessionState.IDLE
    dialog = window.safety_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
    assert window.controller.state is SessionState.RUNNING
    assert window.pages.currentWidget() is window.session_page


def test_dismissing_the_first_run_notice_does_not_start_a_hands_free_session(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(Settings())
    window.begin("core-strength", start=True)
    dialog = window.safety_dialog
    assert dialog is not None
    activate(qtbot, dialog)

    press(qtbot, Qt.Key.Key_Escape)

    assert window.safety_dialog is None
    assert window.controller.state is SessionState.IDLE
    assert window.pages.currentWidget() is not window.session_page


def test_a_hands_free_launch_starts_at_once_once_the_notice_was_seen(window: MainWindow) -> None:
    assert window.begin("quick-relief", start=True)
    assert window.safety_dialog is None
    assert window.controller.state is SessionState.RUNNING
    assert window.controller.plan is not None and window.controller.plan.routine.id == "quick-relief"


def test_an_unknown_routine_is_reported_and_nothing_starts(window: MainWindow) -> None:
    assert not window.begin("no-such-routine", start=True)
    assert window.controller.state is SessionState.IDLE
    assert any("no-such-routine" in notice for notice in window.banner.notices)
    assert window.banner.isVisible()


def test_a_routine_name_with_markup_is_shown_literally(make_window: WindowFactory, qtbot: QtBot) -> None:
    write_routine("<b>html</b> routine")
    window = make_window()
    row = window.picker.row("mine")
    assert row is not None and row.title == "<b>html</b> routine"
    window.picker.select("mine")
    details = window.picker.details.name_label
    assert details.text() == "<b>html</b> routine"
    assert details.textFormat() is Qt.TextFormat.PlainText
    press(qtbot, Qt.Key.Key_Return)
    window.controller.stop()
    assert window.finish_page.routine_label.text() == "<b>html</b> routine"
    assert window.finish_page.routine_label.textFormat() is Qt.TextFormat.PlainText


def test_every_label_is_plain_text(window: MainWindow, qtbot: QtBot) -> None:
    window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    labels = window.findChildren(QLabel)
    assert len(labels) >= 15
    rich = [
        label.objectName() or label.text()[:30]
        for label in labels
        if label.textFormat() != Qt.TextFormat.PlainText
    ]
    assert rich == []


def test_a_broken_routine_file_is_listed_with_its_problems_but_cannot_start(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.toml").write_text('format = 1\nid = "broken"\nname = 5\n', encoding="utf-8")
    window = make_window(notices=tuple(catalog_notices(load_catalog())))
    picker = window.picker
    row = picker.list.item(picker.list.count() - 1).data(ROW_ROLE)
    assert row.title == "broken.toml"
    assert not row.runnable
    assert any(problem.startswith("name:") for problem in row.problems)
    assert any("broken.toml" in notice for notice in window.banner.notices)
    assert not picker.select(row.key)
    assert picker.details.name_label.text() == "broken.toml"
    assert picker.details.source_label.text() == str(folder / "broken.toml")
    assert all(problem in picker.details.description_label.text() for problem in row.problems)
    assert not picker.start_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert window.controller.state is SessionState.IDLE


def test_notices_appear_in_the_banner_without_stopping_anything(
    make_window: WindowFactory, voice: RecordingVoice, qtbot: QtBot
) -> None:
    window = make_window(notices=("Your settings file was damaged; the defaults are used.",))
    assert window.banner.isVisible()
    window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    assert voice.listener is not None
    voice.listener("The voice is off: espeak-ng is missing.")
    qtbot.waitUntil(lambda: len(window.banner.notices) == 2)
    assert window.banner.notices == (
        "Your settings file was damaged; the defaults are used.",
        "The voice is off: espeak-ng is missing.",
    )
    assert window.controller.state is SessionState.RUNNING
    qtbot.mouseClick(window.banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()


def test_a_voice_that_is_off_says_why_in_the_banner(qtbot: QtBot) -> None:
    voice = CaptionsOnlyVoice("The voice is off: no sound device was found. Captions carry on.")
    window = build_window(
        LoadedSettings(Settings(safety_notice_seen=True)),
        load_catalog(),
        History(),
        FakeClock(),
        voice,
        inhibitor=RecordingKeepAwake(),
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(window.banner.notices))
    assert window.banner.notices == ("The voice is off: no sound device was found. Captions carry on.",)
