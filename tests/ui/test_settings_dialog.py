"""The settings dialog: opened from the keyboard, every page changing a plan, the voice or the look,
saved as it changes, and each page put back to its defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.core.plan import PhaseKind, Plan
from stretchcoach.core.plan_settings import PlanSettings
from stretchcoach.core.voice_options import CoachingMode, VoiceOptions
from stretchcoach.speech.renderer_protocol import VoiceInfo
from stretchcoach.storage.paths import settings_file
from stretchcoach.storage.settings import DisplayOptions, Settings, Theme, load_settings, save_settings
from stretchcoach.ui.appearance import apply_theme
from stretchcoach.ui.dialogs.settings import SettingsDialog
from stretchcoach.ui.dialogs.settings.dialog import PAUSED_NOTE
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.settings_keeper import SettingsKeeper
from stretchcoach.ui.timer import ManualTimer
from tests.ui.conftest import Driver, WindowFactory
from tests.ui.fakes import RecordingVoice
from tests.ui.keys import activate, focused, press

CTRL = Qt.KeyboardModifier.ControlModifier
LAUNCH_AND_LOOK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from stretchcoach.ui.launch import launch
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.settings_keeper import SettingsKeeper
from stretchcoach.ui.timer import ManualTimer

app = QApplication(sys.argv[:1])

def look():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            colour = QApplication.palette().color(QPalette.ColorRole.Window)
            print(window.isFullScreen(), colour.lightnessF() < 0.3, flush=True)
    app.quit()

QTimer.singleShot(300, look)
sys.exit(launch())
"""


@pytest.fixture(autouse=True)
def system_theme() -> Iterator[None]:
    """The palette is the application's, shared by every test: a test that darkens it puts it back."""
    yield
    apply_theme(Theme.SYSTEM)


def open_settings(window: MainWindow, qtbot: QtBot) -> SettingsDialog:
    press(qtbot, Qt.Key.Key_Comma, CTRL)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    activate(qtbot, dialog)
    return dialog


def tab_to(qtbot: QtBot, widget: QWidget, limit: int = 8) -> None:
    """Press Tab until `widget` has the keyboard, as someone who cannot use a mouse would."""
    for _ in range(limit):
        if focused() is widget:
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is widget, f"{limit} presses of Tab never reached {widget.accessibleName() or widget}"


def rest_phases(plan: Plan | None) -> list[float]:
    assert plan is not None
    return [phase.seconds for phase in plan.phases if phase.kind is PhaseKind.REST]


def voice_options(voice: RecordingVoice) -> list[VoiceOptions]:
    return [
        options
        for name, options in voice.calls
        if name == "set_options" and isinstance(options, VoiceOptions)
    ]


def test_ctrl_comma_on_the_picker_opens_the_settings_and_esc_closes_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.picker.list.setFocus()
    assert focused() is window.picker.list

    dialog = open_settings(window, qtbot)

    assert dialog.windowTitle() == "Settings"
    assert focused() is dialog.page_list
    assert [page.title for page in dialog.pages] == ["Session", "Voice", "Display", "Reminders", "Safety"]
    assert not dialog.paused_note.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.settings_dialog is None
    assert not dialog.isVisible()


def test_opening_the_settings_and_looking_through_them_changes_nothing(
    make_window: WindowFactory, qtbot: QtBot, voice: RecordingVoice
) -> None:
    chosen = Settings(
        timing=PlanSettings(rest_seconds=25, tempo_seconds=4.5, scale=0.8),
        voice=VoiceOptions(voice="gmw/en", rate=130, volume=0.35, mode=CoachingMode.BRIEF, ticks=True),
        display=DisplayOptions(Theme.LIGHT, start_fullscreen=True, text_scale=1.2),
        safety_notice_seen=True,
    )
    window = make_window(chosen)
    dialog = open_settings(window, qtbot)
    for page in dialog.pages:
        dialog.show_page(page)
    press(qtbot, Qt.Key.Key_Escape)

    assert window.settings.settings == chosen
    assert not settings_file().exists()
    assert "set_options" not in voice.names()


