"""What the synthesis worker needs from a speech engine, so that another engine can stand in.

espeak-ng (`speech.espeak`) is the one renderer today; a natural neural voice is meant to plug
in beside it. The worker, the clip cache and the commands only ever see this interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

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
