"""The desktop's sound server (PulseAudio, or PipeWire's pulse socket): is it there, and when does it go.

QtMultimedia says nothing when the server goes away: measured with Qt 6.11 and `pulseaudio -k`,
its outputs stay listed, effects report "playing" and stay silent, and after one retry three
seconds later Qt gives up on the server for good, so it never hears one that comes back. The
voice asks the server itself instead, at the cost of a socket: a connection left open is closed
by the kernel the moment the server dies (no polling while the voice speaks), and a connect()
on its socket, a few microseconds, says whether it is back.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSocketNotifier

log = logging.getLogger(__name__)

Cancel = Callable[[], None]
IDLE_DROP_SECONDS = 55.0
"""PulseAudio closes a connection that has not authenticated 60 s after it was opened (its
AUTH_TIMEOUT); one closed sooner was closed by a server going away, even when a fresh connect()
works at once: under systemd socket activation (pulseaudio.socket, pipewire-pulse.socket) the
socket keeps accepting while the server behind it restarts, and QtMultimedia has to be given a
new player then."""
BUSY = frozenset({errno.EAGAIN, errno.EINPROGRESS})
"""A full accept queue: the server is there, only busy."""


class SoundServer(Protocol):
    def reachable(self) -> bool:
        """Whether the server accepts a connection now."""
        ...

    def watch(self, on_gone: Callable[[], None]) -> Cancel:
        """Call `on_gone` once, when the server goes away; the returned function stops watching
        (keep it: the watch lasts as long as it does)."""
        ...


def server_socket(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where the pulse protocol's socket is: `$PULSE_SERVER`'s first local one, else
    `$XDG_RUNTIME_DIR/pulse/native` (PipeWire's pipewire-pulse serves it too); None when the
    server is only known by a network address, which is not watched."""
    listed = environ.get("PULSE_SERVER", "").split()
    if listed:
        for entry in listed:
            address = entry.split("}", 1)[-1]
            address = address.removeprefix("unix:")
            if address.startswith("/"):
                return Path(address)
        return None
    runtime = environ.get("XDG_RUNTIME_DIR")
    return Path(runtime) / "pulse" / "native" if runtime else None


def find_sound_server(environ: Mapping[str, str] = os.environ) -> PulseServer | None:
    """The server the voice plays through, if one is up now; None where sound goes elsewhere
    (straight to ALSA, say), and then nothing is watched."""
    path = server_socket(environ)
    if path is None:
        return None
    server = PulseServer(path)
    return server if server.reachable() else None


class PulseServer:
    """A local sound server known by its socket's path."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.clock = clock

    def reachable(self) -> bool:
        with self._socket() as probe:
            return _connect(probe, self.path)

    def watch(self, on_gone: Callable[[], None]) -> Cancel:
        return _Watch(self, on_gone).cancel

    def _socket(self) -> socket.socket:
        made = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        made.setblocking(False)
        return made

    def connection(self) -> socket.socket | None:
        """A connection that is never spoken on, only watched for its end; None if refused."""
        made = self._socket()
        if _connect(made, self.path):
            return made
        made.close()
        return None


def _connect(made: socket.socket, path: Path) -> bool:
    try:
        result = made.connect_ex(str(path))
    except OSError:
        return False
    return result == 0 or result in BUSY


class _Watch:
    """One open connection and a notifier on it. Its end when PulseAudio drops it for never
    authenticating (IDLE_DROP_SECONDS) is no loss if a fresh connect() works (watch the new
    connection); any other end is the server going away."""

    def __init__(self, server: PulseServer, on_gone: Callable[[], None]) -> None:
        self._server = server
        self._on_gone = on_gone
        self._connection: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._opened_at = 0.0
        self._open()

    def cancel(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _open(self) -> None:
        self._connection = self._server.connection()
        if self._connection is None:
            log.warning("the sound server at %s has gone", self._server.path)
            self._on_gone()
            return
        self._opened_at = self._server.clock()
        self._notifier = QSocketNotifier(self._connection.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._readable)

    def _readable(self) -> None:
        if self._connection is None:
            return
        try:
            if self._connection.recv(4096):
                return
        except BlockingIOError:
            return
        except OSError:
            pass
        lasted = self._server.clock() - self._opened_at
        self.cancel()
        if lasted < IDLE_DROP_SECONDS:
            log.warning(
                "the sound server at %s closed the connection after %.1f s: gone", self._server.path, lasted
            )
            self._on_gone()
            return
        self._open()
