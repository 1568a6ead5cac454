"""The sound outputs: QSoundEffect bookkeeping, player processes, and choosing between them."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest
from pytestqt.qtbot import QtBot

from stretchcoach.speech import clip_players
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.clip_players import (
    KEPT_READY,
    NO_OUTPUT,
    OutputUnavailable,
    ProcessClipPlayer,
    QtClipPlayer,
    open_output,
    qt_multimedia,
)
from stretchcoach.speech.renderer_protocol import Style


class FakeSignal:
    def __init__(self) -> None:
        self.slots: list[object] = []

    def connect(self, slot: object) -> None:
        self.slots.append(slot)

    def emit(self) -> None:
        for slot in self.slots:
            slot()  # type: ignore[operator]


class Status(Enum):
    READY = "ready"
    ERROR = "error"


class FakeUrl:
    def __init__(self, path: str) -> None:
        self.path = path

    def toLocalFile(self) -> str:
        return self.path


class FakeSoundEffect:
    Status = SimpleNamespace(Error=Status.ERROR)
    made: ClassVar[list[FakeSoundEffect]] = []

    def __init__(self) -> None:
        self.statusChanged = FakeSignal()
        self.path = ""
        self.volume: float | None = None
        self.plays = 0
        self.stops = 0
        self.state = Status.READY
        self.deleted = False
        FakeSoundEffect.made.append(self)

    def setSource(self, url: object) -> None:
        self.path = url.toLocalFile()  # type: ignore[attr-defined]

    def source(self) -> FakeUrl:
        return FakeUrl(self.path)

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        self.stops += 1

    def status(self) -> Status:
        return self.state

    def deleteLater(self) -> None:
        self.deleted = True

    @property
    def name(self) -> str:
        return Path(self.path).stem


class FakeSignalWithDisconnect(FakeSignal):
    def disconnect(self, slot: object) -> None:
        self.slots.remove(slot)


class FakeMediaDevices:
    """QMediaDevices: the outputs there are now, and an instance's signal when they change."""

    outputs: ClassVar[list[str]] = []
    made: ClassVar[list[FakeMediaDevices]] = []

    def __init__(self) -> None:
        self.audioOutputsChanged = FakeSignalWithDisconnect()
        FakeMediaDevices.made.append(self)

    @staticmethod
    def audioOutputs() -> list[str]:
        return list(FakeMediaDevices.outputs)


def fake_multimedia(outputs: list[str]) -> SimpleNamespace:
    FakeSoundEffect.made = []
    FakeMediaDevices.outputs, FakeMediaDevices.made = list(outputs), []
    return SimpleNamespace(QSoundEffect=FakeSoundEffect, QMediaDevices=FakeMediaDevices)


def clip(name: str, seconds: float = 1.0) -> Clip:
    return Clip(name, Style(), Path(f"/clips/{name}.wav"), seconds)


def qt_player(outputs: list[str] | None = None) -> tuple[QtClipPlayer, list[str]]:
    errors: list[str] = []
    multimedia = fake_multimedia(["Null Output"] if outputs is None else outputs)
    return QtClipPlayer(errors.append, multimedia), errors  # type: ignore[arg-type]


def made(name: str) -> list[FakeSoundEffect]:
    return [effect for effect in FakeSoundEffect.made if effect.name == name]


def test_a_new_line_cuts_the_one_still_playing_but_a_tick_does_not() -> None:
    output, _ = qt_player()

    output.play(clip("hold"), 0.7)
    output.play(clip("halfway"), 0.7)
    output.click(clip("tick"), 0.3)

    (hold,), (halfway,), (tick,) = made("hold"), made("halfway"), made("tick")
    assert (hold.plays, hold.stops, hold.deleted) == (1, 1, True)
    assert (halfway.plays, halfway.stops) == (1, 0)
    assert halfway.volume == 0.7 and tick.volume == 0.3

    output.stop()

    assert halfway.stops == 1 and tick.stops == 1


def test_the_effect_loaded_ahead_is_the_one_that_plays() -> None:
    output, _ = qt_player()
    output.preload(clip("hold"))
    (loaded,) = made("hold")
    assert loaded.plays == 0

    output.play(clip("hold"), 1.0)

    assert made("hold") == [loaded]
    assert loaded.plays == 1


def test_an_effect_is_never_played_twice() -> None:
    output, _ = qt_player()

    output.play(clip("tilt"), 1.0)
    output.play(clip("tilt"), 1.0)

    first, second = made("tilt")
    assert (first.plays, first.stops, first.deleted) == (1, 1, True)
    assert (second.plays, second.stops) == (1, 0)


def test_effects_loaded_for_lines_that_never_came_are_let_go() -> None:
    output, _ = qt_player()
    for index in range(KEPT_READY + 3):
        output.preload(clip(f"line{index}"))

    assert [effect.deleted for effect in FakeSoundEffect.made] == [True] * 3 + [False] * KEPT_READY

    output.stop()

    assert all(effect.deleted for effect in FakeSoundEffect.made)


