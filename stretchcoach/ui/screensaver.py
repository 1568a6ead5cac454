"""Keeps the screen on while a session runs: the xdg-desktop-portal first, the ScreenSaver service second.

Someone lying on a mat does not touch the mouse for twenty minutes; without this the screen
blanks mid-hold. GNOME on Wayland (and any sandbox) honours only the portal's
`org.freedesktop.portal.Inhibit` with its idle flag; KDE, Xfce and older desktops answer
`org.freedesktop.ScreenSaver`. So the portal is asked when its name is on the bus (checked
first, so that a desktop without one is not made to start it), and the ScreenSaver service when
there is no portal or the portal refuses.

Each inhibition is made on a private bus connection and released by closing that connection:
both services drop an inhibition when its caller leaves the bus, and PySide6 cannot send the
unsigned cookie ScreenSaver's UnInhibit expects (a Python int always goes out as a signed 'i').
For the same reason the portal's call, whose flags are a 'u', goes through ui/dbus_wire on a
worker thread; its request is closed explicitly before that connection is.

Where nothing can keep the screen on (no session bus, or no service that agrees) the window is
told once, through `unavailable`, that the screen may blank.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

from stretchcoach.ui.dbus_wire import BusConnection, BusError, session_bus_address

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INTERFACE = "org.freedesktop.portal.Inhibit"
PORTAL_REQUEST_INTERFACE = "org.freedesktop.portal.Request"
PORTAL_IDLE = 8
"""The portal's flag for "do not blank the screen or go idle" (1 logout, 2 user switch, 4 suspend)."""
REASON = "A stretching session is running"
CALL_TIMEOUT_MS = 5000
UNAVAILABLE_NOTICE = (
    "The screen may blank during a session: this desktop offers no way for StretchCoach to keep it on. "
    "Turn off screen blanking in the desktop's settings, or touch the mouse now and then."
)

_names = itertools.count(1)


class KeepAwake(Protocol):
    """What the window needs from a screen-saver inhibitor; tests pass a recording one."""

    def set_inhibited(self, wanted: bool) -> None: ...

    def release(self) -> None: ...


