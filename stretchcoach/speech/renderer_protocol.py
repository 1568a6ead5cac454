"""What the synthesis worker needs from a speech engine, so that another engine can stand in.

Two engines implement it: espeak-ng (`speech.espeak`) and the natural neural voice
(`speech.hibari`). The worker, the clip cache and the commands only ever see this interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from stretchcoach.core.voice_options import VoiceEngine
from stretchcoach.speech.wav import Sound


class SpeechUnavailable(Exception):
    """The voice cannot work on this machine; `reason` says why in words a user can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SynthesisError(RuntimeError):
    """The engine failed to render one phrase; the next phrase may still work."""


@dataclass(frozen=True, slots=True)
class Style:
    """How a phrase is spoken; with the text and the engine, what makes a clip distinct."""

    voice: str = ""
    rate: int = 160
    engine: VoiceEngine = VoiceEngine.NATURAL
    """Which engine the worker asks; the clip cache keys on the `engine_id` of the one that
    really rendered, so a phrase espeak-ng said in the natural voice's place is never taken
    for the natural voice's."""


DEFAULT_STYLE = Style()


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    id: str
    """What `VoiceOptions.voice` holds, such as "gmw/en-gb-x-rp"."""
    name: str
    languages: tuple[str, ...]

    @property
    def is_english(self) -> bool:
        return any(language.startswith("en") for language in self.languages)


class Renderer(Protocol):
    """A started speech engine. The app keeps one, and calls it from its synthesis worker only."""

    @property
    def engine_id(self) -> str:
        """Names what renders a phrase, for cache keys: another engine or version sounds different."""
        ...

    @property
    def default_voice(self) -> str:
        """The voice used when a style names none."""
        ...

    def voices(self) -> tuple[VoiceInfo, ...]: ...

    def voice_id(self, voice: str) -> str | None:
        """The id of the voice named `voice` as the engine spells it, or None if it has no such voice."""
        ...

    def render(self, text: str, style: Style = DEFAULT_STYLE) -> Sound:
        """`text` spoken in `style`; raises SynthesisError if the engine cannot say it."""
        ...

    def close(self) -> None:
        """Let go of what the engine holds (the natural voice's render process); the worker calls
        it as it ends."""
        ...
