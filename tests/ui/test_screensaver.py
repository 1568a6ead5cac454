"""Keeping the screen awake: real D-Bus round trips on a private bus with fake services (the portal
first, the ScreenSaver service second), and the no-bus case."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from stretchcoach.core.clock import FakeClock
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.history import History
from stretchcoach.storage.settings import LoadedSettings, Settings
from stretchcoach.ui.launch import build_window
from stretchcoach.ui.screensaver import (
    PATH,
    PORTAL_IDLE,
    REASON,
    SERVICE,
    UNAVAILABLE_NOTICE,
    ScreenSaverInhibitor,
)
from tests.ui.fakes import RecordingVoice

FAKE_PORTAL = Path(__file__).with_name("fake_portal.py")


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.inhibits: list[tuple[str, str]] = []

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        self.inhibits.append((application, reason))
        return len(self.inhibits)


class FakePortal:
    """tests/ui/fake_portal.py in its own process, its calls collected as they are printed."""

    def __init__(self, bus_address: str, mode: str) -> None:
        self.mode = mode
        self.calls: list[dict[str, object]] = []
        self.process = subprocess.Popen(
            [sys.executable, str(FAKE_PORTAL), bus_address, mode], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert json.loads(self.process.stdout.readline()) == {"ready": True}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.calls.append(json.loads(line))

    def names(self) -> list[object]:
        return [call["call"] for call in self.calls]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def screensaver(bus_address: str) -> Iterator[FakeScreenSaver]:
    service = QDBusConnection.connectToBus(bus_address, "fake-screensaver")
    fake = FakeScreenSaver()
    assert service.registerObject(PATH, fake, QDBusConnection.RegisterOption.ExportAllSlots)
    assert service.registerService(SERVICE)
    yield fake
    QDBusConnection.disconnectFromBus("fake-screensaver")


def portal(bus_address: str, mode: str) -> Iterator[FakePortal]:
    fake = FakePortal(bus_address, mode)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def working_portal(bus_address: str) -> Iterator[FakePortal]:
    yield from portal(bus_address, "inhibit")


def test_the_portal_is_asked_first_with_the_idle_flag_and_its_request_closed_on_release(
    bus_address: str, working_portal: FakePortal, screensaver: FakeScreenSaver, qtbot: QtBot
) -> None:
    inhibitor = ScreenSaverInhibitor(bus_address)
    try:
        inhibitor.set_inhibited(True)
        qtbot.waitUntil(lambda: inhibitor.held_by == "portal")
        assert working_portal.calls == [
            {"call": "Inhibit", "window": "", "flags": PORTAL_IDLE, "options": {"reason": REASON}}
        ]
        inhibitor.set_inhibited(False)
        qtbot.waitUntil(lambda: working_portal.names() == ["Inhibit", "Close"])
        assert not inhibitor.inhibited
        assert screensaver.inhibits == [], "the ScreenSaver service is only the fallback"
    finally:
        inhibitor.release()


def test_released_while_the_portal_answers_the_request_is_closed_exactly_once(
    bus_address: str, working_portal: FakePortal, qtbot: QtBot
) -> None:
    """Whichever comes first, the answer or the release, the portal's request is not left open."""
    inhibitor = ScreenSaverInhibitor(bus_address)
    inhibitor.set_inhibited(True)
    qtbot.waitUntil(lambda: working_portal.names() == ["Inhibit"])
    inhibitor.release()
    qtbot.waitUntil(lambda: working_portal.names() == ["Inhibit", "Close"])
    qtbot.wait(100)
    assert working_portal.names() == ["Inhibit", "Close"]
    assert inhibitor.held_by == "" and not inhibitor.inhibited


@pytest.fixture(params=["no-inhibit", "refuse"])
def failing_portal(bus_address: str, request: pytest.FixtureRequest) -> Iterator[FakePortal]:
    """A portal whose backend lacks Inhibit, and one that answers Inhibit with an error."""
    yield from portal(bus_address, request.param)