class ScreenSaverInhibitor(QObject):
    """`set_inhibited(True)` while a session runs, `False` on pause, stop and finish."""

    unavailable = Signal(str)
    """Emitted once, with a sentence for the window, the first time the screen cannot be kept on."""
    _portal_answered = Signal(int, str, str)
    """From the worker thread: the attempt, the portal's request handle ("" if none), why not."""

    def __init__(
        self, bus_address: str | None = None, app_name: str = "StretchCoach", parent: QObject | None = None
    ):
        super().__init__(parent)
        self._address = bus_address
        self._app_name = app_name
        self._connection_name: str | None = None
        self._watcher: QDBusPendingCallWatcher | None = None
        self._lock = threading.Lock()
        self._attempt = 0
        self._portal: BusConnection | None = None
        self._portal_request = ""
        self._held_by = ""
        self._warned = False
        self._portal_answered.connect(self.on_portal_answer)

    @property
    def inhibited(self) -> bool:
        return self._connection_name is not None

    @property
    def connection_name(self) -> str | None:
        """The private Qt bus connection of the inhibition, while there is one."""
        return self._connection_name

    @property
    def held_by(self) -> str:
        """Which service agreed to keep the screen on ("portal", "screensaver"), or "" as yet."""
        return self._held_by

    @Slot(bool)
    def set_inhibited(self, wanted: bool) -> None:
        if wanted and not self.inhibited:
            self._inhibit()
        elif not wanted and self.inhibited:
            self.release()

    def release(self) -> None:
        with self._lock:
            name, self._connection_name = self._connection_name, None
            portal, self._portal = self._portal, None
            request, self._portal_request = self._portal_request, ""
            self._attempt += 1  # an answer still on its way is for an inhibition no longer wanted
        self._watcher = None
        self._held_by = ""
        if portal is not None:
            _close_portal(portal, request)
        if name is not None:
            QDBusConnection.disconnectFromBus(name)
            log.info("screen saver allowed again")

    def _inhibit(self) -> None:
        name = f"stretchcoach-screensaver-{next(_names)}"
        connection = (
            QDBusConnection.connectToBus(self._address, name)
            if self._address
            else QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        )
        if not connection.isConnected():
            self._give_up(
                f"no D-Bus session bus ({connection.lastError().message() or 'not connected'}): "
                "cannot keep the screen awake during sessions"
            )
            QDBusConnection.disconnectFromBus(name)
            return
        with self._lock:
            self._connection_name = name
            self._attempt += 1
        has_portal = QDBusMessage.createMethodCall(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner"
        )
        has_portal.setArguments([PORTAL_SERVICE])
        self._await(connection, has_portal, self.on_portal_presence)

    def _await(
        self,
        connection: QDBusConnection,
        message: QDBusMessage,
        slot: Callable[[QDBusPendingCallWatcher], None],
    ) -> None:
        self._watcher = QDBusPendingCallWatcher(connection.asyncCall(message, CALL_TIMEOUT_MS), self)
        self._watcher.finished.connect(slot)

    def _current(self, watcher: QDBusPendingCallWatcher) -> bool:
        """Whether this answer is for the inhibition still wanted (not one released meanwhile)."""
        watcher.deleteLater()
        return watcher is self._watcher and self._connection_name is not None

    @Slot(QDBusPendingCallWatcher)
    def on_portal_presence(self, watcher: QDBusPendingCallWatcher) -> None:
        if not self._current(watcher):
            return
        reply = watcher.reply()
        running = reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments() == [True]
        address = self._address or session_bus_address()
        if not (running and address):
            self._inhibit_through_screensaver()
            return
        worker = threading.Thread(
            target=self._hold_through_portal,
            args=(self._attempt, address),
            name="stretchcoach-portal-inhibit",
            daemon=True,
        )
        worker.start()

    def _hold_through_portal(self, attempt: int, address: str) -> None:
        """On the worker thread: connect, ask the portal, and keep the connection if still wanted."""
        try:
            connection = BusConnection(address, timeout=CALL_TIMEOUT_MS / 1000)
        except (OSError, BusError) as error:
            self._answer(attempt, "", str(error))
            return
        try:
            options = {"reason": REASON}
            request = connection.call(
                PORTAL_SERVICE,
                PORTAL_PATH,
                PORTAL_INTERFACE,
                "Inhibit",
                signature="sua{sv}",
                arguments=["", PORTAL_IDLE, options],
            )
        except (OSError, BusError) as error:
            connection.close()
            self._answer(attempt, "", str(error))
            return
        with self._lock:
            wanted = attempt == self._attempt and self._connection_name is not None
            if wanted:
                self._portal, self._portal_request = connection, request
        if not wanted:
            _close_portal(connection, request)
        self._answer(attempt, request if wanted else "", "" if wanted else "released")

    def _answer(self, attempt: int, request: str, why: str) -> None:
        """Hand the answer to the GUI thread, unless the app has already closed (and this object gone)."""
        with contextlib.suppress(RuntimeError):
            self._portal_answered.emit(attempt, request, why)

    @Slot(int, str, str)
    def on_portal_answer(self, attempt: int, request: str, why: str) -> None:
        if attempt != self._attempt or self._connection_name is None:
            return
        if request:
            self._held_by = "portal"
            log.info("screen held on through the desktop portal while the session runs")
        else:
            log.info("the desktop portal would not keep the screen on (%s); asking the screen saver", why)
            self._inhibit_through_screensaver()

    def _inhibit_through_screensaver(self) -> None:
        assert self._connection_name is not None
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Inhibit")
        message.setArguments([self._app_name, REASON])
        self._await(QDBusConnection(self._connection_name), message, self.on_reply)

    @Slot(QDBusPendingCallWatcher)
    def on_reply(self, watcher: QDBusPendingCallWatcher) -> None:
        if not self._current(watcher):
            return
        reply = watcher.reply()
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            self._give_up(f"the screen saver would not stay off: {reply.errorMessage()}")
        else:
            self._held_by = "screensaver"
            log.info("screen saver held off while the session runs")

    def _give_up(self, why: str) -> None:
        """Log why, and tell the window once per run: a notice at every session would only nag."""
        if self._warned:
            return
        self._warned = True
        log.warning("%s", why)
        self.unavailable.emit(UNAVAILABLE_NOTICE)


def _close_portal(connection: BusConnection, request: str) -> None:
    """Close the portal's request, then the connection (which alone would also end it)."""
    with contextlib.suppress(OSError):
        connection.send(PORTAL_SERVICE, request, PORTAL_REQUEST_INTERFACE, "Close")
    connection.close()
