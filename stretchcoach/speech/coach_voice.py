"""The coach's voice in the app: the `Voice` the session controller talks to.

It ties together the synthesis worker (phrases rendered ahead into the cache), the scheduler
(which form of each cue to say, and when) and a sound output. A line that fails to render is
only left out; the natural voice giving way to espeak-ng is told once; the sound server going
away silences the voice until it comes back (the output listener hears of both); any other
failure (no engine can start, several lines in a row fail, the sound device refuses a clip)
turns the voice off for good, and the notice listener hears why, once; the session goes on with
its captions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from stretchcoach.core import wording
from stretchcoach.core.clock import Clock
from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import Plan
from stretchcoach.core.voice_options import VoiceEngine, VoiceOptions
from stretchcoach.speech.clip_cache import Clip
from stretchcoach.speech.clip_players import ErrorListener, OutputUnavailable, open_player_output
from stretchcoach.speech.cue_scheduler import Cancel, CueScheduler, Output, Spoken, Timers
from stretchcoach.speech.line_fitting import forms
from stretchcoach.speech.qt_timers import QtTimers
from stretchcoach.speech.renderer_protocol import Renderer, Style, VoiceInfo
from stretchcoach.speech.sound_server import SoundServer
from stretchcoach.speech.synthesis_worker import Priority, SynthesisWorker
from stretchcoach.speech.voice_protocol import NoticeListener, OutputListener, VoiceOutput
from stretchcoach.speech.wav import save_wav, tick

log = logging.getLogger(__name__)

SAMPLE_LINE = "This is your coach. Breathe out slowly, and hold for 30 seconds."
SCHEDULING_MARGIN = 0.1
"""Extra warning the engine gives before a cue, on top of the output's latency, so the clip is
loaded (or even rendered) and a precise timer, not the engine's tick, decides when it starts."""
NUMBER_LINES = (*wording.COUNT_WORDS, *(wording.rep_count(index) for index in range(20)))
TICK_FILE = "tick.wav"
PROBE_SECONDS = 2.0
"""How often a lost sound server is looked for: a connect() on its socket, while the voice is
wanted (not once it is switched off); back, it is heard from the next cue on."""
LOST_REASON = "the sound server stopped"

OutputFactory = Callable[[ErrorListener], Output]


def off_notice(reason: str) -> str:
    return f"Voice is off: {reason}. The captions carry on."


class _Inbox(QObject):
    """Brings the worker's results to the GUI thread: these signals are emitted on the worker."""

    clip = Signal(object)
    voices = Signal(object)
    failed = Signal(str)
    notice = Signal(str)


