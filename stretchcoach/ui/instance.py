"""One window and one background reminder per user (and per StretchCoach home), found by a local socket.

A second `stretchcoach` (a launcher clicked twice, the reminder's Start while the window is
open) hands its routine to the window that is already there and exits, rather than opening a
second window that would speak over the first. The background process listens on a name of its
own, so a second `--background` (autostart plus a manual start) exits at once, and the window
holds a connection to it, so it knows to leave the reminders to it, and to take them back when
it ends.

The socket lives in `$XDG_RUNTIME_DIR` (the user's own, mode 0700) where there is one: a tmp
cleaner or another local user cannot remove or take it there. It is a plain Unix socket watched
by a QSocketNotifier rather than a QLocalServer: QtNetwork (with Kerberos) and the hash behind
its name cost 7 MiB and 20 ms before the first frame, for a few bytes a day.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from stretchcoach.storage.paths import config_dir

WINDOW, BACKGROUND = "window", "background"
CONNECT_TIMEOUT_S = 0.5
OPEN, BACKGROUND_STARTED = "open", "background"
START_FLAG, FULLSCREEN_FLAG = "--start", "--fullscreen"
_READ_SIZE = 4096
_MAX_LINE = 64 * 1024
"""A later launch sends one short line; a peer sending more without a newline is cut off."""


def _runtime_dir() -> Path | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return Path(runtime) if runtime and Path(runtime).is_absolute() else None


def server_name(role: str) -> str:
    """The socket's path: one per role, user and StretchCoach home."""
    home = f"{zlib.crc32(str(config_dir().absolute()).encode()):08x}"
    runtime = _runtime_dir()
    if runtime is not None:
        return str(runtime / f"stretchcoach-{role}-{home}")
    return str(Path(tempfile.gettempdir()) / f"stretchcoach-{role}-{os.getuid()}-{home}")


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


def _connect(role: str) -> socket.socket | None:
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    peer.settimeout(CONNECT_TIMEOUT_S)
    try:
        peer.connect(server_name(role))
    except OSError:
        peer.close()
        return None
    return peer


def send(role: str, message: str) -> bool:
    """Give `message` to the running instance of `role`; False when there is none."""
    peer = _connect(role)
    if peer is None:
        return False
    with peer:
        try:
            peer.sendall((message + "\n").encode())
        except OSError:
            return False
    return True


def running(role: str) -> bool:
    return send(role, "")


class _Connection(QObject):
    """One peer's socket, watched for lines (a launch) or for its end (a presence)."""

    line = Signal(str)
    ended = Signal()

    def __init__(self, peer: socket.socket, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.peer = peer
        peer.setblocking(False)
        self._buffer = b""
        self._notifier = QSocketNotifier(peer.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)

    @Slot()
    def on_readable(self) -> None:
        try:
            data = self.peer.recv(_READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.close()
            self.ended.emit()
            return
        *lines, self._buffer = (self._buffer + data).split(b"\n")
        if len(self._buffer) > _MAX_LINE:
            self._buffer = b""
        for raw in lines:
            if text := raw.decode(errors="replace").strip():
                self.line.emit(text)

    @property
    def open(self) -> bool:
        return self._notifier.isEnabled()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self.peer.close()


class Presence(QObject):
    """A connection held open to the instance of `role`; `gone` when that instance ends, however it ends."""

    gone = Signal()

    def __init__(self, peer: socket.socket, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connection = _Connection(peer, self)
        self._connection.ended.connect(self.gone)


def presence(role: str, parent: QObject | None = None) -> Presence | None:
    """A `Presence` of the running instance of `role`; None when there is none."""
    peer = _connect(role)
    return None if peer is None else Presence(peer, parent)


class InstanceServer(QObject):
    """Listens for later launches; `received` carries each non-empty line they send.

    `listening` is False when another instance of `role` answers on the name: one started at
    the same moment took it first, and this one should hand over and exit.
    """

    received = Signal(str)

    def __init__(self, role: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(server_name(role))
        self.connections: list[_Connection] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._notifier: QSocketNotifier | None = None
        # bind() fails when the name is taken, so two starts at once make one listener.
        if not self._bind() and (running(role) or not self._take_over()):
            self._socket.close()
            return
        self._socket.listen(8)
        self._socket.setblocking(False)
        self._notifier = QSocketNotifier(self._socket.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_connection)

    def _bind(self) -> bool:
        old_mask = os.umask(0o177)  # the user's own, in a shared temp folder too
        try:
            self._socket.bind(str(self.path))
        except OSError:
            return False
        finally:
            os.umask(old_mask)
        return True

    def _take_over(self) -> bool:
        """The name left by a process that crashed (nobody answers on it)."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        return self._bind()

    @property
    def listening(self) -> bool:
        return self._notifier is not None

    @Slot()
    def on_connection(self) -> None:
        while True:
            try:
                peer, _ = self._socket.accept()
            except OSError:
                return
            connection = _Connection(peer, self)
            connection.line.connect(self.received)
            connection.ended.connect(self.on_connection_ended)
            self.connections.append(connection)

    @Slot()
    def on_connection_ended(self) -> None:
        connection = self.sender()
        if isinstance(connection, _Connection):
            with contextlib.suppress(ValueError):
                self.connections.remove(connection)
            connection.deleteLater()

    def close(self) -> None:
        """Stop listening and let go of every peer, so each presence hears it has gone."""
        if self._notifier is None:
            return
        self._notifier.setEnabled(False)
        self._notifier = None
        for connection in self.connections:
            connection.close()
        self.connections.clear()
        self._socket.close()
        with contextlib.suppress(OSError):
            self.path.unlink()
