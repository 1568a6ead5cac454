"""The voice made after the window's first frame: until then it remembers what it is told.

Making the real voice loads QtMultimedia and the speech engines and starts the synthesis worker
(with the natural voice, its render process): about a tenth of a second that would otherwise
come before the window appears. The window is drawn first, then `make()` is called; a session
that needs the voice sooner (Start pressed before that) makes it there and then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import Plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.voice_protocol import NoticeListener, Voice

VoiceFactory = Callable[[VoiceOptions], Voice]


class DeferredVoice:
    """A `Voice` that makes the real one (with `factory`, at the options last set) on `make()`
    or on the first call that needs it to speak; what it was told before is handed on then."""

    def __init__(self, factory: VoiceFactory, options: VoiceOptions) -> None:
        self._factory = factory
        self._options = options
        self._voice: Voice | None = None
        self._listener: NoticeListener | None = None
        self._plan: Plan | None = None
        self._closed = False

    @property
    def is_made(self) -> bool:
        return self._voice is not None

    def make(self) -> None:
        """Make the real voice now, unless it is made or the app is closing."""
        if self._voice is None and not self._closed:
            self.made()

    def made(self) -> Voice:
        """The real voice, made now if it was not yet."""
        if self._voice is None:
            voice = self._voice = self._factory(self._options)
            if self._listener is not None:
                voice.set_notice_listener(self._listener)
            if self._plan is not None:
                voice.prepare(self._plan)
        return self._voice

    @property
    def lead_seconds(self) -> float:
        return self.made().lead_seconds

    def set_notice_listener(self, listener: NoticeListener) -> None:
        self._listener = listener
        if self._voice is not None:
            self._voice.set_notice_listener(listener)

    def set_options(self, options: VoiceOptions) -> None:
        self._options = options
        if self._voice is not None:
            self._voice.set_options(options)

    def prepare(self, plan: Plan) -> None:
        self._plan = plan
        if self._voice is not None:
            self._voice.prepare(plan)

    def on_cue_due(self, event: CueDue) -> None:
        self.made().on_cue_due(event)

    def silence(self) -> None:
        if self._voice is not None:
            self._voice.silence()

    def when_ready(self, text: str, callback: Callable[[], None]) -> None:
        self.made().when_ready(text, callback)

    def say(self, lines: Sequence[str]) -> None:
        self.made().say(lines)

    def shutdown(self) -> None:
        self._closed = True
        if self._voice is not None:
            self._voice.shutdown()