def test_the_picker_has_a_settings_button_beside_start(window: MainWindow, qtbot: QtBot) -> None:
    button = window.picker.settings_button
    assert button.isVisible() and button.text() == "Settings" and button.key == "Ctrl+,"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.settings_dialog is not None and window.settings_dialog.isVisible()


def test_rest_between_sets_changes_the_routine_length_and_the_next_plan(
    window: MainWindow, qtbot: QtBot
) -> None:
    before = window.picker.row("physio-ten")
    assert before is not None and before.plan is not None
    assert rest_phases(before.plan) == [10.0] * 4
    dialog = open_settings(window, qtbot)

    dialog.session_page.boxes["rest_seconds"].setValue(20)

    after = window.picker.row("physio-ten")
    assert after is not None and after.plan is not None
    assert after.plan.total_seconds == before.plan.total_seconds + 4 * 10
    assert rest_phases(after.plan) == [20.0] * 4
    assert load_settings().settings.timing.rest_seconds == 20
    press(qtbot, Qt.Key.Key_Escape)
    activate(qtbot, window)
    assert window.picker.select("physio-ten")
    press(qtbot, Qt.Key.Key_Return)
    assert rest_phases(window.controller.plan) == [20.0] * 4


def test_the_flare_up_scale_shortens_the_next_plan(window: MainWindow, qtbot: QtBot) -> None:
    before = window.picker.row("five-stretches")
    assert before is not None and before.plan is not None
    dialog = open_settings(window, qtbot)

    dialog.session_page.scale_box.setValue(70)

    assert load_settings().settings.timing.scale == pytest.approx(0.7)
    after = window.picker.row("five-stretches")
    assert after is not None and after.plan is not None
    assert after.plan.total_seconds < before.plan.total_seconds
    assert dialog.session_page.scale_box.minimum() == 50 and dialog.session_page.scale_box.maximum() == 100


def test_every_timing_is_held_to_its_bounds(window: MainWindow, qtbot: QtBot) -> None:
    page = open_settings(window, qtbot).session_page
    limits = {name: (box.minimum(), box.maximum()) for name, box in page.boxes.items()}
    assert limits == {
        "rest_seconds": (3, 300),
        "prepare_seconds": (5, 120),
        "transition_seconds": (3, 120),
        "switch_seconds": (3, 120),
        "tempo_seconds": (1.5, 8.0),
    }


def test_the_voice_rate_reaches_the_voice_at_once(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice
) -> None:
    page = open_settings(window, qtbot).voice_page

    page.rate_box.setValue(200)

    assert voice_options(voice)[-1] == VoiceOptions(rate=200)
    assert load_settings().settings.voice.rate == 200


def test_every_voice_control_changes_the_voice(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice
) -> None:
    page = open_settings(window, qtbot).voice_page

    page.enabled_box.setChecked(False)
    page.voice_box.setCurrentIndex(page.voice_box.findData("gmw/en-US"))
    page.volume_slider.setValue(40)
    page.mode_box.setCurrentIndex(page.mode_box.findData(CoachingMode.BRIEF))
    page.ticks_box.setChecked(True)

    wanted = VoiceOptions(enabled=False, voice="gmw/en-US", volume=0.4, mode=CoachingMode.BRIEF, ticks=True)
    assert voice_options(voice)[-1] == wanted
    assert load_settings().settings.voice == wanted
    assert page.volume_label.text() == "40 %"


def test_voices_are_listed_by_name_english_first(window: MainWindow, qtbot: QtBot) -> None:
    box = open_settings(window, qtbot).voice_page.voice_box
    shown = [box.itemText(index) for index in range(box.count())]
    assert shown == [
        "Default English voice",
        "English (America)",
        "English (Great Britain)",
        "",  # the separator between English and the other languages
        "French (France)",
        "German",
    ]
    assert box.currentData() == ""


