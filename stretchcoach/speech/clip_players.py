"""Sound outputs for rendered clips: QtMultimedia, else a command-line player.

QSoundEffect was measured against QMediaPlayer on a PulseAudio null sink (ten plays each of a
1 s espeak clip, play() to first sample out): QSoundEffect 40.5 ms median, 40.8 ms p95, and
40.7 / 41.3 ms when created and loaded just before play(); QMediaPlayer 36.5 ms median but
42.7 ms p95, and 43.0 / 48.6 ms loaded cold. The steadier one wins: a constant delay can be
aimed for, jitter cannot. (Within a second or two of QtMultimedia first loading, the first play
comes about 0.25 s late; after that, every play is on time.)

QtMultimedia needs the system's libpulse and is imported only here, lazily, so a machine
without it falls back to a player process (aplay, paplay or pw-play) started with QProcess,
which can be killed at once, unlike pyttsx3's own `os.system("aplay …")`.
"""

from __future__ import annotations

import importlib
import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QProcess, QUrl

from stretchcoach.speech.clip_cache import Clip

log = logging.getLogger(__name__)

QT_LATENCY = 0.040
"""QSoundEffect through PulseAudio: play() to sound, measured (see the module's docstring)."""
PROCESS_LATENCY = 0.010
"""A player process, start() to sound: paplay into a PulseAudio null sink measured 5–11 ms; aplay
straight to a sound card adds its device buffer, which was not measured here."""
KEPT_READY = 8
"""Effects loaded for lines about to play; more means lines were dropped after loading."""
PLAYERS: tuple[tuple[str, ...], ...] = (("aplay", "-q"), ("paplay",), ("pw-play",))
SERVER_PLAYERS: tuple[tuple[str, ...], ...] = (("paplay",), ("pw-play",), ("aplay", "-q"))
"""After the sound server came back: the players that are its own clients first."""
NO_OUTPUT = "no audio output found"

ErrorListener = Callable[[str], None]


class OutputUnavailable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def qt_multimedia() -> ModuleType:
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except (ImportError, OSError) as error:
        raise OutputUnavailable(f"QtMultimedia cannot be loaded ({error})") from None


def open_output(on_error: ErrorListener) -> QtClipPlayer | ProcessClipPlayer:
    """The best output this machine has: QtMultimedia with a sound device, else a player command."""
    try:
        multimedia = qt_multimedia()
    except OutputUnavailable as unavailable:
        log.info("%s; looking for a command-line player", unavailable.reason)
    else:
        if multimedia.QMediaDevices.audioOutputs():
            return QtClipPlayer(on_error, multimedia)
        log.info("QtMultimedia sees no audio output; looking for a command-line player")
    command = find_player_command()
    if command is None:
        raise OutputUnavailable(NO_OUTPUT)
    return ProcessClipPlayer(command, on_error)


def open_player_output(on_error: ErrorListener) -> ProcessClipPlayer:
    """A player command, for a sound server that came back: QtMultimedia in a running process
    never reconnects to it (see `sound_server`), a player started for each clip connects afresh."""
    command = find_player_command(SERVER_PLAYERS)
    if command is None:
        raise OutputUnavailable("no audio player (paplay, pw-play or aplay) was found to reach it")
    return ProcessClipPlayer(command, on_error)


def find_player_command(players: tuple[tuple[str, ...], ...] = PLAYERS) -> tuple[str, ...] | None:
    for command in players:
        found = shutil.which(command[0])
        if found:
            return (found, *command[1:])
    return None


