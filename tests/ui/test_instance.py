"""One window and one background reminder: two starts at the same moment still make one listener,
its socket lives in the user's runtime folder, and a later launch's wishes travel whole."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from stretchcoach.core.reminder import ReminderOptions
from stretchcoach.storage.settings import Settings, save_settings
from stretchcoach.ui import instance
from stretchcoach.ui.background import run_background
from stretchcoach.ui.instance import InstanceServer, OpenRequest, parse_open


@pytest.fixture
def runtime_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("rt")  # short: a socket's path has a length limit
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def test_the_socket_is_in_the_runtime_folder_and_a_second_server_does_not_take_it(
    qtbot: QtBot, app_home: Path, runtime_dir: Path
) -> None:
    first = InstanceServer(instance.WINDOW)
    second = InstanceServer(instance.WINDOW)
    try:
        assert first.listening and not second.listening, "the second hands over and exits"
        assert first.path.parent == runtime_dir
        with qtbot.waitSignal(first.received) as heard:
            assert instance.send(instance.WINDOW, "open quick-relief")
        assert heard.args == ["open quick-relief"]
    finally:
        first.close()
        second.close()
        qtbot.wait(0)  # their connections end while they are still there


def test_a_name_left_by_a_crash_is_taken_over(qtbot: QtBot, app_home: Path, runtime_dir: Path) -> None:
    Path(instance.server_name(instance.BACKGROUND)).touch()  # nobody answers on it
    server = InstanceServer(instance.BACKGROUND)
    try:
        assert server.listening
        assert instance.running(instance.BACKGROUND)
    finally:
        server.close()


def test_without_a_runtime_folder_the_name_is_the_users_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    name = Path(instance.server_name(instance.WINDOW))
    assert name.parent == Path(tempfile.gettempdir())
    assert name.name.startswith(f"stretchcoach-window-{os.getuid()}-")


def test_a_presence_tells_when_the_instance_ends(qtbot: QtBot, app_home: Path, runtime_dir: Path) -> None:
    assert instance.presence(instance.BACKGROUND) is None
    server = InstanceServer(instance.BACKGROUND)
    held = instance.presence(instance.BACKGROUND)
    assert held is not None
    qtbot.waitUntil(lambda: server.connections != [])
    with qtbot.waitSignal(held.gone):
        server.close()
        server.deleteLater()  # its connections go with it, as when the process ends


@given(
    routine_id=st.sampled_from(["", "quick-relief", "my routine", "--odd"]),
    start=st.booleans(),
    fullscreen=st.booleans(),
)
def test_an_open_request_reads_back_as_it_was_sent(routine_id: str, start: bool, fullscreen: bool) -> None:
    request = OpenRequest(routine_id, start, fullscreen)
    assert parse_open(request.message()) == request


def test_other_messages_are_no_open_request() -> None:
    assert parse_open(instance.BACKGROUND_STARTED) is None


@pytest.fixture
def restored_logging() -> Iterator[None]:
    logger = logging.getLogger("stretchcoach")
    handlers, level = list(logger.handlers), logger.level
    yield
    for handler in set(logger.handlers) - set(handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(level)


def test_a_background_start_with_reminders_off_leaves_the_window_reminding(
    qtbot: QtBot, app_home: Path, runtime_dir: Path, restored_logging: None
) -> None:
    save_settings(Settings(reminder=ReminderOptions(enabled=False)))
    window = InstanceServer(instance.WINDOW)
    heard: list[str] = []
    window.received.connect(heard.append)
    try:
        assert run_background() == 0
        assert not instance.running(instance.BACKGROUND)
        instance.send(instance.WINDOW, "marker")
        qtbot.waitUntil(lambda: "marker" in heard)
        QCoreApplication.processEvents()
        assert heard == ["marker"], "the window was not told to leave the reminders to a process that left"
    finally:
        window.close()


def test_without_a_runtime_folder_a_second_server_does_not_take_the_name_either(
    qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    first = InstanceServer(instance.BACKGROUND)
    second = InstanceServer(instance.BACKGROUND)
    try:
        assert first.listening and not second.listening
    finally:
        first.close()
        second.close()
        qtbot.wait(0)  # their connections end while they are still there
