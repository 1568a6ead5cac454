"""Stand-ins for the voice's surroundings: timers, a sound output, clips, a renderer; all on a fake clock."""

from __future__ import annotations

import itertools
import shutil
import threading
from array import array
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stretchcoach.core.clock import Clock, FakeClock
from stretchcoach.core.engine import SessionEngine, SessionState
from stretchcoach.core.speech_time import estimate_seconds
from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.cue_scheduler import Cancel
from stretchcoach.speech.espeak.bootstrap import EspeakInstall
from stretchcoach.speech.espeak.renderer import start_espeak
from stretchcoach.speech.renderer_protocol import DEFAULT_STYLE, Renderer, Style, SynthesisError, VoiceInfo
from stretchcoach.speech.wav import Sound


@dataclass(eq=False)
class _Timer:
    instant: float
    order: int
    action: Callable[[], None]
    alive: bool = True


class FakeTimers:
    """Timers that fire exactly on time, when the test says time has passed."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._timers: list[_Timer] = []
        self._order = itertools.count()

    def call_at(self, instant: float, action: Callable[[], None]) -> Cancel:
        timer = _Timer(instant, next(self._order), action)
        self._timers.append(timer)

        def cancel() -> None:
            timer.alive = False

        return cancel

    def next_instant(self) -> float | None:
        alive = [timer.instant for timer in self._timers if timer.alive]
        return min(alive) if alive else None

    def run_due(self) -> None:
        while True:
            due = [t for t in self._timers if t.alive and t.instant <= self.clock.now()]
            if not due:
                return
            timer = min(due, key=lambda t: (t.instant, t.order))
            timer.alive = False
            self._timers.remove(timer)
            timer.action()

    @property
    def pending(self) -> int:
        return sum(timer.alive for timer in self._timers)


@dataclass
class Played:
    text: str
    start: float
    seconds: float
    volume: float
    stopped: float | None = None

    @property
    def end(self) -> float:
        natural = self.start + self.seconds
        return natural if self.stopped is None else min(natural, self.stopped)

    @property
    def cut(self) -> bool:
        return self.stopped is not None and self.stopped < self.start + self.seconds


@dataclass
class RecordingOutput:
    """Records what would be heard, and when, instead of playing it."""

    clock: Clock
    latency: float = 0.04
    name: str = "recording"
    played: list[Played] = field(default_factory=list)
    clicks: list[float] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    preloaded: list[str] = field(default_factory=list)
    closed: bool = False

    def preload(self, clip: Clip) -> None:
        self.preloaded.append(clip.text)

    def play(self, clip: Clip, volume: float) -> None:
        now = self.clock.now()
        for item in self.played:
            if item.stopped is None and item.start + item.seconds > now:
                item.stopped = now
        self.played.append(Played(clip.text, now, clip.seconds, volume))

    def click(self, clip: Clip, volume: float) -> None:
        self.clicks.append(self.clock.now())

    def stop(self) -> None:
        now = self.clock.now()
        self.stops.append(now)
        for item in self.played:
            if item.stopped is None and item.start + item.seconds > now:
                item.stopped = now

    def close(self) -> None:
        self.closed = True

    @property
    def texts(self) -> list[str]:
        return [item.text for item in self.played]


def espeak_only(installs: Sequence[EspeakInstall]) -> Callable[[VoiceEngine], Renderer]:
    """Starts espeak-ng for every engine asked for: for tests of espeak-ng's own behaviour."""
    return lambda _engine: start_espeak(installs)


def copying_player(folder: Path, name: str, copy_to: Path) -> Path:
    """A stand-in for aplay that "plays" a clip by copying it to `copy_to`."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    copy = shutil.which("cp", path="/usr/bin:/bin")
    script.write_text(f'#!/bin/sh\nfor last in "$@"; do :; done\n{copy} "$last" {copy_to}\n')
    script.chmod(0o755)
    return script


class FakeRenderer:
    """A speech engine that "says" every line as a short buzz, and fails the lines in `failing`
    (or every line, if `failing` is None), as an engine that chokes on them would."""

    default_voice = "fake/en"

    def __init__(self, failing: Collection[str] | None = (), engine_id: str = "fake renderer 1") -> None:
        self.engine_id = engine_id
        self.failing = failing
        self.closed = False
        self._rendered: list[str] = []
        self._lock = threading.Lock()

    @property
    def rendered(self) -> list[str]:
        """Every line asked of the engine, in order, whether it failed or not."""
        with self._lock:
            return list(self._rendered)

    def voices(self) -> tuple[VoiceInfo, ...]:
        return (VoiceInfo(self.default_voice, "Fake English", ("en",)),)

    def voice_id(self, voice: str) -> str | None:
        return self.default_voice if voice.casefold() == self.default_voice else None

    def render(self, text: str, style: Style = DEFAULT_STYLE) -> Sound:
        with self._lock:
            self._rendered.append(text)
        if self.failing is None or text in self.failing:
            raise SynthesisError(f"the fake engine could not say {text!r}")
        level = 3000
        return Sound(array("h", [0] * 200 + [level, -level] * (40 * len(text)) + [0] * 2000), 22050)

    def close(self) -> None:
        self.closed = True


class FakeClips:
    """Clips "rendered" on demand: by default every line is ready, as long as an estimate says."""

    def __init__(
        self,
        lengths: dict[str, float] | None = None,
        *,
        default: float | None = None,
        ready: bool = True,
        rate: int = 160,
    ) -> None:
        self.lengths = lengths or {}
        self.default = default
        self.ready = ready
        self.rate = rate
        self.wanted: list[str] = []
        self.arrived: set[str] = set()

    def seconds(self, text: str) -> float:
        if text in self.lengths:
            return self.lengths[text]
        return self.default if self.default is not None else estimate_seconds(text, self.rate)

    def make(self, text: str) -> Clip:
        return Clip(text, Style(), Path(f"/clips/{abs(hash(text))}.wav"), self.seconds(text))

    def clip(self, text: str) -> Clip | None:
        if self.ready or text in self.arrived:
            return self.make(text)
        return None

    def want(self, text: str) -> None:
        self.wanted.append(text)


def run_session(
    engine: SessionEngine, clock: FakeClock, timers: FakeTimers, until: float | None = None
) -> None:
    """Move time from one wake-up to the next, as precise Qt timers would, until the session ends.

    Like the app's own frame timer, it never lets a second pass without a tick: a longer gap
    would look to the engine like a laptop waking from sleep.
    """
    if engine.state is SessionState.IDLE:
        engine.start()
        timers.run_due()
    while engine.state is SessionState.RUNNING or timers.pending:
        instants = [i for i in (engine.next_wakeup(), timers.next_instant()) if i is not None]
        if not instants:
            return
        if engine.state is SessionState.RUNNING:
            instants.append(clock.now() + 1.0)
        target = min(instants)
        if until is not None and target > until:
            clock.set(max(clock.now(), until))
            engine.tick()
            timers.run_due()
            return
        # A wake-up computed as anchor + offset can round to a hair before the engine's own test
        # of the same instant: step past it rather than wait on it for ever.
        clock.set(target if target > clock.now() else clock.now() + 1e-6)
        engine.tick()
        timers.run_due()
