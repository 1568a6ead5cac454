"""Saying each cue so that it is heard at its instant, one line at a time.

Pure logic against three small interfaces (a clock and its timers, a sound output, a source of
rendered clips), so that tests drive it by hand with a fake clock and a recording output.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from stretchcoach.core.clock import Clock
from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import CueKind
from stretchcoach.core.speech_time import estimate_seconds
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.line_fitting import choose_line
from stretchcoach.speech.wav import LEAD_IN

log = logging.getLogger(__name__)

LATE_LIMIT = 0.5
"""A line that would be heard later than this after its instant is dropped, not blurted out."""
TICK_LEVEL = 0.5
GAP_BETWEEN_LINES = 0.35
"""The pause between lines said in turn, as between sentences."""
"""The countdown tick, relative to the voice's volume."""

Cancel = Callable[[], None]


class Timers(Protocol):
    def call_at(self, instant: float, action: Callable[[], None]) -> Cancel:
        """Run `action` once at clock time `instant` (at once if that has passed)."""
        ...


class Output(Protocol):
    """Where clips are heard."""

    @property
    def latency(self) -> float:
        """Seconds from `play()` to the clip's first sample coming out."""
        ...

    @property
    def name(self) -> str:
        """What plays the sound, for the user: "QtMultimedia", "aplay"..."""
        ...

    def preload(self, clip: Clip) -> None:
        """Get ready to play `clip` soon."""
        ...

    def play(self, clip: Clip, volume: float) -> None:
        """Start `clip`, cutting off the line still playing: never two lines at once."""
        ...

    def click(self, clip: Clip, volume: float) -> None:
        """Play a short sound over the voice, without stopping it."""
        ...

    def stop(self) -> None:
        """Silence everything at once."""
        ...

    def close(self) -> None: ...


class Clips(Protocol):
    def clip(self, text: str) -> Clip | None:
        """The rendered clip for `text` in the current voice, if it is ready."""
        ...

    def want(self, text: str) -> None:
        """Render `text` ahead of everything else; `CueScheduler.clip_ready` follows."""
        ...


@dataclass(frozen=True, slots=True)
class Spoken:
    """A line that started: what, when it was meant to be heard, and when `play()` was called."""

    text: str
    due: float
    started: float
    kind: CueKind | None


@dataclass(eq=False, slots=True)
class _Line:
    text: str
    due: float
    kind: CueKind | None
    tick: bool
    cancel: Cancel = field(default=lambda: None)
    waiting: bool = False


class CueScheduler:
    """Turns the engine's cue announcements into clips started at `due - latency`.

    One line sounds at a time: a line still playing when the next one starts is cut off (the
    output sees to that). Which form of a cue is said depends on how long the forms are (the
    rendered clip's length, or an estimate before it is rendered) and the room before the next
    cue.
    """

    def __init__(
        self,
        clock: Clock,
        timers: Timers,
        output: Output,
        clips: Clips,
        options: VoiceOptions,
        *,
        tick: Clip | None = None,
    ) -> None:
        self._clock = clock
        self._timers = timers
        self._output = output
        self._clips = clips
        self._options = options
        self._tick = tick
        self._planned: list[_Line] = []
        self._spoken: Callable[[Spoken], None] | None = None

    @property
    def lead(self) -> float:
        """How long before a line's instant its clip must start: the output's latency plus the
        silence every clip begins with."""
        return self._output.latency + LEAD_IN

    @property
    def options(self) -> VoiceOptions:
        return self._options

    def set_options(self, options: VoiceOptions) -> None:
        self._options = options
        if not options.enabled:
            self.silence()

    def set_spoken_listener(self, listener: Callable[[Spoken], None] | None) -> None:
        self._spoken = listener

    def set_output(self, output: Output) -> None:
        """Play through another output from the next line on (the one before is silenced)."""
        self.silence()
        self._output = output

    def on_cue_due(self, event: CueDue) -> None:
        cue = event.cue
        next_cue_at = event.due + event.scheduled.slot
        if not self._options.enabled:
            return
        now = self._clock.now()
        if self._lateness(now, event.due) > LATE_LIMIT:
            log.info("dropped %r: announced %.2f s after its instant", cue.text, now - event.due)
            return
        heard_from = max(event.due, now + self.lead)
        line = choose_line(cue, next_cue_at - heard_from, self._options.mode, self.seconds)
        if line is not None:
            tick = self._options.ticks and cue.kind is CueKind.COUNT
            self._plan(_Line(line, event.due, cue.kind, tick))

    def say_in_turn(self, lines: Sequence[str]) -> None:
        """Say lines that belong to no cue from now on, each after the one before has ended."""
        if not self._options.enabled:
            return
        heard_at = self._clock.now() + self.lead
        for text in lines:
            self._plan(_Line(text, heard_at, None, tick=False))
            heard_at += self.seconds(text) + GAP_BETWEEN_LINES

    def say_now(self, text: str) -> None:
        """Say a line that belongs to no cue, such as the settings' voice sample, even with the
        voice switched off: someone asked to hear it."""
        self._plan(_Line(text, self._clock.now() + self.lead, None, tick=False))

    def silence(self) -> None:
        for line in self._planned:
            line.cancel()
        self._planned.clear()
        self._output.stop()

    def clip_ready(self, clip: Clip) -> None:
        """A clip asked for with `Clips.want` has arrived: start any line that was waiting for it."""
        for line in [line for line in self._planned if line.waiting and line.text == clip.text]:
            if self._lateness(self._clock.now(), line.due) > LATE_LIMIT:
                log.info("dropped %r: its clip was rendered too late", line.text)
                self._planned.remove(line)
            else:
                self._start(line, clip)

    def seconds(self, text: str) -> float:
        """How long a line takes to say: the rendered clip's length, else an estimate."""
        clip = self._clips.clip(text)
        return clip.seconds if clip is not None else estimate_seconds(text, self._options.rate)

    def _lateness(self, now: float, due: float) -> float:
        return now + self.lead - due

    def _plan(self, line: _Line) -> None:
        clip = self._clips.clip(line.text)
        if clip is None:
            self._clips.want(line.text)
        else:
            self._output.preload(clip)
        if line.tick and self._tick is not None:
            self._output.preload(self._tick)
        self._planned.append(line)
        line.cancel = self._timers.call_at(line.due - self.lead, lambda: self._fire(line))

    def _fire(self, line: _Line) -> None:
        if line not in self._planned:
            return
        if self._lateness(self._clock.now(), line.due) > LATE_LIMIT:
            log.info("dropped %r: its timer fired too late", line.text)
            self._planned.remove(line)
            return
        clip = self._clips.clip(line.text)
        if clip is None:
            line.waiting = True
            line.cancel = self._timers.call_at(line.due - self.lead + LATE_LIMIT, lambda: self._give_up(line))
            return
        self._start(line, clip)

    def _give_up(self, line: _Line) -> None:
        if line in self._planned:
            log.info("dropped %r: its clip never came", line.text)
            self._planned.remove(line)

    def _start(self, line: _Line, clip: Clip) -> None:
        self._planned.remove(line)
        self._output.play(clip, self._options.volume)
        if line.tick and self._tick is not None:
            self._output.click(self._tick, self._options.volume * TICK_LEVEL)
        if self._spoken is not None:
            self._spoken(Spoken(line.text, line.due, self._clock.now(), line.kind))