def test_a_portal_that_cannot_or_will_not_inhibit_falls_back_to_the_screensaver(
    bus_address: str, failing_portal: FakePortal, screensaver: FakeScreenSaver, qtbot: QtBot
) -> None:
    inhibitor = ScreenSaverInhibitor(bus_address)
    try:
        inhibitor.set_inhibited(True)
        qtbot.waitUntil(lambda: inhibitor.held_by == "screensaver")
        assert screensaver.inhibits == [("StretchCoach", REASON)]
        if failing_portal.mode == "refuse":
            assert failing_portal.calls == [
                {"call": "Inhibit", "signature": "sua{sv}", "interface": "org.freedesktop.portal.Inhibit"}
            ]
        else:
            assert failing_portal.calls == []
    finally:
        inhibitor.release()


def test_without_a_portal_the_screensaver_is_asked(
    bus_address: str, screensaver: FakeScreenSaver, qtbot: QtBot
) -> None:
    inhibitor = ScreenSaverInhibitor(bus_address)
    try:
        inhibitor.set_inhibited(True)
        qtbot.waitUntil(lambda: inhibitor.held_by == "screensaver")
        assert screensaver.inhibits == [("StretchCoach", REASON)]
    finally:
        inhibitor.release()


def test_inhibits_while_wanted_and_releases_by_leaving_the_bus(bus_address: str, qtbot: QtBot) -> None:
    service = QDBusConnection.connectToBus(bus_address, "fake-screensaver")
    fake = FakeScreenSaver()
    assert service.registerObject(PATH, fake, QDBusConnection.RegisterOption.ExportAllSlots)
    assert service.registerService(SERVICE)
    inhibitor = ScreenSaverInhibitor(bus_address)
    try:
        inhibitor.set_inhibited(True)
        inhibitor.set_inhibited(True)
        qtbot.waitUntil(lambda: bool(fake.inhibits))
        assert fake.inhibits == [("StretchCoach", REASON)]
        name = inhibitor.connection_name
        assert name is not None
        client = QDBusConnection(name).baseService()
        assert service.interface().isServiceRegistered(client).value()
        inhibitor.set_inhibited(False)
        assert not inhibitor.inhibited
        qtbot.waitUntil(lambda: not service.interface().isServiceRegistered(client).value())
    finally:
        inhibitor.release()
        QDBusConnection.disconnectFromBus("fake-screensaver")


def test_without_a_session_bus_it_says_so_once_and_does_nothing(caplog: pytest.LogCaptureFixture) -> None:
    inhibitor = ScreenSaverInhibitor("unix:path=/nonexistent/stretchcoach-test-bus")
    notices: list[str] = []
    inhibitor.unavailable.connect(notices.append)
    with caplog.at_level(logging.INFO, logger="stretchcoach.ui.screensaver"):
        for _ in range(3):
            inhibitor.set_inhibited(True)
            inhibitor.set_inhibited(False)
    assert not inhibitor.inhibited
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "cannot keep the screen awake" in warnings[0].getMessage()
    assert notices == [UNAVAILABLE_NOTICE]


def test_a_bus_with_neither_service_tells_the_window_once(
    bus_address: str, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    inhibitor = ScreenSaverInhibitor(bus_address)
    notices: list[str] = []
    inhibitor.unavailable.connect(notices.append)
    with caplog.at_level(logging.WARNING, logger="stretchcoach.ui.screensaver"):
        inhibitor.set_inhibited(True)
        qtbot.waitUntil(lambda: any("would not stay off" in r.getMessage() for r in caplog.records))
        inhibitor.set_inhibited(False)
        inhibitor.set_inhibited(True)
        qtbot.wait(200)
    inhibitor.release()
    assert notices == [UNAVAILABLE_NOTICE]
    assert inhibitor.held_by == ""


def test_the_window_says_once_that_the_screen_may_blank(qtbot: QtBot) -> None:
    inhibitor = ScreenSaverInhibitor("unix:path=/nonexistent/stretchcoach-test-bus")
    loaded = LoadedSettings(Settings(safety_notice_seen=True), ())
    window = build_window(
        loaded, load_catalog(), History(), FakeClock(), RecordingVoice(), inhibitor=inhibitor
    )
    qtbot.addWidget(window)
    for _ in range(2):
        inhibitor.set_inhibited(True)
        inhibitor.set_inhibited(False)
    assert window.banner.notices == (UNAVAILABLE_NOTICE,)
