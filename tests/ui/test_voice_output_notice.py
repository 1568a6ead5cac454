"""The banner as the sound server goes and comes back mid-session: one notice, changing, then gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stretchcoach.core.engine import SessionState
from stretchcoach.core.plan import PhaseKind
from stretchcoach.speech.voice_protocol import VoiceOutput
from stretchcoach.ui.main_window import VOICE_OUTPUT_NOTICES, MainWindow
from stretchcoach.ui.timer import ManualTimer
from stretchcoach.ui.widgets.notice_banner import NoticeBanner
from tests.ui.conftest import Driver
from tests.ui.fakes import RecordingVoice
from tests.ui.keys import press

LOST = VOICE_OUTPUT_NOTICES[VoiceOutput.LOST]
BACK = VOICE_OUTPUT_NOTICES[VoiceOutput.BACK]
OTHER = "The screen may blank during a session."


def test_the_voice_lost_and_back_is_one_notice_that_changes_while_the_session_runs_on(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice, driver: Driver
) -> None:
    window.picker.select("quick-relief")
    press(qtbot, Qt.Key.Key_Return)
    assert voice.output_listener is not None
    driver.run_into(PhaseKind.PREPARE)

    voice.output_listener(VoiceOutput.LOST)
    qtbot.waitUntil(lambda: window.banner.notices == (LOST,))
    assert window.banner.isVisible()
    assert LOST.startswith("Voice is off: the sound server stopped.")
    driver.run_into(PhaseKind.REP)
    assert window.controller.state is SessionState.RUNNING, "the session goes on in captions"

    voice.output_listener(VoiceOutput.BACK)
    qtbot.waitUntil(lambda: window.banner.notices == (BACK,))
    assert BACK == "The voice is back: the sound server is running again."
    assert window.controller.state is SessionState.RUNNING


def test_the_news_that_the_voice_is_back_leaves_by_itself_and_the_other_notices_stay(qtbot: QtBot) -> None:
    timer = ManualTimer()
    banner = NoticeBanner(timer=timer)
    qtbot.addWidget(banner)
    banner.show()
    banner.add(OTHER)
    banner.add(LOST, topic="voice output")
    assert not timer.armed, "the loss stays until the voice is back"

    banner.add(BACK, topic="voice output", lasts_ms=8000)
    assert banner.notices == (OTHER, BACK), "in the loss's place, not below it"
    assert timer.interval == 8000

    timer.fire()
    assert banner.notices == (OTHER,)
    assert banner.isVisible()


def test_a_banner_with_only_the_good_news_hides_once_it_is_read(qtbot: QtBot) -> None:
    timer = ManualTimer()
    banner = NoticeBanner(timer=timer)
    qtbot.addWidget(banner)
    banner.show()
    banner.add(LOST, topic="voice output")
    banner.add(BACK, topic="voice output", lasts_ms=8000)

    timer.fire()

    assert banner.notices == () and not banner.isVisible()


def test_a_second_loss_before_the_good_news_has_gone_replaces_it_and_stays(qtbot: QtBot) -> None:
    timer = ManualTimer()
    banner = NoticeBanner(timer=timer)
    qtbot.addWidget(banner)
    banner.add(LOST, topic="voice output")
    banner.add(BACK, topic="voice output", lasts_ms=8000)

    banner.add(LOST, topic="voice output")

    assert banner.notices == (LOST,)
    assert not timer.armed, "the loss is not cleared by the good news' timer"


def test_a_voice_that_stops_waiting_for_the_server_takes_its_notice_back(
    window: MainWindow, qtbot: QtBot, voice: RecordingVoice
) -> None:
    window.banner.add(OTHER)
    assert voice.output_listener is not None
    voice.output_listener(VoiceOutput.LOST)
    qtbot.waitUntil(lambda: window.banner.notices == (OTHER, LOST))

    voice.output_listener(VoiceOutput.ENDED)
    qtbot.waitUntil(lambda: window.banner.notices == (OTHER,))

    voice.output_listener(VoiceOutput.LOST)
    qtbot.waitUntil(lambda: window.banner.notices == (OTHER, LOST))


def test_withdrawing_the_good_news_stops_its_timer(qtbot: QtBot) -> None:
    timer = ManualTimer()
    banner = NoticeBanner(timer=timer)
    qtbot.addWidget(banner)
    banner.show()
    banner.add(BACK, topic="voice output", lasts_ms=8000)

    banner.withdraw("voice output")
    banner.withdraw("voice output")

    assert banner.notices == () and not banner.isVisible() and not timer.armed
