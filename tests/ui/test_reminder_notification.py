"""The reminder's notification on a private bus with a fake notification service: it names the routine
and carries a Start action, and Start opens the window on that routine, ready for Enter."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import ClassInfo, QObject, Qt, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from pytestqt.qtbot import QtBot

from stretchcoach import APP_ID
from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.storage.catalog import load_catalog
from stretchcoach.storage.settings import Settings
from stretchcoach.ui.notifier import INTERFACE, PATH, SERVICE, START_ACTION, DesktopNotifier, ReminderNote
from stretchcoach.ui.reminder_service import reminder_note
from tests.ui.conftest import WindowFactory
from tests.ui.keys import focused, press

NOTE = ReminderNote("quick-relief", "Time to stretch: Quick relief", "Press Start, then lie down.")


@ClassInfo({"D-Bus Interface": INTERFACE})
class FakeNotifications(QObject):
    """Remembers each notification; `press` and `dismiss` act as the user would on the desktop."""

    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self.bus = bus
        self.shown: list[dict[str, object]] = []
        self.closed: list[int] = []

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(  # noqa: PLR0917 - the D-Bus method's own arguments
        self,
        app_name: str,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, object],
        expire_timeout: int,
    ) -> int:
        self.shown.append(
            {
                "app_name": app_name,
                "replaces_id": replaces_id,
                "app_icon": app_icon,
                "summary": summary,
                "body": body,
                "actions": dict(zip(actions[::2], actions[1::2], strict=True)),
                "hints": hints,
                "expire_timeout": expire_timeout,
            }
        )
        return len(self.shown)

    @Slot("uint")
    def CloseNotification(self, number: int) -> None:
        self.closed.append(number)

    def _signal(self, member: str, arguments: list[object]) -> None:
        message = QDBusMessage.createSignal(PATH, INTERFACE, member)
        message.setArguments(arguments)
        assert self.bus.send(message)

    def press(self, number: int, action: str) -> None:
        self._signal("ActionInvoked", [number, action])

    def dismiss(self, number: int) -> None:
        self._signal("NotificationClosed", [number, 2])


@pytest.fixture
def notifications(bus_address: str) -> Iterator[FakeNotifications]:
    bus = QDBusConnection.connectToBus(bus_address, "fake-notifications")
    fake = FakeNotifications(bus)
    assert bus.registerObject(PATH, fake, QDBusConnection.RegisterOption.ExportAllSlots)
    assert bus.registerService(SERVICE)
    yield fake
    QDBusConnection.disconnectFromBus("fake-notifications")


@pytest.fixture
def notifier(bus_address: str) -> Iterator[DesktopNotifier]:
    shown = DesktopNotifier(bus_address, portal=False)
    yield shown
    shown.close()


def test_the_notification_names_the_routine_and_carries_a_start_action(
    notifier: DesktopNotifier, notifications: FakeNotifications, qtbot: QtBot
) -> None:
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(notifications.shown) == 1)
    shown = notifications.shown[0]
    assert shown["summary"] == "Time to stretch: Quick relief"
    assert shown["actions"] == {START_ACTION: "Start", "default": "Start"}
    assert shown["app_icon"] == APP_ID
    assert shown["hints"] == {"desktop-entry": APP_ID, "category": "x-stretchcoach.reminder"}
    assert shown["expire_timeout"] == 0, "it waits for the user, who may be away from the screen"


def test_pressing_start_asks_for_the_routine_and_closes_the_notification(
    notifier: DesktopNotifier, notifications: FakeNotifications, qtbot: QtBot
) -> None:
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(notifications.shown) == 1)
    notifications.press(2, START_ACTION)  # another app's notification: not ours to answer
    with qtbot.waitSignal(notifier.start_requested) as started:
        notifications.press(1, START_ACTION)
    assert started.args == ["quick-relief"]
    qtbot.waitUntil(lambda: notifications.closed == [1])


def test_a_dismissed_notification_starts_nothing(
    notifier: DesktopNotifier, notifications: FakeNotifications, qtbot: QtBot
) -> None:
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(notifications.shown) == 1)
    with qtbot.assertNotEmitted(notifier.start_requested, wait=200):
        notifications.dismiss(1)


def followers() -> int:
    return sum(thread.name == "stretchcoach-reminder" for thread in threading.enumerate())


def test_a_new_reminder_replaces_the_unanswered_one_and_only_it_is_followed(
    notifier: DesktopNotifier, notifications: FakeNotifications, qtbot: QtBot
) -> None:
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(notifications.shown) == 1)
    notifier.show(NOTE)  # the next day's, with yesterday's still on screen
    qtbot.waitUntil(lambda: len(notifications.shown) == 2)
    assert [shown["replaces_id"] for shown in notifications.shown] == [0, 1]
    qtbot.waitUntil(lambda: followers() == 1)
    with qtbot.waitSignal(notifier.start_requested):
        notifications.press(2, START_ACTION)
    qtbot.waitUntil(lambda: followers() == 0)
    notifier.show(NOTE)
    qtbot.waitUntil(lambda: len(notifications.shown) == 3)
    assert notifications.shown[2]["replaces_id"] == 0, "the answered one is gone: nothing to replace"


def test_with_no_session_bus_the_reason_is_given_and_logged(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent")
    notifier = DesktopNotifier(portal=False)
    with qtbot.waitSignal(notifier.unavailable) as failed:
        notifier.show(NOTE)
    assert "no D-Bus session bus" in failed.args[0]
    assert "no D-Bus session bus" in caplog.text


def test_with_no_notification_service_the_reason_is_given(bus_address: str, qtbot: QtBot) -> None:
    notifier = DesktopNotifier(bus_address, portal=False)
    with qtbot.waitSignal(notifier.unavailable) as failed:
        notifier.show(NOTE)
    assert "could not be shown" in failed.args[0]


def test_start_opens_the_window_on_the_routine_ready_for_enter(
    make_window: WindowFactory,
    notifier: DesktopNotifier,
    notifications: FakeNotifications,
    qtbot: QtBot,
) -> None:
    window = make_window(Settings(safety_notice_seen=True, last_routine="core-strength"))
    window.on_history_requested()  # the user was elsewhere in the app
    assert window.pages.currentWidget() is window.history_page
    notifier.start_requested.connect(window.open_routine)
    note = reminder_note(
        Settings(reminder=replace(ReminderOptions(), routine="quick-relief")), load_catalog()
    )
    assert note.routine_id == "quick-relief" and "Quick" in note.title
    assert note.body.startswith("5:58 in all. Press Start"), "the body adds the length, not the name again"
    notifier.show(note)
    qtbot.waitUntil(lambda: len(notifications.shown) == 1)
    with qtbot.waitSignal(notifier.start_requested):
        notifications.press(1, START_ACTION)
    selected = window.picker.selected_row()
    assert selected is not None and selected.key == "quick-relief"
    assert window.pages.currentWidget() is window.picker
    assert not window.controller.is_active, "it waits for the user to be on the mat"
    assert focused() is window.picker.list
    press(qtbot, Qt.Key.Key_Return)
    assert window.controller.is_active, "one key starts it"


def test_start_over_open_settings_closes_them_and_leaves_the_routine_ready(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(Settings(safety_notice_seen=True, last_routine="core-strength"))
    window.on_settings_requested()
    assert window.settings_dialog is not None
    window.open_routine("quick-relief")
    assert window.settings_dialog is None, "Start means the routine, not the settings it was set in"
    selected = window.picker.selected_row()
    assert selected is not None and selected.key == "quick-relief"
    assert focused() is window.picker.list
    press(qtbot, Qt.Key.Key_Return)
    assert window.controller.is_active
