"""The reminder's desktop notification, with a Start button that opens the app on the routine.

Outside a sandbox it goes to `org.freedesktop.Notifications` (every Linux desktop has one);
inside Flatpak (`/.flatpak-info` exists) to the Notification portal, the one a sandbox may use.
Each notification is shown and followed on a worker thread over a private connection of its
own (ui/dbus_wire): the call's `replaces_id` is an unsigned 'u', which PySide6 cannot send, and
the wait for the user's answer must never hold up the window or the background timer. A new
reminder replaces the one still on screen (yesterday's, unanswered) and ends its follower, so
neither notifications nor threads pile up over the days.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal, Slot

from stretchcoach import APP_ID
from stretchcoach.ui.dbus_wire import BusConnection, BusError, session_bus_address

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INTERFACE = "org.freedesktop.portal.Notification"
START_ACTION = "start"
DEFAULT_ACTION = "default"
"""What a click on the notification itself sends; it does what Start does."""
NEVER_EXPIRE = 0
"""A reminder stays until it is answered or dismissed: the user may be away from the screen."""
CALL_TIMEOUT_S = 5.0
PORTAL_KEY = "reminder"
"""One key for every reminder: the portal replaces the notification shown under it."""


@dataclass(frozen=True)
class ReminderNote:
    routine_id: str
    title: str
    body: str
    icon: str = ""
    """A file path when the app's icon is not installed in the icon theme (install-desktop), else ""."""


class Notifier(Protocol):
    """What the reminder needs from notifications; tests pass a recording one."""

    def show(self, note: ReminderNote) -> None:
        """Show `note`; when its Start is pressed, the notifier's owner hears of it (see below)."""
        ...

    def close(self) -> None: ...


def sandboxed(root: Path = Path("/")) -> bool:
    return (root / ".flatpak-info").exists()


class DesktopNotifier(QObject):
    """Shows reminders; `start_requested(routine id)` when the user presses Start (on the GUI thread)."""

    start_requested = Signal(str)
    unavailable = Signal(str)
    """Why a notification could not be shown, in words for a log or the window."""
    _answered = Signal(str, str)

    def __init__(
        self, bus_address: str | None = None, *, portal: bool | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._address = bus_address
        self._portal = sandboxed() if portal is None else portal
        self._lock = threading.Lock()
        self._open: list[BusConnection] = []
        """The one following the notification on screen; more only for a moment, as a new one takes over."""
        self._shown_id = 0
        """The desktop's number for the reminder on screen, which the next one replaces; 0 for none."""
        self._closed = False
        self._answered.connect(self.on_answered)

    def show(self, note: ReminderNote) -> None:
        address = self._address or session_bus_address()
        if not address:
            self.on_answered("", "no D-Bus session bus: the reminder cannot be shown")
            return
        worker = threading.Thread(
            target=self._follow, args=(address, note), name="stretchcoach-reminder", daemon=True
        )
        worker.start()

    def _follow(self, address: str, note: ReminderNote) -> None:
        """On the worker thread: show the note, then wait for Start, a dismissal, or `close`."""
        try:
            connection = BusConnection(address, timeout=CALL_TIMEOUT_S)
        except (OSError, BusError) as error:
            self._emit_answer("", f"could not reach the session bus: {error}")
            return
        with self._lock:
            if self._closed:
                connection.close()
                return
            superseded, self._open = self._open, [connection]
        for previous in superseded:
            previous.stop()
        try:
            if self._portal:
                self._follow_portal(connection, note)
            else:
                self._follow_desktop(connection, note)
        except (OSError, BusError) as error:
            with self._lock:
                stopped = connection not in self._open
            if not stopped:
                self._emit_answer("", f"the reminder could not be shown: {error}")
        finally:
            with self._lock:
                if connection in self._open:
                    self._open.remove(connection)
            connection.close()

    def _follow_desktop(self, connection: BusConnection, note: ReminderNote) -> None:
        connection.add_match(f"type='signal',interface='{INTERFACE}',path='{PATH}'")
        reply = connection.request(
            SERVICE,
            PATH,
            INTERFACE,
            "Notify",
            signature="susssasa{sv}i",
            arguments=[
                "StretchCoach",
                self._shown_id,
                note.icon or APP_ID,
                note.title,
                note.body,
                [START_ACTION, "Start", DEFAULT_ACTION, "Start"],
                {"desktop-entry": APP_ID, "category": "x-stretchcoach.reminder"},
                NEVER_EXPIRE,
            ],
        )
        number = reply.arguments[0] if reply.arguments else None
        if isinstance(number, int):
            self._shown_id = number
        log.info("reminder shown for %s (notification %s)", note.routine_id, number)
        while True:
            signal = connection.next_signal()
            if not signal.arguments or signal.arguments[0] != number:
                continue
            if signal.member == "ActionInvoked" and signal.arguments[1:2] in (
                (START_ACTION,),
                (DEFAULT_ACTION,),
            ):
                self._emit_answer(note.routine_id, "")
                # Most servers close it themselves on an action; one that keeps it is asked to.
                with contextlib.suppress(BusError):
                    connection.call(
                        SERVICE, PATH, INTERFACE, "CloseNotification", signature="u", arguments=[number]
                    )
                self._shown_id = 0
                return
            if signal.member == "NotificationClosed":
                self._shown_id = 0
                return

    def _follow_portal(self, connection: BusConnection, note: ReminderNote) -> None:
        key = PORTAL_KEY
        connection.add_match(f"type='signal',interface='{PORTAL_INTERFACE}',member='ActionInvoked'")
        connection.request(
            PORTAL_SERVICE,
            PORTAL_PATH,
            PORTAL_INTERFACE,
            "AddNotification",
            signature="sa{sv}",
            arguments=[
                key,
                {
                    "title": note.title,
                    "body": note.body,
                    "default-action": START_ACTION,
                    "buttons": [{"label": "Start", "action": START_ACTION}],
                },
            ],
        )
        log.info("reminder shown through the portal for %s", note.routine_id)
        while True:
            signal = connection.next_signal()
            if signal.member == "ActionInvoked" and signal.arguments[:2] == (key, START_ACTION):
                self._emit_answer(note.routine_id, "")
                return

    def _emit_answer(self, routine_id: str, why: str) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed while this thread was waiting
            self._answered.emit(routine_id, why)

    @Slot(str, str)
    def on_answered(self, routine_id: str, why: str) -> None:
        if why:
            log.warning("%s", why)
            self.unavailable.emit(why)
        else:
            self.start_requested.emit(routine_id)

    def close(self) -> None:
        """Stop following every notification (they stay on screen; their Start no longer answers)."""
        with self._lock:
            self._closed = True
            connections = list(self._open)
        for connection in connections:
            connection.stop()
