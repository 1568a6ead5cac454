"""The voice that says nothing: the session runs on the captions the window always shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import Plan
from stretchcoach.core.voice_options import VoiceOptions
from stretchcoach.speech.voice_protocol import NoticeListener, OutputListener


class CaptionsOnlyVoice:
    """No sound at all: the session runs on the captions the window always shows.

    `notice`, if given, says why the voice is off; the first listener set is told it, once.
    """

    lead_seconds = 0.0

    def __init__(self, notice: str = "") -> None:
        self.notice = notice
        self._told = False

    def set_notice_listener(self, listener: NoticeListener) -> None:
        if self.notice and not self._told:
            self._told = True
            listener(self.notice)

    def set_output_listener(self, listener: OutputListener) -> None:
        """No output to lose."""

    def set_options(self, options: VoiceOptions) -> None:
        pass

    def prepare(self, plan: Plan) -> None:
        pass

    def on_cue_due(self, event: CueDue) -> None:
        pass

    def silence(self) -> None:
        pass

    def when_ready(self, text: str, callback: Callable[[], None]) -> None:
        callback()

    def say(self, lines: Sequence[str]) -> None:
        pass

    def shutdown(self) -> None:
        pass