class QtClipPlayer:
    """QSoundEffects on the GUI thread: a fresh one, loaded just ahead, for every play.

    An effect is never played twice: Qt reports a clip finished up to two seconds after its end,
    and restarting an effect whose sound is still going was measured to lose the restart. A new
    effect loaded in the moment before its cue is as punctual as a warm one.
    """

    latency = QT_LATENCY
    name = "QtMultimedia"

    def __init__(self, on_error: ErrorListener, multimedia: ModuleType | None = None) -> None:
        self._multimedia = multimedia or qt_multimedia()
        self._on_error = on_error
        self._ready: list[tuple[Path, Any]] = []
        self._voice: Any = None
        self._click: Any = None
        # A sound server that goes away mid-session (or a headset unplugged with nothing left)
        # is told at once, not at the next line's failure, which may be a minute into a hold.
        self._devices = self._multimedia.QMediaDevices()
        self._devices.audioOutputsChanged.connect(self._outputs_changed)

    def preload(self, clip: Clip) -> None:
        self._ready.append((clip.path, self._load(clip.path)))
        while len(self._ready) > KEPT_READY:
            self._ready.pop(0)[1].deleteLater()

    def play(self, clip: Clip, volume: float) -> None:
        self._retire(self._voice)
        self._voice = self._start(clip.path, volume)

    def click(self, clip: Clip, volume: float) -> None:
        self._retire(self._click)
        self._click = self._start(clip.path, volume)

    def stop(self) -> None:
        self._retire(self._voice)
        self._retire(self._click)
        self._voice = self._click = None
        for _, effect in self._ready:
            effect.deleteLater()
        self._ready.clear()

    def close(self) -> None:
        self._devices.audioOutputsChanged.disconnect(self._outputs_changed)
        self.stop()

    def _start(self, path: Path, volume: float) -> Any:
        index = next((i for i, (ready, _) in enumerate(self._ready) if ready == path), None)
        effect = self._ready.pop(index)[1] if index is not None else self._load(path)
        effect.setVolume(max(0.0, min(1.0, volume)))
        effect.play()
        return effect

    def _load(self, path: Path) -> Any:
        effect = self._multimedia.QSoundEffect()
        effect.statusChanged.connect(lambda: self._status_changed(effect))
        effect.setSource(QUrl.fromLocalFile(str(path)))
        return effect

    @staticmethod
    def _retire(effect: Any) -> None:
        if effect is not None:
            effect.stop()
            effect.deleteLater()

    def _outputs_changed(self) -> None:
        if not self._multimedia.QMediaDevices.audioOutputs():
            self._on_error(NO_OUTPUT)

    def _status_changed(self, effect: Any) -> None:
        if effect.status() != self._multimedia.QSoundEffect.Status.Error:
            return
        if not self._multimedia.QMediaDevices.audioOutputs():
            self._on_error(NO_OUTPUT)
        else:
            self._on_error(f"the sound device could not play {Path(effect.source().toLocalFile()).name}")


class ProcessClipPlayer:
    """A player command per clip, started with QProcess so it never blocks and stops at once."""

    latency = PROCESS_LATENCY

    def __init__(self, command: Sequence[str], on_error: ErrorListener) -> None:
        self.command = tuple(command)
        self._on_error = on_error
        self._voice: QProcess | None = None
        self._click: QProcess | None = None
        self._stopped: set[QProcess] = set()

    @property
    def name(self) -> str:
        return Path(self.command[0]).name

    def preload(self, clip: Clip) -> None:
        """Nothing to load: the player reads the file when it starts."""

    def play(self, clip: Clip, volume: float) -> None:
        self._halt(self._voice)
        self._voice = self._start(clip.path, volume)

    def click(self, clip: Clip, volume: float) -> None:
        self._halt(self._click)
        self._click = self._start(clip.path, volume)

    def stop(self) -> None:
        self._halt(self._voice)
        self._halt(self._click)
        self._voice = self._click = None

    def close(self) -> None:
        self.stop()
        for process in tuple(self._stopped):
            process.waitForFinished(1000)

    def _volume_arguments(self, volume: float) -> list[str]:
        volume = max(0.0, min(1.0, volume))
        if self.name == "paplay":
            return [f"--volume={round(volume * 65536)}"]
        if self.name == "pw-play":
            return [f"--volume={volume:.2f}"]
        return []

    def _start(self, path: Path, volume: float) -> QProcess:
        process = QProcess()
        process.setProgram(self.command[0])
        process.setArguments([*self.command[1:], *self._volume_arguments(volume), str(path)])
        process.setStandardOutputFile(QProcess.nullDevice())
        process.finished.connect(lambda code, status: self._finished(process, code, status))
        process.errorOccurred.connect(lambda error: self._failed(process, error))
        process.start()
        return process

    def _halt(self, process: QProcess | None) -> None:
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            self._stopped.add(process)
            process.kill()

    def _finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        """A failed line turns the voice off; a failed tick (say, a sound card that plays one
        stream at a time, busy with the word it ticks under) is only logged."""
        stopped_by_us = process in self._stopped
        was_click = process is self._click
        self._stopped.discard(process)
        self._forget(process)
        if not stopped_by_us and (status != QProcess.ExitStatus.NormalExit or code != 0):
            said = bytes(process.readAllStandardError().data()).decode(errors="replace").strip()
            detail = said.splitlines()[-1] if said else f"exit status {code}"
            if was_click:
                log.warning("the countdown tick did not play: %s", detail)
            else:
                self._on_error(f"sound could not be played ({self.name} said: {detail})")
        process.deleteLater()

    def _failed(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._forget(process)
            self._on_error(f"sound could not be played ({self.name} would not start)")
            process.deleteLater()

    def _forget(self, process: QProcess) -> None:
        if process is self._voice:
            self._voice = None
        if process is self._click:
            self._click = None