class CoachVoice:
    """Speaks a session's cues on time, from clips rendered ahead by the renderer that
    `start_renderer` starts on the synthesis worker.

    Raises OutputUnavailable (from `open_output`) if there is no way to play sound; every later
    failure turns the voice off with a notice instead of raising.
    """

    def __init__(
        self,
        clock: Clock,
        options: VoiceOptions,
        cache_dir: Path,
        start_renderer: Callable[[VoiceEngine], Renderer],
        open_output: OutputFactory,
        *,
        timers: Timers | None = None,
        server: SoundServer | None = None,
        reopen_output: OutputFactory = open_player_output,
    ) -> None:
        self._style = _style(options)
        self._clips: dict[str, Clip] = {}
        self._waiting: dict[str, list[Callable[[], None]]] = {}
        self._voices: tuple[VoiceInfo, ...] = ()
        self._plan: Plan | None = None
        self._listener: NoticeListener | None = None
        self._asked_for_voices = False
        self._untold: list[str] = []
        self._off_reason: str | None = None
        self._closed = False
        self._clock = clock
        self._timers = timers or QtTimers(clock)
        self._server = server
        self._reopen_output = reopen_output
        self._output_listener: OutputListener | None = None
        self._lost = False
        self._lost_told = False
        self._stop_watch: Cancel | None = None
        self._stop_probe: Cancel | None = None
        self._generation = 0
        self._output = self._open(open_output)
        self._scheduler = CueScheduler(
            clock, self._timers, self._output, self, options, tick=_tick_clip(cache_dir)
        )
        self._inbox = _Inbox()
        self._inbox.clip.connect(self._clip_arrived, Qt.ConnectionType.QueuedConnection)
        self._inbox.voices.connect(self._voices_arrived, Qt.ConnectionType.QueuedConnection)
        self._inbox.failed.connect(self._turn_off, Qt.ConnectionType.QueuedConnection)
        self._inbox.notice.connect(self._tell, Qt.ConnectionType.QueuedConnection)
        self._synth = SynthesisWorker(
            start_renderer,
            cache_dir,
            on_clip=self._inbox.clip.emit,
            on_voices=self._inbox.voices.emit,
            on_failure=self._inbox.failed.emit,
            on_notice=self._inbox.notice.emit,
        )
        self._synth.keep_only(_engines(options))
        self._synth.start()
        if options.enabled:
            self._synth.request(NUMBER_LINES, self._style, Priority.NUMBERS)
        self._watch()

    @property
    def lead_seconds(self) -> float:
        return self._scheduler.lead + SCHEDULING_MARGIN

    @property
    def output_name(self) -> str:
        """What the sound goes through, such as "QtMultimedia" or "aplay"."""
        return self._output.name

    @property
    def off_reason(self) -> str | None:
        """Why the voice stopped working, or None while it works."""
        return self._off_reason or (LOST_REASON if self._lost else None)

    @property
    def _silent(self) -> bool:
        return self._off_reason is not None or self._lost or self._closed

    def set_notice_listener(self, listener: NoticeListener) -> None:
        self._listener = listener
        untold, self._untold = self._untold, []
        for message in untold:
            listener(message)

    def set_output_listener(self, listener: OutputListener) -> None:
        self._output_listener = listener
        if self._lost and self._scheduler.options.enabled:
            self._tell_output(VoiceOutput.LOST)

    def set_options(self, options: VoiceOptions) -> None:
        """A new engine, voice or rate renders the lines again; the engine no longer chosen, or
        any engine when the voice is turned off, is closed (the natural voice's render process)."""
        style = _style(options)
        was_on = self._scheduler.options.enabled
        self._scheduler.set_options(options)
        if self._lost and options.enabled != was_on:
            if options.enabled:
                self._probe()
            else:
                self._cancel_probe()
                self._end_loss()
        if style == self._style and options.enabled == was_on:
            return
        if style != self._style:
            self._style = style
            self._clips.clear()
        self._synth.forget_background()
        self._synth.keep_only(_engines(options))
        if options.enabled:
            self._synth.request(NUMBER_LINES, style, Priority.NUMBERS)
            if self._plan is not None:
                self.prepare(self._plan)

    def prepare(self, plan: Plan) -> None:
        """Render the plan's lines ahead, while the voice is on (when it is turned on, else)."""
        self._plan = plan
        if not self._scheduler.options.enabled:
            return
        mode = self._scheduler.options.mode
        wanted = dict.fromkeys(line for scheduled in plan.schedule for line in forms(scheduled.cue, mode))
        wanted.update(dict.fromkeys(sorted(plan.texts())))
        self._synth.request((line for line in wanted if line not in self._clips), self._style, Priority.PLAN)

    def on_cue_due(self, event: CueDue) -> None:
        if not self._silent:
            self._scheduler.on_cue_due(event)

    def silence(self) -> None:
        self._scheduler.silence()

    def when_ready(self, text: str, callback: Callable[[], None]) -> None:
        if text in self._clips or not self._scheduler.options.enabled or self._silent:
            callback()
            return
        self._waiting.setdefault(text, []).append(callback)
        self.want(text)

    def say(self, lines: Sequence[str]) -> None:
        if not self._silent:
            self._scheduler.say_in_turn(lines)

    def test_voice(self, text: str = SAMPLE_LINE) -> None:
        """Say a sample line in the current engine, voice, rate and volume, even with the voice
        switched off (the settings' "Test voice"): now if its clip is ready, else as soon as it
        is. A cue not ready in time is dropped, but someone who pressed Test just after choosing
        another engine (espeak-ng starts in about 0.5 s, the natural voice in 1.5 s) wants to
        hear it late rather than not at all."""
        if self._silent:
            return
        self._scheduler.silence()
        if text in self._clips:
            self._scheduler.say_now(text)
            return
        self._waiting.setdefault(text, []).append(lambda: self._say_sample(text))
        self.want(text)

    def _say_sample(self, text: str) -> None:
        if not self._silent and text in self._clips:
            self._scheduler.say_now(text)

    def voices(self) -> tuple[VoiceInfo, ...]:
        """The voices espeak-ng offers; empty until espeak-ng has started on the worker (a few
        tens of ms after it is first needed, or asked for here while it is the engine chosen:
        the natural voice has one voice, and no list)."""
        if not self._voices and not self._asked_for_voices and self._style.engine is VoiceEngine.ESPEAK:
            self._asked_for_voices = True
            self._synth.list_voices()
        return self._voices

    def set_spoken_listener(self, listener: Callable[[Spoken], None] | None) -> None:
        """Hear of every line as it starts: for diagnostics and measurements."""
        self._scheduler.set_spoken_listener(listener)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._cancel_watch()
        self._cancel_probe()
        self._scheduler.silence()
        self._synth.shutdown()
        self._output.close()

    def clip(self, text: str) -> Clip | None:
        return self._clips.get(text)

    def want(self, text: str) -> None:
        self._synth.request((text,), self._style, Priority.NOW)

    def _clip_arrived(self, clip: Clip) -> None:
        if clip.style == self._style and not self._closed:
            self._clips[clip.text] = clip
            self._scheduler.clip_ready(clip)
            for callback in self._waiting.pop(clip.text, []):
                callback()

    def _voices_arrived(self, voices: tuple[VoiceInfo, ...]) -> None:
        self._voices = voices

    def _turn_off(self, reason: str) -> None:
        if self._off_reason is not None or self._closed:
            return
        log.warning("voice off: %s", reason)
        self._off_reason = reason
        self._cancel_watch()
        self._cancel_probe()
        self._scheduler.silence()
        self._release_waiting()
        self._tell(off_notice(reason))

    def _release_waiting(self) -> None:
        waiting, self._waiting = self._waiting, {}
        for callbacks in waiting.values():
            for callback in callbacks:
                callback()

    def _open(self, factory: OutputFactory) -> Output:
        """An output whose errors are heard only while it is the one in use."""
        self._generation += 1
        generation = self._generation
        return factory(lambda reason: self._output_failed(generation, reason))

    def _output_failed(self, generation: int, reason: str) -> None:
        """A clip that would not play: the server gone (the voice waits for it), else for good."""
        if generation != self._generation:
            return
        if self._server is not None and not self._server.reachable():
            self._lose()
        else:
            self._turn_off(reason)

    def _watch(self) -> None:
        self._cancel_watch()
        if self._server is None or self._silent:
            return
        stop = self._server.watch(self._lose)
        if self._lost:
            stop()
        else:
            self._stop_watch = stop

    def _cancel_watch(self) -> None:
        stop, self._stop_watch = self._stop_watch, None
        if stop is not None:
            stop()

    def _lose(self) -> None:
        if self._silent:
            return
        log.warning("voice off until the sound server is back: %s", LOST_REASON)
        self._lost = True
        self._cancel_watch()
        self._scheduler.silence()
        self._release_waiting()
        if self._scheduler.options.enabled:
            self._tell_output(VoiceOutput.LOST)
            self._arm_probe()

    def _arm_probe(self) -> None:
        self._cancel_probe()
        self._stop_probe = self._timers.call_at(self._clock.now() + PROBE_SECONDS, self._probe)

    def _cancel_probe(self) -> None:
        stop, self._stop_probe = self._stop_probe, None
        if stop is not None:
            stop()

    def _probe(self) -> None:
        self._stop_probe = None
        if not self._lost or self._closed or self._server is None or not self._scheduler.options.enabled:
            return
        if not self._server.reachable():
            if not self._lost_told:
                self._tell_output(VoiceOutput.LOST)
            self._arm_probe()
            return
        try:
            output = self._open(self._reopen_output)
        except OutputUnavailable as unavailable:
            self._lost = False
            self._end_loss()
            self._turn_off(f"the sound server came back, but {unavailable.reason}")
            return
        self._output.close()
        self._output = output
        self._scheduler.set_output(output)
        self._lost = False
        log.info("voice back through %s", output.name)
        self._watch()
        if self._lost_told:
            self._tell_output(VoiceOutput.BACK)

    def _end_loss(self) -> None:
        """The loss told no longer holds: its notice, which promises the voice's return, goes."""
        if self._lost_told:
            self._tell_output(VoiceOutput.ENDED)

    def _tell_output(self, state: VoiceOutput) -> None:
        """LOST is told once per loss (the window may listen late), BACK only after a LOST."""
        if self._output_listener is None or self._closed:
            return
        self._lost_told = state is VoiceOutput.LOST
        self._output_listener(state)

    def _tell(self, message: str) -> None:
        if self._closed:
            return
        if self._listener is not None:
            self._listener(message)
        else:
            self._untold.append(message)


def _style(options: VoiceOptions) -> Style:
    """The natural engine has one voice: the espeak-ng voice chosen for the other engine is no
    part of its clips (changing it re-renders nothing)."""
    voice = options.voice if options.engine is VoiceEngine.ESPEAK else ""
    return Style(voice, options.rate, options.engine)


def _engines(options: VoiceOptions) -> tuple[VoiceEngine, ...]:
    """The engines worth keeping started: none while the voice is off."""
    return (options.engine,) if options.enabled else ()


def _tick_clip(folder: Path) -> Clip | None:
    """The countdown tick, written once into the cache folder; without it the countdown is words only."""
    path = folder / TICK_FILE
    sound = tick()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        save_wav(path, sound)
    except OSError as error:
        log.warning("no countdown tick: %s", error)
        return None
    return Clip("(tick)", Style(), path, sound.seconds)
