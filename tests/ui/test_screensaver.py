"""Keeping the screen awake: a real D-Bus round trip on a private bus, and the no-bus case."""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from stretchcoach.ui.screensaver import PATH, REASON, SERVICE, ScreenSaverInhibitor


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.inhibits: list[tuple[str, str]] = []

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        self.inhibits.append((application, reason))
        return len(self.inhibits)


@pytest.fixture
def bus_address() -> Iterator[str]:
    """A private session bus, so the test never touches the desktop's screen saver."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


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


def test_without_a_session_bus_it_logs_once_and_does_nothing(caplog: pytest.LogCaptureFixture) -> None:
    inhibitor = ScreenSaverInhibitor("unix:path=/nonexistent/stretchcoach-test-bus")
    with caplog.at_level(logging.INFO, logger="stretchcoach.ui.screensaver"):
        for _ in range(3):
            inhibitor.set_inhibited(True)
            inhibitor.set_inhibited(False)
    assert not inhibitor.inhibited
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "cannot keep the screen awake" in warnings[0].getMessage()


def test_a_bus_without_the_service_is_logged(
    bus_address: str, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    inhibitor = ScreenSaverInhibitor(bus_address)
    with caplog.at_level(logging.WARNING, logger="stretchcoach.ui.screensaver"):
        inhibitor.set_inhibited(True)
        qtbot.waitUntil(lambda: any("would not stay off" in r.getMessage() for r in caplog.records))
    inhibitor.release()
