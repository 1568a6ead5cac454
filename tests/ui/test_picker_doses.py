"""Doses chosen on the picker, with the keyboard: saved at once, planned at once, used next session."""

from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.doses import DoseKind
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import NEWER_FILE_NOTICE, Settings, load_settings
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.pages.picker import ROW_ROLE
from stretchcoach.ui.timer import ManualTimer
from stretchcoach.ui.widgets.dose_editor import DoseSpinBox
from stretchcoach.ui.widgets.routine_delegate import ENTRY_ROLE
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.fakes import RecordingVoice
from tests.ui.keys import focused, press

MAX_TABS = 40


def tab_to(qtbot: QtBot, widget: QWidget) -> int:
    """Tab through the window, as a user would, until `widget` has the keyboard; how many Tabs."""
    for presses in range(MAX_TABS):
        if focused() is widget:
            return presses
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName()!r}")


def type_text(qtbot: QtBot, text: str) -> None:
    for character in text:
        press(qtbot, Qt.Key(ord(character.upper())))


def editor(window: MainWindow, exercise_id: str, kind: DoseKind) -> DoseSpinBox:
    """The editor of one dose of the routine shown."""
    boxes = window.picker.details.exercises.spin_boxes
    return next(box for box in boxes if (box.choice.exercise_id, box.choice.kind) == (exercise_id, kind))


def hold_box(window: MainWindow, exercise_id: str = "knees-to-chest") -> DoseSpinBox:
    return editor(window, exercise_id, DoseKind.HOLD)


def listed_facts(window: MainWindow, routine_id: str) -> str:
    """The facts line the routine list paints for a routine."""
    picker = window.picker
    for number in range(picker.list.count()):
        item = picker.list.item(number)
        if item.data(ROW_ROLE).key == routine_id:
            return str(item.data(ENTRY_ROLE).facts)
    raise AssertionError(routine_id)


def test_a_hold_changed_with_the_arrows_updates_both_lengths_the_file_and_the_next_session(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    window.picker.select("five-stretches")
    box = hold_box(window)
    assert (box.value(), box.minimum(), box.maximum(), box.suffix()) == (60, 60, 180, " s")
    assert listed_facts(window, "five-stretches").startswith("12:25 ·")

    tab_to(qtbot, box)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)

    assert box.value() == 70
    assert focused() is box, "the editor keeps the keyboard while its routine is re-planned"
    assert listed_facts(window, "five-stretches").startswith("12:35 ·")
    assert window.picker.details.summary_label.text().startswith("12:35 ·")
    assert "1. Knees to chest — hold 70 s" in window.picker.details.exercises.text()
    assert load_settings().settings.holds == {"five-stretches": {"knees-to-chest": 70}}
    assert not window.controller.is_active

    window.picker.list.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    phase = window.controller.phase
    assert phase is not None and phase.seconds == 70


