"""One window and one background reminder per user (and per StretchCoach home), found by a local socket.

A second `stretchcoach` (a launcher clicked twice, the reminder's Start while the window is
open) hands its routine to the window that is already there and exits, rather than opening a
second window that would speak over the first. The background process listens on a name of its
own, so a second `--background` (autostart plus a manual start) exits at once, and the window
holds a connection to it, so it knows to leave the reminders to it, and to take them back when
it ends.

The socket lives in `$XDG_RUNTIME_DIR` (the user's own, mode 0700) where there is one: a tmp
cleaner or another local user cannot remove or take it there.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from stretchcoach.storage.paths import config_dir

WINDOW, BACKGROUND = "window", "background"
CONNECT_TIMEOUT_MS = 500
OPEN, BACKGROUND_STARTED = "open", "background"
START_FLAG, FULLSCREEN_FLAG = "--start", "--fullscreen"


def _runtime_dir() -> Path | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return Path(runtime) if runtime and Path(runtime).is_absolute() else None


def server_name(role: str) -> str:
    home = hashlib.sha256(str(config_dir().absolute()).encode()).hexdigest()[:12]
    runtime = _runtime_dir()
    if runtime is not None:
        return str(runtime / f"stretchcoach-{role}-{home}")
    return f"stretchcoach-{role}-{os.getuid()}-{home}"


@dataclass(frozen=True)
class OpenRequest:
    """A later launch's wish: the routine to show, and whether to start it or go full screen."""

    routine_id: str = ""
    start: bool = False
    fullscreen: bool = False

    def message(self) -> str:
        flags = [flag for flag, on in ((START_FLAG, self.start), (FULLSCREEN_FLAG, self.fullscreen)) if on]
        return " ".join([OPEN, *flags, *([self.routine_id] if self.routine_id else [])])


def parse_open(line: str) -> OpenRequest | None:
    """The request in an "open" line; None for any other message. A routine id may hold spaces."""
    command, _, rest = line.strip().partition(" ")
    if command != OPEN:
        return None
    flags: set[str] = set()
    while (word := rest.partition(" ")[0]) in {START_FLAG, FULLSCREEN_FLAG}:
        flags.add(word)
        rest = rest.partition(" ")[2]
    return OpenRequest(rest.strip(), START_FLAG in flags, FULLSCREEN_FLAG in flags)


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


class Presence(QObject):
    """A connection held open to the instance of `role`; `gone` when that instance ends, however it ends."""

    gone = Signal()

    def __init__(self, role: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.socket = QLocalSocket(self)
        self.socket.connectToServer(server_name(role))
        self.present = self.socket.waitForConnected(CONNECT_TIMEOUT_MS)
        self.socket.disconnected.connect(self.gone)


def presence(role: str, parent: QObject | None = None) -> Presence | None:
    """A `Presence` of the running instance of `role`; None when there is none."""
    held = Presence(role, parent)
    if held.present:
        return held
    held.deleteLater()
    return None


class InstanceServer(QObject):
    """Listens for later launches; `received` carries each non-empty line they send.

    `listening` is False when another instance of `role` answers on the name: one started at
    the same moment took it first, and this one should hand over and exit.
    """

    received = Signal(str)

    def __init__(self, role: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self.on_connection)
        name = server_name(role)
        if _runtime_dir() is None:
            # In the shared temp folder. Qt then binds elsewhere and renames the socket into place,
            # which would replace one that is in use: ask first.
            self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            if running(role):
                return
        # In the runtime folder (the user's own) the bind itself fails when the name is taken.
        if not self.server.listen(name) and not running(role):
            QLocalServer.removeServer(name)  # left behind by a process that crashed: nobody answers
            self.server.listen(name)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    @Slot()
    def on_connection(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self.on_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    @Slot()
    def on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if line:
                self.received.emit(line)

    def close(self) -> None:
        self.server.close()
