"""How the coach speaks; shared by the speech layer that obeys it and the storage that keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CoachingMode(StrEnum):
    """FULL talks a person into each exercise; BRIEF, for someone who knows them, names it."""

    FULL = "full"
    BRIEF = "brief"


RATE_BOUNDS = (80, 300)


@dataclass(frozen=True, slots=True)
class VoiceOptions:
    enabled: bool = True
    voice: str = ""
    """An espeak-ng voice id such as "gmw/en-gb"; empty means the engine's default English."""
    rate: int = 160
    """Words per minute."""
    volume: float = 0.9
    mode: CoachingMode = CoachingMode.FULL
    ticks: bool = False
    """A soft tick on each second of the countdown."""