def test_the_editor_refuses_a_figure_outside_the_article_and_enter_there_does_not_start(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.picker.select("five-stretches")
    box = hold_box(window)
    tab_to(qtbot, box)

    type_text(qtbot, "30")
    press(qtbot, Qt.Key.Key_Return)
    assert box.value() == 60
    for _ in range(3):
        press(qtbot, Qt.Key.Key_PageUp)
    assert box.value() == 180
    press(qtbot, Qt.Key.Key_Up)
    assert box.value() == 180
    box.selectAll()
    type_text(qtbot, "999")
    press(qtbot, Qt.Key.Key_Return)

    assert box.value() <= 180
    assert not window.controller.is_active, "Enter in a dose commits the figure; it never starts a session"
    assert focused() is box
    chosen = load_settings().settings.holds["five-stretches"]["knees-to-chest"]
    assert 60 <= chosen <= 180


def test_enter_commits_a_typed_figure_and_a_second_enter_still_does_not_start(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.picker.select("five-stretches")
    box = hold_box(window, "forward-fold")
    tab_to(qtbot, box)

    type_text(qtbot, "125")
    assert load_settings().settings.holds == {}, "a half-typed figure is not saved"
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)

    assert box.value() == 125
    assert load_settings().settings.holds == {"five-stretches": {"forward-fold": 125}}
    assert not window.controller.is_active


def test_restoring_the_article_puts_back_every_dose_of_that_routine_only(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    settings = (
        Settings(safety_notice_seen=True)
        .with_dose("five-stretches", "knees-to-chest", hold=120)
        .with_dose("five-stretches", "crossovers", hold=90)
        .with_dose("quick-relief", "knees-to-chest", hold=90)
    )
    window = make_window(settings)
    window.picker.select("five-stretches")
    details = window.picker.details
    assert details.restore_button.isEnabled()
    assert listed_facts(window, "five-stretches").startswith("14:25 ·")

    tab_to(qtbot, details.restore_button)
    press(qtbot, Qt.Key.Key_Space)

    assert hold_box(window).value() == 60
    assert hold_box(window, "crossovers").value() == 60
    assert listed_facts(window, "five-stretches").startswith("12:25 ·")
    assert load_settings().settings.holds == {"quick-relief": {"knees-to-chest": 90}}
    assert not details.restore_button.isEnabled()
    assert isinstance(focused(), DoseSpinBox), "the keyboard stays with the doses, not lost with the button"


def test_alternating_reps_are_chosen_for_each_side(window: MainWindow, qtbot: QtBot) -> None:
    window.picker.select("physio-ten")
    box = editor(window, "bird-dog", DoseKind.REPS)
    assert box.accessibleName() == "Bird dog: Reps each leg"
    assert (box.value(), box.minimum(), box.maximum()) == (4, 4, 6)

    tab_to(qtbot, box)
    press(qtbot, Qt.Key.Key_Up)

    assert load_settings().settings.reps == {"physio-ten": {"bird-dog": 10}}
    assert "Bird dog — 5 reps each leg, alternating, hold 10 s each" in window.picker.details.exercises.text()


def test_a_dose_change_is_prepared_for_the_voice(window: MainWindow, voice: RecordingVoice) -> None:
    window.picker.select("five-stretches")
    hold_box(window).setValue(90)

    prepared = [plan for name, plan in voice.calls if isinstance(plan, Plan)]
    assert prepared[-1].routine.id == "five-stretches"
    holds = [p.seconds for p in prepared[-1].phases if p.kind is PhaseKind.HOLD]
    assert holds[0] == 90


def test_a_flare_up_is_shown_on_the_picker_and_the_session_bar(
    make_window: WindowFactory, qtbot: QtBot, clock: FakeClock, timer: ManualTimer
) -> None:
    window = make_window(Settings(safety_notice_seen=True, timing=PlanSettings(scale=0.7)))
    driver = Driver(clock, timer, window.controller)
    window.picker.select("five-stretches")
    details = window.picker.details

    assert details.flare_up_label.isVisible()
    assert details.flare_up_label.text() == "Flare-up: 70 % of the article's dose"
    lines = details.exercises.text().splitlines()
    assert lines[0] == "1. Knees to chest — hold 42 s (flare-up: below the article's 60 s)"
    assert hold_box(window).value() == 60, "the editor shows the user's choice; the scale applies on the day"

    press(qtbot, Qt.Key.Key_Return)
    bar = window.session_page.session_bar
    assert bar.flare_up_label.isVisible()
    assert bar.flare_up_label.text() == "Flare-up: 70 % of the article's dose"
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    phase = window.controller.phase
    assert phase is not None and phase.seconds == 42


def test_the_flare_up_badge_follows_the_scale_changed_elsewhere(window: MainWindow) -> None:
    """The settings dialog changes the scale through the same keeper; the picker follows."""
    window.picker.select("five-stretches")
    details = window.picker.details
    assert not details.flare_up_label.isVisible()
    timing = window.settings.settings.timing

    window.settings.update(timing=replace(timing, scale=0.5))

    assert details.flare_up_label.text() == "Flare-up: 50 % of the article's dose"
    assert details.flare_up_label.isVisible()
    assert "hold 30 s (flare-up: below the article's 60 s)" in details.exercises.text()
    assert not listed_facts(window, "five-stretches").startswith("12:25")

    window.settings.update(timing=replace(timing, scale=1.0))
    assert not details.flare_up_label.isVisible()
    assert listed_facts(window, "five-stretches").startswith("12:25 ·")


def test_an_ordinary_day_has_no_flare_up_on_the_session_bar(window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_Return)
    assert window.controller.is_active
    assert not window.session_page.session_bar.flare_up_label.isVisible()


def test_a_dose_out_of_range_in_the_file_is_reported_once_on_the_banner(
    make_window: WindowFactory,
) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {"version": 1, "safety_notice_seen": True, "holds": {"five-stretches": {"forward-fold": 30}}}
        ),
        encoding="utf-8",
    )
    loaded = load_settings()
    window = make_window(loaded.settings, loaded.notices)

    notice = (
        "Settings: the hold for Forward fold (Five stretches for a tight lower back) was 30 s; "
        "the article allows 60–180 s, so 60 s is used."
    )
    assert window.banner.notices == (notice,)
    assert hold_box(window, "forward-fold").value() == 60
    hold_box(window).setValue(90)  # re-planning after a change does not say it again
    assert window.banner.notices == (notice,)