def test_voices_listed_a_moment_after_the_dialog_opens_are_shown_when_they_come(qtbot: QtBot) -> None:
    """The speech engine lists its voices once its worker has started; the page asks again."""

    class StartingVoice(RecordingVoice):
        def __init__(self) -> None:
            super().__init__()
            self.started = False

        def voices(self) -> tuple[VoiceInfo, ...]:
            return super().voices() if self.started else ()

    starting = StartingVoice()
    keeper = SettingsKeeper(Settings(voice=VoiceOptions(voice="gmw/en-US")))
    dialog = SettingsDialog(keeper, starting)
    qtbot.addWidget(dialog)
    box = dialog.voice_page.voice_box
    assert box.count() == 2 and box.currentText() == "gmw/en-US"  # kept while the list is not there yet

    starting.started = True

    qtbot.waitUntil(lambda: box.currentText() == "English (America)", timeout=2000)
    assert box.count() == 6
    assert keeper.settings.voice.voice == "gmw/en-US"


def test_a_saved_voice_the_engine_lacks_is_kept_not_lost(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(Settings(safety_notice_seen=True, voice=VoiceOptions(voice="gmw/en-GB-x-rp")))
    box = open_settings(window, qtbot).voice_page.voice_box
    assert box.currentData() == "gmw/en-GB-x-rp"


def test_the_test_button_says_a_sample_line(window: MainWindow, qtbot: QtBot, voice: RecordingVoice) -> None:
    page = open_settings(window, qtbot).voice_page
    page.rate_box.setValue(120)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert voice.names()[-2:] == ["set_options", "test_voice"]
    assert voice_options(voice)[-1].rate == 120


def test_a_voice_that_stopped_working_is_said_and_cannot_be_tested(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice
) -> None:
    voice.off_reason = "the sound device refused a clip"
    dialog = open_settings(window, qtbot)
    dialog.show_page(dialog.voice_page)
    page = dialog.voice_page
    assert page.status_label.isVisible()
    assert "the sound device refused a clip" in page.status_label.text()
    assert not page.test_button.isEnabled()
    page.rate_box.setValue(140)
    assert load_settings().settings.voice.rate == 140


def test_without_any_speech_the_voice_page_says_captions_carry_the_session(qtbot: QtBot) -> None:
    keeper = SettingsKeeper(Settings())
    dialog = SettingsDialog(keeper, None)
    qtbot.addWidget(dialog)
    dialog.show_page(dialog.voice_page)
    dialog.show()
    page = dialog.voice_page
    assert page.status_label.isVisible() and "captions" in page.status_label.text()
    assert not page.test_button.isEnabled()
    assert [page.voice_box.itemText(index) for index in range(page.voice_box.count())] == [
        "Default English voice"
    ]


def test_the_display_page_changes_the_theme_and_the_text_size(window: MainWindow, qtbot: QtBot) -> None:
    page = open_settings(window, qtbot).display_page
    heading = window.picker.heading.font().pointSizeF()
    name = window.session_page.name_label.font().pixelSize()

    page.theme_box.setCurrentIndex(page.theme_box.findData(Theme.DARK))
    page.text_box.setValue(130)
    page.fullscreen_box.setChecked(True)

    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightnessF() < 0.3
    assert window.picker.heading.font().pointSizeF() == pytest.approx(heading * 1.3)
    assert window.session_page.name_label.font().pixelSize() > name
    assert load_settings().settings.display == DisplayOptions(
        Theme.DARK, start_fullscreen=True, text_scale=1.3
    )


def test_the_safety_page_shows_the_notice_again(window: MainWindow, qtbot: QtBot) -> None:
    page = open_settings(window, qtbot).safety_page
    assert not page.at_start_box.isChecked()

    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    notice = window.safety_dialog
    assert notice is not None and notice.isVisible()
    notice.accept()
    assert window.safety_dialog is None
    assert window.settings.settings.safety_notice_seen is True

    page.at_start_box.setChecked(True)
    assert load_settings().settings.safety_notice_seen is False

    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    notice = window.safety_dialog
    assert notice is not None
    notice.dont_show_again.setChecked(True)
    notice.accept()
    assert load_settings().settings.safety_notice_seen is True
    assert not page.at_start_box.isChecked()


def test_restore_defaults_puts_back_each_page_alone(
    make_window: WindowFactory, qtbot: QtBot, voice: RecordingVoice
) -> None:
    chosen = Settings(
        timing=PlanSettings(rest_seconds=40, tempo_seconds=5.0, scale=0.6),
        voice=VoiceOptions(rate=220, ticks=True),
        display=DisplayOptions(Theme.DARK, text_scale=1.4),
        safety_notice_seen=True,
        last_routine="physio-ten",
    )
    window = make_window(chosen)
    dialog = open_settings(window, qtbot)
    page = dialog.session_page
    assert page.boxes["rest_seconds"].value() == 40 and page.scale_box.value() == 60

    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)

    saved = load_settings().settings
    assert saved.timing == PlanSettings()
    assert saved.voice == chosen.voice and saved.display == chosen.display
    assert page.boxes["rest_seconds"].value() == 10 and page.scale_box.value() == 100
    row = window.picker.row("physio-ten")
    assert row is not None and rest_phases(row.plan) == [10.0] * 4

    qtbot.mouseClick(dialog.voice_page.restore_button, Qt.MouseButton.LeftButton)
    assert load_settings().settings.voice == VoiceOptions()
    assert voice_options(voice)[-1] == VoiceOptions()
    assert dialog.voice_page.rate_box.value() == 160

    qtbot.mouseClick(dialog.display_page.restore_button, Qt.MouseButton.LeftButton)
    assert load_settings().settings.display == DisplayOptions()
    assert dialog.display_page.text_box.value() == 100

    qtbot.mouseClick(dialog.safety_page.restore_button, Qt.MouseButton.LeftButton)
    assert load_settings().settings.safety_notice_seen is False
    assert dialog.safety_page.at_start_box.isChecked()
    assert load_settings().settings.last_routine == "physio-ten"


