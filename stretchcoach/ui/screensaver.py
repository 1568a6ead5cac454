"""Keeps the screen on while a session runs, through the desktop's org.freedesktop.ScreenSaver service.

Someone lying on a mat does not touch the mouse for twenty minutes; without this the screen
blanks mid-hold. Each inhibition is made on a private bus connection, and released by closing
that connection: the service drops an inhibition when its caller leaves the bus (KDE, GNOME
and Xfce all watch for it), and PySide6 cannot send the unsigned cookie UnInhibit expects (a
Python int always goes out as a signed 'i', which the service rejects).

Where there is no session bus (a console, a container, CI) this is a no-op with one log line.
"""

from __future__ import annotations

import itertools
import logging
from typing import Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
REASON = "A stretching session is running"
CALL_TIMEOUT_MS = 5000

_names = itertools.count(1)


class KeepAwake(Protocol):
    """What the window needs from a screen-saver inhibitor; tests pass a recording one."""

    def set_inhibited(self, wanted: bool) -> None: ...

    def release(self) -> None: ...


class ScreenSaverInhibitor(QObject):
    """`set_inhibited(True)` while a session runs, `False` on pause, stop and finish."""

    def __init__(
        self, bus_address: str | None = None, app_name: str = "StretchCoach", parent: QObject | None = None
    ):
        super().__init__(parent)
        self._address = bus_address
        self._app_name = app_name
        self._connection_name: str | None = None
        self._watcher: QDBusPendingCallWatcher | None = None
        self._warned = False

    @property
    def inhibited(self) -> bool:
        return self._connection_name is not None

    @property
    def connection_name(self) -> str | None:
        """The private bus connection holding the inhibition, while there is one."""
        return self._connection_name

    @Slot(bool)
    def set_inhibited(self, wanted: bool) -> None:
        if wanted and not self.inhibited:
            self._inhibit()
        elif not wanted and self.inhibited:
            self.release()

    def release(self) -> None:
        name = self._connection_name
        if name is None:
            return
        self._connection_name = None
        self._watcher = None
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
            if not self._warned:
                log.warning(
                    "no D-Bus session bus (%s): cannot keep the screen awake during sessions",
                    connection.lastError().message() or "not connected",
                )
                self._warned = True
            QDBusConnection.disconnectFromBus(name)
            return
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Inhibit")
        message.setArguments([self._app_name, REASON])
        self._connection_name = name
        self._watcher = QDBusPendingCallWatcher(connection.asyncCall(message, CALL_TIMEOUT_MS), self)
        self._watcher.finished.connect(self.on_reply)

    @Slot(QDBusPendingCallWatcher)
    def on_reply(self, watcher: QDBusPendingCallWatcher) -> None:
        watcher.deleteLater()
        if watcher is not self._watcher:
            return  # released before the answer came
        reply = watcher.reply()
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            if not self._warned:
                log.warning("the screen saver would not stay off: %s", reply.errorMessage())
                self._warned = True
        else:
            log.info("screen saver held off while the session runs")
