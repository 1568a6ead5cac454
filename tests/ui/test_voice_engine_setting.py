"""The Voice page chooses the engine; its Test says the sample line through that engine, as a session does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import SystemClock
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.coach_voice import SAMPLE_LINE, CoachVoice
from stretchcoach.speech.renderer_protocol import Renderer
from stretchcoach.storage.settings import Settings, load_settings
from stretchcoach.ui.dialogs.settings import SettingsDialog
from stretchcoach.ui.main_window import MainWindow
from stretchcoach.ui.settings_keeper import SettingsKeeper
from tests.speech.fakes import FakeRenderer, RecordingOutput
from tests.ui.fakes import RecordingVoice
from tests.ui.keys import activate, press

WAIT_MS = 10_000


def test_the_engine_is_chosen_on_the_voice_page_and_reaches_the_voice(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice
) -> None:
    press(qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    page = dialog.voice_page
    assert page.engine_box.currentData() == VoiceEngine.NATURAL, "the natural voice is the default"
    assert not page.voice_box.isEnabled(), "the natural engine has one voice"

    page.engine_box.setCurrentIndex(page.engine_box.findData(VoiceEngine.ESPEAK))

    assert page.voice_box.isEnabled()
    sent = [options for name, options in voice.calls if name == "set_options"]
    assert sent[-1] == VoiceOptions(engine=VoiceEngine.ESPEAK)
    assert load_settings().settings.voice.engine is VoiceEngine.ESPEAK


def test_test_says_the_sample_line_with_the_engine_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    """The page, the keeper and a real CoachVoice (with stand-in engines): the path a session takes."""
    engines = {
        VoiceEngine.NATURAL: FakeRenderer(engine_id="natural fake"),
        VoiceEngine.ESPEAK: FakeRenderer(engine_id="espeak fake"),
    }

    def start(engine: VoiceEngine) -> Renderer:
        return engines[engine]

    clock = SystemClock()
    output = RecordingOutput(clock)
    coach = CoachVoice(clock, VoiceOptions(), tmp_path / "cache", start, lambda _: output)
    keeper = SettingsKeeper(Settings())
    keeper.changed.connect(lambda settings: coach.set_options(settings.voice))
    dialog = SettingsDialog(keeper, coach)
    qtbot.addWidget(dialog)
    page = dialog.voice_page
    try:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: output.texts == [SAMPLE_LINE], timeout=WAIT_MS)
        assert SAMPLE_LINE in engines[VoiceEngine.NATURAL].rendered

        page.engine_box.setCurrentIndex(page.engine_box.findData(VoiceEngine.ESPEAK))
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: len(output.texts) == 2, timeout=WAIT_MS)
        assert SAMPLE_LINE in engines[VoiceEngine.ESPEAK].rendered
    finally:
        coach.shutdown()
