"""Inside a Flatpak sandbox the reminder goes through the Notification portal: checked against a fake
portal on a private bus, as the desktop service is in test_reminder_notification.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusArgument, QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from stretchcoach.ui.notifier import (
    PORTAL_INTERFACE,
    PORTAL_PATH,
    PORTAL_SERVICE,
    START_ACTION,
    DesktopNotifier,
    ReminderNote,
    sandboxed,
)

NOTE = ReminderNote("core-strength", "Time to stretch: Core strength", "7:05 in all. Press Start.")


@ClassInfo({"D-Bus Interface": PORTAL_INTERFACE})
class FakePortal(QObject):
    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self.bus = bus
        self.added: list[tuple[str, dict[str, object]]] = []

    @Slot(str, "QVariantMap")
    def AddNotification(self, key: str, notification: dict[str, object]) -> None:
        self.added.append((key, notification))

    def press(self, key: str, action: str) -> None:
        message = QDBusMessage.createSignal(PORTAL_PATH, PORTAL_INTERFACE, "ActionInvoked")
        message.setArguments([key, action, []])
        assert self.bus.send(message)


@pytest.fixture
def portal(bus_address: str) -> Iterator[FakePortal]:
    bus = QDBusConnection.connectToBus(bus_address, "fake-portal")
    fake = FakePortal(bus)
    assert bus.registerObject(PORTAL_PATH, fake, QDBusConnection.RegisterOption.ExportAllSlots)
    assert bus.registerService(PORTAL_SERVICE)
    yield fake
    QDBusConnection.disconnectFromBus("fake-portal")


@pytest.fixture
def notifier(bus_address: str) -> Iterator[DesktopNotifier]:
    shown = DesktopNotifier(bus_address, portal=True)
    yield shown
    shown.close()


def test_a_flatpak_is_told_by_its_info_file(tmp_path: Path) -> None:
    assert not sandboxed(tmp_path)
    (tmp_path / ".flatpak-info").write_text("[Application]\n", encoding="utf-8")
    assert sandboxed(tmp_path)


def test_the_portal_is_given_the_routine_and_a_start_button(
    notifier: DesktopNotifier, portal: FakePortal, qtbot: QtBot
) -> None:
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(portal.added) == 1)
    key, notification = portal.added[0]
    assert notification["title"] == "Time to stretch: Core strength"
    assert notification["body"] == "7:05 in all. Press Start."
    assert notification["default-action"] == START_ACTION
    buttons = notification["buttons"]
    assert isinstance(buttons, QDBusArgument) and buttons.currentSignature() == "aa{sv}"
    with qtbot.assertNotEmitted(notifier.start_requested, wait=200):
        portal.press("another-app-" + key, START_ACTION)
    with qtbot.waitSignal(notifier.start_requested) as started:
        portal.press(key, START_ACTION)
    assert started.args == ["core-strength"]


def test_a_new_reminder_replaces_the_last_under_the_same_key(
    notifier: DesktopNotifier, portal: FakePortal, qtbot: QtBot
) -> None:
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(portal.added) == 1)
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(portal.added) == 2)
    assert portal.added[0][0] == portal.added[1][0]
    qtbot.waitUntil(
        lambda: sum(thread.name == "stretchcoach-reminder" for thread in threading.enumerate()) == 1
    )
