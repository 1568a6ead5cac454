"""What the session controller needs from a voice: the one interface both voices offer.

`choose_voice` picks which: the `CoachVoice` that speaks, or the `CaptionsOnlyVoice` when this
machine cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Protocol

from stretchcoach.core.events import CueDue
from stretchcoach.core.plan import Plan
from stretchcoach.core.voice_options import VoiceOptions

NoticeListener = Callable[[str], None]


class VoiceOutput(Enum):
    """The sound output's health, told as it changes: the voice mends it by itself."""

    LOST = "lost"
    """The sound server went away: silent, the captions carry on, and the voice waits for it."""
    BACK = "back"
    """The server came back and the voice speaks again, from the next cue on."""
    ENDED = "ended"
    """The voice no longer waits for the server: switched off, or off for good (a notice says why)."""


OutputListener = Callable[[VoiceOutput], None]


class Voice(Protocol):
    @property
    def lead_seconds(self) -> float:
        """How early the engine should announce a cue (its `cue_lead`) so it is heard on time."""
        ...

    def set_notice_listener(self, listener: NoticeListener) -> None:
        """Where to send a one-time message for the user, such as why the voice is off."""
        ...

    def set_output_listener(self, listener: OutputListener) -> None:
        """Where to tell that the sound output was lost, and that it is back (told at once if
        it is lost when the listener is set)."""
        ...

    def set_options(self, options: VoiceOptions) -> None: ...

    def prepare(self, plan: Plan) -> None:
        """Get every line of the plan ready in the background, so no cue waits for synthesis."""
        ...

    def on_cue_due(self, event: CueDue) -> None:
        """Say the cue so that it is heard at `event.due` (the engine's clock)."""
        ...

    def silence(self) -> None:
        """Stop what is being said and forget what is scheduled (pause, skip, stop)."""
        ...

    def when_ready(self, text: str, callback: Callable[[], None]) -> None:
        """Call back (perhaps at once) when `text` can be said without waiting for synthesis,
        or when it never will be: the voice is off or broken."""
        ...

    def say(self, lines: Sequence[str]) -> None:
        """Say lines that belong to no cue now, one after another, unless the voice is switched
        off: "Paused.", "Carrying on.", what to do when it hurts. The plan's `texts()` holds them,
        so they are rendered ahead."""
        ...

    def shutdown(self) -> None: ...
