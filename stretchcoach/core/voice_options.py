"""How the coach speaks; shared by the speech layer that obeys it and the storage that keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CoachingMode(StrEnum):
    """FULL talks a person into each exercise; BRIEF, for someone who knows them, names it."""

    FULL = "full"
    BRIEF = "brief"


class VoiceEngine(StrEnum):
    """What speaks: NATURAL, a neural voice (hibari-tts) people follow with their eyes closed, or
    ESPEAK, espeak-ng: robotic, but it is always there and has many voices and languages."""

    NATURAL = "natural"
    ESPEAK = "espeak"


RATE_BOUNDS = (80, 300)


@dataclass(frozen=True, slots=True)
class VoiceOptions:
    enabled: bool = True
    engine: VoiceEngine = VoiceEngine.NATURAL
    """The natural voice where it is installed; without it the app falls back to espeak-ng."""
    voice: str = ""
    """An espeak-ng voice id such as "gmw/en-gb"; empty means the engine's default English. The
    natural engine has one voice (the others hibari offers are downloads), so it ignores this."""
    rate: int = 160
    """Words per minute."""
    volume: float = 0.9
    mode: CoachingMode = CoachingMode.FULL
    ticks: bool = False
    """A soft tick on each second of the countdown."""
