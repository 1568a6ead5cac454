"""Finding the sound server's socket, and hearing it go: a real listening socket stands in for it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from stretchcoach.speech.sound_server import PulseServer, find_sound_server, server_socket


class StandInServer:
    """Listens on a Unix socket as a sound server does; can drop its clients, or stop."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clients: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.start()

    def start(self) -> None:
        self.path.unlink(missing_ok=True)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.path))
        self.listener.listen(8)

    def accept_all(self) -> int:
        assert self.listener is not None
        self.listener.setblocking(False)
        while True:
            try:
                self.clients.append(self.listener.accept()[0])
            except BlockingIOError:
                return len(self.clients)

    def drop_clients(self) -> None:
        if self.listener is not None:
            self.accept_all()
        for client in self.clients:
            client.close()
        self.clients.clear()

    def stop(self) -> None:
        self.drop_clients()
        if self.listener is not None:
            self.listener.close()
            self.listener = None


@pytest.fixture
def stand_in(tmp_path: Path) -> Iterator[StandInServer]:
    server = StandInServer(tmp_path / "native")
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"XDG_RUNTIME_DIR": "/run/user/1000"}, "/run/user/1000/pulse/native"),
        ({"PULSE_SERVER": "unix:/tmp/pa.sock", "XDG_RUNTIME_DIR": "/run/user/1000"}, "/tmp/pa.sock"),
        ({"PULSE_SERVER": "/tmp/pa.sock"}, "/tmp/pa.sock"),
        ({"PULSE_SERVER": "{0123abcd}unix:/run/pa tcp:host:4713"}, "/run/pa"),
        ({"PULSE_SERVER": "tcp:sound.example:4713", "XDG_RUNTIME_DIR": "/run/user/1000"}, None),
        ({}, None),
    ],
    ids=["runtime dir", "unix: address", "bare path", "list with a machine id", "network only", "nothing"],
)
def test_the_socket_is_found_where_libpulse_looks(environ: dict[str, str], expected: str | None) -> None:
    found = server_socket(environ)
    assert (str(found) if found else None) == expected


def test_a_server_is_reachable_while_it_listens_and_not_once_it_has_stopped(stand_in: StandInServer) -> None:
    server = PulseServer(stand_in.path)
    assert server.reachable()

    stand_in.stop()

    assert not server.reachable(), "a socket file left behind by a killed server is no server"
    stand_in.path.unlink()
    assert not server.reachable()


def test_no_server_up_means_nothing_to_watch(tmp_path: Path) -> None:
    assert find_sound_server({"XDG_RUNTIME_DIR": str(tmp_path)}) is None
    assert find_sound_server({"PULSE_SERVER": "tcp:sound.example:4713"}) is None


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def test_a_server_that_drops_an_idle_connection_is_still_watched_and_one_that_stops_is_told_once(
    qtbot: QtBot, stand_in: StandInServer
) -> None:
    clock = FakeClock()
    gone: list[bool] = []
    stop = PulseServer(stand_in.path, clock).watch(lambda: gone.append(True))
    qtbot.waitUntil(lambda: stand_in.accept_all() == 1)

    clock.seconds += 60
    stand_in.drop_clients()  # as PulseAudio does 60 s after a connection that never authenticates
    qtbot.waitUntil(lambda: stand_in.accept_all() == 1)
    assert gone == [], "a dropped connection is opened again, the server being there"

    clock.seconds += 60
    stand_in.stop()
    qtbot.waitUntil(lambda: gone == [True])
    stop()


def test_a_server_that_restarts_behind_a_socket_still_accepting_is_told_gone(
    qtbot: QtBot, stand_in: StandInServer
) -> None:
    """Under systemd socket activation the socket accepts while the server restarts: the voice
    must still hear of it, since QtMultimedia's player does not survive the restart."""
    clock = FakeClock()
    gone: list[bool] = []
    stop = PulseServer(stand_in.path, clock).watch(lambda: gone.append(True))
    qtbot.waitUntil(lambda: stand_in.accept_all() == 1)

    clock.seconds += 20
    stand_in.drop_clients()

    qtbot.waitUntil(lambda: gone == [True])
    assert stand_in.accept_all() == 0, "nothing is watched once the server is told gone"
    stop()


def test_a_watch_stopped_hears_nothing(qtbot: QtBot, stand_in: StandInServer) -> None:
    gone: list[bool] = []
    stop = PulseServer(stand_in.path).watch(lambda: gone.append(True))
    qtbot.waitUntil(lambda: stand_in.accept_all() == 1)

    stop()
    stand_in.stop()
    QCoreApplication.processEvents()

    assert gone == []