def test_keyboard_alone_tabs_to_a_setting_and_arrows_change_it(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice
) -> None:
    dialog = open_settings(window, qtbot)
    rest = dialog.session_page.boxes["rest_seconds"]

    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is rest
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)
    assert load_settings().settings.timing.rest_seconds == 12

    # Back to the list, down to the voice page, and its first control.
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is dialog.page_list
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.stack.currentWidget() is dialog.voice_page
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.voice_page.enabled_box
    press(qtbot, Qt.Key.Key_Space)
    assert load_settings().settings.voice.enabled is False
    assert voice_options(voice)[-1].enabled is False
    tab_to(qtbot, dialog.voice_page.rate_box)
    press(qtbot, Qt.Key.Key_Up)
    assert load_settings().settings.voice.rate == 170
    assert voice_options(voice)[-1].rate == 170


def test_enter_after_typing_a_figure_sets_it_and_nothing_else(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_settings(window, qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    rest = dialog.session_page.boxes["rest_seconds"]
    assert focused() is rest
    rest.lineEdit().selectAll()
    for key in (Qt.Key.Key_4, Qt.Key.Key_5):
        press(qtbot, key)
    assert load_settings().settings.timing.rest_seconds == 10  # not at every digit

    press(qtbot, Qt.Key.Key_Return)

    assert load_settings().settings.timing.rest_seconds == 45
    assert window.settings_dialog is dialog and dialog.isVisible()


def test_alt_and_a_settings_underlined_letter_go_to_it(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_settings(window, qtbot)
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert focused() is dialog.session_page.scale_box
    press(qtbot, Qt.Key.Key_Down)
    assert load_settings().settings.timing.scale == pytest.approx(0.95)


def test_opened_while_paused_it_says_what_applies_when(
    window: MainWindow, qtbot: QtBot, driver: Driver, voice: RecordingVoice
) -> None:
    assert window.picker.select("physio-ten")
    press(qtbot, Qt.Key.Key_Return)
    driver.run_for(5)
    press(qtbot, Qt.Key.Key_Space)
    settings_button = window.session_page.settings_button
    assert settings_button.isVisible() and settings_button.isEnabled()
    plan = window.controller.plan

    dialog = open_settings(window, qtbot)

    assert dialog.paused_note.isVisible()
    assert dialog.paused_note.text() == PAUSED_NOTE
    assert "voice changes apply to it at once, timing from the next session" in PAUSED_NOTE
    dialog.voice_page.volume_slider.setValue(50)
    assert voice_options(voice)[-1].volume == 0.5
    dialog.session_page.boxes["rest_seconds"].setValue(30)
    assert window.controller.plan is plan
    assert rest_phases(window.controller.plan) == [10.0] * 4
    press(qtbot, Qt.Key.Key_Escape)
    assert window.settings_dialog is None
    assert not window.controller.is_running
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_Space)
    assert window.controller.is_running


def test_ctrl_comma_mid_session_pauses_it_first(window: MainWindow, qtbot: QtBot, driver: Driver) -> None:
    assert window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    driver.run_for(3)
    assert window.controller.is_running
    assert not window.session_page.settings_button.isVisible()

    open_settings(window, qtbot)

    assert window.controller.is_active and not window.controller.is_running


def test_ctrl_comma_waits_while_the_window_asks_whether_to_stop(
    window: MainWindow, qtbot: QtBot, driver: Driver
) -> None:
    assert window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    driver.run_for(3)
    press(qtbot, Qt.Key.Key_Escape)
    assert window.asking_to_stop

    press(qtbot, Qt.Key.Key_Comma, CTRL)

    assert window.settings_dialog is None
    assert window.asking_to_stop


@pytest.mark.parametrize("paused", [False, True])
def test_the_dialog_fits_a_window_at_its_smallest(
    make_window: WindowFactory, qtbot: QtBot, clock: FakeClock, timer: ManualTimer, paused: bool
) -> None:
    window = make_window(size=(800, 600))
    if paused:
        assert window.picker.select("physio-ten")
        press(qtbot, Qt.Key.Key_Return)
        Driver(clock, timer, window.controller).run_for(3)
    dialog = open_settings(window, qtbot)
    assert dialog.paused_note.isVisible() is paused
    assert dialog.width() <= 800 and dialog.height() <= 600
    for page in dialog.pages:
        dialog.show_page(page)
        QApplication.processEvents()
        assert page.minimumSizeHint().height() <= page.height()
        area = page.rect()
        for widget in page.findChildren(QWidget):
            if widget.isVisible() and widget.parentWidget() is not None:
                box = QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())
                assert area.contains(box), f"{page.title}: {widget.accessibleName() or widget}"


def test_every_control_has_a_name_a_reader_says(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_settings(window, qtbot)
    for page in dialog.pages:
        for control in page.findChildren(QWidget):
            takes_keys = control.focusPolicy() & Qt.FocusPolicy.TabFocus and control.isVisibleTo(page)
            if takes_keys and not isinstance(control, QLabel):
                if isinstance(control, QAbstractButton):
                    assert control.text() or control.accessibleName(), control
                elif not isinstance(control.parentWidget(), QAbstractSpinBox):
                    assert control.accessibleName(), f"{page.title}: {control}"


def test_the_app_starts_full_screen_and_dark_when_the_settings_say_so(app_home: Path) -> None:
    """In a child process: the real `launch`, with no --fullscreen, reading the saved display settings."""
    save_settings(
        Settings(safety_notice_seen=True, display=DisplayOptions(Theme.DARK, start_fullscreen=True))
    )
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRETCHCOACH_HOME": str(app_home)}
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH_AND_LOOK],
        check=False,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