def test_a_clip_the_device_refuses_turns_into_a_reason() -> None:
    output, errors = qt_player()
    output.play(clip("hold"), 1.0)
    (effect,) = made("hold")
    effect.state = Status.ERROR
    effect.statusChanged.emit()

    silent, no_device = qt_player(outputs=[])
    silent.play(clip("hold"), 1.0)
    (dead,) = made("hold")
    dead.state = Status.ERROR
    dead.statusChanged.emit()

    assert errors == ["the sound device could not play hold.wav"]
    assert no_device == [NO_OUTPUT]


def test_qt_multimedia_that_cannot_load_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)

    with pytest.raises(OutputUnavailable, match="QtMultimedia cannot be loaded"):
        qt_multimedia()


def fake_player(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def test_without_qt_multimedia_a_player_command_is_used_else_there_is_no_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(OutputUnavailable, match=NO_OUTPUT):
        open_output(lambda reason: None)

    fake_player(tmp_path / "bin", "paplay", "exit 0")
    chosen = open_output(lambda reason: None)

    assert isinstance(chosen, ProcessClipPlayer)
    assert chosen.name == "paplay"


def test_qt_multimedia_is_preferred_when_it_sees_a_sound_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clip_players, "qt_multimedia", lambda: fake_multimedia(["Speakers"]))

    assert isinstance(open_output(lambda reason: None), QtClipPlayer)


def test_qt_multimedia_without_a_device_falls_back_to_a_player(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(clip_players, "qt_multimedia", lambda: fake_multimedia([]))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    fake_player(tmp_path / "bin", "aplay", "exit 0")

    chosen = open_output(lambda reason: None)

    assert isinstance(chosen, ProcessClipPlayer)
    assert chosen.command[1:] == ("-q",)


def test_a_player_process_gets_the_clip_and_its_volume(qtbot: QtBot, tmp_path: Path) -> None:
    log = tmp_path / "log"
    script = fake_player(tmp_path / "bin", "paplay", f'echo "$@" >> {log}')
    errors: list[str] = []
    output = ProcessClipPlayer((str(script),), errors.append)

    output.play(clip("hold"), 0.5)

    qtbot.waitUntil(lambda: log.exists() and log.read_text().strip() != "", timeout=5000)
    assert log.read_text().split() == ["--volume=32768", "/clips/hold.wav"]
    qtbot.wait(100)
    assert errors == []
    output.close()


def test_stopping_kills_the_player_at_once_without_calling_it_a_failure(qtbot: QtBot, tmp_path: Path) -> None:
    started = tmp_path / "started"
    script = fake_player(tmp_path / "bin", "aplay", f"touch {started}; exec sleep 30")
    errors: list[str] = []
    output = ProcessClipPlayer((str(script), "-q"), errors.append)
    output.play(clip("hold"), 1.0)
    qtbot.waitUntil(started.exists, timeout=5000)
    process = output._voice
    assert process is not None

    began = time.monotonic()
    output.stop()
    qtbot.waitUntil(lambda: process not in output._stopped, timeout=5000)

    assert time.monotonic() - began < 2
    assert errors == []


def test_a_player_that_fails_is_reported_with_what_it_said(qtbot: QtBot, tmp_path: Path) -> None:
    script = fake_player(tmp_path / "bin", "aplay", "echo 'aplay: no such device' >&2; exit 1")
    errors: list[str] = []
    output = ProcessClipPlayer((str(script),), errors.append)

    output.play(clip("hold"), 1.0)

    qtbot.waitUntil(lambda: errors != [], timeout=5000)
    assert errors == ["sound could not be played (aplay said: aplay: no such device)"]


def test_a_tick_the_player_cannot_play_does_not_silence_the_coach(qtbot: QtBot, tmp_path: Path) -> None:
    script = fake_player(tmp_path / "bin", "aplay", "echo 'aplay: device busy' >&2; exit 1")
    errors: list[str] = []
    output = ProcessClipPlayer((str(script),), errors.append)

    output.click(clip("tick"), 1.0)

    qtbot.waitUntil(lambda: output._click is None, timeout=5000)
    assert errors == []


def test_a_player_that_cannot_start_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    errors: list[str] = []
    output = ProcessClipPlayer((str(tmp_path / "missing-player"),), errors.append)

    output.play(clip("hold"), 1.0)

    qtbot.waitUntil(lambda: errors != [], timeout=5000)
    assert errors == ["sound could not be played (missing-player would not start)"]


def test_the_sound_server_going_away_mid_session_is_told_at_once() -> None:
    output, errors = qt_player()
    output.play(clip("hold"), 1.0)
    (devices,) = FakeMediaDevices.made

    FakeMediaDevices.outputs = ["Headphones"]
    devices.audioOutputsChanged.emit()
    assert errors == [], "another output left is no loss"

    FakeMediaDevices.outputs = []
    devices.audioOutputsChanged.emit()
    assert errors == [NO_OUTPUT]

    output.close()
    assert devices.audioOutputsChanged.slots == [], "a closed player hears no more"
