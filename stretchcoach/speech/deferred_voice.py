"""The voice made after the window's first frame: until then it remembers what it is told.

Making the real voice loads QtMultimedia (with FFmpeg, QtQuick and QtQml, about 25 MiB) and the
speech engines and starts the synthesis worker (with the natural voice, its render process):
about a tenth of a second that would otherwise come before the window appears. The window is
drawn first, then `make()` is called; while the voice is switched off it waits until it is
switched on. A session or the settings that need it sooner make it there and then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import Plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.captions_only_voice import CaptionsOnlyVoice
from stretchcoach.speech.voice_protocol import NoticeListener, OutputListener, Voice

VoiceFactory = Callable[[VoiceOptions], Voice]


class DeferredVoice:
    """A `Voice` that makes the real one (with `factory`, at the options last set) on `make()`
    or on the first call that needs it to speak; what it was told before is handed on then."""

    def __init__(self, factory: VoiceFactory, options: VoiceOptions) -> None:
        self._factory = factory
        self._options = options
        self._voice: Voice | None = None
        self._listener: NoticeListener | None = None
        self._output_listener: OutputListener | None = None
        self._plan: Plan | None = None
        self._wanted = False
        self._closed = False

    @property
    def is_made(self) -> bool:
        return self._voice is not None

    def make(self) -> None:
        """Make the real voice now, or as soon as it is switched on; not once the app is closing."""
        self._wanted = True
        if self._voice is None and self._options.enabled and not self._closed:
            self.made()

    def made(self) -> Voice:
        """The real voice, made now if it was not yet; once the app is closing, a silent one
        instead (a late cue or settings opened while closing would otherwise start a render
        process that nothing shuts down)."""
        if self._voice is None and self._closed:
            return CaptionsOnlyVoice()
        if self._voice is None:
            voice = self._voice = self._factory(self._options)
            if self._listener is not None:
                voice.set_notice_listener(self._listener)
            if self._output_listener is not None:
                voice.set_output_listener(self._output_listener)
            if self._plan is not None:
                voice.prepare(self._plan)
        return self._voice

    @property
    def lead_seconds(self) -> float:
        """Asked as a session starts: the voice is made then even while switched off, so a
        session begun silent has the right lead if the voice is switched on during it."""
        return self.made().lead_seconds

    def set_notice_listener(self, listener: NoticeListener) -> None:
        self._listener = listener
        if self._voice is not None:
            self._voice.set_notice_listener(listener)

    def set_output_listener(self, listener: OutputListener) -> None:
        self._output_listener = listener
        if self._voice is not None:
            self._voice.set_output_listener(listener)

    def set_options(self, options: VoiceOptions) -> None:
        self._options = options
        if self._voice is not None:
            self._voice.set_options(options)
        elif self._wanted:
            self.make()

    def prepare(self, plan: Plan) -> None:
        self._plan = plan
        if self._voice is not None:
            self._voice.prepare(plan)

    def on_cue_due(self, event: CueDue) -> None:
        if self._speaks():
            self.made().on_cue_due(event)

    def silence(self) -> None:
        if self._voice is not None:
            self._voice.silence()

    def when_ready(self, text: str, callback: Callable[[], None]) -> None:
        if self._speaks():
            self.made().when_ready(text, callback)
        else:
            callback()

    def say(self, lines: Sequence[str]) -> None:
        if self._speaks():
            self.made().say(lines)

    def _speaks(self) -> bool:
        """Whether a line would be heard: the voice is made, or switched on and must be made."""
        return self._voice is not None or self._options.enabled

    def shutdown(self) -> None:
        self._closed = True
        if self._voice is not None:
            self._voice.shutdown()