def test_a_newer_settings_file_is_left_untouched_while_the_app_runs(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 99, "holds": {"five-stretches": {"knees-to-chest": 180}}}))
    before = path.read_bytes()
    loaded = load_settings()
    window = make_window(replace(loaded.settings, safety_notice_seen=True), loaded.notices)
    assert window.banner.notices == (NEWER_FILE_NOTICE,)

    window.picker.select("five-stretches")
    box = hold_box(window)
    assert box.value() == 60, "the defaults are used for now"
    tab_to(qtbot, box)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Return)
    window.picker.list.setFocus()
    press(qtbot, Qt.Key.Key_Return)

    assert window.controller.is_active, "the change and the session work for this run"
    assert path.read_bytes() == before
    assert sorted(entry.name for entry in path.parent.iterdir()) == [path.name]
    assert window.banner.notices == (NEWER_FILE_NOTICE,), "said once, not again at every change"


def test_story_set_knees_to_chest_to_90_s_with_the_keyboard_and_hold_it_for_90_s(
    make_window: WindowFactory, qtbot: QtBot, clock: FakeClock, timer: ManualTimer
) -> None:
    """Issue 8's "done when": from the window alone, with the keyboard alone."""
    window = make_window(Settings(safety_notice_seen=True, last_routine="physio-ten"))
    driver = Driver(clock, timer, window.controller)
    picker = window.picker
    picker.list.setFocus()
    assert focused() is picker.list

    press(qtbot, Qt.Key.Key_Home)  # the first routine: five stretches, knees to chest first
    assert (row := picker.selected_row()) is not None and row.key == "five-stretches"
    box = hold_box(window)
    assert tab_to(qtbot, box) <= 2, "the first dose comes next after the list (and its pane)"
    type_text(qtbot, "90")  # Tab selected the figure, so typing replaces it
    press(qtbot, Qt.Key.Key_Return)
    assert box.value() == 90
    assert "Knees to chest — hold 90 s" in picker.details.exercises.text()
    boxes = picker.details.exercises.spin_boxes
    assert tab_to(qtbot, picker.details.restore_button) == len(boxes), "then every dose in order"
    tab_to(qtbot, picker.start_button)
    press(qtbot, Qt.Key.Key_Return)

    assert window.controller.is_active
    driver.run_into(PhaseKind.HOLD, "Knees to chest")
    phase = window.controller.phase
    assert phase is not None and phase.seconds == 90
    assert phase.cues[0].text.endswith("Hold for 90 seconds.")
    driver.run_for(89)
    assert window.controller.phase is phase
    assert window.session_page.ring.text == "1"
    driver.run_for(1.5)
    assert window.controller.phase is not phase
    assert load_settings().settings.holds == {"five-stretches": {"knees-to-chest": 90}}
    assert QApplication.activeWindow() is window


def test_the_flare_up_line_leaves_the_session_readable_at_800x600(
    make_window: WindowFactory, qtbot: QtBot, clock: FakeClock, timer: ManualTimer
) -> None:
    window = make_window(Settings(safety_notice_seen=True, timing=PlanSettings(scale=0.7)), size=(800, 600))
    press(qtbot, Qt.Key.Key_Return)
    Driver(clock, timer, window.controller).run_into(PhaseKind.HOLD)

    page = window.session_page
    bar = page.session_bar
    assert bar.flare_up_label.isVisible()
    assert bar.progress_strip.width() > window.width() / 2, "the flare-up line does not squeeze the bar"
    assert bar.flare_up_label.width() >= bar.flare_up_label.sizeHint().width(), "nor is it clipped"
    for button in page.buttons.values():
        if button.isVisibleTo(page):
            assert page.rect().contains(button.geometry()), button.text()
