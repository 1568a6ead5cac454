"""One window and one background reminder per user (and per StretchCoach home), found by a local socket.

A second `stretchcoach` (a launcher clicked twice, the reminder's Start while the window is
open) hands its routine to the window that is already there and exits, rather than opening a
second window that would speak over the first. The background process listens on a name of its
own, so a second `--background` (autostart plus a manual start) exits at once, and the window
knows not to show reminders itself while the background process does.
"""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from stretchcoach.storage.paths import config_dir

WINDOW, BACKGROUND = "window", "background"
CONNECT_TIMEOUT_MS = 500


def server_name(role: str) -> str:
    home = hashlib.sha256(str(config_dir().absolute()).encode()).hexdigest()[:12]
    return f"stretchcoach-{role}-{os.getuid()}-{home}"


def send(role: str, message: str) -> bool:
    """Give `message` to the running instance of `role`; False when there is none."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(role))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write((message + "\n").encode())
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


def running(role: str) -> bool:
    return send(role, "")


class InstanceServer(QObject):
    """Listens for later launches; `received` carries each non-empty line they send."""

    received = Signal(str)

    def __init__(self, role: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self.on_connection)
        name = server_name(role)
        if not self.server.listen(name):
            # Left behind by a process that crashed: nobody answers on it (checked by the caller).
            QLocalServer.removeServer(name)
            self.server.listen(name)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    @Slot()
    def on_connection(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if line:
                self.received.emit(line)

    def close(self) -> None:
        self.server.close()
